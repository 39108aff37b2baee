/**
 * What colour a section gets: its kind, from what the section *is* in the image (its flags),
 * not from what its name suggests — except for boot-time `init` memory, which no flag marks
 * (Xen and Linux free `.init.*`/`.exit.*` after boot; the name is the only sign of it).
 */
import { SEC } from '../../layout/bfd/sectionFlags';
import { SHF, SHT } from '../../elf/constants';

export type SectionKind = 'code' | 'rodata' | 'data' | 'bss' | 'init' | 'nonalloc';

export const SECTION_KINDS: readonly SectionKind[] = ['code', 'rodata', 'data', 'bss', 'init', 'nonalloc'];

export const KIND_LABEL: Record<SectionKind, string> = {
  code: 'code',
  rodata: 'read-only data',
  data: 'writable data',
  bss: 'bss / NOLOAD',
  init: 'init (boot-time)',
  nonalloc: 'not allocated',
};

/** The flags that decide a kind, whichever tool reported them. */
export interface SectionTraits {
  alloc: boolean;
  /** Has bytes in the file (not NOBITS). */
  contents: boolean;
  /** Loaded at run time (ALLOC with contents, not NOLOAD). */
  load: boolean;
  code: boolean;
  writable: boolean;
  tls: boolean;
}

export function traitsFromBfdFlags(flags: number): SectionTraits {
  return {
    alloc: (flags & SEC.ALLOC) !== 0,
    contents: (flags & SEC.HAS_CONTENTS) !== 0,
    load: (flags & SEC.LOAD) !== 0,
    code: (flags & SEC.CODE) !== 0,
    writable: (flags & SEC.READONLY) === 0,
    tls: (flags & SEC.THREAD_LOCAL) !== 0,
  };
}

export function traitsFromElf(type: number, flags: bigint): SectionTraits {
  const alloc = (flags & SHF.ALLOC) !== 0n;
  const contents = type !== SHT.NOBITS;
  return {
    alloc,
    contents,
    load: alloc && contents,
    code: (flags & SHF.EXECINSTR) !== 0n,
    writable: (flags & SHF.WRITE) !== 0n,
    tls: (flags & SHF.TLS) !== 0n,
  };
}

const INIT_NAME = /^\.(init|exit)\.|^\.initcall/;

export function sectionKind(name: string, t: SectionTraits): SectionKind {
  if (!t.alloc) return 'nonalloc';
  if (INIT_NAME.test(name)) return 'init';
  if (!t.load) return 'bss';
  if (t.code) return 'code';
  if (!t.writable) return 'rodata';
  return 'data';
}

/** readelf's flag letters for the tooltip (W A X T), whichever source the traits came from. */
export function traitLetters(t: SectionTraits): string {
  return `${t.writable && t.alloc ? 'W' : ''}${t.alloc ? 'A' : ''}${t.code ? 'X' : ''}${t.tls ? 'T' : ''}${t.contents ? '' : ' NOBITS'}`.trim();
}
