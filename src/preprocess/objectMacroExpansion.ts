import type { MacroDefinition } from './MacroTable';
import { isIdentifier, tokenizeLine } from './ppTokens';

/**
 * The tokens an object-like macro finally expands to, when that can be known without being a
 * C preprocessor: its body with nested object-like macros replaced recursively (a macro is not
 * replaced inside its own expansion, as in cpp). If a function-like macro is involved
 * (arguments, `#`, `##`), the answer is `undefined`, never a guess.
 *
 * Used to line up output with source when two macros sit next to each other
 * (`__XEN_VIRT_START + XEN_IMG_OFFSET`): knowing that XEN_IMG_OFFSET became the single token
 * `0x200000` says which `+` in the output is the source's own.
 */
export function expandObjectMacro(
  name: string,
  lookup: (name: string) => MacroDefinition | undefined,
  limit = 10000,
): string[] | undefined {
  const out: string[] = [];
  const ok = expandInto(name, lookup, new Set(), out, limit);
  return ok ? out : undefined;
}

function expandInto(
  name: string,
  lookup: (name: string) => MacroDefinition | undefined,
  active: Set<string>,
  out: string[],
  limit: number,
): boolean {
  const def = lookup(name);
  if (!def || def.functionLike) return false;
  if (def.body.includes('##') || def.body.includes('#')) return false;
  active.add(name);
  for (const tok of tokenizeLine(def.body)) {
    if (out.length > limit) return false;
    if (isIdentifier(tok) && !active.has(tok.text)) {
      const inner = lookup(tok.text);
      if (inner) {
        if (inner.functionLike) return false;
        if (!expandInto(tok.text, lookup, active, out, limit)) return false;
        continue;
      }
    }
    out.push(tok.text);
  }
  active.delete(name);
  return true;
}
