/**
 * Structural equality of script ASTs with source locations ignored: what "the same script"
 * means for `ldscope fmt` (comments and layout aside, fmt must not change the AST) and for any
 * other tool that rewrites or regenerates scripts.
 *
 * Ignored: every `range`, an Include's `resolvedPath`, and an Include's `commands` (the included
 * file's text is not part of the including script; two scripts that INCLUDE the same name are
 * equal). A property that is `undefined` equals a missing one.
 */

/** Where two ASTs first differ: a property path such as `commands[2].statements[0].name`. */
export interface AstDifference {
  path: string;
  left: unknown;
  right: unknown;
}

const IGNORED_KEYS: ReadonlySet<string> = new Set(['range', 'resolvedPath']);

/** The first difference in depth-first, property order; undefined when the ASTs are equal. */
export function findAstDifference(a: unknown, b: unknown, path = ''): AstDifference | undefined {
  if (Object.is(a, b)) return undefined;
  const here = { path: path || '(root)', left: a, right: b };
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return here;
  if (Array.isArray(a) !== Array.isArray(b)) return here;
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = findAstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return a.length === b.length ? undefined : { path: `${path}.length`, left: a.length, right: b.length };
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const include = x.kind === 'Include' && y.kind === 'Include';
  const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
  for (const key of keys) {
    if (IGNORED_KEYS.has(key) || (include && key === 'commands')) continue;
    const d = findAstDifference(x[key], y[key], path ? `${path}.${key}` : key);
    if (d) return d;
  }
  return undefined;
}

export function equalIgnoringLocations(a: unknown, b: unknown): boolean {
  return findAstDifference(a, b) === undefined;
}

/** `commands[0].name: ".text" vs ".data"`, for test and tool messages. */
export function describeAstDifference(d: AstDifference): string {
  return `${d.path}: ${show(d.left)} vs ${show(d.right)}`;
}

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  const text = JSON.stringify(v, (key, value: unknown) =>
    key === 'range' ? undefined : typeof value === 'bigint' ? `${value}n` : value,
  );
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
