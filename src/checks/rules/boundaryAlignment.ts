import type { CheckContext } from '../CheckContext';
import { hex, sizeText } from '../CheckContext';
import type { Finding } from '../Finding';

const UNIT: Record<string, bigint> = { K: 1n << 10n, M: 1n << 20n, G: 1n << 30n };

/**
 * The alignment a symbol's name promises: `__2M_text_end` → 2 MiB, `FOO_ALIGN_4K` → 4 KiB.
 * Undefined when the name promises nothing.
 */
export function alignmentFromName(name: string): bigint | undefined {
  const m = /^_*(\d+)([KMG])_/.exec(name) ?? /_ALIGN_?(\d+)([KMG])(?:_|$)/.exec(name);
  if (!m) return undefined;
  return BigInt(m[1]) * UNIT[m[2]];
}

/** Script symbols named like an alignment boundary that are not aligned as the name says. */
export function checkBoundaryAlignment(ctx: CheckContext, skip: (name: string) => boolean = () => false): Finding[] {
  const findings: Finding[] = [];
  for (const name of ctx.facts.assignments.keys()) {
    if (skip(name)) continue;
    const align = alignmentFromName(name);
    const sym = ctx.symbol(name);
    if (align === undefined || align === 0n || !sym) continue;
    if (sym.value % align === 0n) continue;
    findings.push({
      rule: 'symbol.boundary-alignment',
      severity: 'error',
      message: `${name} is not ${sizeText(align)} aligned as its name says (${hex(sym.value)} is ${hex(sym.value % align)} past a boundary)`,
      location: ctx.assignmentPosition(name),
      expected: `multiple of ${hex(align)}`,
      actual: hex(sym.value),
    });
  }
  return findings;
}
