/** `ldscope fmt` as a user runs it: the built CLI in a child process. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const cli = path.resolve(__dirname, '../../dist/cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-cli-fmt-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function ldscope(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'latin1', cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, 'latin1');
  return file;
}

const messy = '/* hi */ SECTIONS { .text : { *(.text) } .data : { *(.data) x = a/2; } }\n';
const tidy = 'SECTIONS\n{\n  .text : { *(.text) }\n  .data :\n  {\n    *(.data)\n    x = a/2;\n  }\n}\n';

test('prints the canonical layout, comments dropped', () => {
  write('messy.ld', messy);
  expect(ldscope('fmt', 'messy.ld')).toEqual({ status: 0, stdout: tidy, stderr: '' });
});

test('--check: exit 1 and a note when not formatted, exit 0 and silence when it is', () => {
  write('messy.ld', messy);
  write('tidy.ld', tidy);
  const r = ldscope('fmt', '--check', 'messy.ld');
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^messy\.ld: not formatted/);
  expect(ldscope('fmt', '--check', 'tidy.ld')).toEqual({ status: 0, stdout: '', stderr: '' });
});

test('-w rewrites the file in place, byte for byte (latin1 names survive)', () => {
  const file = write('w.ld', 'SECTIONS { "caf\xe9" : { *(".caf\xe9") } }');
  expect(ldscope('fmt', '-w', 'w.ld')).toEqual({ status: 0, stdout: '', stderr: '' });
  expect(fs.readFileSync(file, 'latin1')).toBe('SECTIONS\n{\n  "caf\xe9" : { *(".caf\xe9") }\n}\n');
});

test('a character ld skips is reported as ld reports it, and is gone from the output', () => {
  write('skip.ld', 'x = 1 @ + 2;\n');
  expect(ldscope('fmt', 'skip.ld')).toEqual({
    status: 0,
    stdout: 'x = 1 + 2;\n',
    stderr: "skip.ld:1:7: warning: ignoring invalid character `@' in expression\n",
  });
});

test('INCLUDE is kept as a line; -L finds the included file (as ld does)', () => {
  fs.mkdirSync(path.join(dir, 'inc'), { recursive: true });
  write('inc/part.ld', 'x = 1;');
  write('main.ld', 'INCLUDE part.ld y = 2;');
  expect(ldscope('fmt', '-L', 'inc', 'main.ld')).toEqual({ status: 0, stdout: 'INCLUDE part.ld\ny = 2;\n', stderr: '' });
  // Without -L the INCLUDE cannot be resolved: an input error, exit 2.
  const r = ldscope('fmt', 'main.ld');
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/main\.ld:1:1: error: cannot find INCLUDE file part\.ld/);
});

test('a syntax error: exit 1 with the gcc-style message, no stack trace; nothing written with -w', () => {
  const text = 'SECTIONS {\n  .a : { } =\n}\n';
  const file = write('bad.ld', text);
  const r = ldscope('fmt', '-w', 'bad.ld');
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^bad\.ld:3:1: error: syntax error/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(fs.readFileSync(file, 'latin1')).toBe(text);
});

test('I/O and usage errors: exit 2', () => {
  expect(ldscope('fmt', 'missing.ld').status).toBe(2);
  expect(ldscope('fmt', '--check', '-w', 'tidy.ld').status).toBe(2);
  write('x.lds.S', '#include "y.h"\nSECTIONS { }\n');
  const r = ldscope('fmt', 'x.lds.S');
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/C-preprocessor source/);
});
