/**
 * Findings from a layout alone (objects, no linked ELF to check against): the errors and
 * warnings ld would print and the ASSERTs that fail, under the rule ids `ldscope check`'s
 * cross-check gives the same problems (layout.error, script.assert), so a map reads alike
 * with or without an ELF.
 */
import type { Finding } from '../../checks/Finding';
import type { LayoutResult } from '../../layout/LayoutResult';

export function layoutFindings(result: LayoutResult): Finding[] {
  const findings: Finding[] = [];
  for (const d of result.diagnostics) {
    if (d.severity === 'note' || d.code === 'assert') continue;
    findings.push({ rule: d.severity === 'error' ? 'layout.error' : 'layout.warning', severity: d.severity, message: d.message, location: d.position ? { ...d.position, notes: [] } : undefined });
  }
  for (const a of result.asserts) {
    if (a.passed === false) findings.push({ rule: 'script.assert', severity: 'error', message: `ASSERT fails: ${a.message}`, location: a.position ? { ...a.position, notes: [] } : undefined });
  }
  return findings;
}
