/**
 * `ldscope check` on the mini-Xen sample, built for real: the sample as built passes, and
 * deliberately broken variants (re-linked by the real ld from edited scripts) are each caught
 * by the rule that should catch them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../..');
const cli = path.join(repo, 'dist/cli.js');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-check-'));
const script = path.join(repo, 'samples/mini-xen/arch/x86/xen.lds.S');
const cmdFile = path.join(out, 'arch/x86/.xen.lds.cmd');

beforeAll(() => {
  execFileSync('make', ['-s', '-C', path.join(repo, 'samples/mini-xen'), `O=${out}`, 'xen-syms', 'xen-pad-syms'], { stdio: 'pipe' });
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

interface Finding {
  rule: string;
  severity: string;
  message: string;
  location: { file: string; line: number } | null;
}

function check(...args: string[]): { status: number | null; findings: Finding[]; stderr: string } {
  const r = spawnSync(process.execPath, [cli, 'check', ...args, '--format', 'json'], { encoding: 'utf8', cwd: repo });
  const findings = r.stdout ? (JSON.parse(r.stdout).findings as Finding[]) : [];
  return { status: r.status, findings, stderr: r.stderr };
}

/** Re-links the sample's objects with an edited copy of a preprocessed script; returns [script, elf]. */
function variant(name: string, lds: string, edit: (text: string) => string): [string, string] {
  const text = fs.readFileSync(path.join(out, 'arch/x86', lds), 'utf8');
  const edited = edit(text);
  expect(edited).not.toBe(text);
  const file = path.join(out, `${name}.lds`);
  fs.writeFileSync(file, edited);
  const elf = path.join(out, `${name}-syms`);
  // --noinhibit-exec: the script's own ASSERTs may fail for a broken variant; keep the output.
  spawnSync('ld', ['-melf_x86_64', '-T', file, '-N', path.join(out, 'prelink.o'), '--build-id=sha1', '-o', elf, '--noinhibit-exec'], { encoding: 'utf8' });
  expect(fs.existsSync(elf)).toBe(true);
  return [file, elf];
}

const errorRules = (fs: Finding[]) => fs.filter((f) => f.severity === 'error').map((f) => f.rule);

test('the sample as built: Xen profile chosen, no error', () => {
  const r = check(script, '--from-build', cmdFile, '--elf', path.join(out, 'xen-syms'));
  expect(r.stderr).toBe('');
  expect(errorRules(r.findings)).toEqual([]);
  expect(r.status).toBe(0);
});

test('the padded (era 2) image passes too', () => {
  const padCmd = path.join(out, 'arch/x86/.xen-pad.lds.cmd');
  const r = check(script, '--from-build', padCmd, '--elf', path.join(out, 'xen-pad-syms'));
  expect(errorRules(r.findings)).toEqual([]);
});

test('image offset 1 MiB + 4 KiB: xen.image-offset', () => {
  const [lds, elf] = variant('offset', 'xen.lds', (t) => t.replace(/\. = (0xffff82d080000000|\(?0xffff82d080000000\)?) \+ 0x200000;/, '. = $1 + 0x101000;'));
  const r = check(lds, '--elf', elf);
  expect(r.status).toBe(1);
  expect(errorRules(r.findings)).toContain('xen.image-offset');
});

test('a __2M_ boundary off by a page: xen.boundary-alignment at its line', () => {
  const [lds, elf] = variant('offpage', 'xen.lds', (t) => t.replace('__2M_rodata_end = .;', '__2M_rodata_end = . + 0x1000;'));
  const r = check(lds, '--elf', elf);
  const f = r.findings.find((x) => x.rule === 'xen.boundary-alignment');
  expect(f?.message).toMatch(/__2M_rodata_end/);
  const line = fs.readFileSync(lds, 'utf8').split('\n').findIndex((l) => l.includes('__2M_rodata_end = . + 0x1000')) + 1;
  expect(f?.location).toMatchObject({ file: lds, line });
});

test('a .pad that aligns to 8 MiB: xen.pad-alignment', () => {
  const [lds, elf] = variant('pad8', 'xen-pad.lds', (t) => t.replace(/\. = ALIGN\(\(16 << 20\)\);(\s*__end_of_image__)/, '. = ALIGN((8 << 20));$1'));
  const r = check(lds, '--elf', elf);
  expect(errorRules(r.findings)).toContain('xen.pad-alignment');
});

test('an image end below the end of .bss: xen.image-end', () => {
  const [lds, elf] = variant('shortend', 'xen.lds', (t) => t.replace(/__2M_rwdata_end = ALIGN\([^;]*\);/, '__2M_rwdata_end = __2M_rwdata_start;'));
  const r = check(lds, '--elf', elf);
  expect(errorRules(r.findings)).toContain('xen.image-end');
});

test('sarif output is produced', () => {
  const r = spawnSync(process.execPath, [cli, 'check', script, '--from-build', cmdFile, '--elf', path.join(out, 'xen-syms'), '--format', 'sarif'], { encoding: 'utf8', cwd: repo });
  expect(JSON.parse(r.stdout).version).toBe('2.1.0');
});

describe("the Makefile's image-end recipe, era by era", () => {
  const makefile = path.join(repo, 'samples/mini-xen/Makefile');
  const era = (n: 1 | 2 | 3) => {
    const padded = n === 2;
    return check(
      script,
      '--from-build', path.join(out, 'arch/x86', padded ? '.xen-pad.lds.cmd' : '.xen.lds.cmd'),
      '--elf', path.join(out, padded ? 'xen-pad-syms' : 'xen-syms'),
      '--makefile', makefile,
      '--make-target', `xen-era${n}`,
    );
  };

  test('era 1 (highest symbol of any kind) is an error that names ALT_START', () => {
    const r = era(1);
    expect(r.status).toBe(1);
    const f = r.findings.find((x) => x.rule === 'xen.makefile-image-end');
    expect(f?.severity).toBe('error');
    expect(f?.message).toMatch(/picks ALT_START \(A, 0xffff82d0c0000000\)/);
    expect(f?.location?.file).toBe(makefile);
  });

  test.each([2, 3] as const)('era %i passes', (n) => {
    const r = era(n);
    expect(errorRules(r.findings)).toEqual([]);
    expect(r.findings.find((x) => x.rule === 'xen.makefile-image-end')?.severity).toBe('note');
  });
});

describe('ldscope xen on the built sample', () => {
  const xen = (...args: string[]) => spawnSync(process.execPath, [cli, 'xen', out, ...args], { encoding: 'utf8', cwd: repo });

  test('era 1: the summary shows the wrong Makefile end and fails', () => {
    const r = xen('--make-target', 'xen-era1');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/virtual start +0xffff82d080000000 \(__image_base__\)/);
    expect(r.stdout).toMatch(/image offset +0x200000/);
    expect(r.stdout).toMatch(/image end +0xffff82d080a00000 \(__2M_rwdata_end\)/);
    expect(r.stdout).toMatch(/Makefile end +0xffff82d0c0000000 \(ALT_START\)/);
    expect(r.stdout).toMatch(/^verdict: FAIL \(1 error/m);
  });

  test('cpp runs while the ELF is read and the Makefile evaluated; errors still come script, then ELF, then Makefile', () => {
    // An ELF that exists but is not one, and a script cpp fails on / the parser rejects.
    const notElf = path.join(out, 'not-an-elf');
    fs.writeFileSync(notElf, 'not an ELF file\n');
    const cppFails = path.join(out, 'arch/x86/cpp-fails.lds.S');
    fs.writeFileSync(cppFails, '#include "no-such-header.h"\nSECTIONS { }\n');
    const parseFails = path.join(out, 'arch/x86/parse-fails.lds.S');
    fs.writeFileSync(parseFails, 'SECTIONS { .text : { *(.text) }\n');
    const both = xen('--script', cppFails, '--elf', notElf);

    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/cpp-fails\.lds\.S:1:10: fatal error: no-such-header\.h/);
    expect(both.stderr).not.toMatch(/not-an-elf/);
    const parse = xen('--script', parseFails, '--elf', notElf);
    expect(parse.status).toBe(1); // a syntax error's status, as in ldscope parse
    expect(parse.stderr).toMatch(/parse-fails\.lds\.S:2:1: error: syntax error: unexpected end of file/);
    expect(parse.stderr).not.toMatch(/not-an-elf/);
    const elfOnly = xen('--elf', notElf, '--makefile', path.join(out, 'no-such-Makefile'));
    expect(elfOnly.status).toBe(2);
    expect(elfOnly.stderr).toMatch(/not-an-elf: not an ELF file/);
    // The Makefile's recipe is evaluated while cpp runs; its error still comes last.
    const cppAndMakefile = xen('--script', cppFails, '--makefile', path.join(out, 'no-such-Makefile'));
    expect(cppAndMakefile.status).toBe(2);
    expect(cppAndMakefile.stderr).toMatch(/no-such-header\.h/);
    expect(cppAndMakefile.stderr).not.toMatch(/no-such-Makefile/);
    const makefileOnly = xen('--makefile', path.join(out, 'no-such-Makefile'));
    expect(makefileOnly.status).toBe(2);
    expect(makefileOnly.stderr).toMatch(/no-such-Makefile/);
    expect(makefileOnly.stdout).toBe('');
  });

  test('era 3: OK, and every allocated section of xen-syms is listed with its readelf address', () => {
    const r = xen('--make-target', 'xen-era3');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^verdict: OK/m);
    const readelf = execFileSync('readelf', ['-SW', path.join(out, 'xen-syms')], { encoding: 'utf8' });
    for (const m of readelf.matchAll(/^\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]{16})\s+\S+\s+([0-9a-f]+)\s+\S+\s+(\S*A\S*)\s/gm)) {
      const [, name, addr, size] = m;
      const row = r.stdout.split('\n').find((l) => l.trim().startsWith(name + ' '));
      expect([name, row]).toEqual([name, expect.stringContaining(`0x${BigInt('0x' + addr).toString(16)}`)]);
      expect(row).toContain(`0x${BigInt('0x' + size).toString(16)}`);
    }
  });
});

test('a script symbol that disagrees with the ELF: layout.symbol-value at the .lds.S line', () => {
  // The ELF comes from an edited script; ldscope checks the original against it.
  const [, elf] = variant('moved-symbol', 'xen.lds', (t) => t.replace('__2M_rodata_start = .;', '__2M_rodata_start = . + 0x40;'));
  const r = check(script, '--from-build', cmdFile, '--elf', elf);
  expect(r.status).toBe(1);
  const f = r.findings.find((x) => x.rule === 'layout.symbol-value');
  expect(f?.message).toMatch(/__2M_rodata_start: the script gives 0xffff82d080400000, the ELF has 0xffff82d080400040/);
  const line = fs.readFileSync(script, 'utf8').split('\n').findIndex((l) => l.includes('__2M_rodata_start = .;')) + 1;
  expect(f?.location).toMatchObject({ file: script, line });
});

test('a section the ELF has at another address: layout.section-vma', () => {
  const [, elf] = variant('moved-section', 'xen.lds', (t) => t.replace(/(\n\s*)\.data : AT/, '$1. = . + 0x1000;$1.data : AT'));
  const r = check(script, '--from-build', cmdFile, '--elf', elf);
  expect(errorRules(r.findings)).toContain('layout.section-vma');
  expect(r.findings.find((x) => x.rule === 'layout.section-vma')?.message).toMatch(/^\.data: the script puts its VMA at/);
});
