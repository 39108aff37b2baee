/**
 * POSIX basic regular expressions (as GNU sed and grep read them) translated to JavaScript
 * RegExp source, for the part of the language the image-end recipes use: anchors, `\(…\)`,
 * bracket expressions, `.`, `*`, `\{m,n\}`, back-references and GNU's `\+`/`\?`.
 *
 * POSIX matching is leftmost-longest, JavaScript's is leftmost-first. The two agree for a
 * concatenation of single-character atoms each with its own quantifier; they can disagree with
 * alternation (`\|`) or a quantified group (`\(ab\)*`), so those are refused rather than
 * matched differently from the real sed. Bracket expressions follow the C locale.
 */
import { UnsupportedIdiom } from './UnsupportedIdiom';

export interface TranslatedRegex {
  /** JavaScript RegExp source (no flags needed). */
  source: string;
  /** Number of `\(…\)` groups. */
  groups: number;
  /**
   * A text every match contains ('' when there is none to tell): the longest run of literal
   * characters that nothing quantifies, with no alternation in the regex. It lets a caller pass
   * over lines that cannot match without running the regex on them.
   */
  requiredText: string;
}

export interface BasicRegexOptions {
  /** Allow `\|` (grep only asks whether a line matches, where leftmost-longest does not matter). */
  allowAlternation?: boolean;
}

/** C-locale character classes as JavaScript class contents. */
const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: '0-9A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
};

/** Escapes one character for use outside a JavaScript character class. */
function literal(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c === '\n' ? '\\n' : c === '\t' ? '\\t' : c;
}

/** Escapes one character for use inside a JavaScript character class. */
function classLiteral(c: string): string {
  return /[\\\]^[-]/.test(c) ? `\\${c}` : c === '\n' ? '\\n' : c === '\t' ? '\\t' : c;
}

/**
 * Reads a bracket expression starting at `pattern[start] === '['`; returns the JavaScript class
 * and the index after the closing `]`. In POSIX a backslash is literal inside brackets.
 */
function translateBracket(pattern: string, start: number): { source: string; end: number } {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (;;) {
    if (i >= pattern.length) throw new UnsupportedIdiom(`unterminated bracket expression in regex \`${pattern}\``);
    const c = pattern[i];
    if (c === ']' && !first) {
      i++;
      break;
    }
    first = false;
    if (c === '[' && (pattern[i + 1] === ':' || pattern[i + 1] === '=' || pattern[i + 1] === '.')) {
      const kind = pattern[i + 1];
      const close = pattern.indexOf(`${kind}]`, i + 2);
      if (close < 0) throw new UnsupportedIdiom(`unterminated [${kind} in regex \`${pattern}\``);
      const name = pattern.slice(i + 2, close);
      if (kind !== ':') throw new UnsupportedIdiom(`[${kind}${name}${kind}] in regex \`${pattern}\``);
      const cls = CLASSES[name];
      if (cls === undefined) throw new UnsupportedIdiom(`character class [:${name}:] in regex \`${pattern}\``);
      body += cls;
      i = close + 2;
      continue;
    }
    // A range a-z (a '-' first or last is literal).
    if (pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']') {
      const to = pattern[i + 2];
      if (to === '[') throw new UnsupportedIdiom(`range ending in a class or collating element in \`${pattern}\``);
      if (to < c) throw new UnsupportedIdiom(`invalid range ${c}-${to} in regex \`${pattern}\``);
      body += `${classLiteral(c)}-${classLiteral(to)}`;
      i += 3;
      continue;
    }
    body += classLiteral(c);
    i++;
  }
  // `[^…]` also matches a newline in POSIX, as `[^…]` does in JavaScript.
  return { source: `[${negate ? '^' : ''}${body}]`, end: i };
}

/** Translates a POSIX BRE (GNU flavour) to JavaScript RegExp source. */
export function translateBasicRegex(pattern: string, options: BasicRegexOptions = {}): TranslatedRegex {
  if (pattern === '') throw new UnsupportedIdiom('an empty regex (sed reuses the last regex)');
  let out = '';
  let groups = 0;
  const open: number[] = [];
  const closed = new Set<number>();
  /** What the last thing emitted was: nothing yet (start of RE or group), an atom, a group, or a quantifier. */
  let last: 'start' | 'atom' | 'group' | 'quantifier' = 'start';
  /**
   * The run of literal characters just read (each matches itself, one after the other; group
   * parentheses match nothing, so they do not end it), and the longest run that ended.
   */
  let run = '';
  let longestRun = '';
  let alternation = false;
  /** The last atom was a literal character, the last of `run`. */
  let literalAtom = false;
  const endRun = () => {
    if (run.length > longestRun.length) longestRun = run;
    run = '';
  };
  /** Emits an atom: a literal character (`char`) or anything else (undefined). */
  const atom = (source: string, char?: string) => {
    out += source;
    last = 'atom';
    literalAtom = char !== undefined;
    if (char !== undefined) run += char;
    else endRun();
  };

  const quantify = (q: string, written: string) => {
    if (last === 'group') throw new UnsupportedIdiom(`a quantified group \`\\)${written}\` in regex \`${pattern}\``);
    if (last === 'quantifier') throw new UnsupportedIdiom(`stacked quantifiers \`${written}\` in regex \`${pattern}\``);
    // A quantified character may match another number of times: it is not part of a run.
    if (literalAtom) run = run.slice(0, -1);
    endRun();
    literalAtom = false;
    out += q;
    last = 'quantifier';
  };

  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const e = pattern[i + 1];
      if (e === undefined) throw new UnsupportedIdiom(`a trailing backslash in regex \`${pattern}\``);
      i += 2;
      if (e === '(') {
        groups++;
        open.push(groups);
        out += '(';
        last = 'start';
        literalAtom = false;
      } else if (e === ')') {
        const g = open.pop();
        if (g === undefined) throw new UnsupportedIdiom(`unmatched \\) in regex \`${pattern}\``);
        closed.add(g);
        out += ')';
        last = 'group';
        literalAtom = false;
      } else if (e === '{') {
        const close = pattern.indexOf('\\}', i);
        if (close < 0) throw new UnsupportedIdiom(`unmatched \\{ in regex \`${pattern}\``);
        const bounds = pattern.slice(i, close);
        if (!/^\d+(,\d*)?$/.test(bounds)) throw new UnsupportedIdiom(`interval \\{${bounds}\\} in regex \`${pattern}\``);
        const [min, max] = bounds.split(',');
        if (max !== undefined && max !== '' && Number(max) < Number(min)) {
          throw new UnsupportedIdiom(`invalid interval \\{${bounds}\\} in regex \`${pattern}\``);
        }
        if (last === 'start') throw new UnsupportedIdiom(`an interval with nothing before it in regex \`${pattern}\``);
        quantify(`{${bounds}}`, `\\{${bounds}\\}`);
        i = close + 2;
      } else if (e === '+' || e === '?') {
        if (last === 'start') atom(literal(e), e);
        else quantify(e, `\\${e}`);
      } else if (e === '|') {
        if (!options.allowAlternation) {
          throw new UnsupportedIdiom(`alternation \\| in regex \`${pattern}\` (POSIX picks the longest match, JavaScript the first)`);
        }
        out += '|';
        last = 'start';
        literalAtom = false;
        alternation = true;
      } else if (e >= '1' && e <= '9') {
        const g = Number(e);
        if (!closed.has(g)) throw new UnsupportedIdiom(`back-reference \\${e} to a group not closed before it in \`${pattern}\``);
        atom(`\\${e}`);
      } else if (e === 'n') {
        atom('\\n', '\n');
      } else if (e === 't') {
        atom('\\t', '\t');
      } else if (/[A-Za-z0-9`'<>]/.test(e)) {
        // GNU's \w, \s, \b, \<, \`, \cX, \dNNN … are extensions with their own meanings.
        throw new UnsupportedIdiom(`the GNU regex escape \\${e} in \`${pattern}\``);
      } else {
        atom(literal(e), e);
      }
      continue;
    }
    if (c === '*') {
      if (last === 'start') atom('\\*', '*');
      else quantify('*', '*');
      i++;
      continue;
    }
    if (c === '^') {
      // An anchor at the start of the RE or of a group (GNU), else an ordinary character.
      // A `*` right after a leading `^` is still literal, so `last` stays 'start'.
      if (last === 'start') {
        out += '^';
        endRun();
      } else atom('\\^', '^');
      i++;
      continue;
    }
    if (c === '$') {
      // An anchor at the end of the RE or of a group (GNU), else an ordinary character.
      const next = pattern.slice(i + 1, i + 3);
      const anchor = i === pattern.length - 1 || next === '\\)' || next === '\\|';
      if (anchor) atom('$');
      else atom('\\$', '$');
      i++;
      continue;
    }
    if (c === '[') {
      const bracket = translateBracket(pattern, i);
      atom(bracket.source);
      i = bracket.end;
      continue;
    }
    // `.` is any character; in sed's pattern space that includes a newline.
    if (c === '.') atom('[\\s\\S]');
    else atom(literal(c), c);
    i++;
  }
  if (open.length > 0) throw new UnsupportedIdiom(`unmatched \\( in regex \`${pattern}\``);
  endRun();
  return { source: out, groups, requiredText: alternation ? '' : longestRun };
}
