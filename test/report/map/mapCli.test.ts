/**
 * `ldscope map` as a user runs it (node dist/cli.js), against what the real tools say: the
 * --text table against ld's own --print-memory-usage output for the same link, the map of
 * the objects against the ELF ld made of them, --compare of two real `eval --json` results,
 * and the errors for wrong usage.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../..');
const cli = path.join(repo, 'dist/cli.js');

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r;
}

function runOk(cmd: string, args: string[], cwd: string): string {
  const r = run(cmd, args, cwd);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const ldscope = (args: string[], cwd: string) => run(process.execPath, [cli, ...args], cwd);

/** A small MCU-style link: code and rodata in FLASH, data in RAM loaded from FLASH, bss in RAM. */
function firmware(dir: string, name: string, textBytes: number, dataBytes: number): { script: string; obj: string; elf: string; ldUsage: string } {
  const src = path.join(dir, `${name}.s`);
  fs.writeFileSync(
    src,
    [
      '.section .text,"ax"', '.globl _start', `_start: .fill ${textBytes},1,0x90`,
      '.section .rodata,"a"', '.fill 0x321,1,1',
      '.section .data,"aw"', `.fill ${dataBytes},1,2`,
      '.section .bss,"aw",@nobits', '.zero 0x2000', '',
    ].join('\n'),
  );
  const script = path.join(dir, 'fw.ld');
  fs.writeFileSync(
    script,
    [
      'MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 64K',
      '         RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 20K }',
      'SECTIONS {',
      '  .text : { *(.text*) } > FLASH',
      '  .rodata : { *(.rodata*) } > FLASH',
      '  _sidata = LOADADDR(.data);',
      '  .data : { _sdata = .; *(.data*) ; _edata = .; } > RAM AT> FLASH',
      '  .bss (NOLOAD) : { _sbss = .; *(.bss*) ; _ebss = .; } > RAM',
      '}',
      '',
    ].join('\n'),
  );
  const obj = path.join(dir, `${name}.o`);
  const elf = path.join(dir, `${name}.elf`);
  runOk('as', ['-o', obj, src], dir);
  const ldUsage = runOk('ld', ['-T', script, obj, '-o', elf, '--print-memory-usage'], dir);
  return { script, obj, elf, ldUsage };
}

describe('ldscope map (CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-map-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("--text starts with exactly the table ld --print-memory-usage printed for the same link", () => {
    const fw = firmware(dir, 'a', 0x1234, 0x456);
    const r = ldscope(['map', fw.script, fw.obj, '--text'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const table = fw.ldUsage.trimEnd().split('\n');
    expect(table).toHaveLength(3);
    expect(r.stdout.split('\n').slice(0, table.length)).toEqual(table);
    // Then one line per section, in output order, with a bar.
    const lines = r.stdout.split('\n');
    const rows = lines.filter((l) => /^\.(text|rodata|data|bss) /.test(l));
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(['.text', '.rodata', '.data', '.bss']);
    expect(rows.every((l) => /█|▏|▎|▍|▌|▋|▊|▉/.test(l))).toBe(true);
    // The largest section (.bss, 8 KiB) fills the bar.
    expect(rows.find((l) => l.startsWith('.bss'))).toMatch(/█{32}$/);
  });

  test('the map drawn from the objects has the addresses of the ELF ld made of them', () => {
    const fw = firmware(dir, 'b', 0x1000, 0x10);
    const svg = path.join(dir, 'b.svg');
    const r = ldscope(['map', fw.script, fw.obj, '--svg', svg], dir);
    expect(r.status).toBe(0);
    const text = fs.readFileSync(svg, 'utf8');
    const readelf = runOk('readelf', ['-SW', fw.elf], dir);
    const loads = runOk('readelf', ['-lW', fw.elf], dir);
    for (const m of readelf.matchAll(/^\s*\[\s*\d+\]\s+(\.text|\.rodata|\.data|\.bss)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)/gm)) {
      const [, name, addr, size] = m;
      const hex = (s: string) => `0x${BigInt(`0x${s}`).toString(16)}`;
      expect(text).toContain(`data-section="${name}" data-vma="${hex(addr)}"`);
      expect(text).toMatch(new RegExp(`data-section="\\${name}" data-vma="${hex(addr)}" data-lma="0x[0-9a-f]+" data-size="${hex(size)}"`));
    }
    // .data loads in FLASH right after .rodata (readelf -l: the LOAD segment whose paddr is in FLASH).
    const dataLoad = /LOAD\s+\S+\s+0x0*20000000\s+(0x[0-9a-f]+)/.exec(loads)![1];
    expect(text).toContain(`data-section=".data" data-vma="0x20000000" data-lma="0x${BigInt(dataLoad).toString(16)}"`);
    // MEMORY regions are bands with ld's usage.
    expect(text).toMatch(/data-band="FLASH"/);
    expect(text).toMatch(/data-band="RAM"/);
  });

  test('--compare of two eval --json results says what grew, by how much', () => {
    const a = firmware(dir, 'c1', 0x1000, 0x10);
    const before = path.join(dir, 'before.json');
    fs.writeFileSync(before, runOk(process.execPath, [cli, 'eval', a.script, a.obj, '--json'], dir));
    const b = firmware(dir, 'c2', 0x1800, 0x10);
    const after = path.join(dir, 'after.json');
    fs.writeFileSync(after, runOk(process.execPath, [cli, 'eval', b.script, b.obj, '--json'], dir));
    const r = ldscope(['map', '--text', '--compare', before, after], dir);
    expect(r.status).toBe(0);
    const row = (name: string) => r.stdout.split('\n').find((l) => l.startsWith(`${name} `)) ?? '';
    expect(row('.text')).toMatch(/grew .* \+2 KiB$/);
    expect(row('.rodata')).toMatch(/moved .*0x8001000 .*0x8001800 .*±0$/);
    // .bss runs where it did; its LMA follows .data's load address in FLASH, which moved.
    expect(row('.bss')).toMatch(/moved +0x20000010 +0x20000010 .*±0$/);
    expect(r.stdout).toMatch(/_sidata +0x8001321 +-> 0x8001b21/);
    // One file: against this script's own layout, as HTML.
    const page = path.join(dir, 'cmp.html');
    const r2 = ldscope(['map', b.script, b.obj, '-o', page, '--compare', before], dir);
    expect(r2.status).toBe(0);
    const html = fs.readFileSync(page, 'utf8');
    expect(html).toContain('data-section=".text" data-change="grew"');
    expect(html).not.toMatch(/<script[^>]+src=|<link |@import|url\(http/);
  });

  test('usage errors are clear, exit 2, no stack', () => {
    const fw = firmware(dir, 'd', 0x10, 0x10);
    const cases: Array<[string[], RegExp]> = [
      [['map', fw.script, fw.obj], /say what to write: -o PAGE\.html, --svg PICTURE\.svg, or --text/],
      [['map', fw.script, '--text'], /give the link's objects, or --elf/],
      [['map', fw.script, fw.obj, '--text', '--json'], /--json is eval's option/],
      [['map', '--text', '--compare', path.join(dir, 'missing.json'), fw.script], /cannot read .*missing\.json: ENOENT/],
      [['map', '--text', '--compare', fw.script, fw.script], /not JSON/],
      [['map', fw.script, fw.obj, '--text', '--makefile', 'Makefile'], /--makefile needs --elf/],
      [['map', fw.script, fw.obj, '-o', path.join(dir, 'no/such/dir/x.html')], /cannot write .*x\.html: ENOENT/],
    ];
    for (const [args, message] of cases) {
      const r = ldscope(args, dir);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
