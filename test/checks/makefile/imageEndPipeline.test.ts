/**
 * Whole image-end pipelines (`nm … | sed … | grep … | sort | head …`) run by the interpreter
 * against the same pipelines run by the real shell with the real nm, sed, grep and coreutils,
 * on real ELF files: the output must be the same bytes. The interpreter runs the stages that
 * treat each line on its own (sed, grep) before nm's sort and makes only the lines whose symbol
 * name can match; these cases cover what that must not change: every nm sort (-n, -r, -p),
 * equal names and equal values (ties keep symbol-table order), several sed commands (printing
 * or not, a command that rewrites the line for the next one), replacements with newlines,
 * patterns whose literal text could be in the address column, and grep before and after sed.
 * Each output line must also still know the nm line it came from.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runImageEndPipeline, type PickedSymbol } from '../../../src/checks/makefile/imageEndPipeline';
import { UnsupportedIdiom } from '../../../src/checks/makefile/UnsupportedIdiom';
import { readObjectFile } from '../../../src/elf/readElf';
import { sample } from '../../elf/support/samples';
import { miniXenBuild } from './support/miniXen';
import { C_LOCALE_ENV, shQuote } from './support/realTools';

/** An `ld -r` of two files with the same static names: equal names, and equal values (0). */
function duplicateNamesObject(dir: string): string {
  const c = (n: number) =>
    `static volatile int counter = ${n}; static volatile int counter_bss; int get${n}(void) { return counter + counter_bss++; }\n` +
    `__attribute__((section(".text.sym${n}"))) int sym_${n}(void) { return ${n}; }\n`;
  fs.writeFileSync(path.join(dir, 'a.c'), c(1));
  fs.writeFileSync(path.join(dir, 'b.c'), c(2));
  execFileSync('gcc', ['-c', '-O1', 'a.c', 'b.c'], { cwd: dir });
  execFileSync('ld', ['-r', '-o', 'dup.o', 'a.o', 'b.o'], { cwd: dir });
  return path.join(dir, 'dup.o');
}

/** A pipeline; `FILE` stands for the ELF file. `keepsLines`: its output lines are nm lines as nm printed them. */
interface Case {
  pipeline: string;
  keepsLines?: boolean;
}

const CASES: Case[] = [
  // Xen's own recipes.
  { pipeline: "nm FILE | sed -ne 's/^\\([^ ]*\\) . __2M_rwdata_end$/0x\\1/p'" },
  { pipeline: "nm -nr FILE | head -n 1 | sed -e 's/^\\([^ ]*\\).*/0x\\1/'" },
  // One sed command whose regex needs a text in the name, under each sort.
  { pipeline: "nm FILE | sed -n 's/sym1/&/p'", keepsLines: true },
  { pipeline: "nm -n FILE | sed -n 's/sym1/&/p'", keepsLines: true },
  { pipeline: "nm -r FILE | sed -n 's/sym1/&/p'", keepsLines: true },
  { pipeline: "nm -p FILE | sed -n 's/sym1/&/p'", keepsLines: true },
  { pipeline: "nm -g FILE | sed -n 's/sym/&/p'", keepsLines: true },
  { pipeline: "nm --defined-only -n FILE | sed -n 's/counter/&/p'", keepsLines: true },
  { pipeline: "nm -nr FILE | sed -n 's/ [bBdD] counter/&/p'", keepsLines: true },
  { pipeline: "nm FILE | sed -n 's/ T _start$/&/p'", keepsLines: true },
  { pipeline: "nm FILE | sed -n 's/e_/E_/gp'" },
  { pipeline: "nm -S FILE | sed -n 's/sym1\\(.\\)/[\\1]/p'" },
  // Texts that nm can print before the name too (hex digits, a blank, a letter): no shortcut.
  { pipeline: "nm -n FILE | sed -n 's/ab/X/p'" },
  { pipeline: "nm -S FILE | sed -n 's/00 /-/gp'" },
  { pipeline: "nm -n FILE | sed -n 's/ [Tt] /&/p'", keepsLines: true },
  { pipeline: "nm FILE | sed -n 's/^ *U/&/p'", keepsLines: true },
  // Several commands: two that print; one that rewrites the line for the next.
  { pipeline: "nm -r FILE | sed -n -e 's/sym2$/[&]/p' -e 's/_under/U/p' -e 's/counter/C/p'" },
  { pipeline: "nm FILE | sed -n 's/counter/XX/; s/XX/YY/p'" },
  { pipeline: "nm -n FILE | sed -n 's/counter/&/p; s/bss/&/p'" },
  { pipeline: "nm FILE | sed -n 's/\\(counter\\)/\\1\\n\\1/p; s/\\n/ /p'" },
  // sed without -n writes every line; grep before and after sed; then sort, head, tail.
  { pipeline: "nm FILE | sed 's/^/0x/' | head -n 5" },
  { pipeline: "nm -p FILE | grep -e 'sym1' | sed 's/^/0x/' | head -n 3" },
  { pipeline: "nm FILE | grep 'sym1\\|counter'", keepsLines: true },
  { pipeline: "nm -n FILE | grep -v ' U ' | sed -n 's/^\\([0-9a-f]*\\) [Tt] \\(.*\\)$/\\2=\\1/p' | tail -n 2" },
  { pipeline: "nm -r FILE | sed -n 's/sym/&/p' | grep -v x_ | sort | head -n 4", keepsLines: true },
];

interface Target {
  label: string;
  file: string;
}

/** The pipelines as the real shell runs them in each file's directory (one sh for all). */
function runReal(targets: Target[]): Map<string, { status: number; stdout: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-pipeline-real-'));
  const keys: string[] = [];
  const lines: string[] = [];
  for (const t of targets) {
    for (const c of CASES) {
      const k = keys.length;
      keys.push(`${t.label}\0${c.pipeline}`);
      const command = c.pipeline.replace('FILE', shQuote(path.basename(t.file)));
      lines.push(`(cd ${shQuote(path.dirname(t.file))} && ${command}) > ${k}.out 2>/dev/null; echo $? > ${k}.status`);
    }
  }
  fs.writeFileSync(path.join(dir, 'run.sh'), `${lines.join('\n')}\n`);
  try {
    const r = spawnSync('sh', ['run.sh'], { cwd: dir, env: C_LOCALE_ENV });
    if (r.error) throw r.error;
    return new Map(
      keys.map((key, k) => [
        key,
        {
          status: Number(fs.readFileSync(path.join(dir, `${k}.status`), 'utf8').trim()),
          stdout: fs.readFileSync(path.join(dir, `${k}.out`), 'utf8'),
        },
      ]),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The line nm prints for a symbol (no -S). */
function nmLine(origin: PickedSymbol, width: number): string {
  const undefinedClass = origin.type === 'U' || origin.type === 'w' || origin.type === 'v';
  const value = undefinedClass ? ' '.repeat(width) : origin.value.toString(16).padStart(width, '0');
  return `${value} ${origin.type} ${origin.name}`;
}

describe('image-end pipelines against the real shell, nm, sed, grep and coreutils', () => {
  let work: string;
  let targets: Target[];
  let real: Map<string, { status: number; stdout: string }>;
  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-pipeline-'));
    targets = [
      { label: 'mini-Xen xen-syms', file: path.join(miniXenBuild(), 'xen-syms') },
      { label: 'i386 object', file: sample('i386-obj') },
      { label: 'UTF-8 names', file: sample('utf8-names-obj') },
      { label: 'suffix names', file: sample('suffix-names-obj') },
      { label: 'duplicate names (ld -r)', file: duplicateNamesObject(work) },
    ];
    real = runReal(targets);
  }, 120_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('the duplicate-names object has equal names and equal values for the sorts to keep in order', () => {
    const out = execFileSync('nm', ['-n', path.join(work, 'dup.o')], { encoding: 'utf8', env: C_LOCALE_ENV });
    expect(out.match(/ d counter$/gm)?.length).toBe(2);
    expect(out.match(/^0000000000000000 T /gm)?.length).toBeGreaterThan(1);
  });

  test.each(CASES)('$pipeline', async (c) => {
    const mismatches: string[] = [];
    for (const t of targets) {
      const dir = path.dirname(t.file);
      const shell = c.pipeline.replace('FILE', path.basename(t.file));
      const run = await runImageEndPipeline(shell, (word) => readObjectFile(path.resolve(dir, word)));
      const expected = real.get(`${t.label}\0${c.pipeline}`)!;
      // grep's status is 1 when it selects no line.
      expect(expected.status).toBe(expected.stdout === '' && c.pipeline.split(' | ').pop()!.startsWith('grep ') ? 1 : 0);
      if (run.output !== expected.stdout) {
        mismatches.push(`${t.label}:\n  real:  ${JSON.stringify(expected.stdout)}\n  model: ${JSON.stringify(run.output)}`);
        continue;
      }
      const width = t.label.startsWith('i386') ? 8 : 16;
      for (const line of run.stream.lines) {
        if (!line.origin) mismatches.push(`${t.label}: the line ${JSON.stringify(line.text)} has no symbol`);
        else if (c.keepsLines && nmLine(line.origin, width) !== line.text) {
          mismatches.push(`${t.label}: the line ${JSON.stringify(line.text)} is said to come from ${JSON.stringify(nmLine(line.origin, width))}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('the cases make lines on every file, and some pick from thousands of symbols', () => {
    const printed = (label: string) => CASES.filter((c) => real.get(`${label}\0${c.pipeline}`)!.stdout !== '').length;
    for (const t of targets) expect(printed(t.label)).toBeGreaterThan(5);
    expect(real.get(`suffix names\0nm -p FILE | sed -n 's/sym1/&/p'`)!.stdout.split('\n').length).toBeGreaterThan(1000);
  });

  test('a symbol name with a newline is refused, even when the filter would not keep its line', async () => {
    fs.writeFileSync(path.join(work, 'nl.s'), '\t.text\n\t.globl "a\\nb"\n"a\\nb": nop\nfoo_bar: nop\n');
    execFileSync('as', ['nl.s', '-o', 'nl.o'], { cwd: work, stdio: 'ignore' });
    expect(execFileSync('nm', ['nl.o'], { cwd: work, encoding: 'latin1' })).toMatch(/ a\nb\n/);
    const open = (word: string) => readObjectFile(path.resolve(work, word));
    for (const pipeline of ["nm nl.o | sed -n 's/foo_bar/&/p'", 'nm nl.o | grep foo_bar', 'nm -n nl.o | head -n 1']) {
      await expect(runImageEndPipeline(pipeline, open)).rejects.toThrow(UnsupportedIdiom);
      await expect(runImageEndPipeline(pipeline, open)).rejects.toThrow(/a symbol name contains a newline/);
    }
  });
});
