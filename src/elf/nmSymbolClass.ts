/**
 * How GNU nm sees an ELF symbol: the BFD view of it (binutils 2.40: bfd/elfcode.h
 * elf_slurp_symbol_table, bfd/elf.c _bfd_elf_make_section_from_shdr and
 * bfd_section_from_shdr, bfd/syms.c bfd_decode_symclass) reduced to what nm prints and sorts
 * by: the one-letter class, the value, and whether default listings hide it.
 *
 * Machine-specific BFD back-ends are modelled for x86-64 (SHN_X86_64_LCOMMON) and PowerPC
 * (.sdata/.sbss are "small data": g/s). Other back-ends' extras (MIPS small commons, ARM
 * mapping symbols, ...) are not, so nm's output on those machines may differ.
 */
import { EM, ET, SHF, SHN, SHT, STB, STT } from './constants';
import type { ElfFile, ElfSection, ElfSymbol } from './types';

/** The BFD section flags that decide a symbol's letter (bfd/section.c SEC_*). */
interface BfdSectionFlags {
  code: boolean;
  data: boolean;
  readonly: boolean;
  hasContents: boolean;
  debugging: boolean;
  smallData: boolean;
}

/** Where BFD puts a symbol: one of its special sections or a section made from the ELF file. */
type BfdSection = { kind: 'undefined' } | { kind: 'absolute' } | { kind: 'common' } | { kind: 'section'; section: ElfSection };

/** A symbol as nm handles it. */
export interface NmSymbol {
  name: string;
  /** The letter nm prints: T, t, D, U, w, ... */
  symbolClass: string;
  /** Value + section VMA, the number nm prints and sorts by (0 for undefined symbols). */
  value: bigint;
  /** st_size, printed by -S when non-zero. */
  size: bigint;
  undefined: boolean;
  /** STT_SECTION and STT_FILE symbols: BFD marks them BSF_DEBUGGING and nm hides them. */
  debugging: boolean;
  /** What -g keeps: global, weak and unique symbols, undefined and common ones. */
  external: boolean;
}

const U64 = (1n << 64n) - 1n;

/**
 * Whether BFD turns ELF section `index` into a BFD section (bfd_section_from_shdr). Symbol
 * tables, the string tables of .symtab and of section names, and relocation sections that
 * belong to another section do not; a symbol "in" one of those lands in the absolute section.
 */
function hasBfdSection(elf: ElfFile, section: ElfSection, symtabIndex: number): boolean {
  switch (section.type) {
    case SHT.NULL:
    case SHT.SYMTAB:
    case SHT.SYMTAB_SHNDX:
      return false;
    case SHT.STRTAB:
      if (section.index === elf.shstrndx) return false;
      return !(symtabIndex !== 0 && elf.sections[symtabIndex].link === section.index);
    case SHT.REL:
    case SHT.RELA: {
      const execOrDyn = elf.type === ET.EXEC || elf.type === ET.DYN;
      const target = elf.sections[section.info];
      const treatedAsSection =
        (execOrDyn && (section.flags & SHF.ALLOC) !== 0n) ||
        section.link === 0 ||
        section.link !== symtabIndex ||
        section.info === 0 ||
        target === undefined ||
        target.type === SHT.REL ||
        target.type === SHT.RELA;
      return treatedAsSection;
    }
    default:
      return true;
  }
}

/** _bfd_elf_make_section_from_shdr's flags, plus the back-end "small data" rule for PowerPC. */
function bfdSectionFlags(elf: ElfFile, section: ElfSection): BfdSectionFlags {
  const alloc = (section.flags & SHF.ALLOC) !== 0n;
  const hasContents = section.type !== SHT.NOBITS;
  const load = alloc && hasContents;
  const code = (section.flags & SHF.EXECINSTR) !== 0n;
  const name = section.name;
  let debugging = false;
  if (!alloc && name.startsWith('.')) {
    // Debugging sections are recognised by name only.
    debugging =
      name.startsWith('.debug') ||
      name.startsWith('.gnu.debuglto_.debug_') ||
      name.startsWith('.gnu.linkonce.wi.') ||
      name.startsWith('.zdebug') ||
      name.startsWith('.line') ||
      name.startsWith('.stab') ||
      name === '.gdb_index';
  }
  let smallData = false;
  if (elf.machine === EM.PPC64 || elf.machine === EM.PPC) {
    const base = elf.machine === EM.PPC && name.startsWith('.PPC.EMB') ? name.slice(8) : name;
    smallData = base.startsWith('.sbss') || base.startsWith('.sdata');
  }
  return {
    code,
    data: !code && load,
    readonly: (section.flags & SHF.WRITE) === 0n,
    hasContents,
    debugging,
    smallData,
  };
}

/** bfd/syms.c coff_section_type's table: a few PE section names have their own letters, even in ELF. */
const COFF_SECTION_TYPES: ReadonlyArray<readonly [prefix: string, letter: string]> = [
  ['.drectve', 'i'],
  ['.edata', 'e'],
  ['.idata', 'i'],
  ['.pdata', 'p'],
];

/** bfd/syms.c coff_section_type */
function coffSectionType(name: string): string {
  for (const [prefix, letter] of COFF_SECTION_TYPES) {
    // The name, or the name followed by a digit, '.' or '$' (".idata$2", ".idata5").
    if (name.startsWith(prefix) && (name.length === prefix.length || /[.$0-9]/.test(name[prefix.length]))) {
      return letter;
    }
  }
  return '?';
}

/** bfd/syms.c decode_section_type */
function decodeSectionType(flags: BfdSectionFlags): string {
  if (flags.code) return 't';
  if (flags.data) {
    if (flags.readonly) return 'r';
    if (flags.smallData) return 'g';
    return 'd';
  }
  if (!flags.hasContents) return flags.smallData ? 's' : 'b';
  if (flags.debugging) return 'N';
  if (flags.hasContents && flags.readonly) return 'n';
  return '?';
}

/** BFD's special sections, shared by every symbol in them. */
const UNDEFINED: BfdSection = { kind: 'undefined' };
const ABSOLUTE: BfdSection = { kind: 'absolute' };
const COMMON: BfdSection = { kind: 'common' };

/** Where BFD puts `sym`; `inSection` gives the BFD view of a symbol in ELF section `index`. */
function bfdSectionOf(elf: ElfFile, sym: ElfSymbol, inSection: (index: number) => BfdSection): BfdSection {
  switch (sym.section.kind) {
    case 'undefined':
      return UNDEFINED;
    case 'absolute':
      return ABSOLUTE;
    case 'common':
      return COMMON;
    case 'reserved':
      // The x86-64 back-end puts large commons in its own common section; any other reserved
      // index has no BFD section and BFD files the symbol under absolute.
      if (elf.machine === EM.X86_64 && sym.section.shndx === SHN.X86_64_LCOMMON) return COMMON;
      return ABSOLUTE;
    case 'section':
      return inSection(sym.section.index);
  }
}

/** The symbols of `elf`'s .symtab as nm sees them, in symbol-table order. */
export function nmSymbols(elf: ElfFile): NmSymbol[] {
  return elf.symbols.map(nmSymbolReader(elf));
}

/**
 * A function that gives the nm view of one symbol of `elf`'s .symtab: for callers that look at
 * the symbols one by one and keep few of them (the image-end pipeline keeps one of thousands).
 */
export function nmSymbolReader(elf: ElfFile): (sym: ElfSymbol) => NmSymbol {
  const symtab = elf.sections.find((s) => s.type === SHT.SYMTAB);
  const symtabIndex = symtab ? symtab.index : 0;
  const relocatable = !(elf.type === ET.EXEC || elf.type === ET.DYN);
  // Where a symbol in a section goes, and its letter, depend on the section only: work them
  // out once per section, not once per symbol (a kernel has thousands of symbols in a few sections).
  const sectionCache = new Map<number, BfdSection>();
  const inSection = (index: number): BfdSection => {
    let b = sectionCache.get(index);
    if (b === undefined) {
      const section = elf.sections[index];
      b = hasBfdSection(elf, section, symtabIndex) ? { kind: 'section', section } : ABSOLUTE;
      sectionCache.set(index, b);
    }
    return b;
  };
  const letterCache = new Map<number, string>();
  const sectionLetter = (section: ElfSection): string => {
    let c = letterCache.get(section.index);
    if (c === undefined) {
      c = coffSectionType(section.name);
      if (c === '?') c = decodeSectionType(bfdSectionFlags(elf, section));
      letterCache.set(section.index, c);
    }
    return c;
  };

  return (sym: ElfSymbol): NmSymbol => {
    const where = bfdSectionOf(elf, sym, inSection);
    const local = sym.bind === STB.LOCAL;
    // BFD does not call an undefined or common STB_GLOBAL symbol global.
    const global = sym.bind === STB.GLOBAL && where.kind !== 'undefined' && where.kind !== 'common';
    const weak = sym.bind === STB.WEAK;
    const unique = sym.bind === STB.GNU_UNIQUE;
    const object = sym.type === STT.OBJECT || sym.type === STT.COMMON;
    const ifunc = sym.type === STT.GNU_IFUNC;

    let symbolClass: string;
    if (where.kind === 'common') symbolClass = 'C';
    else if (where.kind === 'undefined') symbolClass = weak ? (object ? 'v' : 'w') : 'U';
    else if (ifunc) symbolClass = 'i';
    else if (weak) symbolClass = object ? 'V' : 'W';
    else if (unique) symbolClass = 'u';
    else if (!global && !local) symbolClass = '?';
    else {
      const c = where.kind === 'absolute' ? 'a' : sectionLetter(where.section);
      symbolClass = global ? c.toUpperCase() : c;
    }

    // Common symbols: ELF keeps the alignment in st_value; BFD wants the size there.
    let value: bigint;
    if (where.kind === 'undefined') value = 0n;
    else if (where.kind === 'common') value = sym.size;
    else if (where.kind === 'section' && relocatable) value = (sym.value + where.section.addr) & U64;
    else value = sym.value;

    return {
      name: sym.name,
      symbolClass,
      value,
      size: sym.size,
      undefined: where.kind === 'undefined',
      debugging: sym.type === STT.SECTION || sym.type === STT.FILE,
      external: global || weak || unique || where.kind === 'undefined' || where.kind === 'common',
    };
  };
}
