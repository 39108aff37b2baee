/**
 * What ld's emulations elf_x86_64 and elf_i386 contribute to a layout, taken from ld 2.40
 * itself: page sizes (ELF_MAXPAGESIZE / ELF_COMMONPAGESIZE in bfd/elf64-x86-64.c and
 * elf32-i386.c, as `CONSTANT(MAXPAGESIZE)` reports them), header sizes, the defaults of
 * `-z separate-code` and `-z relro` in the Debian build (`ld --help`), and the text segment
 * start of the default script (TEXT_START_ADDR in ld/emulparams/elf_*.sh).
 */

export type EmulationName = 'elf_x86_64' | 'elf_i386';

export interface Emulation {
  name: EmulationName;
  elfClass: 32 | 64;
  maxPageSize: bigint;
  commonPageSize: bigint;
  /** sizeof(Elf_Ehdr) and sizeof(Elf_Phdr): SIZEOF_HEADERS is one header plus N program headers. */
  ehdrSize: bigint;
  phdrSize: bigint;
  /** Alignment (log2) of .got/.got.plt and the reloc sections ld creates (log_file_align). */
  logFileAlign: number;
  /** .got.plt's reserved header (elf_backend_got_header_size). */
  gotHeaderSize: bigint;
  /** RELA (x86-64) or REL (i386) relocations. */
  rela: boolean;
  separateCodeDefault: boolean;
  relroDefault: boolean;
  textStartAddr: bigint;
  bfdTarget: string;
}

export const EMULATIONS: Record<EmulationName, Emulation> = {
  elf_x86_64: {
    name: 'elf_x86_64',
    elfClass: 64,
    maxPageSize: 0x1000n,
    commonPageSize: 0x1000n,
    ehdrSize: 64n,
    phdrSize: 56n,
    logFileAlign: 3,
    gotHeaderSize: 24n,
    rela: true,
    separateCodeDefault: true,
    relroDefault: true,
    textStartAddr: 0x400000n,
    bfdTarget: 'elf64-x86-64',
  },
  elf_i386: {
    name: 'elf_i386',
    elfClass: 32,
    maxPageSize: 0x1000n,
    commonPageSize: 0x1000n,
    ehdrSize: 52n,
    phdrSize: 32n,
    logFileAlign: 2,
    gotHeaderSize: 12n,
    rela: false,
    separateCodeDefault: true,
    relroDefault: true,
    textStartAddr: 0x08048000n,
    bfdTarget: 'elf32-i386',
  },
};
