/**
 * The linker-script AST: one node kind per GNU ld construct, as ld 2.40's ldgram.y builds
 * them. Every node carries its source range. Numbers are bigint. Names are stored without
 * quotes; the formatter re-quotes a name where ld's lexer would not read it back as one NAME.
 */
import type { SourceRange } from '../diagnostics/SourceRange';

interface NodeBase {
  range: SourceRange;
}

// ---------------------------------------------------------------------------------------------
// Expressions (ldgram.y `exp`)

export type Expr =
  | NumberLiteral
  | SymbolRef
  | UnaryExpr
  | BinaryExpr
  | TernaryExpr
  | CallExpr
  | SectionQuery
  | SizeofHeaders
  | SegmentStart
  | AssertExpr;

export interface NumberLiteral extends NodeBase {
  kind: 'Number';
  value: bigint;
  /** The spelling in the script (0x1000, 4K, 10h, $ff, 010); kept so fmt preserves it. */
  text: string;
}

/** A symbol, or `.` (the location counter). */
export interface SymbolRef extends NodeBase {
  kind: 'Symbol';
  name: string;
}

export type UnaryOperator = '-' | '!' | '~';

export interface UnaryExpr extends NodeBase {
  kind: 'Unary';
  operator: UnaryOperator;
  operand: Expr;
}

export type BinaryOperator =
  | '*' | '/' | '%'
  | '+' | '-'
  | '<<' | '>>'
  | '<' | '>' | '<=' | '>='
  | '==' | '!='
  | '&' | '^' | '|'
  | '&&' | '||';

export interface BinaryExpr extends NodeBase {
  kind: 'Binary';
  operator: BinaryOperator;
  left: Expr;
  right: Expr;
}

export interface TernaryExpr extends NodeBase {
  kind: 'Ternary';
  condition: Expr;
  whenTrue: Expr;
  whenFalse: Expr;
}

/** Builtins that take expressions. BLOCK is ld's old spelling of one-argument ALIGN. */
export type CallFunction =
  | 'ABSOLUTE'
  | 'ALIGN'
  | 'BLOCK'
  | 'NEXT'
  | 'LOG2CEIL'
  | 'MAX'
  | 'MIN'
  | 'DATA_SEGMENT_ALIGN'
  | 'DATA_SEGMENT_RELRO_END'
  | 'DATA_SEGMENT_END';

export interface CallExpr extends NodeBase {
  kind: 'Call';
  function: CallFunction;
  args: Expr[];
}

/** Builtins that take a name: a section, a region, a symbol or a constant. */
export type QueryFunction =
  | 'ADDR'
  | 'LOADADDR'
  | 'SIZEOF'
  | 'ALIGNOF'
  | 'ORIGIN'
  | 'LENGTH'
  | 'DEFINED'
  | 'CONSTANT';

export interface SectionQuery extends NodeBase {
  kind: 'Query';
  function: QueryFunction;
  name: string;
}

export interface SizeofHeaders extends NodeBase {
  kind: 'SizeofHeaders';
}

export interface SegmentStart extends NodeBase {
  kind: 'SegmentStart';
  segment: string;
  default: Expr;
}

/** ASSERT used as an expression (ld allows it anywhere an expression goes). */
export interface AssertExpr extends NodeBase {
  kind: 'AssertExpr';
  condition: Expr;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Statements that can appear at top level, in SECTIONS and inside an output section

export type AssignmentOperator = '=' | '+=' | '-=' | '*=' | '/=' | '<<=' | '>>=' | '&=' | '|=';

/** `sym = exp`, `sym += exp`, HIDDEN(…), PROVIDE(…), PROVIDE_HIDDEN(…). */
export interface Assignment extends NodeBase {
  kind: 'Assignment';
  symbol: string;
  operator: AssignmentOperator;
  value: Expr;
  /** PROVIDE / PROVIDE_HIDDEN: defined only if referenced and not defined elsewhere. */
  provide: boolean;
  /** HIDDEN / PROVIDE_HIDDEN: STV_HIDDEN. */
  hidden: boolean;
}

export interface Assert extends NodeBase {
  kind: 'Assert';
  condition: Expr;
  message: string;
}

export interface Entry extends NodeBase {
  kind: 'Entry';
  symbol: string;
}

/** INCLUDE, with the included file's commands parsed in the context of the INCLUDE. */
export interface Include<T> extends NodeBase {
  kind: 'Include';
  file: string;
  /** The file that was read (after ld's search rules); absent when not resolved. */
  resolvedPath?: string;
  commands: T[];
}

// ---------------------------------------------------------------------------------------------
// Top level (ldgram.y `ifile_p1`)

export type TopLevelCommand =
  | Assignment
  | Assert
  | Entry
  | Include<TopLevelCommand>
  | Sections
  | Memory
  | Phdrs
  | Version
  | InputCommand
  | OutputCommand
  | OutputFormat
  | OutputArch
  | Target
  | SearchDir
  | Startup
  | MapCommand
  | SimpleCommand
  | NoCrossRefs
  | Extern
  | Insert
  | RegionAlias
  | LdFeature
  | HighLevelLibrary
  | LowLevelLibrary;

export interface Script extends NodeBase {
  kind: 'Script';
  commands: TopLevelCommand[];
}

/** INPUT(…) or GROUP(…). */
export interface InputCommand extends NodeBase {
  kind: 'Input';
  group: boolean;
  items: InputListItem[];
}

export type InputListItem = InputFile | AsNeeded;

export interface InputFile extends NodeBase {
  kind: 'InputFile';
  /** For `-lfoo`, `foo`; for `=path` the `=` (sysroot prefix) is kept. */
  name: string;
  /** Written as `-lNAME`. */
  library: boolean;
}

export interface AsNeeded extends NodeBase {
  kind: 'AsNeeded';
  items: InputListItem[];
}

export interface OutputCommand extends NodeBase {
  kind: 'Output';
  file: string;
}

export interface OutputFormat extends NodeBase {
  kind: 'OutputFormat';
  /** One BFD name, or default/big/little. */
  formats: [string] | [string, string, string];
}

export interface OutputArch extends NodeBase {
  kind: 'OutputArch';
  arch: string;
}

export interface Target extends NodeBase {
  kind: 'Target';
  target: string;
}

export interface SearchDir extends NodeBase {
  kind: 'SearchDir';
  dir: string;
}

export interface Startup extends NodeBase {
  kind: 'Startup';
  file: string;
}

export interface MapCommand extends NodeBase {
  kind: 'Map';
  file: string;
}

/** Keyword-only commands. */
export interface SimpleCommand extends NodeBase {
  kind: 'Simple';
  command:
    | 'FORCE_COMMON_ALLOCATION'
    | 'INHIBIT_COMMON_ALLOCATION'
    | 'FORCE_GROUP_ALLOCATION'
    | 'FLOAT'
    | 'NOFLOAT';
}

/** NOCROSSREFS(…) or NOCROSSREFS_TO(…). */
export interface NoCrossRefs extends NodeBase {
  kind: 'NoCrossRefs';
  to: boolean;
  sections: string[];
}

export interface Extern extends NodeBase {
  kind: 'Extern';
  symbols: string[];
}

export interface Insert extends NodeBase {
  kind: 'Insert';
  position: 'AFTER' | 'BEFORE';
  section: string;
}

export interface RegionAlias extends NodeBase {
  kind: 'RegionAlias';
  alias: string;
  region: string;
}

export interface LdFeature extends NodeBase {
  kind: 'LdFeature';
  feature: string;
}

/** HLL(…): an obsolete command ld still parses. */
export interface HighLevelLibrary extends NodeBase {
  kind: 'HighLevelLibrary';
  files: string[];
}

/** SYSLIB(…): an obsolete command ld still parses. */
export interface LowLevelLibrary extends NodeBase {
  kind: 'LowLevelLibrary';
  files: string[];
}

// ---------------------------------------------------------------------------------------------
// MEMORY

export interface Memory extends NodeBase {
  kind: 'Memory';
  regions: MemoryCommand[];
}

export type MemoryCommand = MemoryRegion | Include<MemoryCommand>;

export interface MemoryRegion extends NodeBase {
  kind: 'MemoryRegion';
  name: string;
  /** `(rwx!w)`: absent when the region has no attribute list. */
  attributes?: MemoryAttribute[];
  origin: Expr;
  length: Expr;
}

/** One attribute word, e.g. `rx`, or `!w` (negated). ld reads the letters one by one. */
export interface MemoryAttribute {
  negated: boolean;
  letters: string;
}

// ---------------------------------------------------------------------------------------------
// PHDRS

export interface Phdrs extends NodeBase {
  kind: 'Phdrs';
  headers: PhdrDeclaration[];
}

export interface PhdrDeclaration extends NodeBase {
  kind: 'Phdr';
  name: string;
  /** PT_LOAD etc. is kept as a Symbol expression; ld maps the known names to numbers. */
  type: Expr;
  qualifiers: PhdrQualifier[];
}

/** FILEHDR, PHDRS, FLAGS(exp), AT(exp); ld checks the combinations after parsing. */
export interface PhdrQualifier extends NodeBase {
  kind: 'PhdrQualifier';
  name: string;
  value?: Expr;
}

// ---------------------------------------------------------------------------------------------
// VERSION { … } inside a linker script

export interface Version extends NodeBase {
  kind: 'Version';
  nodes: VersionNode[];
}

export interface VersionNode extends NodeBase {
  kind: 'VersionNode';
  /** Absent for the anonymous version. */
  tag?: string;
  global: VersionPattern[];
  local: VersionPattern[];
  /** Which of global/local were written with a `global:`/`local:` label (for fmt). */
  labels: ('global' | 'local')[];
  dependencies: string[];
}

export interface VersionPattern {
  pattern: string;
  /** `extern "C++" { … }` language, if any. */
  language?: string;
  /** Written in quotes: matched literally, not as a glob. */
  literal: boolean;
}

// ---------------------------------------------------------------------------------------------
// SECTIONS

export interface Sections extends NodeBase {
  kind: 'Sections';
  commands: SectionsCommand[];
}

export type SectionsCommand =
  | OutputSection
  | Overlay
  | Assignment
  | Assert
  | Entry
  | SectionsGroup
  | Include<SectionsCommand>;

export type OutputSectionType =
  | { kind: 'NOLOAD' | 'DSECT' | 'COPY' | 'INFO' | 'OVERLAY' | 'READONLY' }
  | { kind: 'TYPE' | 'READONLY_TYPE'; value: Expr };

export interface OutputSection extends NodeBase {
  kind: 'OutputSection';
  name: string;
  address?: Expr;
  /** `BIND(exp)` form of the address (svr3 compatibility); BLOCK(exp) after it is kept too. */
  bind?: { block?: Expr };
  type?: OutputSectionType;
  /** AT(exp) */
  loadAddress?: Expr;
  /** ALIGN(exp) after the colon. */
  align?: Expr;
  alignWithInput: boolean;
  subalign?: Expr;
  constraint?: 'ONLY_IF_RO' | 'ONLY_IF_RW' | 'SPECIAL';
  statements: SectionStatement[];
  /** `> region` */
  region?: string;
  /** `AT> region` */
  loadRegion?: string;
  /** `:phdr` list, in script order. */
  phdrs: string[];
  /** `= fill` */
  fill?: Expr;
}

export interface Overlay extends NodeBase {
  kind: 'Overlay';
  address?: Expr;
  noCrossRefs: boolean;
  loadAddress?: Expr;
  subalign?: Expr;
  sections: OverlaySection[];
  region?: string;
  loadRegion?: string;
  phdrs: string[];
  fill?: Expr;
}

export interface OverlaySection extends NodeBase {
  kind: 'OverlaySection';
  name: string;
  statements: SectionStatement[];
  phdrs: string[];
  fill?: Expr;
}

/** `GROUP [addr] : { … }` inside SECTIONS (gcc svr3.ifile compatibility). */
export interface SectionsGroup extends NodeBase {
  kind: 'SectionsGroup';
  address?: Expr;
  bind?: { block?: Expr };
  type?: OutputSectionType;
  commands: SectionsCommand[];
}

// ---------------------------------------------------------------------------------------------
// Inside an output section (ldgram.y `statement`)

export type SectionStatement =
  | InputSectionDescription
  | Assignment
  | Assert
  | DataCommand
  | FillCommand
  | CreateObjectSymbols
  | Constructors
  | Include<SectionStatement>;

/**
 * An input section description: `KEEP(*(.text .text.*))`, `foo.o`, `[ .data ]`, with an
 * optional INPUT_SECTION_FLAGS. `file` absent means any file (the `[…]` form); `sections`
 * absent means every section of the matching files (a bare file name).
 */
export interface InputSectionDescription extends NodeBase {
  kind: 'InputSections';
  keep: boolean;
  flags?: SectionFlag[];
  file?: FilePattern;
  sections?: SectionPattern[];
}

export interface SectionFlag {
  name: string;
  negated: boolean;
}

/** How matched sections (or files) are ordered; ld's `sort_type`. */
export type SortOrder =
  | 'none'
  | 'name'
  | 'alignment'
  | 'name-alignment'
  | 'alignment-name'
  | 'init-priority'
  | 'sort-none';

export interface FilePattern {
  pattern: string;
  sort: SortOrder;
  excludeFiles?: string[];
}

export interface SectionPattern {
  pattern: string;
  sort: SortOrder;
  /** The sort keyword(s) as written, e.g. ['SORT'] or ['SORT_BY_NAME','SORT_BY_NAME']. */
  sortSpelling?: string[];
  excludeFiles?: string[];
}

export interface DataCommand extends NodeBase {
  kind: 'Data';
  size: 'BYTE' | 'SHORT' | 'LONG' | 'QUAD' | 'SQUAD';
  value: Expr;
}

export interface FillCommand extends NodeBase {
  kind: 'Fill';
  value: Expr;
}

export interface CreateObjectSymbols extends NodeBase {
  kind: 'CreateObjectSymbols';
}

export interface Constructors extends NodeBase {
  kind: 'Constructors';
  /** SORT(CONSTRUCTORS) */
  sorted: boolean;
}

export type AnyNode =
  | Script
  | TopLevelCommand
  | SectionsCommand
  | SectionStatement
  | Expr
  | MemoryRegion
  | PhdrDeclaration
  | PhdrQualifier
  | VersionNode
  | OverlaySection
  | InputListItem;
