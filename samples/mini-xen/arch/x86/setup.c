/*
 * A little C so that each output section of xen.lds.S gets real compiler
 * output (Xen: arch/x86/setup.c). Built -ffreestanding -fpic with hidden
 * visibility: no GOT, no PLT, runs at 0xffff82d0... like Xen.
 */
#include <xen/init.h>
#include <xen/cache.h>
#include <asm/page.h>

/* .bss.stack_aligned: the boot CPU's stack, STACK_SIZE aligned (asserted). */
char cpu0_stack[STACK_SIZE] __section(".bss.stack_aligned") __aligned(STACK_SIZE);

/* .rodata */
const char xen_banner[] = "mini-xen: a linker-script sample shaped like Xen x86\n";

/* .data.ro_after_init: written during boot, read-only afterwards. */
unsigned long __ro_after_init xen_phys_start = XEN_IMG_OFFSET;

/* .data.read_mostly */
unsigned int __read_mostly opt_noreboot = 1;

/* .data */
unsigned int boot_cpu_count = 1;

/* .bss */
static unsigned long boot_scratch[64];

/* .init.data and .init.rodata: gone after boot. */
static char __initdata opt_cmdline[64] = "console=com1 loglvl=all";
static const char __initconst boot_message[] = "mini-xen booting";

extern const initcall_t __initcall_start[], __initcall_end[];

/* .text */
unsigned long xen_checksum(const char *s)
{
    unsigned long sum = 0;

    while ( *s )
        sum = sum * 31 + (unsigned char)*s++;

    return sum;
}

/* .init.text */
static int __init init_banner(void)
{
    return (int)xen_checksum(xen_banner);
}
__initcall(init_banner);

void __init __start_xen(void)
{
    const initcall_t *call;

    for ( call = __initcall_start; call < __initcall_end; call++ )
        boot_scratch[1] += (*call)();

    boot_scratch[0] = xen_checksum(opt_cmdline) + xen_checksum(boot_message) +
                      xen_phys_start + opt_noreboot + boot_cpu_count;

    for ( ;; )
        asm volatile ( "hlt" );
}

/* .exit.text: matched by /DISCARD/, so it never reaches xen-syms. */
static void __used __section(".exit.text") mini_xen_exit(void)
{
    boot_scratch[2] = 0;
}
