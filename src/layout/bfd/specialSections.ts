/**
 * The ELF section type BFD gives a section it creates by name (the "special sections" tables
 * of bfd/elf.c and elf64-x86-64.c, looked up by _bfd_elf_get_special_section). ld's orphan
 * placement compares section types (_bfd_elf_match_sections_by_type), and output sections get
 * their type from their name first and from their first input section second.
 */
import { SHT } from '../../elf/constants';

interface Special {
  prefix: string;
  /** 0: exact name; -1: prefix, anything may follow; -2: exact, or prefix followed by '.'. */
  suffix: 0 | -1 | -2 | { tail: string };
  type: number;
}

const X86_64: Special[] = [
  { prefix: '.gnu.linkonce.lb', suffix: -2, type: SHT.NOBITS },
  { prefix: '.gnu.linkonce.lr', suffix: -2, type: SHT.PROGBITS },
  { prefix: '.gnu.linkonce.lt', suffix: -2, type: SHT.PROGBITS },
  { prefix: '.lbss', suffix: -2, type: SHT.NOBITS },
  { prefix: '.ldata', suffix: -2, type: SHT.PROGBITS },
  { prefix: '.lrodata', suffix: -2, type: SHT.PROGBITS },
];

const GENERIC: Record<string, Special[]> = {
  b: [{ prefix: '.bss', suffix: -2, type: SHT.NOBITS }],
  c: [
    { prefix: '.comment', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.ctf', suffix: 0, type: SHT.PROGBITS },
  ],
  d: [
    { prefix: '.data', suffix: -2, type: SHT.PROGBITS },
    { prefix: '.data1', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.debug', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.debug_line', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.debug_info', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.debug_abbrev', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.debug_aranges', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.dynamic', suffix: 0, type: SHT.DYNAMIC },
    { prefix: '.dynstr', suffix: 0, type: SHT.STRTAB },
    { prefix: '.dynsym', suffix: 0, type: SHT.DYNSYM },
  ],
  f: [
    { prefix: '.fini', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.fini_array', suffix: -2, type: SHT.FINI_ARRAY },
  ],
  g: [
    { prefix: '.gnu.linkonce.b', suffix: -2, type: SHT.NOBITS },
    { prefix: '.gnu.linkonce.n', suffix: -2, type: SHT.NOBITS },
    { prefix: '.gnu.linkonce.p', suffix: -2, type: SHT.PROGBITS },
    { prefix: '.gnu.lto_', suffix: -1, type: SHT.PROGBITS },
    { prefix: '.got', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.gnu.version', suffix: 0, type: SHT.GNU_VERSYM },
    { prefix: '.gnu.version_d', suffix: 0, type: SHT.GNU_VERDEF },
    { prefix: '.gnu.version_r', suffix: 0, type: SHT.GNU_VERNEED },
    { prefix: '.gnu.liblist', suffix: 0, type: SHT.GNU_LIBLIST },
    { prefix: '.gnu.conflict', suffix: 0, type: SHT.RELA },
    { prefix: '.gnu.hash', suffix: 0, type: SHT.GNU_HASH },
  ],
  h: [{ prefix: '.hash', suffix: 0, type: SHT.HASH }],
  i: [
    { prefix: '.init', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.init_array', suffix: -2, type: SHT.INIT_ARRAY },
    { prefix: '.interp', suffix: 0, type: SHT.PROGBITS },
  ],
  l: [{ prefix: '.line', suffix: 0, type: SHT.PROGBITS }],
  n: [
    { prefix: '.noinit', suffix: -2, type: SHT.NOBITS },
    { prefix: '.note.GNU-stack', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.note', suffix: -1, type: SHT.NOTE },
  ],
  p: [
    { prefix: '.persistent.bss', suffix: 0, type: SHT.NOBITS },
    { prefix: '.persistent', suffix: -2, type: SHT.PROGBITS },
    { prefix: '.preinit_array', suffix: -2, type: SHT.PREINIT_ARRAY },
    { prefix: '.plt', suffix: 0, type: SHT.PROGBITS },
  ],
  r: [
    { prefix: '.rodata', suffix: -2, type: SHT.PROGBITS },
    { prefix: '.rodata1', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.relr.dyn', suffix: 0, type: SHT.RELR },
    { prefix: '.rela', suffix: -1, type: SHT.RELA },
    { prefix: '.rel', suffix: -1, type: SHT.REL },
  ],
  s: [
    { prefix: '.shstrtab', suffix: 0, type: SHT.STRTAB },
    { prefix: '.strtab', suffix: 0, type: SHT.STRTAB },
    { prefix: '.symtab', suffix: 0, type: SHT.SYMTAB },
    { prefix: '.stab', suffix: { tail: 'str' }, type: SHT.STRTAB },
  ],
  t: [
    { prefix: '.text', suffix: -2, type: SHT.PROGBITS },
    { prefix: '.tbss', suffix: -2, type: SHT.NOBITS },
    { prefix: '.tdata', suffix: -2, type: SHT.PROGBITS },
  ],
  z: [
    { prefix: '.zdebug_line', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.zdebug_info', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.zdebug_abbrev', suffix: 0, type: SHT.PROGBITS },
    { prefix: '.zdebug_aranges', suffix: 0, type: SHT.PROGBITS },
  ],
};

/** _bfd_elf_get_special_section for a section that uses RELA (x86-64) or REL (i386). */
function lookup(name: string, table: Special[], useRela: boolean): Special | undefined {
  for (const s of table) {
    if (!name.startsWith(s.prefix)) continue;
    const rest = name.slice(s.prefix.length);
    if (typeof s.suffix === 'object') {
      if (name.length < s.prefix.length + s.suffix.tail.length || !name.endsWith(s.suffix.tail)) continue;
      return s;
    }
    if (rest !== '') {
      if (s.suffix === 0) continue;
      if (rest[0] !== '.' && (s.suffix === -2 || (useRela && s.type === SHT.REL))) continue;
    }
    return s;
  }
  return undefined;
}

/** The type BFD's new-section hook gives a section named NAME (SHT_NULL when none). */
export function specialSectionType(name: string, x86_64: boolean): number {
  if (x86_64) {
    const s = lookup(name, X86_64, true);
    if (s) return s.type;
  }
  if (name[0] !== '.' || name.length < 2) return SHT.NULL;
  const table = GENERIC[name[1]];
  if (!table) return SHT.NULL;
  return lookup(name, table, x86_64)?.type ?? SHT.NULL;
}
