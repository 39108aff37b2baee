/*
 * Macros shared by the architecture linker scripts (Xen: include/xen/xen.lds.h).
 *
 * Several of them expand to whole output-section headers, so a mistake in one
 * of them shows up in ld's view of xen.lds.S at the line that *uses* the
 * macro; the definition lives here.
 */
#ifndef __XEN_LDS_H__
#define __XEN_LDS_H__

/*
 * An output section whose load address (LMA) is its run address minus the
 * image base: the ELF is linked to run at __XEN_VIRT_START + offset but is
 * loaded at physical offset. GNU ld wants the name quoted in ADDR(), or a
 * name like .note.gnu.build-id would read as a subtraction.
 */
#ifdef EFI
# define DECL_SECTION(x) x :
#elif defined(CONFIG_LD_IS_GNU)
# define DECL_SECTION(x) x : AT(ADDR(#x) - __XEN_VIRT_START)
#else
# define DECL_SECTION(x) x : AT(ADDR(x) - __XEN_VIRT_START)
#endif

/* Program-header assignment; PE/COFF output has no program headers. */
#ifdef EFI
# define PHDR(x)
#else
# define PHDR(x) :x
#endif

/*
 * Boundary alignment of the text / rodata / init / rwdata regions: each is
 * mapped with its own permissions, in 2 MiB superpages when possible.
 */
#if defined(CONFIG_XEN_ALIGN_2M) || defined(EFI)
# define SECTION_ALIGN MB(2)
#else
# define SECTION_ALIGN PAGE_SIZE
#endif

/* Debug sections are not loaded; list them so they are not orphans. */
#define DECL_DEBUG(x, a) x 0 : { *(x) }
#define DECL_DEBUG2(x, y, a) x 0 : { *(x) *(y) }

#define DWARF2_DEBUG_SECTIONS                     \
  DECL_DEBUG(.debug_abbrev, 1)                    \
  DECL_DEBUG2(.debug_info, .gnu.linkonce.wi.*, 1) \
  DECL_DEBUG(.debug_str, 1)                       \
  DECL_DEBUG2(.debug_line, .debug_line.*, 1)      \
  DECL_DEBUG(.debug_line_str, 1)                  \
  DECL_DEBUG(.debug_frame, 4)                     \
  DECL_DEBUG(.debug_loc, 1)                       \
  DECL_DEBUG(.debug_loclists, 4)                  \
  DECL_DEBUG(.debug_ranges, POINTER_ALIGN)        \
  DECL_DEBUG(.debug_rnglists, 4)                  \
  DECL_DEBUG(.debug_aranges, 1)

#define STABS_DEBUG_SECTIONS                 \
  .stab 0 : { *(.stab) }                     \
  .stabstr 0 : { *(.stabstr) }

#define ELF_DETAILS_SECTIONS                 \
  .comment 0 : { *(.comment) *(.comment.*) } \
  .symtab 0 : { *(.symtab) }                 \
  .strtab 0 : { *(.strtab) }                 \
  .shstrtab 0 : { *(.shstrtab) }

/* Input sections that must never reach the image. */
#define DISCARD_SECTIONS     \
  /DISCARD/ : {              \
       *(.text.exit)         \
       *(.exit.text)         \
       *(.exit.data)         \
       *(.discard)           \
       *(.discard.*)         \
       *(.eh_frame)          \
       *(.dtors)             \
       *(.dtors.*)           \
       *(.fini_array)        \
       *(.fini_array.*)      \
  }

#endif /* __XEN_LDS_H__ */
