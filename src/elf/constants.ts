/**
 * ELF constants (System V gABI and the GNU extensions binutils knows) and the names readelf
 * prints for them, so that what ldscope reports reads the same as `readelf -SlsW`.
 */

export const ET = { NONE: 0, REL: 1, EXEC: 2, DYN: 3, CORE: 4 } as const;

export const EM = { I386: 3, PPC: 20, PPC64: 21, X86_64: 62 } as const;

export const ELFOSABI = { NONE: 0, GNU: 3, FREEBSD: 9, SOLARIS: 6 } as const;

export const SHT = {
  NULL: 0,
  PROGBITS: 1,
  SYMTAB: 2,
  STRTAB: 3,
  RELA: 4,
  HASH: 5,
  DYNAMIC: 6,
  NOTE: 7,
  NOBITS: 8,
  REL: 9,
  SHLIB: 10,
  DYNSYM: 11,
  INIT_ARRAY: 14,
  FINI_ARRAY: 15,
  PREINIT_ARRAY: 16,
  GROUP: 17,
  SYMTAB_SHNDX: 18,
  RELR: 19,
  LOOS: 0x60000000,
  GNU_INCREMENTAL_INPUTS: 0x6fff4700,
  GNU_ATTRIBUTES: 0x6ffffff5,
  GNU_HASH: 0x6ffffff6,
  GNU_LIBLIST: 0x6ffffff7,
  GNU_VERDEF: 0x6ffffffd,
  GNU_VERNEED: 0x6ffffffe,
  GNU_VERSYM: 0x6fffffff,
  HIOS: 0x6fffffff,
  LOPROC: 0x70000000,
  X86_64_UNWIND: 0x70000001,
  HIPROC: 0x7fffffff,
  LOUSER: 0x80000000,
  HIUSER: 0xffffffff,
} as const;

/** Section flags; sh_flags is a bigint in ElfSection (it is 64 bits wide in ELF64). */
export const SHF = {
  WRITE: 0x1n,
  ALLOC: 0x2n,
  EXECINSTR: 0x4n,
  MERGE: 0x10n,
  STRINGS: 0x20n,
  INFO_LINK: 0x40n,
  LINK_ORDER: 0x80n,
  OS_NONCONFORMING: 0x100n,
  GROUP: 0x200n,
  TLS: 0x400n,
  COMPRESSED: 0x800n,
  GNU_RETAIN: 0x200000n,
  EXCLUDE: 0x80000000n,
} as const;

export const PT = {
  NULL: 0,
  LOAD: 1,
  DYNAMIC: 2,
  INTERP: 3,
  NOTE: 4,
  SHLIB: 5,
  PHDR: 6,
  TLS: 7,
  LOOS: 0x60000000,
  GNU_EH_FRAME: 0x6474e550,
  GNU_STACK: 0x6474e551,
  GNU_RELRO: 0x6474e552,
  GNU_PROPERTY: 0x6474e553,
  GNU_SFRAME: 0x6474e554,
  HIOS: 0x6fffffff,
  LOPROC: 0x70000000,
  HIPROC: 0x7fffffff,
} as const;

export const PF = { X: 1, W: 2, R: 4 } as const;

export const SHN = {
  UNDEF: 0,
  LORESERVE: 0xff00,
  LOPROC: 0xff00,
  X86_64_LCOMMON: 0xff02,
  HIPROC: 0xff1f,
  LOOS: 0xff20,
  HIOS: 0xff3f,
  ABS: 0xfff1,
  COMMON: 0xfff2,
  XINDEX: 0xffff,
} as const;

export const STT = {
  NOTYPE: 0,
  OBJECT: 1,
  FUNC: 2,
  SECTION: 3,
  FILE: 4,
  COMMON: 5,
  TLS: 6,
  RELC: 8,
  SRELC: 9,
  GNU_IFUNC: 10,
} as const;

export const STB = { LOCAL: 0, GLOBAL: 1, WEAK: 2, GNU_UNIQUE: 10 } as const;

export const STV = { DEFAULT: 0, INTERNAL: 1, HIDDEN: 2, PROTECTED: 3 } as const;

function hex(n: number): string {
  return '0x' + n.toString(16);
}

/** e_type as readelf's "Type:" line starts it. */
export function elfTypeName(type: number): string {
  switch (type) {
    case ET.NONE:
      return 'NONE';
    case ET.REL:
      return 'REL';
    case ET.EXEC:
      return 'EXEC';
    case ET.DYN:
      return 'DYN';
    case ET.CORE:
      return 'CORE';
    default:
      return `<unknown>: ${type.toString(16)}`;
  }
}

/** sh_type as readelf -S prints it (the generic, GNU and x86-64 names). */
export function sectionTypeName(type: number, machine: number, osabi: number): string {
  switch (type) {
    case SHT.NULL:
      return 'NULL';
    case SHT.PROGBITS:
      return 'PROGBITS';
    case SHT.SYMTAB:
      return 'SYMTAB';
    case SHT.STRTAB:
      return 'STRTAB';
    case SHT.RELA:
      return 'RELA';
    case SHT.RELR:
      return 'RELR';
    case SHT.HASH:
      return 'HASH';
    case SHT.DYNAMIC:
      return 'DYNAMIC';
    case SHT.NOTE:
      return 'NOTE';
    case SHT.NOBITS:
      return 'NOBITS';
    case SHT.REL:
      return 'REL';
    case SHT.SHLIB:
      return 'SHLIB';
    case SHT.DYNSYM:
      return 'DYNSYM';
    case SHT.INIT_ARRAY:
      return 'INIT_ARRAY';
    case SHT.FINI_ARRAY:
      return 'FINI_ARRAY';
    case SHT.PREINIT_ARRAY:
      return 'PREINIT_ARRAY';
    case SHT.GNU_HASH:
      return 'GNU_HASH';
    case SHT.GROUP:
      return 'GROUP';
    case SHT.SYMTAB_SHNDX:
      return 'SYMTAB SECTION INDICES';
    case SHT.GNU_VERDEF:
      return 'VERDEF';
    case SHT.GNU_VERNEED:
      return 'VERNEED';
    case SHT.GNU_VERSYM:
      return 'VERSYM';
    case SHT.GNU_LIBLIST:
      return 'GNU_LIBLIST';
  }
  if (type >= SHT.LOPROC && type <= SHT.HIPROC) {
    if (machine === EM.X86_64 && type === SHT.X86_64_UNWIND) return 'X86_64_UNWIND';
    return `LOPROC+${hex(type - SHT.LOPROC)}`;
  }
  if (type >= SHT.LOOS && type <= SHT.HIOS) {
    if (osabi !== ELFOSABI.SOLARIS) {
      if (type === SHT.GNU_INCREMENTAL_INPUTS) return 'GNU_INCREMENTAL_INPUTS';
      if (type === SHT.GNU_ATTRIBUTES) return 'GNU_ATTRIBUTES';
    }
    return `LOOS+${hex(type - SHT.LOOS)}`;
  }
  if (type >= SHT.LOUSER && type <= SHT.HIUSER) return `LOUSER+${hex(type - SHT.LOUSER)}`;
  return `${type.toString(16).padStart(8, '0')}: <unknown>`;
}

/** p_type as readelf -l prints it. */
export function segmentTypeName(type: number): string {
  switch (type) {
    case PT.NULL:
      return 'NULL';
    case PT.LOAD:
      return 'LOAD';
    case PT.DYNAMIC:
      return 'DYNAMIC';
    case PT.INTERP:
      return 'INTERP';
    case PT.NOTE:
      return 'NOTE';
    case PT.SHLIB:
      return 'SHLIB';
    case PT.PHDR:
      return 'PHDR';
    case PT.TLS:
      return 'TLS';
    case PT.GNU_EH_FRAME:
      return 'GNU_EH_FRAME';
    case PT.GNU_STACK:
      return 'GNU_STACK';
    case PT.GNU_RELRO:
      return 'GNU_RELRO';
    case PT.GNU_PROPERTY:
      return 'GNU_PROPERTY';
    case PT.GNU_SFRAME:
      return 'GNU_SFRAME';
  }
  if (type >= PT.LOPROC && type <= PT.HIPROC) return `LOPROC+${hex(type - PT.LOPROC)}`;
  if (type >= PT.LOOS && type <= PT.HIOS) return `LOOS+${hex(type - PT.LOOS)}`;
  return `<unknown>: ${type.toString(16)}`;
}

/**
 * readelf's names of the STT_ values below 10 and of the STB_ values below 3, by value. A table
 * rather than a switch: a linked image lists its thousands of local symbols before its global
 * ones, and code the JIT has optimized on the locals must not meet a case it never evaluated
 * (a switch compares with each case in turn) when the first global comes.
 */
const SYMBOL_TYPE_NAMES: ReadonlyArray<string | undefined> = [
  'NOTYPE', // STT_NOTYPE
  'OBJECT', // STT_OBJECT
  'FUNC', // STT_FUNC
  'SECTION', // STT_SECTION
  'FILE', // STT_FILE
  'COMMON', // STT_COMMON
  'TLS', // STT_TLS
  undefined, // 7 has no name
  'RELC', // STT_RELC
  'SRELC', // STT_SRELC
];
const SYMBOL_BIND_NAMES: ReadonlyArray<string> = ['LOCAL', 'GLOBAL', 'WEAK'];

/** st_info's type as readelf -s prints it (IFUNC only under the GNU and FreeBSD OS ABIs). */
export function symbolTypeName(type: number, osabi: number): string {
  const name = type < SYMBOL_TYPE_NAMES.length ? SYMBOL_TYPE_NAMES[type] : undefined;
  if (name !== undefined) return name;
  if (type >= 13) return `<processor specific>: ${type}`;
  if (type >= 10) {
    if (type === STT.GNU_IFUNC && (osabi === ELFOSABI.GNU || osabi === ELFOSABI.FREEBSD)) return 'IFUNC';
    return `<OS specific>: ${type}`;
  }
  return `<unknown>: ${type}`;
}

/** st_info's binding as readelf -s prints it (UNIQUE only under the GNU OS ABI). */
export function symbolBindName(bind: number, osabi: number): string {
  if (bind < SYMBOL_BIND_NAMES.length) return SYMBOL_BIND_NAMES[bind];
  if (bind >= 13) return `<processor specific>: ${bind}`;
  if (bind >= 10) {
    if (bind === STB.GNU_UNIQUE && osabi === ELFOSABI.GNU) return 'UNIQUE';
    return `<OS specific>: ${bind}`;
  }
  return `<unknown>: ${bind}`;
}

const VISIBILITY_NAMES = ['DEFAULT', 'INTERNAL', 'HIDDEN', 'PROTECTED'];

export function symbolVisibilityName(visibility: number): string {
  return VISIBILITY_NAMES[visibility & 3];
}

