/*
 * x86-64 memory layout and assembler helpers (Xen: arch/x86/include/asm/config.h).
 * Included from xen/config.h, so it is seen by C, assembly and xen.lds.S alike.
 */
#ifndef __X86_CONFIG_H__
#define __X86_CONFIG_H__

#define BYTES_PER_LONG 8
#define POINTER_ALIGN  BYTES_PER_LONG

#define STACK_ORDER 3
#define STACK_SIZE  (PAGE_SIZE << STACK_ORDER)

/*
 * The 1 GiB hypervisor area. Real Xen derives the start from its PML4 slot
 * layout (RDWR_COMPAT_MPT_VIRT_END); the value is the same.
 */
#define XEN_VIRT_START  _AC(0xffff82d080000000, UL)
#define XEN_VIRT_END    (XEN_VIRT_START + GB(1))

/*
 * The top of the Xen area holds the executable fixmap and one stub page per
 * CPU; the image must end below them (asserted in xen.lds.S).
 */
#define FIXADDR_X_SIZE  (_AC(2, UL) << PAGE_SHIFT)

#ifdef __ASSEMBLY__
/*
 * Assembler helpers. They collide with the linker-script keywords ALIGN and
 * ENTRY, which is why xen.lds.S #undefs them, as Xen's does.
 */
#define ALIGN .align 16, 0x90
#define ENTRY(name)  \
    .globl name;     \
    ALIGN;           \
    name:
#define GLOBAL(name) \
    .globl name;     \
    name:
#endif

#endif /* __X86_CONFIG_H__ */
