/**
 * What a layout produces: the output sections ld would create (in output order, with their
 * addresses and sizes, and the facts the text report shows), the values of the symbols the
 * script assigns, ASSERT outcomes, memory region usage, and diagnostics.
 */
import type { LayoutDiagnostic } from './LayoutDiagnostic';

/** One input section placed in an output section: a line of ld's `-Map` file. */
export interface LaidOutInput {
  /** The file as ld's map names it: the path as given, or `archive(member)`. */
  file: string;
  section: string;
  /** From the output section's start (ld's output_offset). */
  offset: bigint;
  /** Its size as ld's map prints it (for an excluded one: not bytes of the output). */
  size: bigint;
  /**
   * ld dropped its contents (SEC_EXCLUDE): a SHF_MERGE section whose every entry another
   * input already had, or an empty linker-created one. The map still lists it.
   */
  excluded?: boolean;
}

export interface LaidOutSection {
  name: string;
  vma: bigint;
  lma: bigint;
  size: bigint;
  alignmentPower: number;
  /** BFD flags (SEC_*). */
  flags: number;
  /** Program headers the section is assigned to (PHDRS), in order. */
  phdrs: string[];
  /** The output section statement's creation order (identifies it across layouts of one link). */
  statementIndex: number;
  /** Not loaded (NOLOAD/.bss style) — for the objdump-style table. */
  /** --elf mode: why the VMA/LMA is not known (undefined: known). */
  unknown?: string;
  /** --elf mode: the VMA, or the LMA, is not known (why). */
  vmaUnknown?: string;
  lmaUnknown?: string;
  /** --elf mode: laid out as a whole from the linked ELF (its contents not known). */
  elfOpaque?: boolean;
  /**
   * --elf mode: where the script put this section although the linked ELF has it elsewhere
   * (its addresses are then unknown: something the ELF does not show differs). For the
   * cross-check, this is the finding.
   */
  elfDisagreement?: { vma?: { computed: bigint; linked: bigint }; lma?: { computed: bigint; linked: bigint } };
  /**
   * The input sections placed in it, in ld's order (its map file's lines, empty and excluded
   * ones included). Only when laid out from objects: absent in --elf mode without objects,
   * and for a section --elf mode took whole from the linked ELF (its inputs are not known).
   */
  inputs?: LaidOutInput[];
}

export interface AssertOutcome {
  message: string;
  /** undefined: cannot be decided (--elf mode, depends on an unknown value). */
  passed: boolean | undefined;
  position?: { file: string; line: number; column: number };
}

export interface RegionUsage {
  name: string;
  origin: bigint;
  length: bigint;
  used: bigint;
}

export interface SegmentAssignment {
  name: string;
  type: bigint;
  sections: string[];
}

export interface LayoutResult {
  /** False when ld would fail the link (an error was reported). */
  valid: boolean;
  /** A fatal error stopped the layout; sections and symbols are then incomplete. */
  fatal: boolean;
  sections: LaidOutSection[];
  /** Final values, in the order the script first assigns them. */
  symbols: Map<string, bigint>;
  /** --elf mode: script symbols whose value cannot be known, with the reason. */
  unknownSymbols: Map<string, string>;
  asserts: AssertOutcome[];
  /** MEMORY regions (ld's --print-memory-usage rows); empty without MEMORY. */
  regions: RegionUsage[];
  /** PHDRS and the sections in each (empty without PHDRS). */
  segments: SegmentAssignment[];
  diagnostics: LayoutDiagnostic[];
  elfClass: 32 | 64;
  /** Number of sizing passes run (ld's fixed sequence plus relayouts for program headers). */
  sizingPasses: number;
  /** Symbols defined by a PROVIDE (as opposed to a plain assignment). */
  providedSymbols: string[];
  /** --elf mode (internal): a linked .bss may have been ld's COMMON section or an orphan. */
  elfCommonAmbiguous?: boolean;
  /** --elf mode: the linked section (header index) each laid-out section was taken from. */
  elfMatches?: Map<number, number>;
}
