/**
 * The cross-check reports a moved section once, with its own numbers: sections laid out after
 * it inherit "unknown" from it (their addresses follow from one the ELF contradicts) but are not
 * reported as moved themselves with its addresses.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { asm, linkBoth, section } from '../layout/support/ldLink';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const objects = [asm('a.o', section('.text', { flags: 'ax', align: 4, size: 0x40, label: 'start' }) + section('.data', { flags: 'aw', align: 3, size: 0x20, label: 'da' }))];

test('a section the script moves: one layout.section-vma finding with its own expected and actual', async () => {
  const linked = 'SECTIONS {\n  .text 0x400000 : { *(.text) }\n  .data : { *(.data) }\n  _end = .;\n}\n';
  const l = await linkBoth({ script: linked, objects });
  expect(l.ld.sections.map((s) => [s.name, s.vma])).toEqual([
    ['.text', 0x400000n],
    ['.data', 0x400040n],
  ]);
  // The script as it is now says 0x500000: the binary was linked from an older one.
  fs.writeFileSync(path.join(l.dir, 'moved.ld'), linked.replace('0x400000', '0x500000'));
  const r = spawnSync(process.execPath, [CLI, 'check', 'moved.ld', '--elf', 'out.elf', '--format', 'json'], { cwd: l.dir, encoding: 'utf8' });
  expect(r.status).toBe(1);
  const findings = JSON.parse(r.stdout).findings as Array<{ rule: string; message: string; expected?: string; actual?: string }>;
  const moved = findings.filter((f) => f.rule.startsWith('layout.section-'));
  expect(moved).toEqual([expect.objectContaining({ rule: 'layout.section-vma', expected: '0x500000', actual: '0x400000' })]);
  expect(moved[0].message).toMatch(/^\.text: /);
  // .data and _end follow from .text's address: not knowable, said so, not reported as moved.
  expect(findings.filter((f) => f.rule === 'layout.unknown').map((f) => f.message).join('\n')).toMatch(/\.data|_end/);
});
