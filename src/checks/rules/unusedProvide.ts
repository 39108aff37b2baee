import type { CheckContext } from '../CheckContext';
import type { Finding } from '../Finding';

/**
 * PROVIDE defines a symbol only when something references it; one that is absent from the
 * linked ELF was used by nothing, and is dead text in the script.
 */
export function checkUnusedProvides(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const [name, assignments] of ctx.facts.assignments) {
    if (!assignments.every((a) => a.provide)) continue;
    if (ctx.symbol(name)) continue;
    findings.push({
      rule: 'script.unused-provide',
      severity: 'note',
      message: `PROVIDE(${name}) defines nothing: no input file references ${name}`,
      location: assignments[0].range.position,
    });
  }
  return findings;
}
