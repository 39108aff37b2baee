/**
 * Where ldscope's layout of the script and the linked ELF disagree: a section at another
 * address or of another size, a script symbol with another value. Either the script changed
 * since the build, the build preprocessed it with other flags, or ldscope's layout is wrong —
 * in each case the reader wants to see the spot.
 */
import type { CheckContext } from '../../checks/CheckContext';
import { SHF } from '../../elf/constants';
import type { LayoutResult } from '../../layout/LayoutResult';
import { hex } from './format';
import type { MapFinding, MapSection, MapSymbol } from './MapFacts';

export function elfMismatchFindings(
  sections: readonly MapSection[],
  symbols: readonly MapSymbol[],
  layout: LayoutResult,
  ctx: CheckContext,
  elfName: string,
): Array<Omit<MapFinding, 'id'>> {
  const out: Array<Omit<MapFinding, 'id'>> = [];
  const linked = new Map<string, import('../../elf/types').ElfSection>();
  for (const s of ctx.elf.sections) if ((s.flags & SHF.ALLOC) !== 0n && !linked.has(s.name)) linked.set(s.name, s);
  const unknown = new Set(layout.sections.filter((s) => s.unknown !== undefined).map((s) => s.name));
  for (const s of sections) {
    if (!s.traits.alloc || s.source !== 'layout' || unknown.has(s.name)) continue;
    const e = linked.get(s.name);
    if (!e) {
      out.push({
        rule: 'map.elf-mismatch',
        severity: 'warning',
        message: `section ${s.name} is in the layout but not in ${elfName}`,
        location: s.placedAt,
        anchor: { lane: 'vma', address: s.vma, what: s.name },
      });
      continue;
    }
    const elfLma = ctx.loadAddress(e);
    const differences: Array<[string, bigint, bigint, 'vma' | 'lma']> = [];
    if (e.addr !== s.vma) differences.push(['VMA', s.vma, e.addr, 'vma']);
    if (elfLma !== s.lma) differences.push(['LMA', s.lma, elfLma, 'lma']);
    if (e.size !== s.size) differences.push(['size', s.size, e.size, 'vma']);
    for (const [what, mine, theirs, lane] of differences) {
      out.push({
        rule: 'map.elf-mismatch',
        severity: 'error',
        message: `section ${s.name}: the layout puts its ${what} at ${hex(mine)}, ${elfName} has ${hex(theirs)}`,
        location: s.placedAt,
        expected: hex(theirs),
        actual: hex(mine),
        anchor: { lane, address: lane === 'lma' ? s.lma : s.vma, what: s.name },
      });
    }
  }
  for (const sym of symbols) {
    if (sym.source !== 'layout') continue;
    const e = ctx.symbol(sym.name);
    if (!e || e.value === sym.value) continue;
    out.push({
      rule: 'map.elf-mismatch',
      severity: 'error',
      message: `symbol ${sym.name}: the layout computes ${hex(sym.value)}, ${elfName} has ${hex(e.value)}`,
      location: sym.assignedAt,
      expected: hex(e.value),
      actual: hex(sym.value),
      anchor: { lane: 'vma', address: sym.value, what: sym.name },
    });
  }
  return out;
}
