/*
 * _AC(): a constant with a C type suffix that vanishes in assembly and in
 * linker scripts. Both are preprocessed with -D__ASSEMBLY__, where "2ULL"
 * would be a syntax error, so every size macro shared with xen.lds.S goes
 * through _AC() (as in Xen's xen/const.h).
 */
#ifndef __XEN_CONST_H__
#define __XEN_CONST_H__

#ifdef __ASSEMBLY__
#define _AC(X, Y)   X
#define _AT(T, X)   X
#else
#define __AC(X, Y)  (X##Y)
#define _AC(X, Y)   __AC(X, Y)
#define _AT(T, X)   ((T)(X))
#endif

#endif /* __XEN_CONST_H__ */
