#ifndef __XEN_INIT_H__
#define __XEN_INIT_H__

/* Boot-only code and data: freed after boot, so they live in .init.*. */
#define __init            __section(".init.text")
#define __initdata        __section(".init.data")
#define __initconst       __section(".init.rodata")
#define __ro_after_init   __section(".data.ro_after_init")

typedef int (*initcall_t)(void);

/* Collected between __initcall_start and __initcall_end by xen.lds.S. */
#define __initcall(fn) \
    static const initcall_t __initcall_##fn __used \
    __section(".initcall1.init") = fn

#endif /* __XEN_INIT_H__ */
