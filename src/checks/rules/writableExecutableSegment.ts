import { PF, PT } from '../../elf/constants';
import type { CheckContext } from '../CheckContext';
import { hex } from '../CheckContext';
import type { Finding } from '../Finding';

/** A load segment that is both writable and executable (ld warns too, unless told not to). */
export function checkWritableExecutableSegments(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const seg of ctx.elf.segments) {
    if (seg.type !== PT.LOAD || (seg.flags & PF.W) === 0 || (seg.flags & PF.X) === 0) continue;
    const names = seg.sectionIndices.map((i) => ctx.elf.sections[i]?.name).filter(Boolean);
    findings.push({
      rule: 'elf.rwx-segment',
      severity: 'warning',
      message: `load segment ${seg.index} (${hex(seg.vaddr)}, ${names.length} sections: ${names.slice(0, 4).join(' ')}${names.length > 4 ? ' …' : ''}) is writable and executable`,
    });
  }
  return findings;
}
