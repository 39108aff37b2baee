/** `ldscope parse` as a user runs it: the built CLI in a child process. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const cli = path.resolve(__dirname, '../../dist/cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-cli-parse-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function ldscope(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: dir });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

test('a good script: exit 0, no output', () => {
  write('good.ld', 'SECTIONS { .text : { *(.text) } }\n');
  expect(ldscope('parse', 'good.ld')).toEqual({ status: 0, stdout: '', stderr: '' });
});

test('a syntax error: exit 1, file:line:col, the line and a caret, no stack trace', () => {
  write('bad.ld', 'SECTIONS {\n  .text : { *(.text) \n');
  const r = ldscope('parse', 'bad.ld');
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^bad\.ld:3:1: error: syntax error: unexpected end of file/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

test('several files: one line per failure and N passed, M failed', () => {
  write('good.ld', 'ENTRY(_start)\n');
  write('bad.ld', 'x = ;\n');
  write('list.txt', 'good.ld\nbad.ld\n');
  const r = ldscope('parse', 'good.ld', '--files-from', 'list.txt');
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('2 passed, 1 failed\n');
  expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^bad\.ld:1:5: error: syntax error/)]);
});

test('an unreadable file: exit 2', () => {
  const r = ldscope('parse', 'missing.ld');
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/missing\.ld/);
});

test('usage errors: exit 2', () => {
  expect(ldscope('parse').status).toBe(2);
  expect(ldscope('no-such-command').status).toBe(2);
});

test('--json prints the AST with hex bigints and user positions', () => {
  write('j.ld', '\n. = 0x1000;\n');
  const r = ldscope('parse', 'j.ld', '--json');
  expect(r.status).toBe(0);
  const ast = JSON.parse(r.stdout);
  expect(ast.commands[0]).toMatchObject({
    kind: 'Assignment',
    symbol: '.',
    value: { kind: 'Number', value: '0x1000', text: '0x1000' },
    range: { file: 'j.ld', line: 2, column: 1 },
  });
});

test('-L finds INCLUDE files', () => {
  fs.mkdirSync(path.join(dir, 'inc'), { recursive: true });
  write('inc/part.ld', 'x = 1;\n');
  write('main.ld', 'INCLUDE part.ld\n');
  expect(ldscope('parse', 'main.ld').status).toBe(2);
  expect(ldscope('parse', '-L', 'inc', 'main.ld').status).toBe(0);
  expect(ldscope('parse', '-Linc', 'main.ld').status).toBe(0);
});

test('a .lds.S goes through cpp and errors point at the .lds.S line', () => {
  write('s.lds.S', '#define BASE 0x1000\n/* comment */\nSECTIONS {\n  . = BASE;\n  .text : { *(.text) } +\n}\n');
  const r = ldscope('parse', 's.lds.S');
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^s\.lds\.S:5:\d+: error: syntax error/);
});
