/**
 * The mini-Xen sample (samples/mini-xen) built with the machine's make/gcc/ld: `ldscope eval`
 * on its script, preprocessed exactly as the build did (--from-build .xen.lds.cmd), must give
 * every section and every symbol the script assigns as the real xen-syms has them:
 * - from the objects (prelink.o, with the link's -N and --build-id): all exactly;
 * - with the objects and --elf xen-syms: all exactly;
 * - from xen-syms alone: every section exactly, every symbol exactly or reported as one the
 *   ELF alone cannot determine ("cannot know …"), none wrong.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MINI_XEN_SOURCE, miniXenBuild } from '../checks/makefile/support/miniXen';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const SCRIPT = path.join(MINI_XEN_SOURCE, 'arch/x86/xen.lds.S');

interface EvalJson {
  sections: Array<{ name: string; vma: string; lma: string; size: string }>;
  symbols: Record<string, string>;
  asserts: Array<{ message: string; passed: boolean | null }>;
  diagnostics: Array<{ severity: string; message: string }>;
}

let build = '';
let nmValues = new Map<string, string>();
let objdumpSections: EvalJson['sections'] = [];

function evalJson(args: string[]): { status: number | null; json: EvalJson; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'eval', '--from-build', 'arch/x86/.xen.lds.cmd', SCRIPT, ...args, '--json'], { cwd: build, encoding: 'utf8' });
  return { status: r.status, json: JSON.parse(r.stdout) as EvalJson, stderr: r.stderr };
}

const hex = (s: string) => '0x' + BigInt('0x' + s).toString(16);

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error('build first: npm run build');
  build = miniXenBuild();
  const nm = spawnSync('nm', ['-a', 'xen-syms'], { cwd: build, encoding: 'utf8' }).stdout;
  nmValues = new Map();
  for (const line of nm.split('\n')) {
    const m = /^([0-9a-f]+) \S (\S+)$/.exec(line);
    if (m && !nmValues.has(m[2])) nmValues.set(m[2], hex(m[1]));
  }
  const od = spawnSync('objdump', ['-h', '-w', 'xen-syms'], { cwd: build, encoding: 'utf8' }).stdout;
  objdumpSections = [];
  for (const line of od.split('\n')) {
    const m = /^\s*\d+\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s/.exec(line);
    if (m) objdumpSections.push({ name: m[1], vma: hex(m[3]), lma: hex(m[4]), size: hex(m[2]) });
  }
}, 300_000);

function wrongSymbols(j: EvalJson): string[] {
  return Object.entries(j.symbols)
    .filter(([k, v]) => nmValues.get(k) !== v)
    .map(([k, v]) => `${k}: ldscope ${v}, nm ${nmValues.get(k) ?? 'none'}`);
}

describe('ldscope eval on the mini-Xen sample', () => {
  let assigned: string[] = [];

  test('from prelink.o: every section and every script symbol as in xen-syms', () => {
    const r = evalJson(['prelink.o', '-N', '--build-id']);
    expect(r.status).toBe(0);
    expect(r.json.sections).toEqual(objdumpSections);
    expect(wrongSymbols(r.json)).toEqual([]);
    assigned = Object.keys(r.json.symbols);
    for (const name of ['_start', '__2M_text_start', '__2M_rwdata_end', '__bss_start', '__bss_end', '_end', 'kexec_reloc_end', '__initcall_start', '__note_gnu_build_id_start', 'start_pa']) {
      expect(assigned).toContain(name);
    }
    expect(r.json.asserts.length).toBeGreaterThan(5);
    expect(r.json.asserts.every((a) => a.passed === true)).toBe(true);
  });

  test('with --elf xen-syms and the objects: every symbol exactly', () => {
    const r = evalJson(['prelink.o', '-N', '--build-id', '--elf', 'xen-syms']);
    expect(r.status).toBe(0);
    expect(r.json.sections).toEqual(objdumpSections);
    expect(wrongSymbols(r.json)).toEqual([]);
    expect(Object.keys(r.json.symbols).sort()).toEqual([...assigned].sort());
  });

  test('from xen-syms alone: sections exact, each symbol exact or declared unknowable', () => {
    const r = evalJson(['--elf', 'xen-syms']);
    expect(r.status).toBe(0);
    expect(r.json.sections).toEqual(objdumpSections);
    expect(wrongSymbols(r.json)).toEqual([]);
    const unknown = assigned.filter((k) => !(k in r.json.symbols));
    for (const k of unknown) {
      expect(r.json.diagnostics.some((d) => d.message.startsWith(`cannot know the value of ${k} `))).toBe(true);
    }
    // The 2 MiB region boundaries and the build-id note come from section addresses alone.
    for (const k of ['__2M_text_start', '__2M_rodata_end', '__2M_init_start', '__2M_rwdata_end', '__note_gnu_build_id_start', '__note_gnu_build_id_end', '_end']) {
      expect(r.json.symbols[k]).toBe(nmValues.get(k));
    }
  });
});
