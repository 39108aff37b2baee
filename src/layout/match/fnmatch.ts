/**
 * libiberty's fnmatch with no flags, which is what ld calls for section and file patterns:
 * `*` and `?` match any characters including `/` and a leading `.`, `[…]` is a character
 * class (`!` or `^` negates, `a-z` ranges, `]` first is literal), and backslash quotes the
 * next character.
 */

export function fnmatch(pattern: string, name: string): boolean {
  return matchAt(pattern, 0, name, 0);
}

function matchAt(p: string, pi: number, n: string, ni: number): boolean {
  while (pi < p.length) {
    const c = p[pi++];
    switch (c) {
      case '?':
        if (ni >= n.length) return false;
        ni++;
        break;
      case '\\': {
        const lit = pi < p.length ? p[pi++] : '\\';
        if (ni >= n.length || n[ni] !== lit) return false;
        ni++;
        break;
      }
      case '*': {
        // Collapse runs of '*' and '?' (each '?' still needs one character).
        let pc = pi;
        let need = 0;
        while (pc < p.length && (p[pc] === '*' || p[pc] === '?')) {
          if (p[pc] === '?') need++;
          pc++;
        }
        if (n.length - ni < need) return false;
        ni += need;
        if (pc === p.length) return true;
        for (let k = ni; k <= n.length; k++) if (matchAt(p, pc, n, k)) return true;
        return false;
      }
      case '[': {
        if (ni >= n.length) return false;
        const r = matchClass(p, pi, n[ni]);
        // An unterminated '[' never matches (libiberty).
        if (r === undefined || !r.matched) return false;
        pi = r.next;
        ni++;
        break;
      }
      default:
        if (ni >= n.length || n[ni] !== c) return false;
        ni++;
    }
  }
  return ni === n.length;
}

/** A bracket expression starting after '[': whether CH is in it and where it ends. */
function matchClass(p: string, start: number, ch: string): { matched: boolean; next: number } | undefined {
  let i = start;
  const negate = p[i] === '!' || p[i] === '^';
  if (negate) i++;
  let matched = false;
  let first = true;
  for (;;) {
    if (i >= p.length) return undefined;
    let c = p[i++];
    if (c === ']' && !first) break;
    first = false;
    if (c === '\\') {
      if (i >= p.length) return undefined;
      c = p[i++];
    }
    const lo = c;
    let hi = c;
    if (p[i] === '-' && i + 1 < p.length && p[i + 1] !== ']') {
      hi = p[i + 1];
      i += 2;
      if (hi === '\\') {
        if (i >= p.length) return undefined;
        hi = p[i++];
      }
    }
    if (lo <= ch && ch <= hi) matched = true;
  }
  return { matched: matched !== negate, next: i };
}

/** wildcardp: the pattern has a glob character. */
export function wildcardp(pattern: string): boolean {
  return /[?*[]/.test(pattern);
}

/**
 * name_match: 0 when PATTERN matches NAME. ld short-cuts "literal-of-4-or-more-chars*" to a
 * prefix test, globs go to fnmatch, and anything else must be equal.
 */
export function nameMatches(pattern: string, name: string): boolean {
  const len = strcspnGlob(pattern);
  if (len >= 4 && pattern[len] === '*' && len + 1 === pattern.length) return name.startsWith(pattern.slice(0, len));
  if (wildcardp(pattern)) return fnmatch(pattern, name);
  return pattern === name;
}

function strcspnGlob(s: string): number {
  let i = 0;
  while (i < s.length && s[i] !== '*' && s[i] !== '?' && s[i] !== '[') i++;
  return i;
}
