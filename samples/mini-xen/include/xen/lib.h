#ifndef __XEN_LIB_H__
#define __XEN_LIB_H__

/* Also used by the ASSERTs of xen.lds.S, hence no C-only constructs. */
#define IS_ALIGNED(val, align) (!((val) & ((align) - 1)))

#endif /* __XEN_LIB_H__ */
