/**
 * The state of one emulated ld run: what ldlang.c keeps in globals (the statement list, the
 * list of output section statements, the output file's section list, memory regions, program
 * headers, the entry symbol, the statement iteration counter) and ldexp.c's `expld`. Every
 * phase of the layout is a function of this context, as in ld.
 */
import type { SourceRange } from '../diagnostics/SourceRange';
import { SEC } from './bfd/sectionFlags';
import { specialSectionType } from './bfd/specialSections';
import type { Etree } from './expr/Etree';
import { expGetPower } from './expr/constantExpressions';
import type { ExpressionFolder } from './expr/ExpressionFolder';
import type { InputFile } from './input/InputFile';
import { FatalLayoutError, LayoutDiagnostic, LayoutSeverity, makeDiagnostic } from './LayoutDiagnostic';
import type { LayoutOptions } from './options/LayoutOptions';
import { makeAbsSection, makeUndSection, OutputSection } from './output/OutputSection';
import { MemoryRegionList } from './script/MemoryRegion';
import { CONSTRAINT, OutputSectionStatement, Statement } from './script/statements';
import { DefinednessTable } from './symbols/DefinednessTable';
import { LinkHashTable } from './symbols/LinkHashTable';

export type Phase = 'first' | 'mark' | 'allocating' | 'assigning' | 'final' | 'fixed';
const PHASE_ORDER: Record<Phase, number> = { first: 0, mark: 1, allocating: 2, assigning: 3, final: 4, fixed: 5 };

export function phaseAtMost(p: Phase, limit: Phase): boolean {
  return PHASE_ORDER[p] <= PHASE_ORDER[limit];
}

export type DataSegPhase = 'none' | 'align_seen' | 'relro_seen' | 'end_seen' | 'relro_adjust' | 'adjust' | 'done';

/** expld.dataseg: DATA_SEGMENT_ALIGN/RELRO_END/END bookkeeping between sizing passes. */
export interface DataSegment {
  phase: DataSegPhase;
  base: bigint;
  relroOffset: bigint;
  relroEnd: bigint;
  end: bigint;
  maxPageSize: bigint;
  commonPageSize: bigint;
  relroPageSize: bigint;
  relro: 'none' | 'start' | 'end';
  relroStartStat: Statement | undefined;
  relroEndStat: Statement | undefined;
}

/** A PHDRS entry. */
export interface PhdrDecl {
  name: string;
  type: bigint;
  filehdr: boolean;
  phdrs: boolean;
  at: Etree | undefined;
  flags: Etree | undefined;
  range: SourceRange | undefined;
}

/** SEGMENT_START overrides from -Ttext-segment and friends (ld's `segments`). */
export interface SegmentOverride {
  name: string;
  value: bigint;
  used: boolean;
}

export class LinkContext {
  /** The top-level statement list. */
  statements: Statement[] = [];
  /** lang_os_list: *ABS* first, then every output section statement. */
  readonly absStatement: OutputSectionStatement;
  osTail: OutputSectionStatement;
  readonly abs: OutputSection;
  readonly und: OutputSection;
  /** The output bfd's section list (created sections, in list order). */
  sectionList: OutputSection[] = [];
  private nextSectionId = 0;
  readonly hash = new LinkHashTable();
  readonly definedness = new DefinednessTable();
  readonly regions = new MemoryRegionList();
  phdrs: PhdrDecl[] | undefined;
  readonly segments: SegmentOverride[] = [];
  inputs: InputFile[] = [];
  entrySymbol: string | undefined;
  entryFromCommandLine = false;
  /** LD_FEATURE("SANE_EXPR") */
  saneExpr = false;
  statementIteration = 0;
  sizingIteration = 0;
  /** Output section that `*(COMMON)` first appeared in (default_common_section). */
  defaultCommonSection: OutputSectionStatement | undefined;
  /** link_info.load_phdrs: SIZEOF_HEADERS was evaluated. */
  loadPhdrs = false;
  /** elf_program_header_size: undefined until first computed (BFD's -1). */
  programHeaderSize: bigint | undefined;
  /** link_info.relro after lang_find_relro_sections. */
  relro: boolean;
  relroStart = 0n;
  relroEnd = 0n;
  /** Any input had .note.GNU-stack (elf_stack_flags). */
  stackFlags = false;
  /** PHDRS entries and the output sections lang_record_phdrs gave each. */
  segmentAssignments: Array<{ name: string; type: bigint; sections: string[] }> | undefined;
  readonly diagnostics: LayoutDiagnostic[] = [];
  /**
   * --elf mode: output sections (by statement creation index) whose computed VMA or LMA
   * disagreed with the linked ELF in an earlier run: their addresses are not trusted.
   */
  elfDistrust: Map<number, ElfDistrust> | undefined;
  /** --elf mode without objects: files the script names are not available. */
  elfOnly = false;
  /** --elf alone: whether the linked ELF has this statement's section (set once matched). */
  elfPresent: ((os: OutputSectionStatement) => boolean) | undefined;
  /** Some error ld reports with %X (the link fails, layout continues). */
  failed = false;

  // ----- expld -----
  /** The expression evaluator (set up by the layout driver). */
  folder!: ExpressionFolder;
  phase: Phase = 'first';
  dataseg: DataSegment = freshDataSegment();

  constructor(readonly options: LayoutOptions) {
    this.abs = makeAbsSection();
    this.und = makeUndSection();
    this.absStatement = new OutputSectionStatement('*ABS*', CONSTRAINT.NONE);
    this.absStatement.bfdSection = this.abs;
    this.abs.statement = this.absStatement;
    this.osTail = this.absStatement;
    this.relro = options.relro;
  }

  get x86_64(): boolean {
    return this.options.emulation.name === 'elf_x86_64';
  }

  /** Address width mask of the output (32-bit ELF keeps the low 32 bits of every address). */
  get addressMask(): bigint {
    return this.options.emulation.elfClass === 32 ? 0xffffffffn : (1n << 64n) - 1n;
  }

  // ----- output section statements (lang_output_section_statement_lookup) -----

  /** Every output section statement in os-list order, *ABS* excluded. */
  *outputStatements(): Generator<OutputSectionStatement> {
    for (let os = this.absStatement.next; os; os = os.next) yield os;
  }

  /**
   * Output section statements by name in creation order: ld's hash table chains statements of
   * one name in the order they were made, whatever their place in the os list (an orphan of a
   * script section's name, placed before it, is still found after it).
   */
  private readonly byName = new Map<string, OutputSectionStatement[]>();
  private statementsCreated = 0;

  /**
   * lang_output_section_statement_lookup with create = 0: the first statement of that name
   * whose constraint is not negative (lang_output_section_find).
   */
  findOutputStatement(name: string, constraint = 0): OutputSectionStatement | undefined {
    for (const os of this.byName.get(name) ?? []) {
      if (constraint === os.constraint || (constraint === 0 && os.constraint >= 0)) return os;
    }
    return undefined;
  }

  /** next_matching_output_section_statement(os, constraint) */
  nextMatchingOutputStatement(os: OutputSectionStatement, constraint = 0): OutputSectionStatement | undefined {
    const chain = this.byName.get(os.name) ?? [];
    for (let i = chain.indexOf(os) + 1; i < chain.length; i++) {
      const n = chain[i];
      if (constraint === n.constraint || (constraint === 0 && n.constraint >= 0)) return n;
    }
    return undefined;
  }

  /**
   * lang_output_section_statement_lookup with create = 1 (find, or create when missing or
   * SPECIAL) or 2 (always create). A new statement is appended to LIST (ld's stat_ptr) and to
   * the end of the os list.
   */
  lookupOutputStatement(name: string, constraint: number, create: 1 | 2, list: Statement[]): OutputSectionStatement {
    if (create !== 2 && !(create && constraint === CONSTRAINT.SPECIAL)) {
      const found = this.findOutputStatement(name, constraint);
      if (found) return found;
    }
    const os = new OutputSectionStatement(name, constraint, this.statementsCreated++);
    os.dupOutput = create === 2 || constraint === CONSTRAINT.SPECIAL;
    const chain = this.byName.get(name);
    if (chain) chain.push(os);
    else this.byName.set(name, [os]);
    os.prev = this.osTail;
    this.osTail.next = os;
    this.osTail = os;
    list.push(os);
    return os;
  }

  /** Unlinks OS from the os list (the orphan code re-links it where it belongs). */
  unlinkOutputStatement(os: OutputSectionStatement): void {
    if (os.prev) os.prev.next = os.next;
    if (os.next) os.next.prev = os.prev;
    if (this.osTail === os) this.osTail = os.prev!;
    os.prev = undefined;
    os.next = undefined;
  }

  /** Links OS into the os list right after AFTER. */
  linkOutputStatementAfter(os: OutputSectionStatement, after: OutputSectionStatement): void {
    os.prev = after;
    os.next = after.next;
    if (after.next) after.next.prev = os;
    after.next = os;
    if (this.osTail === after) this.osTail = os;
  }

  // ----- output bfd sections -----

  /** bfd_get_section_by_name on the output file (first of that name in the list). */
  sectionByName(name: string): OutputSection | undefined {
    return this.sectionList.find((s) => s.name === name);
  }

  /** bfd_make_section_anyway_with_flags on the output file: a new section at the list's end. */
  makeOutputSection(name: string, flags: number): OutputSection {
    const s = new OutputSection(name, flags, specialSectionType(name, this.x86_64), this.nextSectionId++);
    this.sectionList.push(s);
    return s;
  }

  removeFromSectionList(s: OutputSection): void {
    const i = this.sectionList.indexOf(s);
    if (i >= 0) this.sectionList.splice(i, 1);
    s.removed = true;
  }

  /** init_os. */
  initOs(os: OutputSectionStatement, flags: number): void {
    if (os.name === '/DISCARD/') this.fatal('illegal-discard', `illegal use of \`/DISCARD/' section`, os.range);
    let s: OutputSection | undefined;
    if (!os.dupOutput) s = this.sectionByName(os.name);
    if (!s) s = this.makeOutputSection(os.name, flags);
    os.bfdSection = s;
    s.statement = os;
    this.onInitOs?.(os);
  }

  /** Called by init_os so modules can initialise sections mentioned in addresses (exp_init_os). */
  onInitOs: ((os: OutputSectionStatement) => void) | undefined;

  expGetPower(tree: Etree | undefined, what: string): number {
    return expGetPower(this, tree, what);
  }

  // ----- diagnostics -----

  report(severity: LayoutSeverity, code: string, message: string, range: SourceRange | undefined): void {
    this.diagnostics.push(makeDiagnostic(severity, code, message, range));
    if (severity === 'error') this.failed = true;
  }

  /** A warning ld may print on every sizing pass: reported once. */
  reportOnce(severity: LayoutSeverity, code: string, message: string, range: SourceRange | undefined): void {
    const key = `${code}\0${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.report(severity, code, message, range);
  }

  private readonly reported = new Set<string>();

  /** ld's %F: report and stop. */
  fatal(code: string, message: string, range: SourceRange | undefined): never {
    const d = makeDiagnostic('error', code, message, range);
    this.diagnostics.push(d);
    this.failed = true;
    throw new FatalLayoutError(d);
  }

  /** True when a section is one BFD would treat as allocated and not .tbss (IGNORE_SECTION negated). */
  static ignoreSection(flags: number): boolean {
    return (flags & SEC.ALLOC) === 0 || (flags & (SEC.LOAD | SEC.THREAD_LOCAL)) === SEC.THREAD_LOCAL;
  }
}

export function freshDataSegment(): DataSegment {
  return {
    phase: 'none',
    base: 0n,
    relroOffset: 0n,
    relroEnd: 0n,
    end: 0n,
    maxPageSize: 0n,
    commonPageSize: 0n,
    relroPageSize: 0n,
    relro: 'none',
    relroStartStat: undefined,
    relroEndStat: undefined,
  };
}

/**
 * --elf mode: what a previous layout on top of the linked ELF showed to be off for one output
 * section: its VMA or LMA (the reasons), or its size — smaller than the linked one when it has
 * no input section descriptions ('appended': orphans ld put at its end), else 'unknown'.
 */
/** --elf mode: an address the layout computed that the linked ELF contradicts. */
export interface ElfDisagreement {
  computed: bigint;
  linked: bigint;
  /** The sentence given as the reason the address (and what follows from it) is unknown. */
  why: string;
}

export interface ElfDistrust {
  vma?: ElfDisagreement;
  lma?: ElfDisagreement;
  size?: 'appended' | 'unknown';
}
