import { SourceRange } from '../diagnostics/SourceRange';
import type { SourceFile } from '../diagnostics/SourceFile';

/**
 * The parts of GNU ld's lexer (ldlex.l, binutils 2.40) that a PEG cannot say with character
 * classes alone: which words are keywords in which lexer state, how flex's longest-match rule
 * picks between a number and a name, and how ld converts a number's spelling to a value.
 * The grammar (grammar/ldScript.peggy) calls these from its predicates and actions.
 */

/** Keywords ldlex.l recognises in SCRIPT state. */
export const SCRIPT_KEYWORDS: ReadonlySet<string> = new Set([
  'MEMORY', 'REGION_ALIAS', 'LD_FEATURE', 'ORIGIN', 'VERSION', 'BLOCK', 'BIND', 'LENGTH',
  'ALIGN', 'DATA_SEGMENT_ALIGN', 'DATA_SEGMENT_RELRO_END', 'DATA_SEGMENT_END', 'ADDR',
  'LOADADDR', 'ALIGNOF', 'ABSOLUTE', 'MAX', 'MIN', 'LOG2CEIL', 'ASSERT', 'ENTRY', 'EXTERN',
  'NEXT', 'SIZEOF_HEADERS', 'SEGMENT_START', 'MAP', 'SIZEOF', 'TARGET', 'SEARCH_DIR', 'OUTPUT',
  'INPUT', 'GROUP', 'DEFINED', 'FORCE_COMMON_ALLOCATION', 'FORCE_GROUP_ALLOCATION',
  'INHIBIT_COMMON_ALLOCATION', 'SECTIONS', 'INSERT', 'AFTER', 'BEFORE', 'STARTUP',
  'OUTPUT_FORMAT', 'OUTPUT_ARCH', 'HLL', 'SYSLIB', 'FLOAT', 'NOFLOAT', 'NOCROSSREFS',
  'NOCROSSREFS_TO', 'OVERLAY', 'ONLY_IF_RO', 'ONLY_IF_RW', 'SPECIAL', 'o', 'org', 'l', 'len',
  'INCLUDE', 'PHDRS', 'AT', 'ALIGN_WITH_INPUT', 'SUBALIGN', 'HIDDEN', 'PROVIDE',
  'PROVIDE_HIDDEN', 'CONSTANT',
]);

/** Keywords ldlex.l recognises in EXPRESSION state. */
export const EXPRESSION_KEYWORDS: ReadonlySet<string> = new Set([
  'ORIGIN', 'BLOCK', 'BIND', 'LENGTH', 'ALIGN', 'DATA_SEGMENT_ALIGN', 'DATA_SEGMENT_RELRO_END',
  'DATA_SEGMENT_END', 'ADDR', 'LOADADDR', 'ALIGNOF', 'ABSOLUTE', 'MAX', 'MIN', 'LOG2CEIL',
  'ASSERT', 'NEXT', 'SIZEOF_HEADERS', 'SEGMENT_START', 'SIZEOF', 'DEFINED', 'NOCROSSREFS',
  'NOCROSSREFS_TO', 'OVERLAY', 'NOLOAD', 'READONLY', 'DSECT', 'COPY', 'INFO', 'TYPE',
  'ONLY_IF_RO', 'ONLY_IF_RW', 'SPECIAL', 'INCLUDE', 'AT', 'ALIGN_WITH_INPUT', 'SUBALIGN',
  'HIDDEN', 'PROVIDE', 'PROVIDE_HIDDEN', 'CONSTANT',
]);

/** Keywords ldlex.l recognises in WILD state (inside an output section's braces). */
export const WILD_KEYWORDS: ReadonlySet<string> = new Set([
  'ASSERT', 'CREATE_OBJECT_SYMBOLS', 'CONSTRUCTORS', 'FILL', 'QUAD', 'SQUAD', 'LONG', 'SHORT',
  'BYTE', 'SORT_BY_NAME', 'SORT_BY_ALIGNMENT', 'SORT', 'SORT_BY_INIT_PRIORITY', 'SORT_NONE',
  'INPUT_SECTION_FLAGS', 'INCLUDE', 'AT', 'HIDDEN', 'PROVIDE', 'PROVIDE_HIDDEN', 'KEEP',
  'EXCLUDE_FILE',
]);

/**
 * Runs of WILDCHARs that flex reads as operators, not names, because the operator rule is as
 * long and comes first in ldlex.l.
 */
export const WILD_OPERATORS: ReadonlySet<string> = new Set(['=', '+=', '-=', '*=', '/=', '[', ']']);

export const SORT_KEYWORDS: ReadonlySet<string> = new Set([
  'SORT', 'SORT_BY_NAME', 'SORT_BY_ALIGNMENT', 'SORT_BY_INIT_PRIORITY', 'SORT_NONE',
]);

/** First characters of the assignment operators (`=`, `+=`, `<<=`, …). */
export const ASSIGN_OPERATOR_START = asciiTable((ch) => '<>+-*/&|='.includes(ch));

/** The keywords an input section description can start with (besides KEEP). */
export const SPECIAL_INPUT_SPEC_KEYWORDS: ReadonlySet<string> = new Set(['INPUT_SECTION_FLAGS', 'EXCLUDE_FILE', 'SORT', 'SORT_BY_NAME', 'SORT_NONE']);

export const DATA_COMMANDS: ReadonlySet<string> = new Set(['BYTE', 'SHORT', 'LONG', 'QUAD', 'SQUAD']);

export const SIMPLE_SECTION_TYPES: ReadonlySet<string> = new Set(['NOLOAD', 'DSECT', 'COPY', 'INFO', 'OVERLAY', 'READONLY']);

export const ONE_ARG_FUNCTIONS: ReadonlySet<string> = new Set(['ABSOLUTE', 'NEXT', 'BLOCK', 'DATA_SEGMENT_END', 'LOG2CEIL']);
export const TWO_ARG_FUNCTIONS: ReadonlySet<string> = new Set(['MAX', 'MIN', 'DATA_SEGMENT_ALIGN', 'DATA_SEGMENT_RELRO_END']);

/** Builtins whose argument is read with ldgram.y's paren_script_name (SCRIPT state). */
export const SCRIPT_NAME_QUERIES: ReadonlySet<string> = new Set(['ADDR', 'LOADADDR', 'SIZEOF', 'ALIGNOF', 'ORIGIN', 'LENGTH']);

// Scanners for the grammar's token rules (sticky: they match at lastIndex only).

/** Blanks and comments: `/* … *\/` and, in every state but INPUTLIST, `#` to end of line. */
export const BLANKS = /(?:[ \t\r\n]+|\/\*[\s\S]*?\*\/|#[^\n]*)*/y;
export const BLANKS_NO_HASH = /(?:[ \t\r\n]+|\/\*[\s\S]*?\*\/)*/y;

/** `"…"`: a NAME in every state; there are no escapes. */
export const QUOTED = /"[^"]*"/y;

/** {FILENAMECHAR1}{FILENAMECHAR}*: a NAME in SCRIPT and INPUTLIST states. */
export const WORD_S = /[_a-zA-Z\/.\\$~][_a-zA-Z0-9\/.\\$~\-+:[\],=]*/y;
/** {SYMBOLNAMECHAR1}{SYMBOLNAMECHAR}*: a NAME in EXPRESSION state. */
export const WORD_E = /[_a-zA-Z.\\$][_a-zA-Z0-9\/.\\$~]*/y;
/** {WILDCHAR}*: a NAME in WILD state. */
export const WORD_W = /[_a-zA-Z0-9\/.\\$~\-+:[\],=?*^!]+/y;
/** INPUTLIST's `-l{FILENAMECHAR}+` and `={FILENAMECHAR1}{FILENAMECHAR}*`. */
export const LIBRARY_NAME = /-l[_a-zA-Z0-9\/.\\$~\-+:[\],=]+/y;
export const SYSROOT_NAME = /=[_a-zA-Z\/.\\$~][_a-zA-Z0-9\/.\\$~\-+:[\],=]*/y;

// What can begin a token in each state (the ldlex.l rules of that start condition). Anything
// else is skipped with ld's "ignoring invalid character" warning.
export const VALID_START_S = /[_a-zA-Z0-9\/.\\$~><,!+\-=}{)(:;]|"[^"]*"|\*=|&=|\|=|<<=/y;
export const VALID_START_E = /[_a-zA-Z0-9.\\$\/~!?*+\-%<>=&|}{)(:;,]|"[^"]*"/y;
export const VALID_START_W = /[_a-zA-Z0-9\/.\\$~\-+:[\],=?*^!&}{)(;]|"[^"]*"|<<=|>>=|\|=/y;
export const VALID_START_I = /[_a-zA-Z\/.\\$~,()]|"[^"]*"|=[_a-zA-Z\/.\\$~]|-l[_a-zA-Z0-9\/.\\$~\-+:[\],=]/y;

/**
 * Every binary operator of EXPRESSION state, longest first, each refusing to be the start of
 * a longer token flex would prefer (`<<=`, `&&`, `|=`, `/DISCARD/`, …). There is no `^`:
 * ldlex.l has no rule for it, so GNU ld cannot read `a ^ b`.
 */
export const BINARY_OPERATOR = /\|\||&&|==|!=|<=|>=|<<(?!=)|>>(?!=)|<(?!<)|>(?!>)|\|(?![|=])|&(?![&=])|\+(?!=)|-(?!=)|\*(?!=)|\/(?!=|DISCARD\/)|%/y;

/** Unary `-`, `!`, `~` and `+` (not the start of `-=`, `!=`, `+=`). */
export const UNARY_OPERATOR = /-(?!=)|!(?!=)|~|\+(?!=)/y;
export const OPEN_PAREN = /\(/y;

// The same lexer rules as character tables and loops over char codes, for the scanners the
// parser calls on every token (a sticky regular expression costs more to set up and run than
// the short tokens it matches). The tables are built from the regular expressions above, so
// the two cannot disagree. Scripts are read as latin1; no class holds a character above 127.

/** Bits of CHAR_CLASSES: which ldlex.l character classes a character belongs to. */
export const FILENAME_CHAR1 = 1;
export const FILENAME_CHAR = 2;
export const SYMBOL_CHAR1 = 4;
export const SYMBOL_CHAR = 8;
export const WILD_CHAR = 16;

function asciiTable(test: (ch: string) => boolean, bit = 1, table = new Uint8Array(128)): Uint8Array {
  for (let c = 0; c < 128; c++) if (test(String.fromCharCode(c))) table[c] |= bit;
  return table;
}

/** Whether a sticky regular expression matches exactly the one character `ch`. */
function matchesAlone(re: RegExp, ch: string): boolean {
  re.lastIndex = 0;
  return re.test(ch) && re.lastIndex === 1;
}

export const CHAR_CLASSES = new Uint8Array(128);
asciiTable((ch) => /[_a-zA-Z\/.\\$~]/.test(ch), FILENAME_CHAR1, CHAR_CLASSES);
asciiTable((ch) => /[_a-zA-Z0-9\/.\\$~\-+:[\],=]/.test(ch), FILENAME_CHAR, CHAR_CLASSES);
asciiTable((ch) => /[_a-zA-Z.\\$]/.test(ch), SYMBOL_CHAR1, CHAR_CLASSES);
asciiTable((ch) => /[_a-zA-Z0-9\/.\\$~]/.test(ch), SYMBOL_CHAR, CHAR_CLASSES);
asciiTable((ch) => /[_a-zA-Z0-9\/.\\$~\-+:[\],=?*^!]/.test(ch), WILD_CHAR, CHAR_CLASSES);

/**
 * End of the word at `at` whose first character is of class `first` and the rest of class
 * `rest` (bits of CHAR_CLASSES); `at` when there is none. WORD_S is (FILENAME_CHAR1,
 * FILENAME_CHAR), WORD_E (SYMBOL_CHAR1, SYMBOL_CHAR), WORD_W (WILD_CHAR, WILD_CHAR).
 */
export function wordEnd(input: string, at: number, first: number, rest: number): number {
  const c = input.charCodeAt(at);
  if (!(c < 128 && (CHAR_CLASSES[c] & first) !== 0)) return at;
  let p = at + 1;
  for (;;) {
    const d = input.charCodeAt(p); // NaN past the end, which is no class
    if (d < 128 && (CHAR_CLASSES[d] & rest) !== 0) p++;
    else return p;
  }
}

/**
 * End of the blanks and comments at `at` (BLANKS, or BLANKS_NO_HASH when `hash` is false).
 * Stops at a comment that does not end, as the regular expressions do.
 */
export function blanksEnd(input: string, at: number, hash: boolean): number {
  let p = at;
  for (;;) {
    const c = input.charCodeAt(p);
    if (c === 32 || c === 10 || c === 9 || c === 13) p++;
    else if (c === 47 && input.charCodeAt(p + 1) === 42) {
      const close = input.indexOf('*/', p + 2);
      if (close < 0) return p;
      p = close + 2;
    } else if (c === 35 && hash) {
      const eol = input.indexOf('\n', p + 1);
      p = eol < 0 ? input.length : eol;
    } else return p;
  }
}

/** Characters that can start a token of a state on their own (what VALID_START_x matches alone). */
export const VALID_ONE_S = asciiTable((ch) => matchesAlone(VALID_START_S, ch));
export const VALID_ONE_E = asciiTable((ch) => matchesAlone(VALID_START_E, ch));
export const VALID_ONE_W = asciiTable((ch) => matchesAlone(VALID_START_W, ch));
export const VALID_ONE_I = asciiTable((ch) => matchesAlone(VALID_START_I, ch));

/**
 * Characters at which a state's blank skipping has nothing to do: they start a token on their
 * own and cannot start a blank or a comment. `valid` null: every character is valid.
 */
export function readyTable(valid: Uint8Array | null, hash: boolean): Uint8Array {
  return asciiTable((ch) => (valid === null || valid[ch.charCodeAt(0)] === 1) && !/[ \t\r\n/]/.test(ch) && !(hash && ch === '#'));
}

/** End of BINARY_OPERATOR's match at `at`, or `at` (the same alternatives, in the same order). */
export function binaryOperatorEnd(input: string, at: number): number {
  const c = input.charCodeAt(at);
  const d = input.charCodeAt(at + 1);
  switch (c) {
    case 124: // |
      return d === 124 ? at + 2 : d === 61 ? at : at + 1;
    case 38: // &
      return d === 38 ? at + 2 : d === 61 ? at : at + 1;
    case 61: // =
    case 33: // !
      return d === 61 ? at + 2 : at;
    case 60: // <
    case 62: // >
      if (d === 61) return at + 2;
      if (d === c) return input.charCodeAt(at + 2) === 61 ? at : at + 2;
      return at + 1;
    case 43: // +
    case 45: // -
    case 42: // *
      return d === 61 ? at : at + 1;
    case 47: // /
      return d === 61 || input.startsWith('DISCARD/', at + 1) ? at : at + 1;
    case 37: // %
      return at + 1;
    default:
      return at;
  }
}

/** First characters of the unary operators. */
export const UNARY_OPERATOR_START = asciiTable((ch) => '-!~+'.includes(ch));

/** End of UNARY_OPERATOR's match at `at`, or `at`. */
export function unaryOperatorEnd(input: string, at: number): number {
  const c = input.charCodeAt(at);
  if (c === 126) return at + 1; // ~
  if (c === 45 || c === 33 || c === 43) return input.charCodeAt(at + 1) === 61 ? at : at + 1; // - ! +
  return at;
}

/** ldgram.y's %left precedences (higher binds tighter). */
const PRECEDENCE: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '&': 4, '==': 5, '!=': 5, '<': 6, '>': 6, '<=': 6, '>=': 6,
  '<<': 7, '>>': 7, '+': 8, '-': 8, '*': 9, '/': 9, '%': 9,
};

interface Ranged {
  range: SourceRange;
}

/** Folds `a op b op c …` into a left-associative tree by precedence (operator precedence parsing). */
export function foldBinary<E extends Ranged>(head: E, tail: [string, E][], source: SourceFile): E {
  let index = 0;
  function climb(left: E, minPrecedence: number): E {
    while (index < tail.length && PRECEDENCE[tail[index][0]] >= minPrecedence) {
      const [op, first] = tail[index++];
      const precedence = PRECEDENCE[op];
      let right = first;
      while (index < tail.length && PRECEDENCE[tail[index][0]] > precedence) {
        right = climb(right, precedence + 1);
      }
      left = { kind: 'Binary', operator: op, left, right, range: new SourceRange(source, left.range.start, right.range.end) } as unknown as E;
    }
    return left;
  }
  return climb(head, 1);
}

export function isProvideKeyword(word: string): boolean {
  return word === 'HIDDEN' || word === 'PROVIDE' || word === 'PROVIDE_HIDDEN';
}

// Number spellings, per ldlex.l:
//   <MRI,EXPRESSION>"$"[0-9A-Fa-f]+
//   <MRI,EXPRESSION>[0-9A-Fa-f]+(H|h|X|x|B|b|O|o|D|d)
//   <SCRIPT,MRI,EXPRESSION>((("$"|0[xX])[0-9A-Fa-f]+)|([0-9]+))(M|K|m|k)?
const RADIX_INT = /^[0-9A-Fa-f]+[HhXxBbOoDd]$/;
const DOLLAR_INT = /^\$[0-9A-Fa-f]+[MKmk]?$/;
/** The radix-suffix rule and the general rule as sticky regular expressions (the specification of radixIntEnd and generalIntEnd). */
export const RADIX_PREFIX = /[0-9A-Fa-f]+[HhXxBbOoDd]/y;
export const GENERAL_PREFIX = /(?:0[xX][0-9A-Fa-f]+|[0-9]+)[MKmk]?/y;

/**
 * Whether a whole NAME-shaped word is lexed as a number instead: flex takes the longest match
 * and, on a tie, the earlier rule, and the number rules come before the NAME rules.
 */
export function isIntWord(word: string, state: 'S' | 'E'): boolean {
  if (DOLLAR_INT.test(word)) return true;
  return state === 'E' && RADIX_INT.test(word);
}

/** A lone `~` is the operator in SCRIPT state (its rule ties with NAME and comes first). */
export function isScriptKeywordOrInt(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c === 36 /* $ */) return DOLLAR_INT.test(word);
  if (c === 126 /* ~ */) return word === '~';
  return SCRIPT_KEYWORD_START[c] === 1 && SCRIPT_KEYWORDS.has(word);
}

// First characters of keywords: most words are not keywords, and most fail this test.
const SCRIPT_KEYWORD_START = firstCharacters(SCRIPT_KEYWORDS);
const EXPRESSION_KEYWORD_START = firstCharacters(EXPRESSION_KEYWORDS);

function firstCharacters(words: ReadonlySet<string>): Uint8Array {
  const table = new Uint8Array(128);
  for (const w of words) if (w.charCodeAt(0) < 128) table[w.charCodeAt(0)] = 1;
  return table;
}
const HEX_LETTER = asciiTable((ch) => /[a-fA-F]/.test(ch));

/**
 * EXPRESSION keywords that can begin what follows a fill or a MEMORY length (the next
 * SECTIONS command, or a MEMORY INCLUDE), so their EXPRESSION-state token is still valid.
 */
export const KEYWORDS_STARTING_SECTIONS_COMMANDS: ReadonlySet<string> = new Set([
  'OVERLAY', 'INCLUDE', 'ASSERT', 'HIDDEN', 'PROVIDE', 'PROVIDE_HIDDEN',
]);

/** End of SCRIPT state's number token at `at` (only the general rule applies there). */
export function scanScriptInt(input: string, at: number): number {
  return generalIntEnd(input, at);
}

export function isExpressionKeywordOrInt(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c === 36 /* $ */) return DOLLAR_INT.test(word);
  // An EXPRESSION word starts with a letter, `_`, `.`, a backslash or `$`: a number here starts with a hex letter or `$`.
  if (HEX_LETTER[c] === 1 && RADIX_INT.test(word)) return true;
  return EXPRESSION_KEYWORD_START[c] === 1 && EXPRESSION_KEYWORDS.has(word);
}

export function isWildReserved(word: string): boolean {
  const c = word.charCodeAt(0);
  // Every WILD keyword starts with a capital letter; every operator is at most two characters.
  if (c >= 65 && c <= 90) return WILD_KEYWORDS.has(word);
  return word.length <= 2 && WILD_OPERATORS.has(word);
}

/**
 * End offset of the number token that starts with a digit at `at` in EXPRESSION state: the
 * longer of the radix-suffix rule and the general rule, the radix rule on a tie.
 */
export function scanDigitInt(input: string, at: number): number {
  const radixEnd = radixIntEnd(input, at);
  const generalEnd = generalIntEnd(input, at);
  return radixEnd >= generalEnd ? radixEnd : generalEnd;
}

// The two number rules' prefixes as loops over char codes: GENERAL_PREFIX.exec and
// RADIX_PREFIX.exec allocated a match array and a substring for every number the parser read.
// test/script checks them against the regular expressions.

/** Character tables for the number rules. */
const HEX_DIGIT = asciiTable((ch) => /[0-9A-Fa-f]/.test(ch));
const RADIX_SUFFIX = asciiTable((ch) => /[HhXxBbOoDd]/.test(ch));
const SIZE_SUFFIX = asciiTable((ch) => /[MKmk]/.test(ch));

/** End of GENERAL_PREFIX's match at `at` (`(?:0[xX][0-9A-Fa-f]+|[0-9]+)[MKmk]?`), or `at`. */
export function generalIntEnd(input: string, at: number): number {
  let p = at;
  const c = input.charCodeAt(at);
  const x = input.charCodeAt(at + 1);
  if (c === 48 && (x === 120 || x === 88) && isHexDigit(input.charCodeAt(at + 2))) {
    p = at + 3;
    while (isHexDigit(input.charCodeAt(p))) p++;
  } else {
    while (isDigit(input.charCodeAt(p))) p++;
    if (p === at) return at;
  }
  const s = input.charCodeAt(p);
  return s < 128 && SIZE_SUFFIX[s] === 1 ? p + 1 : p;
}

/**
 * End of RADIX_PREFIX's match at `at` (`[0-9A-Fa-f]+[HhXxBbOoDd]`), or `at`: the longest run
 * of hex digits followed by a suffix letter, backing off as the regular expression does
 * (B and D are both hex digits and suffixes).
 */
export function radixIntEnd(input: string, at: number): number {
  let e = at;
  while (isHexDigit(input.charCodeAt(e))) e++;
  for (let k = e; k > at; k--) {
    const s = input.charCodeAt(k);
    if (s < 128 && RADIX_SUFFIX[s] === 1) return k + 1;
  }
  return at;
}

function isHexDigit(c: number): boolean {
  return c < 128 && HEX_DIGIT[c] === 1; // NaN past the end is not
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const MASK64 = (1n << 64n) - 1n;

/**
 * C's strtoul on an LP64 host, which is what ld's bfd_scan_vma calls: the longest valid
 * prefix in `base` (0 = C rules: 0x… hex, 0… octal), saturating at 2^64-1 on overflow.
 */
export function strtoul(text: string, base: number): bigint {
  // Fast paths for the spellings scripts use; the loop below handles the rest exactly.
  if (text.length <= 16) {
    if ((base === 16 || base === 0) && /^0[xX][0-9A-Fa-f]{1,16}$/.test(text)) return BigInt(text);
    if (base === 16 && /^[0-9A-Fa-f]{1,16}$/.test(text)) return BigInt('0x' + text);
    if ((base === 10 || base === 0) && /^[1-9][0-9]{0,15}$/.test(text)) return BigInt(text);
    if (text === '0') return 0n;
  }
  let s = text;
  let b = base;
  if (b === 0) {
    if (/^0[xX][0-9A-Fa-f]/.test(s)) {
      b = 16;
      s = s.slice(2);
    } else if (s.startsWith('0')) b = 8;
    else b = 10;
  } else if (b === 16 && /^0[xX][0-9A-Fa-f]/.test(s)) {
    s = s.slice(2);
  }
  const big = BigInt(b);
  let value = 0n;
  for (const ch of s) {
    const digit = parseInt(ch, 36);
    if (Number.isNaN(digit) || digit >= b) break;
    value = value * big + BigInt(digit);
    if (value > MASK64) return MASK64;
  }
  return value;
}

/**
 * The value ld gives a number token (ldlex.l's actions), wrapped to 64 bits. `text` is a whole
 * token as the lexer cut it; a token that fits the radix-suffix rule came from that rule (no
 * general-rule spelling can end in one of its suffix letters and also be all hex digits).
 */
export function parseNumber(text: string): bigint {
  // Scripts spell the same few numbers again and again (bigints are immutable, so shareable).
  let value = NUMBER_CACHE.get(text);
  if (value === undefined) {
    value = parseNumberUncached(text);
    if (NUMBER_CACHE.size >= 4096) NUMBER_CACHE.clear();
    NUMBER_CACHE.set(text, value);
  }
  return value;
}
const NUMBER_CACHE = new Map<string, bigint>();

function parseNumberUncached(text: string): bigint {
  const last = text[text.length - 1];
  if (RADIX_INT.test(text)) {
    const base = 'HhXx'.includes(last) ? 16 : 'Oo'.includes(last) ? 8 : 'Bb'.includes(last) ? 2 : 10;
    return strtoul(text.slice(0, -1), base);
  }
  let digits = text;
  let base = 0;
  if (digits.startsWith('$')) {
    digits = digits.slice(1);
    base = 16;
  }
  let multiplier = 1n;
  if ('Mm'.includes(last)) multiplier = 1024n * 1024n;
  else if ('Kk'.includes(last)) multiplier = 1024n;
  if (multiplier !== 1n) digits = digits.slice(0, -1);
  return (strtoul(digits, base) * multiplier) & MASK64;
}

/** SORT_x(SORT_y(…)) combinations ldgram.y accepts, and what they mean. */
export function nestedSort(outer: string, inner: string): string | undefined {
  const byName = (k: string) => k === 'SORT' || k === 'SORT_BY_NAME';
  if (byName(outer) && inner === 'SORT_BY_ALIGNMENT') return 'name-alignment';
  if (byName(outer) && byName(inner)) return 'name';
  if (outer === 'SORT_BY_ALIGNMENT' && byName(inner)) return 'alignment-name';
  if (outer === 'SORT_BY_ALIGNMENT' && inner === 'SORT_BY_ALIGNMENT') return 'alignment';
  return undefined;
}

export function singleSort(keyword: string): string {
  switch (keyword) {
    case 'SORT_BY_ALIGNMENT':
      return 'alignment';
    case 'SORT_BY_INIT_PRIORITY':
      return 'init-priority';
    case 'SORT_NONE':
      return 'sort-none';
    default:
      return 'name';
  }
}

/** ld's wording for a character it skips. */
export function invalidCharacterMessage(ch: string, where: string): string {
  const code = ch.charCodeAt(0);
  const shown = code >= 0x20 && code < 0x7f ? ch : `\\${code.toString(8).padStart(3, '0')}`;
  return `ignoring invalid character \`${shown}' ${where}`;
}
