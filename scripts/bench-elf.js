#!/usr/bin/env node
/**
 * Times ELF reading, outside the test suite (timed unit tests are flaky on a busy machine).
 *
 *   node scripts/bench-elf.js [FILE] [--runs N]
 *   node scripts/bench-elf.js --file FILE [--runs N]
 *
 * With --file, each run is a fresh Node process that reads FILE once with readElf (by path, as
 * `ldscope check` and `ldscope xen` do) and reports that first read: wall and CPU ms and page
 * faults, split into elfinfo.open and the rest (convertElfinfo and the checks). A short-lived
 * CLI reads its ELF once, with cold code and a young heap, so this is the figure that matters
 * for it; on a sandboxed VM each page fault costs ~15 µs. Printed per run, then the median.
 *
 * FILE defaults to the node binary itself (about 185,000 symbols in .symtab and .dynsym, with
 * many shared name tails: the case elfinfo's unpatched name lookup took minutes on). Without a
 * FILE and with no symbols in node (a stripped build), it assembles an object with 100,000
 * symbols whose names share tails. Reports wall and CPU time per step, best of N runs
 * (default 3). Needs `npm run build` first (it uses dist/).
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const elfinfo = require('elfinfo');
const { readElfBuffer } = require('../dist/elf/readElf');
const { formatNm } = require('../dist/elf/nmFormat');

function generated() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-bench-elf-'));
  const lines = ['\t.text'];
  for (let i = 0; i < 50000; i++) lines.push(`\t.globl x_sym${i}, sym${i}`, `x_sym${i}: nop`, `sym${i}: nop`);
  fs.writeFileSync(path.join(dir, 'names.s'), lines.join('\n') + '\n');
  execFileSync('as', ['names.s', '-o', 'names.o'], { cwd: dir });
  return path.join(dir, 'names.o');
}

async function time(label, runs, fn) {
  let best;
  let result;
  for (let i = 0; i < runs; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    result = await fn();
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (!best || wall < best.wall) best = { wall, cpuMs };
  }
  console.log(`${label.padEnd(36)} ${best.wall.toFixed(0).padStart(7)} ms wall ${best.cpuMs.toFixed(0).padStart(7)} ms cpu (best of ${runs})`);
  return result;
}

/** One fresh process's first readElf(file): prints a JSON line of figures (child of --file). */
async function firstReadChild(file) {
  const { readElf } = require('../dist/elf/readElf');
  const usage = () => {
    const u = process.resourceUsage();
    return { wall: performance.now(), cpu: (u.userCPUTime + u.systemCPUTime) / 1000, faults: u.minorPageFault + u.majorPageFault };
  };
  const diff = (a, b) => ({ wall: b.wall - a.wall, cpu: b.cpu - a.cpu, faults: b.faults - a.faults });
  // readElf calls elfinfo.open through the module object: wrap it to split the time.
  const open = elfinfo.open;
  let opened;
  elfinfo.open = async (...a) => {
    const result = await open(...a);
    opened = usage();
    return result;
  };
  const start = usage();
  const elf = await readElf(file);
  const end = usage();
  console.log(JSON.stringify({ total: diff(start, end), open: diff(start, opened), rest: diff(opened, end), symbols: elf.symbols.length }));
}

function firstReads(file, runs) {
  console.log(`file: ${file} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB), first readElf in a fresh process, ${runs} runs`);
  const fmt = (p) => `${p.wall.toFixed(1).padStart(6)} ms wall ${p.cpu.toFixed(0).padStart(4)} ms cpu ${String(p.faults).padStart(5)} faults`;
  const all = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [__filename, '--first-read-child', file], { encoding: 'utf8' });
    const r = JSON.parse(out);
    all.push(r);
    console.log(`run ${String(i + 1).padStart(2)}: readElf ${fmt(r.total)} | elfinfo.open ${fmt(r.open)} | rest ${fmt(r.rest)}`);
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const med = (k) => ({ wall: median(all.map((r) => r[k].wall)), cpu: median(all.map((r) => r[k].cpu)), faults: median(all.map((r) => r[k].faults)) });
  console.log(`median: readElf ${fmt(med('total'))} | elfinfo.open ${fmt(med('open'))} | rest ${fmt(med('rest'))}  (${all[0].symbols} symbols)`);
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--first-read-child') return firstReadChild(args[1]);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3;
  const fileAt = args.indexOf('--file');
  if (fileAt >= 0) return firstReads(args.splice(fileAt, 2)[1], runsAt >= 0 ? runs : 10);
  let file = args[0];
  if (!file) {
    file = process.execPath;
    const probe = await elfinfo.open(fs.readFileSync(file));
    const symtab = probe.elf && probe.elf.sections.find((s) => s.type === 2);
    if (!symtab) file = generated();
  }
  console.log(`file: ${file} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB)`);
  const data = await time('read file into memory', runs, () => fs.readFileSync(file));
  // elfinfo (as patched) makes a table's symbol objects when `symbols` is first read: read it,
  // so this is the whole of elfinfo's work, as before the patch made it lazy.
  const raw = await time('elfinfo.open(buffer), symbols made', runs, async () => {
    const result = await elfinfo.open(data);
    for (const s of result.elf.sections) if (s.symbols) s.symbols.length;
    return result;
  });
  const symbols = raw.elf.sections.reduce((n, s) => n + (s.symbols ? s.symbols.length : 0), 0);
  console.log(`  ${raw.elf.sections.length} sections, ${symbols} symbols (all symbol tables)`);
  const elf = await time('readElfBuffer (elfinfo + checks)', runs, () => readElfBuffer(data, file));
  await time('nm listing (sort by name)', runs, () =>
    formatNm({ kind: 'elf', elf }, file, false, {}).reduce((n, p) => n + (p.text ? p.text.length : 0), 0),
  );
}

main().catch((e) => {
  console.error(e.message);
  process.exit(2);
});
