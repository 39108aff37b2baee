/*
 * Stands in for the Kconfig-generated include/generated/autoconf.h of a Xen
 * tree after `make defconfig`: the options xen.lds.S and the sources test.
 */
#ifndef __XEN_AUTOCONF_H__
#define __XEN_AUTOCONF_H__

#define CONFIG_X86 1
#define CONFIG_X86_64 1
/* 2 MiB section alignment, as Xen uses with EFI or CONFIG_XEN_ALIGN_2M. */
#define CONFIG_XEN_ALIGN_2M 1
#define CONFIG_KEXEC 1
#define CONFIG_NR_CPUS 256
/* The script stringifies section names for GNU ld: ADDR(".text"). */
#define CONFIG_LD_IS_GNU 1

#endif /* __XEN_AUTOCONF_H__ */
