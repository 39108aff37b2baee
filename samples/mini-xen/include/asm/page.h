#ifndef __X86_PAGE_H__
#define __X86_PAGE_H__

#define PAGE_SHIFT  12
#define PAGE_SIZE   (_AC(1, L) << PAGE_SHIFT)
#define PAGE_MASK   (~(PAGE_SIZE - 1))

/*
 * The address the image is linked against (Xen: asm/x86_64/page.h). The EFI
 * build redefines it to __image_base__; the ELF build uses the layout value.
 */
#define __XEN_VIRT_START  XEN_VIRT_START

#endif /* __X86_PAGE_H__ */
