import * as fs from 'node:fs';
import { renderDiagnostic } from '../diagnostics/errors';
import { countBySeverity, type CheckReport, type Finding } from '../checks/Finding';

/**
 * gcc-style text: `file:line:col: error: message [rule-id]`, the source line and a caret, then
 * notes; a finding without a location starts with `ldscope:`. Ends with a count line.
 */
export function renderFindingsText(report: CheckReport, readLine: (file: string, line: number) => string | undefined = readSourceLine): string {
  const out: string[] = [];
  for (const f of report.findings) out.push(renderFinding(f, readLine));
  const c = countBySeverity(report.findings);
  out.push(`${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}`);
  return out.join('\n') + '\n';
}

function renderFinding(f: Finding, readLine: (file: string, line: number) => string | undefined): string {
  const numbers = f.expected !== undefined || f.actual !== undefined ? ` (expected ${f.expected ?? '?'}, actual ${f.actual ?? '?'})` : '';
  const message = `${f.message}${numbers} [${f.rule}]`;
  if (!f.location) return `ldscope: ${f.severity}: ${message}`;
  return renderDiagnostic(f.severity, message, f.location, readLine(f.location.file, f.location.line));
}

const cache = new Map<string, string[] | null>();

/** The text of a line of a file on disk, for carets (undefined when unreadable). */
export function readSourceLine(file: string, line: number): string | undefined {
  if (!cache.has(file)) {
    try {
      cache.set(file, fs.readFileSync(file, 'latin1').split('\n'));
    } catch {
      cache.set(file, null);
    }
  }
  return cache.get(file)?.[line - 1]?.replace(/\r$/, '');
}
