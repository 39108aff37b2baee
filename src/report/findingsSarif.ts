import * as path from 'node:path';
import type { CheckReport, Severity } from '../checks/Finding';

/** SARIF 2.1.0 (the OASIS standard code-scanning services read). */
export function renderFindingsSarif(report: CheckReport, toolVersion: string, baseDir: string = process.cwd()): string {
  const ruleIds = [...new Set(report.findings.map((f) => f.rule))].sort();
  const level = (s: Severity) => (s === 'note' ? 'note' : s);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ldscope',
            version: toolVersion,
            informationUri: 'https://github.com/ldscope/ldscope',
            rules: ruleIds.map((id) => ({ id, shortDescription: { text: id } })),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIds.indexOf(f.rule),
          level: level(f.severity),
          message: { text: f.expected !== undefined || f.actual !== undefined ? `${f.message} (expected ${f.expected ?? '?'}, actual ${f.actual ?? '?'})` : f.message },
          ...(f.location
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: toUri(f.location.file, baseDir) },
                      region: { startLine: Math.max(1, f.location.line), startColumn: Math.max(1, f.location.column) },
                    },
                  },
                ],
              }
            : {}),
          ...(f.expected !== undefined || f.actual !== undefined
            ? { properties: { expected: f.expected ?? null, actual: f.actual ?? null } }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** Relative paths stay relative (SARIF resolves them against the run's base); others become file: URIs. */
function toUri(file: string, baseDir: string): string {
  const rel = path.isAbsolute(file) ? path.relative(baseDir, file) : file;
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).map(encodeURIComponent).join('/');
  return 'file://' + path.resolve(baseDir, file).split(path.sep).map(encodeURIComponent).join('/');
}
