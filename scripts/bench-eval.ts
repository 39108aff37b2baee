/**
 * `npm run bench:eval [-- --objects 500 --sections 40 --runs 5]`
 *
 * Lays out a generated link of 500 objects with 20,000 input sections (40 each, varied names,
 * sizes and alignments, some COMMON symbols) under a script with wildcards, SORT, KEEP,
 * EXCLUDE_FILE, symbol assignments and orphans, and prints the time per layout next to GNU
 * ld's own wall time linking the same inputs in the same run. ldscope's time is given both for
 * the layout alone (objects already read) and end to end (reading the objects, parsing the
 * script, laying out). The result is also checked against ld's map: same sections, addresses
 * and sizes.
 *
 * The objects are assembled once into a cache directory (as is slow) and reused.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readObjectFileFast } from '../src/elf/fastRelocatable';
import type { ObjectFile } from '../src/elf/types';
import { layout } from '../src/layout/Linker';
import { buildLayoutOptions } from '../src/layout/options/LayoutOptions';
import { loadScript } from '../src/script/loadScript';
import { parseLdMap } from '../test/support/ldOracle/parseLdMap';
import { SeededRandom } from '../test/support/SeededRandom';

interface Options {
  objects: number;
  sections: number;
  runs: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { objects: 500, sections: 40, runs: 5 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--objects') o.objects = Number(argv[++i]);
    else if (argv[i] === '--sections') o.sections = Number(argv[++i]);
    else if (argv[i] === '--runs') o.runs = Number(argv[++i]);
    else {
      process.stderr.write(`bench-eval: unknown option ${argv[i]}\n`);
      process.exit(2);
    }
  }
  return o;
}

const KINDS: Array<[string, string, number[]]> = [
  ['.text.f', '"ax",@progbits', [0, 4, 4, 4, 5, 6]],
  ['.text.unlikely.u', '"ax",@progbits', [0, 4]],
  ['.rodata.r', '"a",@progbits', [0, 2, 3, 5]],
  ['.rodata.str.s', '"a",@progbits', [0]],
  ['.data.d', '"aw",@progbits', [2, 3, 3, 6]],
  ['.data.read_mostly.m', '"aw",@progbits', [3, 6]],
  ['.init.text.i', '"ax",@progbits', [4]],
  ['.bss.b', '"aw",@nobits', [3, 4, 12]],
  ['.orphan.o', '"aw",@progbits', [2, 3]],
];

function generateObject(rng: SeededRandom, index: number, sections: number): string {
  const lines: string[] = [`# bench object ${index}`];
  for (let k = 0; k < sections; k++) {
    const [stem, flags, aligns] = KINDS[rng.int(0, KINDS.length - 1)];
    const name = `${stem}${index}_${k}`;
    lines.push(`\t.section ${name},${flags}`, `\t.p2align ${rng.pick(aligns)}`, `\t.globl s${index}_${k}`, `s${index}_${k}:`);
    const size = rng.int(1, 200);
    lines.push(flags.includes('nobits') ? `\t.skip ${size}` : `\t.fill ${size},1,0x90`);
  }
  if (rng.chance(0.3)) lines.push(`\t.comm c${index},${rng.int(1, 64)},${rng.pick([1, 4, 8, 16])}`);
  return lines.join('\n') + '\n';
}

const SCRIPT = `ENTRY(s0_0)
SECTIONS {
  . = 0x400000 + SIZEOF_HEADERS;
  .text : {
    _stext = .;
    *(.text.unlikely.*)
    KEEP(*(SORT_BY_NAME(.init.text.*)))
    *(EXCLUDE_FILE(*o1.o) .text.f*)
    *(.text.*)
    _etext = .;
  }
  . = ALIGN(0x1000);
  .rodata : {
    *(SORT_BY_ALIGNMENT(.rodata.r*))
    *(.rodata.*)
  }
  . = ALIGN(0x200000);
  __data_start = .;
  .data : {
    *(.data.read_mostly.*)
    . = ALIGN(64);
    *(.data.*)
    _edata = .;
  }
  .bss : {
    __bss_start = .;
    *(.bss.*)
    *(COMMON)
    . = ALIGN(8);
    __bss_end = .;
  }
  _end = .;
  /DISCARD/ : { *(.note.GNU-stack) }
}
`;

function ensureObjects(o: Options): string {
  const dir = path.join(os.tmpdir(), `ldscope-bench-${o.objects}x${o.sections}`);
  const stamp = path.join(dir, '.complete');
  if (fs.existsSync(stamp)) return dir;
  fs.mkdirSync(dir, { recursive: true });
  const rng = new SeededRandom(0x5eed);
  process.stderr.write(`bench-eval: assembling ${o.objects} objects into ${dir} (once)…\n`);
  for (let i = 0; i < o.objects; i++) {
    const src = path.join(dir, `o${i}.s`);
    fs.writeFileSync(src, generateObject(rng, i, o.sections));
    execFileSync('as', ['--64', '-o', path.join(dir, `o${i}.o`), src]);
  }
  fs.writeFileSync(path.join(dir, 'script.ld'), SCRIPT);
  fs.writeFileSync(stamp, '');
  return dir;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const dir = ensureObjects(o);
  const names = Array.from({ length: o.objects }, (_, i) => `o${i}.o`);

  // GNU ld on the same inputs.
  const ldTimes: number[] = [];
  for (let r = 0; r < o.runs; r++) {
    const t0 = performance.now();
    const res = spawnSync('ld', ['-m', 'elf_x86_64', '-T', 'script.ld', '-Map=out.map', '-o', 'out.elf', ...names], { cwd: dir, encoding: 'utf8' });
    ldTimes.push(performance.now() - t0);
    if (res.status !== 0) throw new Error(`ld failed: ${res.stderr}`);
  }

  // ldscope: end to end (read objects, parse, lay out) and the layout alone.
  const options = buildLayoutOptions({ emulation: 'elf_x86_64' });
  const e2eTimes: number[] = [];
  const layoutTimes: number[] = [];
  let objects: Array<{ name: string; file: ObjectFile }> = [];
  let result;
  for (let r = 0; r < o.runs; r++) {
    const t0 = performance.now();
    objects = [];
    for (const n of names) objects.push({ name: n, file: await readObjectFileFast(path.join(dir, n)) });
    const script = loadScript(path.join(dir, 'script.ld'));
    const t1 = performance.now();
    result = layout({ script, objects, options });
    const t2 = performance.now();
    e2eTimes.push(t2 - t0);
    layoutTimes.push(t2 - t1);
  }

  // The CLI in a fresh process (node start, module loading, reading, layout, JSON), if built.
  const cli = path.resolve(__dirname, '../../../dist/cli.js');
  const cliTimes: number[] = [];
  if (fs.existsSync(cli)) {
    for (let r = 0; r < o.runs; r++) {
      const t0 = performance.now();
      const res = spawnSync(process.execPath, [cli, 'eval', 'script.ld', ...names, '--json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
      cliTimes.push(performance.now() - t0);
      if (res.status !== 0) throw new Error(`ldscope eval failed: ${res.stderr}`);
    }
  }

  // Same answer as ld?
  const map = parseLdMap(fs.readFileSync(path.join(dir, 'out.map'), 'utf8'));
  const ldSections = map.outputSections.filter((s) => s.vma !== undefined && s.name !== '/DISCARD/' && s.size !== 0n);
  const ours = result!.sections.filter((s) => s.size !== 0n);
  const agree =
    ldSections.length === ours.length && ldSections.every((s, i) => s.name === ours[i].name && s.vma === ours[i].vma && s.size === ours[i].size);
  const inputCount = objects.reduce((n, x) => n + (x.file.kind === 'elf' ? x.file.elf.sections.length : 0), 0);

  const out = [
    `inputs: ${o.objects} objects, ${o.objects * o.sections} generated input sections (${inputCount} section headers in all)`,
    `GNU ld (-T script, -Map), wall:           median ${median(ldTimes).toFixed(1)} ms  (runs: ${ldTimes.map((t) => t.toFixed(0)).join(', ')})`,
    `ldscope layout (objects already read):    median ${median(layoutTimes).toFixed(1)} ms  (runs: ${layoutTimes.map((t) => t.toFixed(0)).join(', ')})`,
    `ldscope read + parse + layout:            median ${median(e2eTimes).toFixed(1)} ms  (runs: ${e2eTimes.map((t) => t.toFixed(0)).join(', ')})`,
    `ldscope layout, first run (cold JIT):     ${layoutTimes[0].toFixed(1)} ms`,
    ...(cliTimes.length ? [`ldscope eval CLI, new process each time: median ${median(cliTimes).toFixed(1)} ms  (runs: ${cliTimes.map((t) => t.toFixed(0)).join(', ')})`] : []),
    `ldscope layout vs ld: ${(median(ldTimes) / median(layoutTimes)).toFixed(1)}x faster; read + parse + layout ${(median(ldTimes) / median(e2eTimes)).toFixed(1)}x${cliTimes.length ? `; CLI ${(median(ldTimes) / median(cliTimes)).toFixed(2)}x` : ''}`,
    `same sections, VMAs and sizes as ld's map: ${agree ? 'yes' : 'NO'} (${ours.length} non-empty sections)`,
  ];
  process.stdout.write(out.join('\n') + '\n');
  if (!agree) process.exitCode = 1;
}

void main();
