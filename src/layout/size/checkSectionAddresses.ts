/**
 * lang_check_section_addresses: the errors ld reports once the layout is done — a section
 * whose VMA or LMA range wraps around the address space, loadable sections with overlapping
 * LMAs, allocated sections with overlapping VMAs (unless two start at the same address, which
 * ld takes as overlays), and by how much each overfull memory region overflowed.
 */
import { isTbss, SEC } from '../bfd/sectionFlags';
import type { LinkContext } from '../LinkContext';
import type { OutputSection } from '../output/OutputSection';

/** ld's %V: hex digits without 0x, 16 for ELF64, 8 for ELF32. */
function hex(v: bigint, elfClass: 32 | 64): string {
  return (elfClass === 32 ? v & 0xffffffffn : v).toString(16).padStart(elfClass === 32 ? 8 : 16, '0');
}

export function checkSectionAddresses(ctx: LinkContext): void {
  const mask = ctx.addressMask;
  const cls = ctx.options.emulation.elfClass;
  const rangeOf = (s: OutputSection) => s.statement?.range;
  for (const s of ctx.sectionList) {
    if ((s.flags & SEC.ALLOC) === 0 || s.vmaUnknown) continue;
    let end = (s.vma + s.size) & mask;
    if (end !== 0n && end < (s.vma & mask)) {
      ctx.report('error', 'vma-wraps', `section ${s.name} VMA wraps around address space`, rangeOf(s));
    } else {
      end = (s.lma + s.size) & mask;
      if (end !== 0n && end < (s.lma & mask)) ctx.report('error', 'lma-wraps', `section ${s.name} LMA wraps around address space`, rangeOf(s));
    }
  }
  if (ctx.sectionList.length <= 1) return;
  const secs = ctx.sectionList.filter((s) => !((s.flags & SEC.ALLOC) === 0 || isTbss(s.flags)) && s.size !== 0n && !s.vmaUnknown && !s.lmaUnknown);
  if (secs.length <= 1) return;
  const warned = new Set<OutputSection>();
  const byLma = secs.slice().sort((a, b) => (a.lma < b.lma ? -1 : a.lma > b.lma ? 1 : a.id - b.id));
  let p: OutputSection | undefined;
  let pStart = 0n;
  let pEnd = 0n;
  for (const s of byLma) {
    if ((s.flags & SEC.LOAD) === 0) continue;
    const sStart = s.lma;
    const sEnd = (sStart + s.size - 1n) & ((1n << 64n) - 1n);
    if (p && (sStart <= pEnd || pEnd < pStart)) {
      ctx.report(
        'error',
        'lma-overlap',
        `section ${s.name} LMA [${hex(sStart, cls)},${hex(sEnd, cls)}] overlaps section ${p.name} LMA [${hex(pStart, cls)},${hex(pEnd, cls)}]`,
        rangeOf(s),
      );
      warned.add(s);
    }
    p = s;
    pStart = sStart;
    pEnd = sEnd;
  }
  const byVma = secs.slice().sort((a, b) => (a.vma < b.vma ? -1 : a.vma > b.vma ? 1 : a.id - b.id));
  let overlays = false;
  for (let i = 1; i < byVma.length; i++) {
    if (byVma[i].vma === byVma[i - 1].vma) {
      overlays = true;
      break;
    }
  }
  if (!overlays) {
    p = undefined;
    for (const s of byVma) {
      const sStart = s.vma;
      const sEnd = (sStart + s.size - 1n) & ((1n << 64n) - 1n);
      if (p && !warned.has(s) && (sStart <= pEnd || pEnd < pStart)) {
        ctx.report(
          'error',
          'vma-overlap',
          `section ${s.name} VMA [${hex(sStart, cls)},${hex(sEnd, cls)}] overlaps section ${p.name} VMA [${hex(pStart, cls)},${hex(pEnd, cls)}]`,
          rangeOf(s),
        );
      }
      p = s;
      pStart = sStart;
      pEnd = sEnd;
    }
  }
  for (const m of ctx.regions.regions) {
    if (m.hadFullMessage) {
      const over = (m.current - (m.origin + m.length)) & ((1n << 64n) - 1n);
      ctx.report('error', 'region-overflow', `region \`${m.name}' overflowed by ${over} byte${over === 1n ? '' : 's'}`, m.range);
    }
  }
}
