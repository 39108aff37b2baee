/**
 * The mutation operators: each turns a script text into a damaged one. Token-level ones keep
 * the result close to a real script (so the parser gets deep before it fails); byte-level ones
 * reach the lexer's corners (NUL, 0x80-0xff, stray quotes and comment openers).
 */
import { SeededRandom } from '../SeededRandom';
import { SCRIPT_DICTIONARY, tokenize } from './scriptTokens';

export interface Mutation {
  readonly name: string;
  /** `others` are the other seed texts, for mutations that splice two scripts. */
  apply(text: string, rng: SeededRandom, others: readonly string[]): string;
}

/** A mutation that works on the token list; a text with no tokens is left as it is. */
function onTokens(name: string, edit: (tokens: string[], solid: number[], rng: SeededRandom) => void): Mutation {
  return {
    name,
    apply(text, rng) {
      const { tokens, solid } = tokenize(text);
      if (solid.length === 0) return text;
      edit(tokens, solid, rng);
      return tokens.join('');
    },
  };
}

function randomSpan(length: number, rng: SeededRandom): [number, number] {
  const start = rng.int(0, Math.max(0, length - 1));
  return [start, Math.min(length, start + rng.smallLength(64))];
}

/** A character no seed has: control bytes, 0x80-0xff, and code points beyond latin1. */
function oddCharacter(rng: SeededRandom): string {
  return rng.pick([
    () => String.fromCharCode(rng.int(0, 0x1f)),
    () => String.fromCharCode(rng.int(0x7f, 0xff)),
    () => String.fromCharCode(rng.int(0x100, 0xffff)),
    () => '\0',
    () => '\ud83d\ude00',
  ])();
}

export const MUTATIONS: readonly Mutation[] = [
  onTokens('delete-tokens', (tokens, solid, rng) => {
    const at = rng.int(0, solid.length - 1);
    const count = Math.min(solid.length - at, rng.smallLength(8));
    for (let k = at; k < at + count; k++) tokens[solid[k]] = '';
  }),
  onTokens('duplicate-tokens', (tokens, solid, rng) => {
    const from = rng.int(0, solid.length - 1);
    const to = Math.min(solid.length - 1, from + rng.smallLength(16) - 1);
    const copy = tokens.slice(solid[from], solid[to] + 1).join('');
    const times = rng.chance(0.1) ? rng.int(2, 200) : 1;
    tokens[solid[to]] += copy.repeat(times);
  }),
  onTokens('swap-tokens', (tokens, solid, rng) => {
    const a = rng.pick(solid);
    const b = rng.pick(solid);
    [tokens[a], tokens[b]] = [tokens[b], tokens[a]];
  }),
  onTokens('replace-token', (tokens, solid, rng) => {
    tokens[rng.pick(solid)] = rng.pick(SCRIPT_DICTIONARY);
  }),
  onTokens('insert-token', (tokens, solid, rng) => {
    const spacing = rng.pick(['', ' ', '\n']);
    tokens[rng.pick(solid)] += spacing + rng.pick(SCRIPT_DICTIONARY) + spacing;
  }),
  onTokens('nest-deeply', (tokens, solid, rng) => {
    // Unbalanced or balanced runs of openers, a few thousand deep: the recursion limits
    // of a recursive-descent parser are found here, not by single-byte edits.
    const [open, close] = rng.pick([['(', ')'], ['{', '}'], ['SORT(', ')'], ['-', ''], ['!', ''], ['1 ? ', ' : 1']]);
    const depth = rng.int(100, 5000);
    const at = rng.pick(solid);
    tokens[at] = open.repeat(depth) + tokens[at] + (rng.chance(0.5) ? close.repeat(depth) : '');
  }),
  {
    name: 'delete-bytes',
    apply(text, rng) {
      const [start, end] = randomSpan(text.length, rng);
      return text.slice(0, start) + text.slice(end);
    },
  },
  {
    name: 'duplicate-bytes',
    apply(text, rng) {
      const [start, end] = randomSpan(text.length, rng);
      return text.slice(0, end) + text.slice(start, end) + text.slice(end);
    },
  },
  {
    name: 'swap-bytes',
    apply(text, rng) {
      if (text.length < 2) return text;
      const chars = text.split('');
      for (let n = rng.smallLength(8); n > 0; n--) {
        const a = rng.int(0, chars.length - 1);
        const b = rng.int(0, chars.length - 1);
        [chars[a], chars[b]] = [chars[b], chars[a]];
      }
      return chars.join('');
    },
  },
  {
    name: 'insert-random-bytes',
    apply(text, rng) {
      const at = rng.int(0, text.length);
      const junk = rng.chance(0.5) ? rng.bytes(rng.smallLength(32)) : oddCharacter(rng);
      return text.slice(0, at) + junk + text.slice(at);
    },
  },
  {
    name: 'flip-bits',
    apply(text, rng) {
      if (text.length === 0) return text;
      const chars = text.split('');
      for (let n = rng.smallLength(8); n > 0; n--) {
        const i = rng.int(0, chars.length - 1);
        chars[i] = String.fromCharCode((chars[i].charCodeAt(0) ^ (1 << rng.int(0, 7))) & 0xffff);
      }
      return chars.join('');
    },
  },
  {
    name: 'truncate',
    apply(text, rng) {
      return text.slice(0, rng.int(0, text.length));
    },
  },
  {
    name: 'splice-scripts',
    apply(text, rng, others) {
      if (others.length === 0) return text;
      const other = rng.pick(others);
      return text.slice(0, rng.int(0, text.length)) + other.slice(rng.int(0, other.length));
    },
  },
  {
    name: 'change-line-endings',
    apply(text, rng) {
      return text.replace(/\n/g, rng.pick(['\r\n', '\r', '\n\r', '\f', '\v', '\0']));
    },
  },
];
