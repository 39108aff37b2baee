/**
 * `ldscope check` lays the script out with the link's own ld options: a link made with
 * `-z max-page-size=0x4000` is cross-checked correctly only when check is told so, and the
 * mismatch it reports without the option names the section and both addresses.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { asm, linkBoth, section } from '../layout/support/ldLink';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const SCRIPT = 'SECTIONS {\n  .text 0x400000 : { *(.text) }\n  . = ALIGN(CONSTANT(MAXPAGESIZE));\n  .data : { *(.data) }\n  d_end = .;\n}\n';
const objects = [asm('a.o', section('.text', { flags: 'ax', align: 4, size: 0x40, label: 'start' }) + section('.data', { flags: 'aw', align: 3, size: 0x20, label: 'da' }))];

function check(dir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'check', 'script.ld', '--elf', 'out.elf', '--format', 'json', ...args], { cwd: dir, encoding: 'utf8' });
  const findings = r.stdout ? (JSON.parse(r.stdout).findings as Array<{ rule: string; severity: string; message: string }>) : [];
  return { status: r.status, errors: findings.filter((f) => f.severity === 'error'), stderr: r.stderr };
}

test('check takes the link\'s ld options (-z max-page-size) and finds no mismatch with them', async () => {
  const l = await linkBoth({ script: SCRIPT, objects, ldArgs: ['-z', 'max-page-size=0x4000'] });
  // The real ld put .data on the 16 KiB page.
  expect(l.ld.sections.find((s) => s.name === '.data')!.vma).toBe(0x404000n);
  const withOption = check(l.dir, '-z', 'max-page-size=0x4000');
  expect(withOption.errors).toEqual([]);
  expect(withOption.status).toBe(0);
  expect(check(l.dir, '-zmax-page-size=0x4000').status).toBe(0);

  // Without it, ld's default 4 KiB page puts .data elsewhere: a precise mismatch, exit 1.
  const without = check(l.dir);
  expect(without.status).toBe(1);
  expect(without.errors.map((e) => e.rule)).toContain('layout.section-vma');
  expect(without.errors.find((e) => e.rule === 'layout.section-vma')!.message).toMatch(/\.data.*0x401000.*0x404000|\.data.*0x404000.*0x401000/);
});
