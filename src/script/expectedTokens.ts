/**
 * Words for a syntax error: what the parser could have accepted where it stopped, built
 * from peggy's expectation list. Character classes from the lexer rules are left out (they
 * say "one of 60 characters", which helps nobody); named rules and literals are kept.
 */

interface Expectation {
  type: string;
  text?: string;
  description?: string;
  ignoreCase?: boolean;
}

export function describeExpected(expected: readonly Expectation[], found: string | null): string {
  const words = new Set<string>();
  for (const e of expected) {
    if (e.type === 'literal' && e.text) words.add(`'${e.text}'`);
    else if (e.type === 'other' && e.description) words.add(e.description);
    else if (e.type === 'end') words.add('end of file');
  }
  const list = [...words].sort();
  const shown = list.length > 8 ? [...list.slice(0, 8), '…'] : list;
  const what = found === null ? 'end of file' : `'${printable(found)}'`;
  if (shown.length === 0) return `unexpected ${what}`;
  return `unexpected ${what}, expected ${shown.join(', ')}`;
}

function printable(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code >= 0x20 && code < 0x7f) return ch;
  return `\\x${code.toString(16).padStart(2, '0')}`;
}
