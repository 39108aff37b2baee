/**
 * exp_get_vma / exp_get_power / exp_get_abs_int: expressions ld needs as plain numbers (section
 * alignment, SUBALIGN, AT(), PHDRS flags), evaluated outside any section and without `.`.
 */
import type { LinkContext } from '../LinkContext';
import type { Etree } from './Etree';

export function expGetVma(ctx: LinkContext, tree: Etree | undefined, def: bigint, what: string | undefined): bigint {
  if (!tree) return def;
  ctx.folder.foldTreeNoDot(tree);
  if (ctx.folder.result.valid) return ctx.folder.result.value;
  if (what !== undefined && ctx.phase !== 'mark') ctx.fatal('nonconstant', `nonconstant expression for ${what}`, tree.range);
  return def;
}

/** The smallest power of two not below the value, as a power; -1 when there is no expression. */
export function expGetPower(ctx: LinkContext, tree: Etree | undefined, what: string): number {
  const x = expGetVma(ctx, tree, (1n << 64n) - 1n, what);
  if (x === (1n << 64n) - 1n) return -1;
  let n = 0;
  let p2 = 1n;
  while (p2 < x) {
    n++;
    p2 <<= 1n;
    if (p2 >= 1n << 64n) break;
  }
  return n;
}

/** exp_get_abs_int: the value made absolute (a section-relative AT() adds the section's VMA). */
export function expGetAbsInt(ctx: LinkContext, tree: Etree | undefined, def: bigint, what: string): { value: bigint; unknown?: string } {
  if (!tree) return { value: def };
  ctx.folder.foldTreeNoDot(tree);
  const r = ctx.folder.result;
  if (r.valid) {
    let v = r.value;
    let unknown = r.unknown;
    if (r.section !== null) {
      v = (v + r.section.vma) & ((1n << 64n) - 1n);
      unknown ??= r.section.vmaUnknown;
    }
    return { value: v, unknown };
  }
  if (ctx.phase !== 'mark') ctx.fatal('nonconstant', `nonconstant expression for ${what}`, tree.range);
  return { value: def };
}
