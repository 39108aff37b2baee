import { countBySeverity, type CheckReport } from '../checks/Finding';

/** `--format json`: `{"findings":[{rule,severity,message,location,expected,actual}], "summary":…}`. */
export function renderFindingsJson(report: CheckReport): string {
  const findings = report.findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    location: f.location ? { file: f.location.file, line: f.location.line, column: f.location.column } : null,
    expected: f.expected ?? null,
    actual: f.actual ?? null,
  }));
  const counts = countBySeverity(report.findings);
  const summary = { errors: counts.error, warnings: counts.warning, notes: counts.note, ...(report.facts ? { facts: report.facts } : {}) };
  return JSON.stringify({ findings, summary }, null, 2) + '\n';
}
