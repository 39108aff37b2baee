import '@microsoft/jest-sarif';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CheckReport } from '../../src/checks/Finding';
import { renderFindingsJson } from '../../src/report/findingsJson';
import { renderFindingsSarif } from '../../src/report/findingsSarif';
import { renderFindingsText } from '../../src/report/findingsText';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      toBeValidSarifLog(): R;
    }
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-findings-'));
const script = path.join(dir, 'xen.lds.S');
fs.writeFileSync(script, 'SECTIONS\n{\n  .text : { *(.text) }\n  __2M_text_end = .;\n}\n');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const report: CheckReport = {
  findings: [
    {
      rule: 'layout.symbol-value',
      severity: 'error',
      message: 'script symbol __2M_text_end differs from the ELF',
      location: { file: script, line: 4, column: 3, notes: [] },
      expected: '0xffff82d080400000',
      actual: '0xffff82d080401000',
    },
    { rule: 'elf.rwx-segment', severity: 'warning', message: 'load segment 0 is writable and executable' },
  ],
  facts: { 'virtual start': '0xffff82d080000000' },
};

test('text: gcc style with the source line, a caret and the rule id', () => {
  const text = renderFindingsText(report);
  expect(text.split('\n')).toEqual([
    `${script}:4:3: error: script symbol __2M_text_end differs from the ELF (expected 0xffff82d080400000, actual 0xffff82d080401000) [layout.symbol-value]`,
    '   __2M_text_end = .;',
    '   ^',
    'ldscope: warning: load segment 0 is writable and executable [elf.rwx-segment]',
    '1 error, 1 warning',
    '',
  ]);
});

test('json: the documented shape', () => {
  const json = JSON.parse(renderFindingsJson(report));
  expect(json.findings[0]).toEqual({
    rule: 'layout.symbol-value',
    severity: 'error',
    message: 'script symbol __2M_text_end differs from the ELF',
    location: { file: script, line: 4, column: 3 },
    expected: '0xffff82d080400000',
    actual: '0xffff82d080401000',
  });
  expect(json.findings[1].location).toBeNull();
  expect(json.summary).toMatchObject({ errors: 1, warnings: 1, notes: 0 });
});

test('sarif: valid against the SARIF 2.1.0 schema', () => {
  const log = JSON.parse(renderFindingsSarif(report, '0.1.0', dir));
  expect(log).toBeValidSarifLog();
  expect(log.runs[0].results[0].locations[0].physicalLocation).toEqual({
    artifactLocation: { uri: 'xen.lds.S' },
    region: { startLine: 4, startColumn: 3 },
  });
  expect(log.runs[0].results.map((r: { level: string }) => r.level)).toEqual(['error', 'warning']);
});

test('sarif: the schema check is real (a broken log fails it)', () => {
  const log = JSON.parse(renderFindingsSarif(report, '0.1.0', dir));
  log.runs[0].results[0].level = 'fatal';
  expect(log).not.toBeValidSarifLog();
});
