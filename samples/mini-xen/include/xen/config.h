/*
 * Passed to every compilation and to the linker-script preprocessing with
 * `-include include/xen/config.h`, as Xen does: the configuration, the size
 * macros and the memory layout are visible everywhere without an #include.
 */
#ifndef __XEN_CONFIG_H__
#define __XEN_CONFIG_H__

#include <xen/autoconf.h>
#include <xen/const.h>
#include <asm/config.h>

#define KB(_kb)     (_AC(_kb, ULL) << 10)
#define MB(_mb)     (_AC(_mb, ULL) << 20)
#define GB(_gb)     (_AC(_gb, ULL) << 30)

#define NR_CPUS CONFIG_NR_CPUS

#ifndef __ASSEMBLY__
#include <xen/compiler.h>
#endif

#endif /* __XEN_CONFIG_H__ */
