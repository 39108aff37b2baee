/*
 * Boot entry (Xen: arch/x86/boot/head.S). The Multiboot loader jumps to the
 * physical address of `start` in 32-bit protected mode; the header must sit
 * in the first 8 KiB of the image, which is why .text.header comes first in
 * xen.lds.S.
 */
#include <asm/page.h>

#define MULTIBOOT_HEADER_MAGIC 0x1BADB002
/* Modules page aligned, memory map wanted. */
#define MULTIBOOT_HEADER_FLAGS 0x00000003

        .section .text.header, "ax", @progbits
        .code32

ENTRY(start)
        jmp     __start

        .align  4
multiboot1_header:
        .long   MULTIBOOT_HEADER_MAGIC
        .long   MULTIBOOT_HEADER_FLAGS
        .long   -(MULTIBOOT_HEADER_MAGIC + MULTIBOOT_HEADER_FLAGS)

__start:
        cli
        cld
        /* A real hypervisor builds page tables and enters long mode here. */
1:      hlt
        jmp     1b

/* 64-bit boot continuation: freed after boot, so it lives in .init.text. */
        .section .init.text, "ax", @progbits
        .code64
ENTRY(__high_start)
        lea     cpu0_stack + STACK_SIZE(%rip), %rsp
        call    __start_xen
2:      hlt
        jmp     2b

/* An ELF note like Xen's ELFNOTE()s; collected by the .note output section. */
        .section .note.Xen, "a", @note
        .balign 4
        .long   4f - 3f         /* namesz */
        .long   6f - 5f         /* descsz */
        .long   1               /* type: XEN_ELFNOTE_INFO-like */
3:      .asciz  "Xen"
4:      .balign 4
5:      .asciz  "mini-xen"
6:      .balign 4
