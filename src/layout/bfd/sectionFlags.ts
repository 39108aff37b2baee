/**
 * BFD's section flags (bfd-in2.h) and the translation of an ELF section header into them
 * (_bfd_elf_make_section_from_shdr in bfd/elf.c). The layout code works on these flags, not
 * on sh_flags, because that is what every decision in ld (orphan placement, NOLOAD, empty
 * section removal, memory region attributes) looks at.
 */
import { SHF, SHT } from '../../elf/constants';

export const SEC = {
  NO_FLAGS: 0,
  ALLOC: 0x1,
  LOAD: 0x2,
  RELOC: 0x4,
  READONLY: 0x8,
  CODE: 0x10,
  DATA: 0x20,
  ROM: 0x40,
  CONSTRUCTOR: 0x80,
  HAS_CONTENTS: 0x100,
  NEVER_LOAD: 0x200,
  THREAD_LOCAL: 0x400,
  FIXED_SIZE: 0x800,
  IS_COMMON: 0x1000,
  DEBUGGING: 0x2000,
  IN_MEMORY: 0x4000,
  EXCLUDE: 0x8000,
  SORT_ENTRIES: 0x10000,
  LINK_ONCE: 0x20000,
  LINK_DUPLICATES: 0xc0000,
  LINKER_CREATED: 0x100000,
  KEEP: 0x200000,
  SMALL_DATA: 0x400000,
  MERGE: 0x800000,
  STRINGS: 0x1000000,
  GROUP: 0x2000000,
  ELF_OCTETS: 0x40000000,
} as const;

/** What an ELF section header turns into: BFD flags plus the ELF fields ld still consults. */
export interface BfdSectionShape {
  flags: number;
  /** sh_type as BFD keeps it (elf_section_type). */
  elfType: number;
  /** sh_flags bits outside the generic ones (processor/OS specific), kept for orphan checks. */
  elfFlags: bigint;
  info: number;
  entsize: bigint;
}

const SHF_ALLOC = Number(SHF.ALLOC);
const SHF_WRITE = Number(SHF.WRITE);
const SHF_EXECINSTR = Number(SHF.EXECINSTR);
const SHF_MERGE = Number(SHF.MERGE);
const SHF_STRINGS = Number(SHF.STRINGS);
const SHF_TLS = Number(SHF.TLS);
const SHF_EXCLUDE = Number(SHF.EXCLUDE);

/**
 * `_bfd_elf_make_section_from_shdr`: BFD flags from sh_type/sh_flags, with its name-based
 * recognition of debugging sections (whose SEC_DEBUGGING decides where orphans go).
 */
export function bfdFlagsFromElf(name: string, shType: number, shFlags: bigint): number {
  let flags = SEC.NO_FLAGS;
  // (The generic SHF_* bits are all in the low 32 bits: test them as a number.)
  const f = Number(shFlags & 0xffffffffn);
  if (shType !== SHT.NOBITS) flags |= SEC.HAS_CONTENTS;
  if (shType === SHT.GROUP) flags |= SEC.GROUP;
  if (f & SHF_ALLOC) {
    flags |= SEC.ALLOC;
    if (shType !== SHT.NOBITS) flags |= SEC.LOAD;
  }
  if (!(f & SHF_WRITE)) flags |= SEC.READONLY;
  if (f & SHF_EXECINSTR) flags |= SEC.CODE;
  else if ((flags & SEC.LOAD) !== 0) flags |= SEC.DATA;
  if (f & SHF_MERGE) flags |= SEC.MERGE;
  if (f & SHF_STRINGS) flags |= SEC.STRINGS;
  if (f & SHF_TLS) flags |= SEC.THREAD_LOCAL;
  if (f & SHF_EXCLUDE) flags |= SEC.EXCLUDE;
  if ((flags & SEC.ALLOC) === 0 && name.startsWith('.')) {
    if (
      name.startsWith('.debug') ||
      name.startsWith('.gnu.debuglto_.debug_') ||
      name.startsWith('.gnu.linkonce.wi.') ||
      name.startsWith('.zdebug')
    ) {
      flags |= SEC.DEBUGGING | SEC.ELF_OCTETS;
    } else if (name.startsWith('.gnu.build.attributes') || name.startsWith('.note.gnu')) {
      flags |= SEC.ELF_OCTETS;
    } else if (name.startsWith('.line') || name.startsWith('.stab') || name === '.gdb_index') {
      flags |= SEC.DEBUGGING;
    }
  }
  if (name.startsWith('.gnu.linkonce')) flags |= SEC.LINK_ONCE;
  return flags;
}

/** Flags ld's linker-created dynamic sections get (ELF_DYNAMIC_SEC_FLAGS). */
export const DYNAMIC_SEC_FLAGS = SEC.ALLOC | SEC.LOAD | SEC.HAS_CONTENTS | SEC.IN_MEMORY | SEC.LINKER_CREATED;

/** The section holds nothing in memory at run time (.tbss is NOBITS + TLS). */
export function isTbss(flags: number): boolean {
  return (flags & (SEC.THREAD_LOCAL | SEC.LOAD)) === SEC.THREAD_LOCAL;
}

/** Readable flag names, for debugging output and the text report. */
export function describeFlags(flags: number): string {
  const names: string[] = [];
  const table: [number, string][] = [
    [SEC.HAS_CONTENTS, 'CONTENTS'],
    [SEC.ALLOC, 'ALLOC'],
    [SEC.LOAD, 'LOAD'],
    [SEC.READONLY, 'READONLY'],
    [SEC.CODE, 'CODE'],
    [SEC.DATA, 'DATA'],
    [SEC.THREAD_LOCAL, 'THREAD_LOCAL'],
    [SEC.DEBUGGING, 'DEBUGGING'],
    [SEC.NEVER_LOAD, 'NEVER_LOAD'],
    [SEC.EXCLUDE, 'EXCLUDE'],
    [SEC.KEEP, 'KEEP'],
  ];
  for (const [bit, name] of table) if (flags & bit) names.push(name);
  return names.join(', ');
}
