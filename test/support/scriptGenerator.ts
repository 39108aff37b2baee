/**
 * Random linker-script ASTs for property tests (fast-check), covering every construct of
 * GNU ld 2.40's script language, with names chosen to exercise ld's context-dependent lexing
 * (`a/2`, `abcd`, `$ff`, keywords of one lexer state used as names in another, blanks,
 * `=`/`,`/`:` inside names, `/DISCARD/`, …).
 *
 * Every AST is in the normal form ldscope's parser produces (no unary `+`, numbers whose
 * value is what their spelling means, one SORT spelling per order, …), so the AST that
 * parsing fmt(ast) gives must equal it. And every script is one GNU ld reads to the end
 * without a syntax error or a fatal error while parsing: constant fill values and phdr types,
 * MEMORY attributes ld knows, REGION_ALIAS of a declared region, no ALIGN together with
 * ALIGN_WITH_INPUT, version dependencies on earlier versions, GROUP (in SECTIONS) always with
 * an address (ld 2.40 crashes without one), INCLUDE only of the files INCLUDE_FILES names
 * (the test creates them, empty).
 *
 * Nodes carry no `range`: the formatter does not need one and AST equality ignores it.
 */
import fc from 'fast-check';
import type {
  Assert,
  Assignment,
  AssignmentOperator,
  BinaryOperator,
  CallFunction,
  Expr,
  FilePattern,
  InputListItem,
  InputSectionDescription,
  Memory,
  MemoryCommand,
  MemoryRegion,
  NumberLiteral,
  OutputSection,
  OutputSectionType,
  Overlay,
  OverlaySection,
  PhdrDeclaration,
  PhdrQualifier,
  Phdrs,
  QueryFunction,
  RegionAlias,
  Script,
  SectionFlag,
  SectionPattern,
  SectionStatement,
  SectionsCommand,
  SectionsGroup,
  SortOrder,
  TopLevelCommand,
  Version,
  VersionNode,
  VersionPattern,
} from '../../src/script/ast';
import { isIntWord, parseNumber, scanDigitInt } from '../../src/script/tokenRules';

/** Files the generated INCLUDEs name; a test that runs ld creates them (empty) next to the script. */
export const INCLUDE_FILES = ['inc_a.ld', 'inc b.ld'];

// ---------------------------------------------------------------------------------------------
// Name pools. Each mixes ordinary names with ones that need quoting in some lexer state.

/** Symbols: plain, `a/2` (one symbol in EXPRESSION state), number spellings, keywords. */
const SYMBOLS = [
  '_start', '__bss_start', 'end', 'a/2', 'x.y', '$foo', 'foo$bar', '__x~y', '\\odd',
  'abcd', 'ffh', '$ff', '10', '1foo', 'sym-with-dash', 'with space', 'x,y', 'a=b', 'a:b',
  'ORIGIN', 'l', 'NOLOAD', 'KEEP', 'ENTRY', 'SORT', 'AT', 'PROVIDE', 'TYPE', '/DISCARD/', '~',
];
const SECTION_NAMES = [
  '.text', '.data', '.bss', '.rodata.str1.1', '/DISCARD/', '.a-b', 'text:x', '.x,y', '.a+b',
  'sec with space', 'ENTRY', 'l', 'GROUP', 'OVERLAY', '~', '/=', '.t*', 'abcd', '$ff', '.note=x',
];
const REGION_NAMES = ['ram', 'rom', 'FLASH', 'r-1', 'l', 'my region', 'o', 'MEMORY'];
const REGION_ALIASES = ['REGION_TEXT', 'REGION_DATA', 'alias x'];
const PHDR_NAMES = ['text', 'data', 'hdr', 'PHDRS', 'p 1', 'FILEHDR'];
/** WILD-state patterns: almost every printable character is a name character there. */
const WILD_PATTERNS = [
  '*', '.text', '.text.*', '*crtbegin.o', 'lib*.a:*.o', '.ctors.[0-9]*', 'a=b', '?x', 'foo^',
  '.rel,a', '!neg', 'KEEP', 'SORT', '=', '+=', '[', ']', 'x y', '/*odd', 'a#b', 'EXCLUDE_FILE',
];
const EXCLUDE_NAMES = ['*crtend.o', '*otherfile.o', 'x y.o', 'KEEP'];
const SECTION_FLAGS = ['SHF_WRITE', 'SHF_ALLOC', 'SHF_EXECINSTR', 'SHF_MERGE', 'SHF_STRINGS'];
const INPUT_FILES = ['crt0.o', 'libc.a', '=/usr/lib/libfoo.so', 'with space.o', 'AS_NEEDED', '-odd', 'a,b.o', '/abs/x.o', '1st.o'];
const LIBRARIES = ['c', 'm', 'gcc_s', 'foo-bar', 'x.so'];
const SCRIPT_WORDS = ['foo', 'x.map', '/usr/lib', '=/lib', 'some dir', 'SECTIONS', 'out-file'];
const FORMATS = ['elf64-x86-64', 'elf32-i386', 'elf32-x86-64', 'binary'];
const ARCHES = ['i386:x86-64', 'i386', 'i386:x64-32'];
const MESSAGES = ['bad size', 'x', 'image too big: check .text', 'ORIGIN'];
const SEGMENTS = ['text-segment', 'data-segment', 'rodata-segment'];
const VERSION_TAGS = ['VERS_1.0', 'VERS_2.0', 'LIBFOO_1', '$v.1'];
const VERSION_GLOBS = ['foo', 'bar*', '*', 'ns::f*', '_Z*', 'a[bc]', '-x', '!y'];
const VERSION_LITERALS = ['foo bar', 'operator new(unsigned long)', 'plain', 'global'];
const LANGUAGES = ['C++', 'C', 'Java'];

// ---------------------------------------------------------------------------------------------
// Expressions

/** Number spellings of every form ld lexes in EXPRESSION state; the value is what ld makes of it. */
const numberLiteral: fc.Arbitrary<NumberLiteral> = fc
  .oneof(
    fc.nat(100000).map(String),
    fc.nat(0xffffffff).map((n) => `0x${n.toString(16)}`),
    fc.nat(0xffff).map((n) => `0X${n.toString(16).toUpperCase()}`),
    fc.tuple(fc.nat(512), fc.constantFrom('K', 'M', 'k', 'm')).map(([n, s]) => `${n}${s}`),
    fc.tuple(fc.nat(0xffff), fc.constantFrom('h', 'H', 'x', 'X')).map(([n, s]) => `${n.toString(16)}${s}`),
    fc.nat(255).map((n) => `${n.toString(2)}b`),
    fc.nat(4095).map((n) => `${n.toString(8)}o`),
    fc.nat(9999).map((n) => `${n}d`),
    fc.nat(0xffff).map((n) => `$${n.toString(16)}`),
    fc.nat(0o777).map((n) => `0${n.toString(8)}`),
  )
  // Keep only spellings that are one INT token (e.g. `1b` is, `0b10` is not a whole one).
  .filter((t) => (/^[0-9]/.test(t) ? scanDigitInt(t, 0) === t.length : isIntWord(t, 'E')))
  .map((text) => ({ kind: 'Number', value: parseNumber(text), text }) as NumberLiteral);

const BINARY_OPERATORS: BinaryOperator[] = [
  '*', '/', '%', '+', '-', '<<', '>>', '<', '>', '<=', '>=', '==', '!=', '&', '|', '&&', '||',
];
const ONE_ARG: CallFunction[] = ['ABSOLUTE', 'ALIGN', 'BLOCK', 'NEXT', 'LOG2CEIL', 'DATA_SEGMENT_END'];
const TWO_ARG: CallFunction[] = ['ALIGN', 'MAX', 'MIN', 'DATA_SEGMENT_ALIGN', 'DATA_SEGMENT_RELRO_END'];

function queryArbitrary(): fc.Arbitrary<Expr> {
  const q = (functions: QueryFunction[], names: string[]) =>
    fc.record({ function: fc.constantFrom(...functions), name: fc.constantFrom(...names) }).map((r) => ({ kind: 'Query', ...r }) as Expr);
  return fc.oneof(
    q(['ADDR', 'LOADADDR', 'SIZEOF', 'ALIGNOF'], SECTION_NAMES),
    q(['ORIGIN', 'LENGTH'], REGION_NAMES),
    q(['DEFINED'], SYMBOLS),
    q(['CONSTANT'], ['MAXPAGESIZE', 'COMMONPAGESIZE']),
  );
}

const symbolRef: fc.Arbitrary<Expr> = fc.constantFrom(...SYMBOLS, '.').map((name) => ({ kind: 'Symbol', name }) as Expr);

/** Any expression, nested up to `depth` levels. */
export const expressionArbitrary: (depth?: number) => fc.Arbitrary<Expr> = fc.memo((depth: number): fc.Arbitrary<Expr> => {
  const leaf = fc.oneof(
    { weight: 4, arbitrary: numberLiteral as fc.Arbitrary<Expr> },
    { weight: 4, arbitrary: symbolRef },
    { weight: 1, arbitrary: queryArbitrary() },
    { weight: 1, arbitrary: fc.constant({ kind: 'SizeofHeaders' } as Expr) },
  );
  if (depth <= 1) return leaf;
  const sub = expressionArbitrary(depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    {
      weight: 5,
      arbitrary: fc
        .constantFrom(...BINARY_OPERATORS)
        .chain((operator) =>
          fc.record({ left: sub, right: operator === '/' || operator === '%' ? divisor(sub) : sub })
            .map((r) => ({ kind: 'Binary', operator, ...r }) as Expr),
        ),
    },
    {
      weight: 2,
      arbitrary: fc.record({ operator: fc.constantFrom('-', '!', '~'), operand: sub }).map((r) => ({ kind: 'Unary', ...r }) as Expr),
    },
    {
      weight: 1,
      arbitrary: fc.record({ condition: sub, whenTrue: sub, whenFalse: sub }).map((r) => ({ kind: 'Ternary', ...r }) as Expr),
    },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.record({ function: fc.constantFrom(...ONE_ARG), a: sub }).map((r) => ({ kind: 'Call', function: r.function, args: [r.a] }) as Expr),
        fc.record({ function: fc.constantFrom(...TWO_ARG), a: sub, b: sub }).map((r) => ({ kind: 'Call', function: r.function, args: [r.a, r.b] }) as Expr),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.record({ segment: fc.constantFrom(...SEGMENTS), default: sub }).map((r) => ({ kind: 'SegmentStart', ...r }) as Expr),
    },
    {
      weight: 1,
      arbitrary: fc.record({ condition: sub, message: fc.constantFrom(...MESSAGES) }).map((r) => ({ kind: 'AssertExpr', ...r }) as Expr),
    },
  );
});

/**
 * Whether ld may fold `e` to a constant while parsing (ldexp.c folds an operator whose operands
 * are values as soon as it builds it); names, queries and ASSERT are never folded then.
 */
function mayFoldWhileParsing(e: Expr): boolean {
  switch (e.kind) {
    case 'Number':
      return true;
    case 'Unary':
      return mayFoldWhileParsing(e.operand);
    case 'Binary':
      return mayFoldWhileParsing(e.left) && mayFoldWhileParsing(e.right);
    case 'Ternary':
      return [e.condition, e.whenTrue, e.whenFalse].every(mayFoldWhileParsing);
    case 'Call':
      return e.args.every(mayFoldWhileParsing);
    default:
      return false;
  }
}

/** A right operand of `/` or `%` that ld cannot fold to zero while parsing ("/ by zero" is fatal). */
function divisor(sub: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> {
  return fc.oneof(
    numberLiteral.filter((n) => n.value !== 0n) as fc.Arbitrary<Expr>,
    sub.filter((e) => !mayFoldWhileParsing(e)),
  );
}

const expr = expressionArbitrary(4);

/**
 * Expressions ld evaluates while it parses (fill values, phdr types): constants only, and no
 * division, so the value exists.
 */
const constantExpression: fc.Arbitrary<Expr> = fc.oneof(
  { weight: 3, arbitrary: numberLiteral as fc.Arbitrary<Expr> },
  { weight: 1, arbitrary: numberLiteral.map((n) => ({ kind: 'Unary', operator: '~', operand: n }) as Expr) },
  {
    weight: 1,
    arbitrary: fc
      .record({ operator: fc.constantFrom<BinaryOperator>('+', '|', '*', '-'), left: numberLiteral, right: numberLiteral })
      .map((r) => ({ kind: 'Binary', ...r }) as Expr),
  },
);

const optional = <T>(a: fc.Arbitrary<T>, freq = 3) => fc.option(a, { nil: undefined, freq });

// ---------------------------------------------------------------------------------------------
// Statements shared by several places

const ASSIGNMENT_OPERATORS: AssignmentOperator[] = ['=', '+=', '-=', '*=', '/=', '<<=', '>>=', '&=', '|='];

const assignment: fc.Arbitrary<Assignment> = fc.oneof(
  fc
    .record({ symbol: fc.constantFrom(...SYMBOLS, '.'), operator: fc.constantFrom(...ASSIGNMENT_OPERATORS), value: expr })
    .map((r) => ({ kind: 'Assignment', ...r, provide: false, hidden: false }) as Assignment),
  fc
    .record({ symbol: fc.constantFrom(...SYMBOLS), value: expr, which: fc.constantFrom('PROVIDE', 'HIDDEN', 'PROVIDE_HIDDEN') })
    .map(
      (r) =>
        ({
          kind: 'Assignment', symbol: r.symbol, operator: '=', value: r.value,
          provide: r.which !== 'HIDDEN', hidden: r.which !== 'PROVIDE',
        }) as Assignment,
    ),
);

const assertStatement: fc.Arbitrary<Assert> = fc
  .record({ condition: expr, message: fc.constantFrom(...MESSAGES) })
  .map((r) => ({ kind: 'Assert', ...r }) as Assert);

function include<T>(): fc.Arbitrary<T> {
  return fc.constantFrom(...INCLUDE_FILES).map((file) => ({ kind: 'Include', file, commands: [] }) as T);
}

// ---------------------------------------------------------------------------------------------
// Inside an output section

const SECTION_SORTS: SortOrder[] = ['none', 'name', 'alignment', 'name-alignment', 'alignment-name', 'init-priority', 'sort-none'];

const excludeFiles = optional(fc.uniqueArray(fc.constantFrom(...EXCLUDE_NAMES), { minLength: 1, maxLength: 2 }), 4);

const sectionPattern: fc.Arbitrary<SectionPattern> = fc
  .record({ pattern: fc.constantFrom(...WILD_PATTERNS), sort: fc.constantFrom(...SECTION_SORTS), excludeFiles })
  .map((r) => r as SectionPattern);

const filePattern: fc.Arbitrary<FilePattern> = fc
  .record({ pattern: fc.constantFrom(...WILD_PATTERNS), sort: fc.constantFrom<SortOrder>('none', 'none', 'name', 'sort-none'), excludeFiles })
  .map((r) => r as FilePattern);

const sectionFlags: fc.Arbitrary<SectionFlag[] | undefined> = optional(
  fc.array(fc.record({ name: fc.constantFrom(...SECTION_FLAGS), negated: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  5,
);

const inputSections: fc.Arbitrary<InputSectionDescription> = fc
  .record({
    keep: fc.boolean(),
    flags: sectionFlags,
    shape: fc.constantFrom('file(sections)', 'file(sections)', 'file(sections)', '[sections]', 'bare file'),
    file: filePattern,
    bareFile: fc.constantFrom(...WILD_PATTERNS),
    sections: fc.array(sectionPattern, { minLength: 1, maxLength: 3 }),
  })
  .map((r) => {
    const d = { kind: 'InputSections', keep: r.keep, flags: r.flags } as InputSectionDescription;
    if (r.shape === 'file(sections)') return { ...d, file: r.file, sections: r.sections };
    if (r.shape === '[sections]') return { ...d, sections: r.sections };
    return { ...d, file: { pattern: r.bareFile, sort: 'none' } };
  });

const sectionStatement: fc.Arbitrary<SectionStatement> = fc.oneof(
  { weight: 8, arbitrary: inputSections as fc.Arbitrary<SectionStatement> },
  { weight: 3, arbitrary: assignment },
  { weight: 1, arbitrary: assertStatement },
  {
    weight: 1,
    arbitrary: fc
      .record({ size: fc.constantFrom('BYTE', 'SHORT', 'LONG', 'QUAD', 'SQUAD'), value: expr })
      .map((r) => ({ kind: 'Data', ...r }) as SectionStatement),
  },
  { weight: 1, arbitrary: constantExpression.map((value) => ({ kind: 'Fill', value }) as SectionStatement) },
  { weight: 1, arbitrary: fc.constant({ kind: 'CreateObjectSymbols' } as SectionStatement) },
  { weight: 1, arbitrary: fc.boolean().map((sorted) => ({ kind: 'Constructors', sorted }) as SectionStatement) },
  { weight: 1, arbitrary: include<SectionStatement>() },
);

const statements = fc.array(sectionStatement, { maxLength: 4 });

// ---------------------------------------------------------------------------------------------
// SECTIONS

const sectionType: fc.Arbitrary<OutputSectionType> = fc.oneof(
  fc.constantFrom('NOLOAD', 'DSECT', 'COPY', 'INFO', 'OVERLAY', 'READONLY').map((kind) => ({ kind }) as OutputSectionType),
  fc.record({ kind: fc.constantFrom('TYPE', 'READONLY_TYPE'), value: expr }).map((r) => r as OutputSectionType),
);

const phdrList = fc.array(fc.constantFrom(...PHDR_NAMES), { maxLength: 2 });

/** Address, BIND form, and type: ldgram.y's opt_exp_with_type. */
const addressAndType = fc
  .record({
    bind: fc.boolean(),
    address: expr,
    hasAddress: fc.boolean(),
    block: optional(expr),
    type: optional(sectionType),
  })
  .map((r) =>
    r.bind
      ? { address: r.address, bind: { block: r.block }, type: r.type }
      : { address: r.hasAddress ? r.address : undefined, bind: undefined, type: r.type },
  );

/** `> region`, `AT> region` and AT(…) the way ld accepts together (not AT(…) with AT>). */
const placement = fc
  .record({
    region: optional(fc.constantFrom(...REGION_NAMES)),
    loadRegion: optional(fc.constantFrom(...REGION_NAMES)),
    loadAddress: optional(expr),
  })
  .map((r) => (r.loadAddress !== undefined ? { ...r, loadRegion: undefined } : r));

const outputSection: fc.Arbitrary<OutputSection> = fc
  .record({
    name: fc.constantFrom(...SECTION_NAMES),
    head: addressAndType,
    placement,
    align: optional(expr),
    alignWithInput: fc.boolean(),
    subalign: optional(expr),
    constraint: optional(fc.constantFrom<'ONLY_IF_RO' | 'ONLY_IF_RW' | 'SPECIAL'>('ONLY_IF_RO', 'ONLY_IF_RW', 'SPECIAL')),
    statements,
    phdrs: phdrList,
    fill: optional(constantExpression),
  })
  .map(
    (r) =>
      ({
        kind: 'OutputSection',
        name: r.name,
        ...r.head,
        loadAddress: r.placement.loadAddress,
        // ld: "align with input and explicit align specified" is fatal.
        align: r.alignWithInput ? undefined : r.align,
        alignWithInput: r.alignWithInput,
        subalign: r.subalign,
        constraint: r.constraint,
        statements: r.statements,
        region: r.placement.region,
        loadRegion: r.placement.loadRegion,
        phdrs: r.phdrs,
        fill: r.fill,
      }) as OutputSection,
  );

const overlaySection: fc.Arbitrary<OverlaySection> = fc
  .record({ name: fc.constantFrom(...SECTION_NAMES), statements, phdrs: phdrList, fill: optional(constantExpression) })
  .map((r) => ({ kind: 'OverlaySection', ...r }) as OverlaySection);

const overlay: fc.Arbitrary<Overlay> = fc
  .record({
    address: optional(expr, 2),
    noCrossRefs: fc.boolean(),
    subalign: optional(expr),
    sections: fc.array(overlaySection, { minLength: 1, maxLength: 3 }),
    placement,
    phdrs: phdrList,
    fill: optional(constantExpression),
  })
  .map(
    (r) =>
      ({
        kind: 'Overlay', address: r.address, noCrossRefs: r.noCrossRefs, loadAddress: r.placement.loadAddress,
        subalign: r.subalign, sections: r.sections, region: r.placement.region, loadRegion: r.placement.loadRegion,
        phdrs: r.phdrs, fill: r.fill,
      }) as Overlay,
  );

const simpleSectionsCommand: fc.Arbitrary<SectionsCommand> = fc.oneof(
  { weight: 8, arbitrary: outputSection as fc.Arbitrary<SectionsCommand> },
  { weight: 3, arbitrary: assignment },
  { weight: 1, arbitrary: assertStatement },
  { weight: 1, arbitrary: fc.constantFrom(...SYMBOLS).map((symbol) => ({ kind: 'Entry', symbol }) as SectionsCommand) },
  { weight: 1, arbitrary: include<SectionsCommand>() },
  { weight: 1, arbitrary: overlay },
);

// GROUP inside SECTIONS: always with an address (ld 2.40 crashes on `GROUP : { … }`).
const sectionsGroup: fc.Arbitrary<SectionsGroup> = fc
  .record({ head: addressAndType, address: expr, commands: fc.array(simpleSectionsCommand, { maxLength: 3 }) })
  .map((r) => ({ kind: 'SectionsGroup', ...r.head, address: r.head.address ?? r.address, commands: r.commands }) as SectionsGroup);

const sectionsCommand: fc.Arbitrary<SectionsCommand> = fc.oneof(
  { weight: 12, arbitrary: simpleSectionsCommand },
  { weight: 1, arbitrary: sectionsGroup },
);

// ---------------------------------------------------------------------------------------------
// MEMORY, PHDRS, VERSION

/** Words of ld's memory attribute letters (lang_set_flags: anything else is fatal). */
const attributeWord = fc
  .uniqueArray(fc.constantFrom(...'rwxailRWXAIL'), { minLength: 1, maxLength: 3 })
  .map((letters) => letters.join(''));

/** MEMORY (unique region names, or ld stops) and REGION_ALIASes of its regions. */
const memoryWithAliases: fc.Arbitrary<TopLevelCommand[]> = fc
  .record({
    regions: fc.uniqueArray(
      fc.record({
        name: fc.constantFrom(...REGION_NAMES),
        attributes: optional(fc.array(fc.record({ negated: fc.boolean(), letters: attributeWord }), { minLength: 1, maxLength: 3 })),
        origin: expr,
        length: expr,
      }),
      { selector: (r) => r.name, minLength: 1, maxLength: 3 },
    ),
    includes: fc.array(include<MemoryCommand>(), { maxLength: 1 }),
    aliases: fc.uniqueArray(fc.constantFrom(...REGION_ALIASES), { maxLength: 2 }),
    aliasTargets: fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
  })
  .map((r) => {
    const regions = r.regions.map((x) => ({ kind: 'MemoryRegion', ...x }) as MemoryRegion);
    const memory = { kind: 'Memory', regions: [...regions, ...r.includes] } as Memory;
    const aliases = r.aliases.map(
      (alias, i) => ({ kind: 'RegionAlias', alias, region: regions[r.aliasTargets[i] % regions.length].name }) as RegionAlias,
    );
    return [memory, ...aliases];
  });

const phdrQualifiers: fc.Arbitrary<PhdrQualifier[]> = fc
  .shuffledSubarray(['FILEHDR', 'PHDRS', 'AT', 'FLAGS'])
  .chain((names) =>
    fc.tuple(...names.map((name) =>
      name === 'AT' || name === 'FLAGS'
        ? expr.map((value) => ({ kind: 'PhdrQualifier', name, value }) as PhdrQualifier)
        : fc.constant({ kind: 'PhdrQualifier', name } as PhdrQualifier),
    )),
  );

const phdrs: fc.Arbitrary<Phdrs> = fc
  .array(
    fc.record({
      name: fc.constantFrom(...PHDR_NAMES),
      // ld evaluates the type while parsing: a PT_ name it knows or a constant.
      type: fc.oneof(
        fc.constantFrom('PT_NULL', 'PT_LOAD', 'PT_DYNAMIC', 'PT_INTERP', 'PT_NOTE', 'PT_PHDR', 'PT_TLS', 'PT_GNU_STACK', 'PT_GNU_RELRO')
          .map((name) => ({ kind: 'Symbol', name }) as Expr),
        constantExpression,
      ),
      qualifiers: phdrQualifiers,
    }),
    { maxLength: 4 },
  )
  .map((headers) => ({ kind: 'Phdrs', headers: headers.map((h) => ({ kind: 'Phdr', ...h }) as PhdrDeclaration) }) as Phdrs);

const versionPatterns: fc.Arbitrary<VersionPattern[]> = fc
  .uniqueArray(
    fc.oneof(
      fc.constantFrom(...VERSION_GLOBS).map((pattern) => ({ pattern, literal: false })),
      fc.constantFrom(...VERSION_LITERALS).map((pattern) => ({ pattern, literal: true })),
    ),
    { selector: (p) => `${p.literal}:${p.pattern}`, minLength: 1, maxLength: 4 },
  )
  .chain((patterns) =>
    fc.tuple(...patterns.map((p) => optional(fc.constantFrom(...LANGUAGES), 3).map((language) => (language ? { ...p, language } : p)))),
  );

type VersionBody = Pick<VersionNode, 'global' | 'local' | 'labels'>;

const versionBody: fc.Arbitrary<VersionBody> = fc.oneof(
  fc.record({ global: versionPatterns, local: versionPatterns }).map((b): VersionBody => ({ ...b, labels: ['global', 'local'] })),
  versionPatterns.map((global): VersionBody => ({ global, local: [], labels: ['global'] })),
  versionPatterns.map((local): VersionBody => ({ global: [], local, labels: ['local'] })),
  versionPatterns.map((global): VersionBody => ({ global, local: [], labels: [] })),
  fc.constant(null).map((): VersionBody => ({ global: [], local: [], labels: [] })),
);

/** Either one anonymous node, or named nodes depending only on earlier ones. */
const version: fc.Arbitrary<Version> = fc.oneof(
  versionBody.map((body) => ({ kind: 'Version', nodes: [{ kind: 'VersionNode', ...body, dependencies: [] as string[] } as VersionNode] }) as Version),
  fc
    .uniqueArray(fc.constantFrom(...VERSION_TAGS), { minLength: 1, maxLength: 3 })
    .chain((tags) =>
      fc.tuple(...tags.map((tag, i) =>
        fc.record({ body: versionBody, dependencies: fc.subarray(tags.slice(0, i), { maxLength: Math.min(1, i) }) })
          .map((r) => ({ kind: 'VersionNode', tag, ...r.body, dependencies: r.dependencies }) as VersionNode),
      )),
    )
    .map((nodes) => ({ kind: 'Version', nodes }) as Version),
);

// ---------------------------------------------------------------------------------------------
// Top level

const inputItems: fc.Arbitrary<InputListItem[]> = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...INPUT_FILES).map((name) => ({ kind: 'InputFile', name, library: false }) as InputListItem) },
    { weight: 2, arbitrary: fc.constantFrom(...LIBRARIES).map((name) => ({ kind: 'InputFile', name, library: true }) as InputListItem) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.constantFrom(...LIBRARIES).map((name) => ({ kind: 'InputFile', name, library: true }) as InputListItem), { minLength: 1, maxLength: 2 })
        .map((items) => ({ kind: 'AsNeeded', items }) as InputListItem),
    },
  ),
  { minLength: 1, maxLength: 4 },
);

const word = fc.constantFrom(...SCRIPT_WORDS);

const otherTopLevel: fc.Arbitrary<TopLevelCommand> = fc.oneof(
  { weight: 3, arbitrary: assignment as fc.Arbitrary<TopLevelCommand> },
  { weight: 1, arbitrary: assertStatement },
  { weight: 1, arbitrary: fc.constantFrom(...SYMBOLS).map((symbol) => ({ kind: 'Entry', symbol }) as TopLevelCommand) },
  { weight: 1, arbitrary: include<TopLevelCommand>() },
  { weight: 1, arbitrary: fc.record({ group: fc.boolean(), items: inputItems }).map((r) => ({ kind: 'Input', ...r }) as TopLevelCommand) },
  { weight: 1, arbitrary: word.map((file) => ({ kind: 'Output', file }) as TopLevelCommand) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.tuple(fc.constantFrom(...FORMATS)), fc.tuple(fc.constantFrom(...FORMATS), fc.constantFrom(...FORMATS), fc.constantFrom(...FORMATS)))
      .map((formats) => ({ kind: 'OutputFormat', formats }) as TopLevelCommand),
  },
  { weight: 1, arbitrary: fc.constantFrom(...ARCHES).map((arch) => ({ kind: 'OutputArch', arch }) as TopLevelCommand) },
  { weight: 1, arbitrary: fc.constantFrom(...FORMATS).map((target) => ({ kind: 'Target', target }) as TopLevelCommand) },
  { weight: 1, arbitrary: word.map((dir) => ({ kind: 'SearchDir', dir }) as TopLevelCommand) },
  { weight: 1, arbitrary: word.map((file) => ({ kind: 'Startup', file }) as TopLevelCommand) },
  { weight: 1, arbitrary: word.map((file) => ({ kind: 'Map', file }) as TopLevelCommand) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('FORCE_COMMON_ALLOCATION', 'INHIBIT_COMMON_ALLOCATION', 'FORCE_GROUP_ALLOCATION', 'FLOAT', 'NOFLOAT')
      .map((command) => ({ kind: 'Simple', command }) as TopLevelCommand),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ to: fc.boolean(), sections: fc.array(fc.constantFrom(...SECTION_NAMES), { maxLength: 3 }) })
      .map((r) => ({ kind: 'NoCrossRefs', ...r }) as TopLevelCommand),
  },
  {
    weight: 1,
    arbitrary: fc.array(fc.constantFrom(...SYMBOLS), { minLength: 1, maxLength: 3 }).map((symbols) => ({ kind: 'Extern', symbols }) as TopLevelCommand),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ position: fc.constantFrom<'AFTER' | 'BEFORE'>('AFTER', 'BEFORE'), section: fc.constantFrom(...SECTION_NAMES) })
      .map((r) => ({ kind: 'Insert', ...r }) as TopLevelCommand),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'LdFeature', feature: 'SANE_EXPR' } as TopLevelCommand) },
  { weight: 1, arbitrary: fc.array(word, { maxLength: 2 }).map((files) => ({ kind: 'HighLevelLibrary', files }) as TopLevelCommand) },
  { weight: 1, arbitrary: fc.array(word, { maxLength: 2 }).map((files) => ({ kind: 'LowLevelLibrary', files }) as TopLevelCommand) },
);

const sections: fc.Arbitrary<TopLevelCommand> = fc
  .array(sectionsCommand, { maxLength: 6 })
  .map((commands) => ({ kind: 'Sections', commands }) as TopLevelCommand);

/** A whole script: at most one MEMORY (with its aliases) and one VERSION, anything else. */
export const scriptArbitrary: fc.Arbitrary<Script> = fc
  .record({
    memory: fc.option(memoryWithAliases, { nil: [] as TopLevelCommand[], freq: 2 }),
    phdrs: fc.array(phdrs, { maxLength: 1 }),
    version: fc.array(version, { maxLength: 1 }),
    sections: fc.array(sections, { minLength: 1, maxLength: 2 }),
    others: fc.array(otherTopLevel, { maxLength: 5 }),
    order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  })
  .map((r) => {
    // MEMORY first (REGION_ALIAS needs its regions); the rest in a drawn order.
    // ld: "multiple STARTUP files" is fatal.
    const others = r.others.filter((c, i) => c.kind !== 'Startup' || r.others.findIndex((o) => o.kind === 'Startup') === i);
    const rest: TopLevelCommand[] = [...r.phdrs, ...r.version, ...r.sections, ...others];
    const shuffled = rest
      .map((c, i) => ({ c, key: r.order[i % r.order.length] * 31 + i }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.c);
    return { kind: 'Script', commands: [...r.memory, ...shuffled] } as unknown as Script;
  });
