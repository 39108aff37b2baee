/*
 * Xen's arch/x86/efi/relocs-dummy.S: two absolute symbols that the EFI build
 * reads with nm to link xen.efi at two bases and derive its relocations.
 *
 * ALT_START is XEN_VIRT_END, 1 GiB above the image base: it is the highest
 * symbol in xen-syms by far. The Makefile of 2006-2016 took the highest
 * symbol as the end of the image, so once this object was linked into
 * xen-syms the image grew to ~1 GiB (README.md, era 1).
 */

        .globl VIRT_START, ALT_START
        .equ VIRT_START, XEN_VIRT_START
        .equ ALT_START, XEN_VIRT_END
