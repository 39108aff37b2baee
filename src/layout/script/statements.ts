/**
 * The statement tree ld builds from a script and its command line (ldlang.h
 * lang_statement_union): output section statements with their children, assignments (and
 * ASSERTs, which ld also keeps as assignment statements), input section descriptions ("wild"
 * statements), data and fill commands, and the statements the command line adds (input files,
 * -Ttext-style address statements, INSERT markers). Layout mutates these as ld does.
 */
import type { SourceRange } from '../../diagnostics/SourceRange';
import type { SortOrder } from '../../script/ast';
import type { Etree } from '../expr/Etree';
import type { InputFile, InputSection } from '../input/InputFile';
import type { OutputSection } from '../output/OutputSection';
import type { MemoryRegion } from './MemoryRegion';

export type SectionType =
  | 'normal'
  | 'noalloc'
  | 'noload'
  | 'readonly'
  | 'typed_readonly'
  | 'type'
  | 'overlay'
  | 'first_overlay';

/** Output section constraints; ld's token values only need to be distinct and non-negative. */
export const CONSTRAINT = { NONE: 0, ONLY_IF_RO: 1, ONLY_IF_RW: 2, SPECIAL: 3, DISABLED: -1 } as const;

export class OutputSectionStatement {
  readonly kind = 'output';
  addrTree: Etree | undefined;
  sectype: SectionType = 'normal';
  sectypeValue: Etree | undefined;
  /** ALIGN(exp) after the colon. */
  sectionAlignment: Etree | undefined;
  subsectionAlignment: Etree | undefined;
  /** AT(exp). */
  loadBase: Etree | undefined;
  alignLmaWithInput = false;
  children: Statement[] = [];
  region: MemoryRegion | undefined;
  lmaRegion: MemoryRegion | undefined;
  /** `= fill` */
  fill: Etree | undefined;
  /** `:phdr` names; undefined when none were given (ld's NULL list). */
  phdrs: string[] | undefined;
  bfdSection: OutputSection | undefined;
  processedVma = false;
  processedLma = false;
  /** Removed as empty and with no symbol assignments: sizing skips it. */
  ignored = false;
  /** Assigns a symbol (not `.`): removed sections still get sized (update_dot). */
  updateDot = false;
  /** OVERLAY: `. = ADDR(first) + MAX(SIZEOF…)` after the last overlay section. */
  updateDotTree: Etree | undefined;
  afterEnd = false;
  /** os->flags: SEC_NEVER_LOAD for NOLOAD; orphan placement stores hold[] flags here. */
  flags = 0;
  /** Always gets its own BFD section, even when one of the same name exists (script statements). */
  dupOutput = false;
  allInputReadonly = false;
  /** Created by orphan placement. */
  isOrphan = false;
  /** Previous/next statements in ld's list of output section statements (lang_os_list). */
  prev: OutputSectionStatement | undefined;
  next: OutputSectionStatement | undefined;
  /** The list this statement is a child of (the top-level list, or an orphan's). */
  range: SourceRange | undefined;
  /** --elf mode: facts about the linked section of this name, once matched. */
  elfFacts: ElfSectionFacts | undefined;
  /** --elf mode: the input sections' layout inside the section is not known. */
  elfOpaque = false;
  /** --elf mode: nothing (no orphan) follows the section's last statement. */
  elfEndKnown = false;
  /** --elf mode: the linked ELF does not have this section: ld removed it. */
  elfAbsent = false;
  /** --elf mode: why this (removed) section's address is not known. */
  elfUnknownAddress: string | undefined;
  /**
   * --elf alone: why `.` on entry to this statement is not known (an orphan ld may have placed
   * before or after it, see OrphanPlacer.markUncertainPlacement).
   */
  elfUnknownDot: string | undefined;
  /**
   * --elf alone: why this removed section's flags are not known. An orphan input section of its
   * name goes into it (ld's lang_place_orphan), and an empty one leaves it removed but
   * allocated: the LMA rule for allocated sections then applies to it.
   */
  elfUnknownFlags: string | undefined;
  /**
   * --elf alone: why `.` at the start of the section's contents is not known (its start was
   * aligned by the linked alignment, but its inputs may all have been empty: ld then removed
   * it and the linked section of its name is an orphan, and the section started unaligned).
   */
  elfStartUnknown: string | undefined;

  constructor(
    readonly name: string,
    public constraint: number,
    /** Order of creation among output section statements (stable across runs of one link). */
    readonly creationIndex = -1,
  ) {}
}

/** What --elf mode knows about an output section from the linked ELF. */
export interface ElfSectionFacts {
  size: bigint;
  alignmentPower: number;
  flags: number;
  elfType: number;
  /** The ELF's sh_addr, used only to place object symbols relative to their section. */
  addr: bigint;
  index: number;
}

export interface AssignmentStatement {
  kind: 'assignment';
  exp: Etree;
  range: SourceRange | undefined;
  /**
   * The padding statement sizing put after this assignment (ld's insert_pad): how far it moved
   * `.` inside its output section. Later assignment passes advance `.` by it instead of
   * re-evaluating the assignment's effect on `.`.
   */
  pad?: bigint;
}

export interface WildcardSpec {
  /** undefined means "*": every section (a bare file name in the script). */
  name: string | undefined;
  sorted: SortOrder;
  excludeNameList: string[] | undefined;
  /** Precomputed by analyze_walk_wild_section_handler. */
  prefixLength: number;
  suffixLength: number;
}

export interface SectionFlagTest {
  /** SEC_* bits that must be set / clear (bfd_lookup_section_flags). */
  withFlags: number;
  withoutFlags: number;
  /** ELF-only flag names, tested against sh_flags. */
  withElf: bigint;
  withoutElf: bigint;
}

export interface WildStatement {
  kind: 'wild';
  /** File pattern; undefined for `*` or the `[…]` form. */
  filename: string | undefined;
  filenamesSorted: boolean;
  /** EXCLUDE_FILE before the file pattern. */
  excludeNameList: string[] | undefined;
  sectionList: WildcardSpec[];
  /** No section list: a bare file name matches every section of the file. */
  allSections: boolean;
  anySpecsSorted: boolean;
  keep: boolean;
  flagTest: SectionFlagTest | undefined;
  /** Input sections placed by this statement, in order. */
  children: InputSectionStatement[];
  /** Matches recorded by resolve_wilds: (section, matching spec) in ld's order, duplicates included. */
  matching: Array<{ section: InputSection; spec: WildcardSpec | undefined }>;
  range: SourceRange | undefined;
  /** `.` before and after its input sections in the last sizing pass (a walk that starts it at the same `.` ends it there). */
  sizedStart?: bigint;
  sizedEnd?: bigint;
}

export interface InputSectionStatement {
  kind: 'input-section';
  section: InputSection;
  /** The padding sizing put before the section to align it (ld's insert_pad). */
  pad?: bigint;
}

export type DataSize = 'BYTE' | 'SHORT' | 'LONG' | 'QUAD' | 'SQUAD';

export interface DataStatement {
  kind: 'data';
  size: DataSize;
  exp: Etree;
  /** The value computed by the last assignment pass (for reports). */
  value: bigint;
  range: SourceRange | undefined;
}

export interface FillStatement {
  kind: 'fill';
  exp: Etree;
  range: SourceRange | undefined;
}

/** An input file on the command line: its symbols enter the table when ld reaches it. */
export interface InputFileStatement {
  kind: 'input-file';
  files: InputFile[];
}

/** -Ttext/-Tdata/-Tbss/--section-start: an address for a section by name. */
export interface AddressStatement {
  kind: 'address';
  sectionName: string;
  address: Etree;
  /** The SEGMENT_START name for -Ttext/-Tdata/-Tbss ("text-segment" …): ignored if the script used it. */
  segment: string | undefined;
}

export interface InsertStatement {
  kind: 'insert';
  where: string;
  isBefore: boolean;
  range: SourceRange | undefined;
}

/** CREATE_OBJECT_SYMBOLS: marks its output section to be kept. */
export interface ObjectSymbolsStatement {
  kind: 'object-symbols';
}

export type Statement =
  | OutputSectionStatement
  | AssignmentStatement
  | WildStatement
  | InputSectionStatement
  | DataStatement
  | FillStatement
  | InputFileStatement
  | AddressStatement
  | InsertStatement
  | ObjectSymbolsStatement;

export const DATA_SIZES: Record<DataSize, bigint> = { BYTE: 1n, SHORT: 2n, LONG: 4n, QUAD: 8n, SQUAD: 8n };
