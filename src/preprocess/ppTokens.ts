/**
 * Splits one line into the tokens the C preprocessor sees (identifiers, pp-numbers, string
 * literals, single punctuation characters), with their byte offsets. Used only to line up a
 * line of cpp's output with the source line it came from: cpp keeps the tokens it does not
 * expand but not the spacing between them (runs of blanks and comments become one space), so
 * comparing token texts is what tells which parts of the two lines are the same text.
 *
 * Punctuators are deliberately single characters: both lines are split the same way, and `<<`
 * versus `< <` never matters for alignment.
 */

export interface PpToken {
  text: string;
  /** 0-based offset of the first character in the line. */
  start: number;
  /** 0-based offset just past the last character. */
  end: number;
}

const IDENTIFIER = /[A-Za-z_$][A-Za-z0-9_$]*/y;

/** [A-Za-z_$], by character code. */
function isIdentifierStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code === 0x24;
}

/** C's pp-number: a digit (or '.' then digit), then digits, letters, '_', '.', or e+/p- exponents. */
const PP_NUMBER = /\.?[0-9](?:[eEpP][+-]|[0-9A-Za-z_.])*/y;

export function tokenizeLine(line: string): PpToken[] {
  const tokens: PpToken[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\r') {
      i++;
      continue;
    }
    // The first character tells which kind of token it can be (punctuators are half of them).
    const code = line.charCodeAt(i);
    const end = isIdentifierStart(code)
      ? matchAt(IDENTIFIER, line, i)!
      : ((code >= 0x30 && code <= 0x39) || code === 0x2e ? matchAt(PP_NUMBER, line, i) : undefined) ?? stringEnd(line, i) ?? i + 1;
    tokens.push({ text: line.slice(i, end), start: i, end });
    i = end;
  }
  return tokens;
}

export function isIdentifier(token: PpToken): boolean {
  return isIdentifierStart(token.text.charCodeAt(0));
}

function matchAt(re: RegExp, s: string, at: number): number | undefined {
  re.lastIndex = at;
  return re.test(s) ? re.lastIndex : undefined;
}

/** A "…" literal with backslash escapes; an unterminated one runs to the end of the line. */
function stringEnd(s: string, at: number): number | undefined {
  if (s[at] !== '"') return undefined;
  let i = at + 1;
  while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
  return Math.min(i + 1, s.length);
}

/**
 * The text with every C comment (`/* … *\/` and `//` to end of line) replaced by spaces,
 * newlines kept, so offsets and line numbers stay those of the original. String literals are
 * respected; a `'` is not treated as a quote, as in cpp's assembler-with-cpp mode (`.S`), where
 * apostrophes in linker-script text are common.
 */
export function blankComments(text: string): string {
  // Whole pieces of text are copied and only comments rewritten: this runs once per file, in
  // V8's interpreter, where a loop over every character (or an array of them) is what costs.
  let out = '';
  let copied = 0; // text before `copied` is in `out`
  const n = text.length;
  let i = 0;
  while (i < n) {
    QUOTE_OR_SLASH.lastIndex = i;
    if (!QUOTE_OR_SLASH.test(text)) break;
    i = QUOTE_OR_SLASH.lastIndex - 1;
    if (text[i] === '"') {
      i = stringEndInText(text, i);
      continue;
    }
    let end: number;
    if (text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      end = close < 0 ? n : close + 2;
    } else if (text[i + 1] === '/') {
      const newline = text.indexOf('\n', i);
      end = newline < 0 ? n : newline;
    } else {
      i++;
      continue;
    }
    out += text.slice(copied, i) + text.slice(i, end).replace(NOT_NEWLINE, ' ');
    copied = i = end;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

const QUOTE_OR_SLASH = /["/]/g;
const NOT_NEWLINE = /[^\n]/g;

/** End of a string literal in a whole text; a newline ends an unterminated one. */
function stringEndInText(s: string, at: number): number {
  let i = at + 1;
  while (i < s.length && s[i] !== '"' && s[i] !== '\n') i += s[i] === '\\' ? 2 : 1;
  return s[i] === '"' ? i + 1 : i;
}
