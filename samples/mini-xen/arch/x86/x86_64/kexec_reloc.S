/*
 * Stand-in for Xen's kexec relocation stub (arch/x86/x86_64/kexec_reloc.S):
 * page aligned in the object file and copied as one page at kexec time,
 * so xen.lds.S asserts that it fits in PAGE_SIZE (kexec_reloc_end is set
 * by the script right after *(.text.kexec)).
 */
#include <asm/page.h>

        .section .text.kexec, "ax", @progbits
        .align  PAGE_SIZE
        .code64

ENTRY(kexec_reloc)
        /* Disable interrupts, switch to the new page tables, jump. */
        cli
        mov     %rsi, %cr3
        jmp     *%rdx
