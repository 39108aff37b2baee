import type { ElfSection } from '../../elf/types';
import type { CheckContext } from '../CheckContext';
import { hex } from '../CheckContext';
import type { Finding } from '../Finding';

/** Allocated sections whose run-time (VMA) or load (LMA) ranges overlap. */
export function checkSectionOverlaps(ctx: CheckContext): Finding[] {
  const sections = ctx.allocatedSections().filter((s) => ctx.memorySize(s) > 0n);
  return [
    ...overlaps(ctx, sections, 'VMA', (s) => s.addr, (s) => ctx.memorySize(s)),
    // Only bytes that are loaded have a load address that matters (NOBITS takes no file space).
    ...overlaps(ctx, sections.filter((s) => s.typeName !== 'NOBITS'), 'LMA', (s) => ctx.loadAddress(s), (s) => s.size),
  ];
}

function overlaps(
  ctx: CheckContext,
  sections: ElfSection[],
  what: 'VMA' | 'LMA',
  start: (s: ElfSection) => bigint,
  size: (s: ElfSection) => bigint,
): ReturnType<typeof checkSectionOverlaps> {
  const findings: Finding[] = [];
  const sorted = [...sections].sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    const prevEnd = start(prev) + size(prev);
    if (start(cur) < prevEnd) {
      const placed = ctx.facts.outputSections.get(cur.name);
      findings.push({
        rule: what === 'VMA' ? 'layout.vma-overlap' : 'layout.lma-overlap',
        severity: 'error',
        message: `section ${cur.name} (${what} ${hex(start(cur))}) overlaps ${prev.name} (${hex(start(prev))}–${hex(prevEnd)}) by ${prevEnd - start(cur)} bytes`,
        location: placed && placed.kind === 'OutputSection' ? placed.range.position : undefined,
      });
    }
  }
  return findings;
}
