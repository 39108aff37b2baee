/**
 * What ldscope knows about an ELF file: plain data, modelled on Rust's `object` crate. Every
 * address, offset and size is a bigint, whatever the file's class, so 32- and 64-bit files
 * are handled by the same code. Numbers are kept raw (sh_type, p_type, st_info fields) next
 * to the names readelf prints for them.
 */

export interface ElfFile {
  /** The name used in messages: the path, or `archive.a(member.o)` for an archive member. */
  name: string;
  class: 32 | 64;
  endian: 'little' | 'big';
  /** EI_OSABI */
  osabi: number;
  /** e_type (ET_REL, ET_EXEC, ...) and its readelf name ("REL", "EXEC", ...). */
  type: number;
  typeName: string;
  /** e_machine (EM_X86_64, ...) and a description of it. */
  machine: number;
  machineName: string;
  /** e_flags */
  flags: number;
  entry: bigint;
  /** Index of the section-name string table (e_shstrndx, or section 0's sh_link when SHN_XINDEX). */
  shstrndx: number;
  /** Every section header, including the null one at index 0, so `sections[i].index === i`. */
  sections: ElfSection[];
  segments: ElfSegment[];
  /** The static symbol table (.symtab) without its null entry 0; empty when stripped. */
  symbols: ElfSymbol[];
  /** The dynamic symbol table (.dynsym) without its null entry 0. */
  dynamicSymbols: ElfSymbol[];
}

export interface ElfSection {
  index: number;
  /** The name from the section-name string table ("" for sh_name 0). */
  name: string;
  /** sh_type and its readelf name ("PROGBITS", "NOBITS", ...). */
  type: number;
  typeName: string;
  /** sh_flags (SHF_*). */
  flags: bigint;
  addr: bigint;
  offset: bigint;
  size: bigint;
  link: number;
  info: number;
  addralign: bigint;
  entsize: bigint;
}

export interface ElfSegment {
  index: number;
  /** p_type and its readelf name ("LOAD", "GNU_STACK", ...). */
  type: number;
  typeName: string;
  /** p_flags (PF_R | PF_W | PF_X). */
  flags: number;
  offset: bigint;
  vaddr: bigint;
  paddr: bigint;
  filesz: bigint;
  memsz: bigint;
  align: bigint;
  /** The sections readelf -l lists for this segment in its section-to-segment mapping. */
  sectionIndices: number[];
}

/**
 * Where a symbol is defined, after SHN_XINDEX has been resolved (object's SymbolSection).
 * Read-only: the symbols of a file in the same section (or of the same special kind) share one
 * object (src/elf/elfSymbol.ts says why).
 */
export type SymbolSection =
  | { readonly kind: 'undefined' }
  | { readonly kind: 'absolute' }
  | { readonly kind: 'common' }
  | { readonly kind: 'section'; readonly index: number }
  /** A processor- or OS-specific index (SHN_LOPROC..SHN_HIOS), e.g. SHN_X86_64_LCOMMON. */
  | { readonly kind: 'reserved'; readonly shndx: number };

export interface ElfSymbol {
  /** Index in its symbol table (entry 0, the null symbol, is never listed). */
  index: number;
  name: string;
  value: bigint;
  size: bigint;
  /** ELF_ST_TYPE(st_info) (STT_*) and its readelf name. */
  type: number;
  typeName: string;
  /** ELF_ST_BIND(st_info) (STB_*) and its readelf name. */
  bind: number;
  bindName: string;
  /** ELF_ST_VISIBILITY(st_other) (STV_*) and its readelf name. */
  visibility: number;
  visibilityName: string;
  /** st_other, whole. */
  other: number;
  /** st_shndx with SHN_XINDEX replaced by the symbol's SHT_SYMTAB_SHNDX entry. */
  shndx: number;
  section: SymbolSection;
  /** The name of the section the symbol is defined in when `section.kind` is 'section', else undefined. */
  sectionName: string | undefined;
}

/**
 * One member of an `ar` archive. Members that are not ELF (a text file, say) are listed with
 * the reason, as nm reports and skips them; a member that claims to be ELF and is corrupt
 * makes the whole archive unreadable.
 */
export type ArchiveMember =
  /** `name`: the member's name, with GNU long names resolved and the trailing '/' removed. */
  | { name: string; kind: 'elf'; elf: ElfFile }
  | { name: string; kind: 'other'; reason: string };

/** A file given to ldscope: an ELF file or an archive of them. */
export type ObjectFile = { kind: 'elf'; elf: ElfFile } | { kind: 'archive'; name: string; members: ArchiveMember[] };
