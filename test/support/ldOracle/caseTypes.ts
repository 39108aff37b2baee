/**
 * Plain data for one differential case and for what GNU ld made of it.
 *
 * A case is everything needed to reproduce a link byte for byte on another machine with the
 * same binutils: the assembly sources, the script, the extra ld options. It carries no
 * behaviour, so the evaluator side of the harness can read it without importing the oracle.
 */

/** Which assembler/linker flavour the case targets. */
export type CaseArch = 'x86_64' | 'i386';

/** One assembly source that becomes one relocatable object. */
export interface AsmObject {
  /** Object file name as it appears on ld's command line and in scripts, e.g. `o1.o`. */
  name: string;
  /** GNU as source text. */
  asm: string;
  /**
   * When set, the object is not given to ld directly but as a member of this archive (e.g.
   * `libgen.a`), so `archive:member` patterns can match it. Archives are linked with
   * `--whole-archive`: every member is included, as the evaluator assumes.
   */
  archive?: string;
}

/** One generated link. */
export interface LinkCase {
  /** The seed the generator drew this case from (reproduce with generateCase(seed)). */
  seed: number;
  /** x86_64 => `as --64` and `ld -m elf_x86_64`; i386 => `as --32` and `ld -m elf_i386`. */
  arch: CaseArch;
  objects: AsmObject[];
  /** Linker script text, given to ld with `-T script.ld`. */
  script: string;
  /**
   * Extra ld options that change layout (`-z max-page-size=…`, `--defsym S=E`, `-Ttext=…`,
   * `--sort-section=…`, …). `-m`, `-T`, `-Map`, `-o` and the inputs are added by
   * ldCommandLine(); this list never names files.
   */
  ldArgs: string[];
  /** Construct tags used by the case (e.g. 'AT', 'MEMORY', 'OVERLAY', 'xen-pad'), sorted. */
  constructs: string[];
}

/** One output section as ld created it. */
export interface LdSection {
  name: string;
  vma: bigint;
  /** From ld's map file (`load address`), equal to vma when the map prints none. */
  lma: bigint;
  size: bigint;
}

/** One input section as the map file shows it placed (for debugging an evaluator). */
export interface LdInputSection {
  /** Output section it went to (the enclosing output section statement in the map). */
  outputSection: string;
  /** Input section name (`COMMON` for common symbols). */
  name: string;
  /** As ld prints the owner: `o1.o` or `libgen.a(o3.o)`. */
  file: string;
  vma: bigint;
  size: bigint;
}

/** A script symbol assignment as the map file prints it. */
export interface MapAssignment {
  /** Symbol name, or `.` for a location counter assignment. */
  symbol: string;
  kind: 'assign' | 'provide' | 'dot' | 'assert';
  /**
   * The value column: a number when ld printed one (plain or in brackets), undefined for
   * `[!provide]` (PROVIDE not taken), `[unresolved]` and `*undef*`.
   */
  value: bigint | undefined;
  /** The raw value column, e.g. `0x0000000000400000`, `[!provide]`. */
  valueText: string;
  /** The expression as ld prints it back (after its own folding), e.g. `(. + 0x10)`. */
  expression: string;
}

/** What running the real `as` + `ld` on a case produced. */
export interface LdResult {
  /** ld exited 0 and wrote the ELF. */
  ok: boolean;
  /** ld's stderr (warnings included even when ok). */
  stderr: string;
  /**
   * Output sections in output order — the statement order of ld's map, orphans where ld
   * inserted them: the script's output sections and orphan sections that ld kept, each present
   * in the ELF's section headers. Excluded: /DISCARD/, output sections ld never created or
   * removed as empty, and .symtab/.strtab/.shstrtab which ld synthesises.
   */
  sections: LdSection[];
  /**
   * Final value of every symbol the script (or --defsym, or OVERLAY's implicit PROVIDEs)
   * assigns and that ends up defined, read from the ELF symbol table.
   */
  symbols: Map<string, bigint>;
  /** Output sections the map lists with an address that are absent from the ELF. */
  removedSections: LdSection[];
  /**
   * Names in ELF section header order (synthesised ones excluded). Usually the order of
   * `sections`, but not always: see NOTES.md ("section header order").
   */
  elfSectionOrder: string[];
  /** Input section placements from the map (script order). */
  inputSections: LdInputSection[];
  /** Every assignment line of the map, in map order. */
  assignments: MapAssignment[];
  /**
   * Disagreements between the map file and the ELF (should be empty; a non-empty list means
   * the oracle itself cannot be trusted for this case).
   */
  inconsistencies: string[];
  /** Paths of the files the link used and produced. */
  files: { dir: string; script: string; map: string; elf: string };
  /** Wall time in ms of the three phases. */
  timing: { asMs: number; ldMs: number; readMs: number };
}
