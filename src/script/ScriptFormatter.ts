/**
 * `ldscope fmt`: prints a script AST in one canonical layout, the way `gofmt` does for Go.
 *
 * The layout follows GNU ld's own default scripts (`ld --verbose`): top-level blocks with the
 * brace on its own line, one statement per line, two-space indentation, an output section
 * with a single input section description on one line (`.interp : { *(.interp) }`), spaces
 * around binary operators and `=`. Numbers keep their spelling (`NumberLiteral.text`);
 * parentheses are the minimum ld's precedence table needs. Comments are not in the AST, so
 * they are dropped. An INCLUDE is printed as `INCLUDE file`; the included text is not inlined.
 *
 * The hard part is that ld's lexer is context dependent (ldlex.l): the same characters are
 * one NAME in one lexer state and several tokens in another. Every name is therefore printed
 * for the state ld will read it in, and quoted when it would not come back as that same single
 * NAME (a keyword of the state, a number spelling, characters the state does not allow in a
 * name). A quoted name is always a NAME in ld and cannot contain `"`; a name that cannot be
 * written at all is an error, never a silent change. The output parses back to the same AST
 * (locations aside), both with ldscope's parser and with GNU ld 2.40.
 */
import { LdscopeError } from '../diagnostics/errors';
import type { SourceRange } from '../diagnostics/SourceRange';
import type {
  Assert,
  Assignment,
  BinaryOperator,
  Expr,
  FilePattern,
  InputListItem,
  InputSectionDescription,
  MemoryCommand,
  MemoryRegion,
  NumberLiteral,
  OutputSection,
  OutputSectionType,
  Overlay,
  OverlaySection,
  PhdrDeclaration,
  Script,
  SectionPattern,
  SectionStatement,
  SectionsCommand,
  SectionsGroup,
  SortOrder,
  TopLevelCommand,
  VersionNode,
  VersionPattern,
} from './ast';
import * as T from './tokenRules';

/** The AST holds something no script text can express (e.g. a name containing `"`). */
export class UnformattableScriptError extends LdscopeError {
  constructor(message: string, node?: { range?: SourceRange }) {
    const at = node?.range ? `${node.range.file}:${node.range.line}:${node.range.column}: ` : '';
    super(`${at}error: cannot format: ${message}`, 2);
  }
}

/** Formats a whole script; the result ends with a newline unless the script is empty. */
export function formatScript(script: Script): string {
  const lines = topLevelLines(script.commands);
  return lines.length === 0 ? '' : lines.join('\n') + '\n';
}

/** Formats one expression as it would appear in a script (EXPRESSION state). */
export function formatExpression(e: Expr): string {
  return expression(e, 0);
}

const INDENT = '  ';

function indent(lines: string[]): string[] {
  return lines.map((l) => (l === '' ? l : INDENT + l));
}

function block(head: string, body: string[], closing = '}'): string[] {
  return [head, '{', ...indent(body), closing];
}

// =============================================================================================
// Names, per lexer state (ldlex.l)

const FILENAME_WORD = /^[_a-zA-Z/.\\$~][_a-zA-Z0-9/.\\$~\-+:[\],=]*$/;
const FILENAME_CHARS = /^[_a-zA-Z0-9/.\\$~\-+:[\],=]+$/;
const SYMBOL_WORD = /^[_a-zA-Z.\\$][_a-zA-Z0-9/.\\$~]*$/;
const WILD_WORD = /^[_a-zA-Z0-9/.\\$~\-+:[\],=?*^!]+$/;
const VERSION_TAG = /^[.$_a-zA-Z][._a-zA-Z0-9]*$/;
const VERSION_IDENTIFIER = /^[*?.$_a-zA-Z[\]\-!^\\](?:[*?.$_a-zA-Z0-9[\]\-!^\\]|::)*$/;

/**
 * Tokens that SCRIPT state reads as an operator although they are NAME-shaped: flex prefers
 * the earlier rule on a tie, and `~` and `/=` come before the NAME rule.
 */
const SCRIPT_OPERATOR_WORDS: ReadonlySet<string> = new Set(['~', '/=']);

/** `"name"`: always a single NAME in every state; ld has no escape for `"`. */
function quoted(name: string): string {
  if (name.includes('"')) throw new UnformattableScriptError(`name ${JSON.stringify(name)} contains '"', which no ld token can hold`);
  return `"${name}"`;
}

/** A NAME in SCRIPT state: file, section, region, phdr or (at top level) symbol name. */
function nameS(name: string): string {
  const bare = FILENAME_WORD.test(name) && !T.isScriptKeywordOrInt(name) && !SCRIPT_OPERATOR_WORDS.has(name);
  return bare ? name : quoted(name);
}

/** A NAME in EXPRESSION state: a symbol. `a/2` is one symbol here, so it needs no quotes. */
function nameE(name: string): string {
  const bare = SYMBOL_WORD.test(name) && !T.isExpressionKeywordOrInt(name);
  return bare ? name : quoted(name);
}

/**
 * A NAME in WILD state (inside an output section): almost every printable character is part
 * of a name; a run starting with `/*` is a comment instead (ldlex.l puts it back).
 */
function nameW(name: string): string {
  const bare = WILD_WORD.test(name) && !T.isWildReserved(name) && !name.startsWith('/*');
  return bare ? name : quoted(name);
}

/** A file name in INPUTLIST state (INPUT, GROUP, AS_NEEDED). */
function nameI(name: string): string {
  const bare =
    (FILENAME_WORD.test(name) && name !== 'AS_NEEDED') ||
    (name.startsWith('=') && FILENAME_WORD.test(name.slice(1)));
  return bare ? name : quoted(name);
}

function versionTag(tag: string): string {
  if (!VERSION_TAG.test(tag)) throw new UnformattableScriptError(`version tag ${JSON.stringify(tag)} is not a VERS_TAG and tags cannot be quoted`);
  return tag;
}

function versionPattern(p: VersionPattern): string {
  if (p.literal) return quoted(p.pattern);
  if (!VERSION_IDENTIFIER.test(p.pattern)) {
    throw new UnformattableScriptError(`version pattern ${JSON.stringify(p.pattern)} is not a glob ld can read (quoting it would make it literal)`);
  }
  return p.pattern;
}

// =============================================================================================
// Expressions

/** Binding strength, ldgram.y's %left/%right lines (higher binds tighter). */
const BINARY_PRECEDENCE: Record<BinaryOperator, number> = {
  '||': 2,
  '&&': 3,
  '|': 4,
  '^': 5,
  '&': 6,
  '==': 7,
  '!=': 7,
  '<': 8,
  '>': 8,
  '<=': 8,
  '>=': 8,
  '<<': 9,
  '>>': 9,
  '+': 10,
  '-': 10,
  '*': 11,
  '/': 11,
  '%': 11,
};
const TERNARY_PRECEDENCE = 1;
const UNARY_PRECEDENCE = 12;
const PRIMARY_PRECEDENCE = 13;

function precedence(e: Expr): number {
  switch (e.kind) {
    case 'Binary':
      return BINARY_PRECEDENCE[e.operator];
    case 'Ternary':
      return TERNARY_PRECEDENCE;
    case 'Unary':
      return UNARY_PRECEDENCE;
    default:
      return PRIMARY_PRECEDENCE;
  }
}

/** `e` in a context that binds at least `min` tightly: parenthesised if it binds looser. */
function expression(e: Expr, min: number): string {
  const text = bareExpression(e);
  return precedence(e) < min ? `(${text})` : text;
}

function bareExpression(e: Expr): string {
  switch (e.kind) {
    case 'Number':
      return numberText(e);
    case 'Symbol':
      return nameE(e.name);
    case 'Unary':
      // `--x`, `!!x`, `~-x` are fine: ld has no `--` or `!!` token.
      return `${e.operator}${expression(e.operand, UNARY_PRECEDENCE)}`;
    case 'Binary': {
      if (e.operator === '^') {
        // ldgram.y has a rule for it, but ldlex.l has no `^` token in EXPRESSION state.
        throw new UnformattableScriptError("GNU ld cannot read the '^' operator (ldlex.l has no such token)", e);
      }
      const p = BINARY_PRECEDENCE[e.operator];
      // Left associative: the right operand needs parentheses at equal precedence. Spaces
      // around every operator keep `a / 2` from lexing as the symbol `a/2`.
      return `${expression(e.left, p)} ${e.operator} ${expression(e.right, p + 1)}`;
    }
    case 'Ternary':
      // Right associative; the condition is an `||` expression or tighter.
      return `${expression(e.condition, TERNARY_PRECEDENCE + 1)} ? ${expression(e.whenTrue, 0)} : ${expression(e.whenFalse, TERNARY_PRECEDENCE)}`;
    case 'Call':
      return `${e.function}(${e.args.map((a) => expression(a, 0)).join(', ')})`;
    case 'Query':
      // DEFINED and CONSTANT read their name in EXPRESSION state; the others use ldgram.y's
      // paren_script_name, which switches to SCRIPT state.
      return `${e.function}(${e.function === 'DEFINED' || e.function === 'CONSTANT' ? nameE(e.name) : nameS(e.name)})`;
    case 'SizeofHeaders':
      return 'SIZEOF_HEADERS';
    case 'SegmentStart':
      // The segment is a SCRIPT-state NAME followed by `,`, which SCRIPT names may contain.
      return `SEGMENT_START(${quoted(e.segment)}, ${expression(e.default, 0)})`;
    case 'AssertExpr':
      return `ASSERT(${expression(e.condition, 0)}, ${quoted(e.message)})`;
  }
}

/** The number's own spelling, checked to be one INT token of that value in EXPRESSION state. */
function numberText(n: NumberLiteral): string {
  const t = n.text;
  const oneToken = /^[0-9]/.test(t) ? T.scanDigitInt(t, 0) === t.length : T.isIntWord(t, 'E');
  if (!oneToken || T.parseNumber(t) !== n.value) {
    throw new UnformattableScriptError(`number spelling ${JSON.stringify(t)} does not read back as ${n.value}`, n);
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Where ld reads the first token of what follows in another lexer state than ldscope's grammar
// names: printing must make both readings agree.

const SCRIPT_GENERAL_INT = /^(?:0[xX][0-9A-Fa-f]+|[0-9]+)[MKmk]?/;
const LEADING_SYMBOL = /^[_a-zA-Z.\\$][_a-zA-Z0-9/.\\$~]*/;
const LEADING_FILENAME = /^[_a-zA-Z/.\\$~][_a-zA-Z0-9/.\\$~\-+:[\],=]*/;

type TokenKind = 'int' | 'keyword' | 'name';

function wordKind(word: string, state: 'S' | 'E'): TokenKind {
  if (T.isIntWord(word, state)) return 'int';
  return (state === 'S' ? T.SCRIPT_KEYWORDS : T.EXPRESSION_KEYWORDS).has(word) ? 'keyword' : 'name';
}

/**
 * An output section's address: bison reads its first token as the look-ahead that tells a
 * section from an assignment, so ld lexes that token in SCRIPT state (ldlex.l says so). When
 * the printed expression starts with a token SCRIPT state reads differently (`10h`, `~x`,
 * a symbol named like a SCRIPT keyword), it is parenthesised; `(` reads the same everywhere.
 */
function firstTokenReadsSameInScript(text: string): boolean {
  const c = text[0];
  if (c === '(' || c === '"' || c === '-' || c === '+' || c === '!') return true;
  if (c === '~') return !/^~[_a-zA-Z0-9/.\\$~\-+:[\],=]/.test(text);
  if (/[0-9]/.test(c)) return T.scanDigitInt(text, 0) === (SCRIPT_GENERAL_INT.exec(text)?.[0].length ?? 0);
  const e = LEADING_SYMBOL.exec(text)?.[0];
  const s = LEADING_FILENAME.exec(text)?.[0];
  return e !== undefined && e === s && wordKind(e, 'E') === wordKind(s, 'S');
}

function outputSectionAddress(e: Expr): string {
  const text = expression(e, 0);
  return firstTokenReadsSameInScript(text) ? text : `(${text})`;
}

/**
 * After an expression that ends a statement without a terminator (an output section's fill,
 * a MEMORY region's LENGTH), ld reads the next token in EXPRESSION state to see that the
 * expression is over; it re-reads it in SCRIPT state only if that token was a NAME. A `,`
 * (ld's opt_comma) is printed after the expression when the next statement would start with
 * anything else there (`/name`, a number spelling, an EXPRESSION-only keyword).
 */
function readsSafelyAfterExpression(next: string): boolean {
  const c = next[0];
  if (c === '"' || c === '}') return true;
  if (next.startsWith('/DISCARD/')) return true; // ldlex.l's special NAME rule for this case
  const e = LEADING_SYMBOL.exec(next)?.[0];
  if (e === undefined) return false;
  const kind = wordKind(e, 'E');
  if (kind === 'name') return true;
  if (kind === 'int') return false;
  // A keyword of both states is the same token either way.
  return LEADING_FILENAME.exec(next)?.[0] === e && T.SCRIPT_KEYWORDS.has(e);
}

/** Joins rendered items, adding `,` after one that ends in an open expression when needed. */
function separatedItems(items: { lines: string[]; endsWithExpression: boolean }[]): string[] {
  const out: string[] = [];
  items.forEach((item, i) => {
    const lines = [...item.lines];
    const next = items[i + 1];
    if (item.endsWithExpression && next && !readsSafelyAfterExpression(next.lines[0])) {
      lines[lines.length - 1] += ',';
    }
    out.push(...lines);
  });
  return out;
}

// =============================================================================================
// Top level

function topLevelLines(commands: TopLevelCommand[]): string[] {
  const out: string[] = [];
  let previousWasBlock = false;
  commands.forEach((c, i) => {
    const lines = topLevelCommand(c);
    const isBlock = lines.length > 1;
    // A blank line around each multi-line block (SECTIONS, MEMORY, …) and nowhere else.
    if (i > 0 && (isBlock || previousWasBlock)) out.push('');
    out.push(...lines);
    previousWasBlock = isBlock;
  });
  return out;
}

function nonEmpty<T>(list: T[], what: string, node: { range?: SourceRange }): T[] {
  if (list.length === 0) throw new UnformattableScriptError(`${what} cannot be empty`, node);
  return list;
}

function topLevelCommand(c: TopLevelCommand): string[] {
  switch (c.kind) {
    case 'Assignment':
      return [assignment(c, nameS)];
    case 'Assert':
      return [assertStatement(c)];
    case 'Entry':
      return [`ENTRY(${nameS(c.symbol)})`];
    case 'Include':
      return [`INCLUDE ${nameS(c.file)}`];
    case 'Sections':
      return block('SECTIONS', sectionsCommands(c.commands));
    case 'Memory':
      return block('MEMORY', memoryCommands(c.regions));
    case 'Phdrs':
      return block('PHDRS', c.headers.map(phdr));
    case 'Version':
      return block('VERSION', nonEmpty(c.nodes, 'VERSION', c).flatMap(versionNode));
    case 'Input':
      return [`${c.group ? 'GROUP' : 'INPUT'}(${inputList(c.items, c)})`];
    case 'Output':
      return [`OUTPUT(${nameS(c.file)})`];
    case 'OutputFormat':
      // Quoted like ld's own scripts: a SCRIPT-state name may contain the `,` that follows it.
      if (c.formats.length !== 1 && c.formats.length !== 3) {
        throw new UnformattableScriptError('OUTPUT_FORMAT takes one or three names', c);
      }
      return [`OUTPUT_FORMAT(${c.formats.map((f) => quoted(f)).join(', ')})`];
    case 'OutputArch':
      return [`OUTPUT_ARCH(${nameS(c.arch)})`];
    case 'Target':
      return [`TARGET(${nameS(c.target)})`];
    case 'SearchDir':
      return [`SEARCH_DIR(${nameS(c.dir)})`];
    case 'Startup':
      return [`STARTUP(${nameS(c.file)})`];
    case 'Map':
      return [`MAP(${nameS(c.file)})`];
    case 'Simple':
      return [c.command];
    case 'NoCrossRefs':
      return [`${c.to ? 'NOCROSSREFS_TO' : 'NOCROSSREFS'}(${c.sections.map(nameS).join(' ')})`];
    case 'Extern':
      return [`EXTERN(${nonEmpty(c.symbols, 'EXTERN', c).map(nameE).join(' ')})`];
    case 'Insert':
      return [`INSERT ${c.position} ${nameS(c.section)}`];
    case 'RegionAlias':
      return [`REGION_ALIAS(${quoted(c.alias)}, ${nameS(c.region)})`];
    case 'LdFeature':
      return [`LD_FEATURE(${nameS(c.feature)})`];
    case 'HighLevelLibrary':
      return [`HLL(${c.files.map(nameS).join(' ')})`];
    case 'LowLevelLibrary':
      return [`SYSLIB(${c.files.map(nameS).join(' ')})`];
  }
}

/** `sym = exp;`, `sym += exp;`, PROVIDE(…); the symbol is a NAME of the enclosing state. */
function assignment(a: Assignment, name: (n: string) => string): string {
  const value = expression(a.value, 0);
  if (!a.provide && !a.hidden) return `${name(a.symbol)} ${a.operator} ${value};`;
  if (a.operator !== '=') {
    throw new UnformattableScriptError(`PROVIDE/HIDDEN only take '=', not '${a.operator}'`, a);
  }
  const keyword = a.provide ? (a.hidden ? 'PROVIDE_HIDDEN' : 'PROVIDE') : 'HIDDEN';
  return `${keyword}(${name(a.symbol)} = ${value});`;
}

function assertStatement(a: Assert): string {
  return `ASSERT(${expression(a.condition, 0)}, ${quoted(a.message)})`;
}

function inputList(items: InputListItem[], node: { range?: SourceRange }): string {
  return nonEmpty(items, 'an INPUT/GROUP/AS_NEEDED list', node)
    .map((item) => {
      if (item.kind === 'AsNeeded') return `AS_NEEDED(${inputList(item.items, item)})`;
      if (!item.library) return nameI(item.name);
      // `-lNAME` has no quoted form: a quoted "-lfoo" is a file of that name.
      if (!FILENAME_CHARS.test(item.name)) {
        throw new UnformattableScriptError(`library name ${JSON.stringify(item.name)} cannot follow -l`, item);
      }
      return `-l${item.name}`;
    })
    .join(' ');
}

// =============================================================================================
// MEMORY

function memoryCommands(commands: MemoryCommand[]): string[] {
  return separatedItems(
    commands.map((c) =>
      c.kind === 'Include'
        ? { lines: [`INCLUDE ${nameS(c.file)}`], endsWithExpression: false }
        : { lines: [memoryRegion(c)], endsWithExpression: true },
    ),
  );
}

function memoryRegion(r: MemoryRegion): string {
  let attributes = '';
  if (r.attributes) {
    nonEmpty(r.attributes, 'a MEMORY attribute list', r);
    // `(rx!w)`: a `!` separates words by itself; plain words need a blank between them.
    attributes = ' (' + r.attributes.map((a, i) => (a.negated ? '!' : i > 0 ? ' ' : '') + nameS(a.letters)).join('') + ')';
  }
  return `${nameS(r.name)}${attributes} : ORIGIN = ${expression(r.origin, 0)}, LENGTH = ${expression(r.length, 0)}`;
}

// =============================================================================================
// PHDRS

function phdr(h: PhdrDeclaration): string {
  const parts = [nameS(h.name), expression(h.type, 0)];
  for (const q of h.qualifiers) {
    if (q.name === 'AT' && q.value) parts.push(`AT(${expression(q.value, 0)})`);
    else parts.push(q.value ? `${nameE(q.name)}(${expression(q.value, 0)})` : nameE(q.name));
  }
  return parts.join(' ') + ';';
}

// =============================================================================================
// VERSION

function versionNode(n: VersionNode): string[] {
  if (n.tag === undefined && n.dependencies.length > 0) {
    throw new UnformattableScriptError('an anonymous version node cannot have dependencies', n);
  }
  const closing = ['}', ...n.dependencies.map(versionTag)].join(' ') + ';';
  const body = versionBody(n);
  const head = n.tag === undefined ? [] : [versionTag(n.tag)];
  if (body.length === 0) return [[...head, '{', closing].join(' ')];
  return [...head, '{', ...indent(body), closing];
}

function versionBody(n: VersionNode): string[] {
  const labels = n.labels.join(',');
  const shapes: Record<string, boolean> = {
    'global,local': n.global.length > 0 && n.local.length > 0,
    global: n.global.length > 0 && n.local.length === 0,
    local: n.global.length === 0 && n.local.length > 0,
    '': n.local.length === 0,
  };
  if (!shapes[labels]) {
    throw new UnformattableScriptError(`version node with labels [${labels}] and ${n.global.length} global, ${n.local.length} local patterns has no ld syntax`, n);
  }
  if (labels === '') return versionDefinitions(n.global);
  const out: string[] = [];
  if (n.labels.includes('global')) out.push('global:', ...indent(versionDefinitions(n.global)));
  if (n.labels.includes('local')) out.push('local:', ...indent(versionDefinitions(n.local)));
  return out;
}

/** One pattern per line; consecutive patterns of one language share an `extern` block. */
function versionDefinitions(patterns: VersionPattern[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < patterns.length) {
    const language = patterns[i].language;
    let j = i;
    while (j < patterns.length && patterns[j].language === language) j++;
    const lines = patterns.slice(i, j).map((p) => versionPattern(p) + ';');
    if (language === undefined) out.push(...lines);
    else out.push(...block(`extern ${quoted(language)}`, lines, '};'));
    i = j;
  }
  return out;
}

// =============================================================================================
// SECTIONS

function sectionsCommands(commands: SectionsCommand[]): string[] {
  return separatedItems(
    commands.map((c) => ({
      lines: sectionsCommand(c),
      endsWithExpression: (c.kind === 'OutputSection' || c.kind === 'Overlay') && c.fill !== undefined,
    })),
  );
}

function sectionsCommand(c: SectionsCommand): string[] {
  switch (c.kind) {
    case 'OutputSection':
      return outputSection(c);
    case 'Overlay':
      return overlay(c);
    case 'Assignment':
      return [assignment(c, nameS)];
    case 'Assert':
      // No separator: in SECTIONS, ldgram.y's statement_anywhere ASSERT takes none.
      return [assertStatement(c)];
    case 'Entry':
      return [`ENTRY(${nameS(c.symbol)})`];
    case 'SectionsGroup':
      return sectionsGroup(c);
    case 'Include':
      return [`INCLUDE ${nameS(c.file)}`];
  }
}

function sectionType(t: OutputSectionType): string {
  switch (t.kind) {
    case 'TYPE':
      return `(TYPE = ${expression(t.value, 0)})`;
    case 'READONLY_TYPE':
      return `(READONLY (TYPE = ${expression(t.value, 0)}))`;
    default:
      return `(${t.kind})`;
  }
}

/** ldgram.y's opt_exp_with_type: `addr (type)`, `(type)`, or `BIND(addr) BLOCK(b) (type)`. */
function addressAndType(
  node: OutputSection | SectionsGroup,
  address: (e: Expr) => string,
): string[] {
  const parts: string[] = [];
  if (node.bind) {
    if (!node.address) throw new UnformattableScriptError('BIND needs an address', node);
    parts.push(`BIND(${expression(node.address, 0)})`);
    if (node.bind.block) parts.push(`BLOCK(${expression(node.bind.block, 0)})`);
  } else if (node.address) {
    parts.push(address(node.address));
  }
  if (node.type) parts.push(sectionType(node.type));
  return parts;
}

function outputSection(s: OutputSection): string[] {
  const head = [nameS(s.name), ...addressAndType(s, outputSectionAddress), ':'];
  if (s.loadAddress) head.push(`AT(${expression(s.loadAddress, 0)})`);
  if (s.align) head.push(`ALIGN(${expression(s.align, 0)})`);
  if (s.alignWithInput) head.push('ALIGN_WITH_INPUT');
  if (s.subalign) head.push(`SUBALIGN(${expression(s.subalign, 0)})`);
  if (s.constraint) head.push(s.constraint);
  return braced(head.join(' '), s.statements, sectionTail(s));
}

/** After `}`: `> region AT> region :phdr … = fill`, all read in SCRIPT state. */
function sectionTail(s: { region?: string; loadRegion?: string; phdrs: string[]; fill?: Expr }): string {
  let tail = '';
  if (s.region !== undefined) tail += ` > ${nameS(s.region)}`;
  if (s.loadRegion !== undefined) tail += ` AT> ${nameS(s.loadRegion)}`;
  for (const p of s.phdrs) tail += ` :${nameS(p)}`;
  if (s.fill) tail += ` = ${expression(s.fill, 0)}`;
  return tail;
}

/**
 * A brace-enclosed statement list: `{ }` when empty, one line for a single input section
 * description (ld's default scripts do this), otherwise the braces on lines of their own.
 */
function braced(head: string, statements: SectionStatement[], tail: string): string[] {
  if (statements.length === 0) return [`${head} { }${tail}`];
  const body = statements.map(sectionStatement);
  if (statements.length === 1 && statements[0].kind === 'InputSections') return [`${head} { ${body[0]} }${tail}`];
  return [head, '{', ...indent(body), `}${tail}`];
}

function overlay(o: Overlay): string[] {
  const head = ['OVERLAY'];
  // OVERLAY is a keyword, so bison switches to EXPRESSION state before reading the address.
  if (o.address) head.push(expression(o.address, 0));
  head.push(':');
  if (o.noCrossRefs) head.push('NOCROSSREFS');
  if (o.loadAddress) head.push(`AT(${expression(o.loadAddress, 0)})`);
  if (o.subalign) head.push(`SUBALIGN(${expression(o.subalign, 0)})`);
  const sections = separatedItems(
    o.sections.map((s) => ({ lines: overlaySection(s), endsWithExpression: s.fill !== undefined })),
  );
  return [head.join(' '), '{', ...indent(sections), `}${sectionTail(o)}`];
}

function overlaySection(s: OverlaySection): string[] {
  return braced(nameS(s.name), s.statements, sectionTail({ phdrs: s.phdrs, fill: s.fill }));
}

function sectionsGroup(g: SectionsGroup): string[] {
  const head = ['GROUP', ...addressAndType(g, (e) => expression(e, 0)), ':'].join(' ');
  return block(head, sectionsCommands(g.commands));
}

// =============================================================================================
// Inside an output section (WILD state)

function sectionStatement(s: SectionStatement): string {
  switch (s.kind) {
    case 'InputSections':
      return inputSections(s);
    case 'Assignment':
      return assignment(s, nameW);
    case 'Assert':
      // Inside an output section ASSERT needs a separator (ldgram.y `statement`).
      return `${assertStatement(s)};`;
    case 'Data':
      return `${s.size}(${expression(s.value, 0)});`;
    case 'Fill':
      return `FILL(${expression(s.value, 0)});`;
    case 'CreateObjectSymbols':
      return 'CREATE_OBJECT_SYMBOLS';
    case 'Constructors':
      return s.sorted ? 'SORT_BY_NAME(CONSTRUCTORS)' : 'CONSTRUCTORS';
    case 'Include':
      return `INCLUDE ${nameW(s.file)}`;
  }
}

function inputSections(d: InputSectionDescription): string {
  const parts: string[] = [];
  if (d.flags) {
    const flags = nonEmpty(d.flags, 'INPUT_SECTION_FLAGS', d).map((f) => {
      // ld reads a leading `!` off the NAME's text, quoted or not.
      if (!f.negated && f.name.startsWith('!')) {
        throw new UnformattableScriptError(`section flag ${JSON.stringify(f.name)} would read as negated`, d);
      }
      return nameW((f.negated ? '!' : '') + f.name);
    });
    parts.push(`INPUT_SECTION_FLAGS(${flags.join(' & ')})`);
  }
  if (d.file === undefined) {
    if (!d.sections) throw new UnformattableScriptError('an input section description needs a file or a section list', d);
    // `[` and `]` are tokens only when they stand alone.
    parts.push(`[ ${sectionList(d.sections, d)} ]`);
  } else if (d.sections === undefined) {
    if (d.file.sort !== 'none' || d.file.excludeFiles) {
      throw new UnformattableScriptError('a bare file name cannot be sorted or have EXCLUDE_FILE', d);
    }
    parts.push(nameW(d.file.pattern));
  } else {
    parts.push(`${filePattern(d.file, d)}(${sectionList(d.sections, d)})`);
  }
  const body = parts.join(' ');
  return d.keep ? `KEEP(${body})` : body;
}

function sectionList(sections: SectionPattern[], node: InputSectionDescription): string {
  return nonEmpty(sections, 'a section list', node)
    .map((p) => sorted(p.sortSpelling ?? sortKeywords(p.sort), wildcardMaybeExclude(p.pattern, p.excludeFiles, node)))
    .join(' ');
}

function filePattern(f: FilePattern, node: InputSectionDescription): string {
  const inner = wildcardMaybeExclude(f.pattern, f.excludeFiles, node);
  // ldgram.y's filename_spec knows only SORT_BY_NAME and SORT_NONE.
  if (f.sort !== 'none' && f.sort !== 'name' && f.sort !== 'sort-none') {
    throw new UnformattableScriptError(`a file pattern cannot be sorted by '${f.sort}'`, node);
  }
  return sorted(sortKeywords(f.sort), inner);
}

/** The canonical keywords for a sort order (SORT is ld's alias of SORT_BY_NAME). */
function sortKeywords(sort: SortOrder): string[] {
  switch (sort) {
    case 'none':
      return [];
    case 'name':
      return ['SORT_BY_NAME'];
    case 'alignment':
      return ['SORT_BY_ALIGNMENT'];
    case 'name-alignment':
      return ['SORT_BY_NAME', 'SORT_BY_ALIGNMENT'];
    case 'alignment-name':
      return ['SORT_BY_ALIGNMENT', 'SORT_BY_NAME'];
    case 'init-priority':
      return ['SORT_BY_INIT_PRIORITY'];
    case 'sort-none':
      return ['SORT_NONE'];
  }
}

function sorted(keywords: string[], inner: string): string {
  return keywords.reduceRight((text, k) => `${k}(${text})`, inner);
}

function wildcardMaybeExclude(pattern: string, excludeFiles: string[] | undefined, node: InputSectionDescription): string {
  if (!excludeFiles) return nameW(pattern);
  return `EXCLUDE_FILE(${nonEmpty(excludeFiles, 'EXCLUDE_FILE', node).map(nameW).join(' ')}) ${nameW(pattern)}`;
}
