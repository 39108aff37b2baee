/**
 * The linker's inputs as ld sees them after opening: files (objects, archive members, and the
 * stand-ins --elf mode makes from a linked ELF), their sections with BFD flags, and their
 * global symbols. Plain data plus the few fields the layout writes back (where a section went).
 */
import type { OutputSection } from '../output/OutputSection';

export class InputFile {
  /** Sections in BFD order (section header order, then COMMON, then linker-created ones). */
  readonly sections: InputSection[] = [];
  readonly symbols: ObjectSymbol[] = [];
  /** Has a `.note.GNU-stack` section (decides PT_GNU_STACK, which SIZEOF_HEADERS counts). */
  hasGnuStackNote = false;
  /** --elf mode: a stand-in made from the linked ELF's sections, not a real input. */
  standIn = false;
  /** Loaded (entered ld's file chain). */
  loaded = false;

  constructor(
    /**
     * The name ld matches file patterns against: the path as given on the command line, or the
     * member name for an archive member.
     */
    readonly name: string,
    /** For an archive member: the archive's path as given on the command line. */
    readonly archive?: string,
  ) {}

  /** How ld prints the file in messages and maps: `o1.o` or `libgen.a(o3.o)`. */
  get displayName(): string {
    return this.archive === undefined ? this.name : `${this.archive}(${this.name})`;
  }
}

/** Where a section goes: an output section, or nowhere (discarded, like ld's *ABS* output). */
export type SectionDestination = OutputSection | 'discarded';

export class InputSection {
  /** Where map_input_to_output_sections or orphan placement put it (undefined: not yet). */
  output: SectionDestination | undefined = undefined;
  /** Offset from the output section's start, set by sizing. */
  outputOffset = 0n;
  /** Global id in load order: makes sorts stable exactly where ld's are. */
  readonly id: number;
  /** BFD's per-file COMMON section, where common symbols are allocated. */
  isCommonSection = false;
  /** Made by the linker itself (ld's SEC_LINKER_CREATED sections in the first input). */
  linkerCreated = false;
  /** --elf mode: a linked `.bss` taken as ld's section for COMMON symbols (placed like COMMON). */
  placeAsCommon = false;
  /** Has relocations (BFD's SEC_RELOC, kept apart from the flags): ld does not merge such. */
  hasRelocs = false;
  /** The section's bytes, when the caller gave the file's data (SEC_MERGE needs them). */
  contents: (() => Uint8Array) | undefined = undefined;

  constructor(
    readonly file: InputFile,
    readonly name: string,
    public flags: number,
    public size: bigint,
    public alignmentPower: number,
    /** sh_type (SHT_NULL for linker-created sections BFD has no type for yet). */
    readonly elfType: number,
    /** sh_flags (processor/OS bits matter to orphan compatibility). */
    readonly elfFlags: bigint,
    /** sh_info (orphans with differing sh_info are not merged). */
    readonly info: number,
    readonly entsize: bigint,
    id: number,
  ) {
    this.id = id;
  }
}

/** A global or weak symbol an input defines, references, or declares common. */
export interface ObjectSymbol {
  name: string;
  kind: 'defined' | 'undefined' | 'common';
  weak: boolean;
  /** Section-relative value for 'defined' in a section; the absolute value when absolute. */
  value: bigint;
  /** The defining section; undefined for absolute symbols. */
  section?: InputSection;
  /** For 'common': size, and alignment as a power of two. */
  size: bigint;
  commonAlignmentPower: number;
  hidden: boolean;
  /** --elf stand-ins: why its section-relative value is not known (undefined: it is). */
  relUnknown?: string;
}
