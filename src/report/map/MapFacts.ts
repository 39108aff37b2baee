/**
 * What the map knows, whatever it was computed from: plain data about sections, symbols,
 * program headers, MEMORY regions and findings, each number tagged with where it came from
 * (ldscope's layout, or the linked ELF when the layout could not tell). The picture is built
 * from these facts alone.
 */
import type { SourcePosition } from '../../diagnostics/SourceFile';
import type { Severity } from '../../checks/Finding';
import type { SectionKind, SectionTraits } from './sectionKind';

/** Where a number on the map comes from. */
export type FactSource = 'layout' | 'elf';

/** One input section's share of an output section: a line of ld's `-Map` file. */
export interface InputContribution {
  /** The file as ld's map file names it: the path as given, or `archive(member)`. */
  file: string;
  section: string;
  /** From the output section's start. */
  offset: bigint;
  /** As ld's map prints it. */
  size: bigint;
  /** ld dropped its contents (merged away, or empty): it adds no bytes, whatever `size` says. */
  excluded?: boolean;
}

/** The bytes an input adds to its output section. */
export function contributedBytes(i: InputContribution): bigint {
  return i.excluded ? 0n : i.size;
}

export interface MapSection {
  name: string;
  vma: bigint;
  lma: bigint;
  size: bigint;
  /** Alignment in bytes (2**alignmentPower). */
  alignment: bigint;
  kind: SectionKind;
  traits: SectionTraits;
  /** PHDRS the script assigns it to. */
  phdrs: string[];
  /** The script line of the output section statement; undefined: the script does not name it. */
  placedAt?: SourcePosition;
  /**
   * Every input section placed in it, the most bytes contributed first (ties in output order); empty when
   * only script statements fill it. Absent when not known (`inputsUnknown` says why).
   */
  inputs?: InputContribution[];
  /** Why `inputs` is absent (e.g. only a linked ELF was given). */
  inputsUnknown?: string;
  /** Where vma/lma/size come from. */
  source: FactSource;
  /** The layout could not know this section's address (its reason); the ELF's is shown. */
  addressNote?: string;
}

export interface MapSymbol {
  name: string;
  value: bigint;
  source: FactSource;
  /** Where the script assigns it. */
  assignedAt?: SourcePosition;
  /** Why the layout could not compute it (the value then comes from the ELF). */
  layoutUnknown?: string;
}

export interface MapSegment {
  /** The PHDRS name, or `LOAD[0]`-style when the script has no PHDRS. */
  name: string;
  type: string;
  /** `RWX`-style, when known (from the ELF). */
  flags?: string;
  vaddr: bigint;
  paddr: bigint;
  memsz: bigint;
  filesz?: bigint;
  sections: string[];
  source: FactSource;
}

export interface MapRegion {
  name: string;
  origin: bigint;
  length: bigint;
  used: bigint;
}

export type Lane = 'vma' | 'lma';

export interface MapFinding {
  id: string;
  rule: string;
  severity: Severity;
  message: string;
  location?: SourcePosition;
  expected?: string;
  actual?: string;
  /** Where on the picture it happens; undefined: it has no address (listed only). */
  anchor?: { lane: Lane; address: bigint; what: string };
}

export interface MapFacts {
  title: string;
  scriptFile: string;
  elfFile?: string;
  objectFiles: string[];
  elfClass: 32 | 64;
  /** Allocated and non-allocated output sections, in output order. */
  sections: MapSection[];
  symbols: MapSymbol[];
  segments: MapSegment[];
  regions: MapRegion[];
  findings: MapFinding[];
  /** Sentences saying which numbers came from where, shown on the picture. */
  provenance: string[];
}
