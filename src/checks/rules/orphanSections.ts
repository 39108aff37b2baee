import type { CheckContext } from '../CheckContext';
import { hex } from '../CheckContext';
import type { Finding } from '../Finding';

/**
 * Allocated output sections the script does not place: ld put them somewhere by its orphan
 * rules, which the script's author did not choose (and `--orphan-handling=warn` would flag).
 */
export function checkOrphanSections(ctx: CheckContext): Finding[] {
  return ctx
    .allocatedSections()
    .filter((s) => s.name !== '' && !ctx.facts.outputSections.has(s.name))
    .map((s) => ({
      rule: 'layout.orphan-section',
      severity: 'warning' as const,
      message: `allocated section ${s.name} (${hex(s.addr)}, ${s.size} bytes) is not placed by the script; ld placed it as an orphan`,
    }));
}
