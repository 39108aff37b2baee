#!/usr/bin/env node
/**
 * Times ELF reading, outside the test suite (timed unit tests are flaky on a busy machine).
 *
 *   node scripts/bench-elf.js [FILE] [--runs N]
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

async function main() {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 3;
  let file = args[0];
  if (!file) {
    file = process.execPath;
    const probe = await elfinfo.open(fs.readFileSync(file));
    const symtab = probe.elf && probe.elf.sections.find((s) => s.type === 2);
    if (!symtab) file = generated();
  }
  console.log(`file: ${file} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB)`);
  const data = await time('read file into memory', runs, () => fs.readFileSync(file));
  const raw = await time('elfinfo.open(buffer)', runs, () => elfinfo.open(data));
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
