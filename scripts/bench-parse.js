#!/usr/bin/env node
// Parse speed (issue 3, acceptance 4): ldscope's parser (dist/, so `npm run build` first)
// over the whole corpus, and GNU ld's own parse rate measured in the same run, with the ratio.
//
//   node scripts/bench-parse.js [--corpus DIR] [--rounds N] [--ld PATH]
//
// DIR is an unpacked corpus (MANIFEST.tsv); by default ../shared/corpus/corpus.tar.xz is
// unpacked into a temporary directory. A report, not a test: exits 0 whatever the numbers
// (2 on bad usage), and says on one line whether the target is met.
//
// ldscope: every MANIFEST script is read into memory first; one untimed pass warms the JIT
// up; then N timed passes (parse only: no file I/O but INCLUDEs). The figure is the median.
//
// GNU ld: `ld -T script -o OUT` with no input files parses the script and stops with "no
// input files". Its parse rate is bytes / (time over the corpus' x86-64 ld-verbose scripts
// - time over as many empty scripts): the difference cancels process start-up, which would
// otherwise dwarf parsing. Runs are sequential and interleaved (script, empty, script, …) so
// that load from other processes hits both sets alike; N rounds, pooled (see below).
//
// Both figures are wall-clock (process.hrtime). On a loaded machine a process start costs
// tens of milliseconds of waiting and the difference drowns in it, so a second figure uses
// user CPU time instead (ldscope: process.cpuUsage; ld: the user time of the ld processes,
// which bash's `times` reports to the millisecond). Less sensitive to load. ld's system time
// is left out: under load (~8 on 2 cores) the scripts cost ld ~0.8 ms more system time each
// than the empty scripts, about twice their user-time difference, and whether that is
// parsing or the loaded virtual machine is not known; counting it would favour ldscope.
//
// ld's user time is measured in one bash per round that runs the scripts and the empty
// scripts in alternating blocks of CPU_BLOCK, reading its children's time after each block:
// running all scripts and then all empty scripts let a change of load between the two
// batches decide the difference (it came out negative in some rounds). And each ld figure is
// bytes × rounds / the sum of the rounds' differences, not the median of per-round rates,
// where a round with a negative difference counted as an infinite rate.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function fail(message) {
  console.error(`bench-parse: ${message}`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { corpus: undefined, rounds: 5, ld: 'ld' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (argv[i + 1] !== undefined ? argv[++i] : fail(`${a} needs a value`));
    if (a === '--corpus') opts.corpus = path.resolve(value());
    else if (a === '--rounds') opts.rounds = Number(value());
    else if (a === '--ld') opts.ld = value();
    else fail(`unknown argument ${a}\nusage: node scripts/bench-parse.js [--corpus DIR] [--rounds N] [--ld PATH]`);
  }
  if (!Number.isInteger(opts.rounds) || opts.rounds < 1) fail('--rounds needs a positive integer');
  return opts;
}

/** The corpus directory, unpacking the shared tarball into a temporary one if none is given. */
function corpusDir(opts, cleanups) {
  if (opts.corpus) {
    if (!fs.existsSync(path.join(opts.corpus, 'MANIFEST.tsv'))) fail(`${opts.corpus} has no MANIFEST.tsv (not an unpacked corpus)`);
    return opts.corpus;
  }
  const tarball = path.join(root, '..', 'shared', 'corpus', 'corpus.tar.xz');
  if (!fs.existsSync(tarball)) fail(`no --corpus DIR given and ${tarball} does not exist`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-bench-corpus-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  execFileSync('tar', ['-xJf', tarball, '-C', dir]);
  return dir;
}

function readManifest(dir) {
  const [head, ...rows] = fs.readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8').split('\n').filter(Boolean);
  const cols = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mbps = (bytes, seconds) => bytes / 1e6 / seconds;
const now = () => process.hrtime.bigint();
const seconds = (from, to) => Number(to - from) / 1e9;

// ---- ldscope ----

function loadParser() {
  const file = path.join(root, 'dist', 'script', 'ScriptParser.js');
  if (!fs.existsSync(file)) fail('dist/ is missing; run `npm run build` first');
  const { parseScript } = require(file);
  const { SourceFile } = require(path.join(root, 'dist', 'diagnostics', 'SourceFile'));
  return { parseScript, SourceFile };
}

/** One pass over `scripts`; returns seconds and how many failed (expected: the fragments). */
function parsePass(parser, scripts) {
  let failed = 0;
  const start = now();
  for (const s of scripts) {
    try {
      // As the corpus check does: -L <script dir>, empty stand-ins for unshipped INCLUDEs.
      parser.parseScript(new parser.SourceFile(s.file, s.text), { libraryPaths: [path.dirname(s.file)], missingInclude: () => '' });
    } catch {
      failed++;
    }
  }
  return { seconds: seconds(start, now()), failed };
}

function benchLdscope(parser, scripts, rounds) {
  const bytes = scripts.reduce((n, s) => n + s.text.length, 0);
  parsePass(parser, scripts); // warm-up
  const passes = [];
  for (let r = 0; r < rounds; r++) {
    const cpu = process.cpuUsage();
    const pass = parsePass(parser, scripts);
    const used = process.cpuUsage(cpu);
    passes.push({ ...pass, cpuSeconds: used.user / 1e6 });
  }
  const rates = passes.map((p) => mbps(bytes, p.seconds));
  const cpuRates = passes.map((p) => mbps(bytes, p.cpuSeconds));
  return { bytes, files: scripts.length, failed: passes[0].failed, rates, rate: median(rates), cpuRate: median(cpuRates) };
}

// ---- GNU ld ----

function timeLd(ld, script, out) {
  const start = now();
  const r = spawnSync(ld, ['-T', script, '-o', out], { encoding: 'utf8' });
  const s = seconds(start, now());
  if (r.error) fail(`cannot run ${ld}: ${r.error.message}`);
  return { seconds: s, stderr: r.stderr.trim() };
}

function benchLd(ld, scripts, rounds, workDir) {
  const out = path.join(workDir, 'a.out');
  const empties = scripts.map((_, i) => {
    const f = path.join(workDir, `empty-${i}.ld`);
    fs.writeFileSync(f, '');
    return f;
  });
  // ld must stop right after parsing, i.e. say nothing but "no input files", or the time
  // would include other work (or a parse failure).
  const kept = [];
  const dropped = [];
  for (const s of scripts) {
    const { stderr } = timeLd(ld, s.file, out);
    if (/^\S*ld: no input files$/.test(stderr)) kept.push(s);
    else dropped.push(`${s.file}: ${stderr.split('\n')[0]}`);
  }
  if (timeLd(ld, empties[0], out).stderr.match(/no input files$/) === null) fail(`${ld} on an empty script did not stop with "no input files"`);
  const bytes = kept.reduce((n, s) => n + s.text.length, 0);
  const result = { files: kept.length, bytes, dropped, roundsMs: [] };
  for (let r = 0; r < rounds; r++) {
    let scriptTime = 0;
    let emptyTime = 0;
    kept.forEach((s, i) => {
      scriptTime += timeLd(ld, s.file, out).seconds;
      emptyTime += timeLd(ld, empties[i], out).seconds;
    });
    result.roundsMs.push({ script: scriptTime * 1e3, empty: emptyTime * 1e3 });
  }
  result.rate = pooledRate(bytes, result.roundsMs);
  // User CPU time: one bash per round runs the scripts and the empty scripts in alternating
  // blocks (so that load changes hit both sets alike) and prints its children's time after
  // each block.
  const blocks = [];
  for (let i = 0; i < kept.length; i += CPU_BLOCK) {
    blocks.push({ scripts: kept.slice(i, i + CPU_BLOCK).map((s) => s.file), empties: empties.slice(i, Math.min(i + CPU_BLOCK, kept.length)) });
  }
  const listFile = path.join(workDir, 'blocks.list');
  fs.writeFileSync(listFile, blocks.flatMap((b) => [...b.scripts, 'TIMES', ...b.empties, 'TIMES']).join('\n') + '\n');
  result.cpuRoundsMs = [];
  for (let r = 0; r < rounds; r++) result.cpuRoundsMs.push(childrenUserMs(ld, listFile, out, blocks.length));
  result.cpuRate = pooledRate(bytes, result.cpuRoundsMs);
  return result;
}

/** Scripts per block of the CPU measurement (bash's `times` has millisecond resolution). */
const CPU_BLOCK = 15;

/** bytes × rounds / Σ (script − empty) over the rounds; Infinity if that sum is not positive. */
function pooledRate(bytes, roundsMs) {
  const difference = roundsMs.reduce((sum, r) => sum + (r.script - r.empty), 0) / 1e3;
  return difference > 0 ? mbps(bytes * roundsMs.length, difference) : Infinity;
}

/**
 * Runs `ld -T F -o OUT` for every line F of `listFile` in one bash, where a line `TIMES` has
 * bash print its children's CPU time so far instead; the lines alternate a block of scripts
 * and a block of empty scripts. Returns the user CPU milliseconds of each set.
 */
function childrenUserMs(ld, listFile, out, blockCount) {
  const loop = 'while IFS= read -r f; do if [ "$f" = TIMES ]; then times; else "$0" -T "$f" -o "$1" >/dev/null 2>&1; fi; done < "$2"';
  const r = spawnSync('bash', ['-c', loop, ld, out, listFile], { encoding: 'utf8' });
  if (r.error || r.status !== 0) fail(`bash loop over ${listFile} failed: ${r.error ? r.error.message : r.stderr}`);
  // `times` prints two lines, the shell's user/sys and then its children's: "0m1.234s 0m0.567s".
  const lines = r.stdout.trim().split('\n');
  if (lines.length !== 4 * blockCount) fail(`cannot read bash's times output: ${r.stdout}`);
  const totals = [0];
  for (let i = 1; i < lines.length; i += 2) {
    const parts = [...lines[i].matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    if (parts.length !== 2) fail(`cannot read bash's times output: ${lines[i]}`);
    totals.push(parts[0] * 1e3);
  }
  let script = 0;
  let empty = 0;
  for (let b = 0; b < blockCount; b++) {
    script += totals[2 * b + 1] - totals[2 * b];
    empty += totals[2 * b + 2] - totals[2 * b + 1];
  }
  return { script, empty };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const cleanups = [];
  try {
    const dir = corpusDir(opts, cleanups);
    const manifest = readManifest(dir);
    const all = manifest.map((r) => {
      const file = path.join(dir, r.corpus_path);
      return { file, text: fs.readFileSync(file, 'latin1'), row: r };
    });
    // The x86-64 ld-verbose scripts: the built-in scripts of the binutils packages for
    // x86-64 targets (linux-gnu, linux-gnux32, kfreebsd-gnu, mingw-w64), all their emulations.
    const x86 = all.filter((s) => s.row.source === 'ld-verbose' && /x86-64/.test(s.row.package));
    if (x86.length === 0) fail(`${dir}: MANIFEST.tsv lists no x86-64 ld-verbose scripts`);

    const cores = os.cpus().length;
    const load = os.loadavg()[0].toFixed(2);
    console.log(`bench-parse: corpus ${dir}; ${cores} cores, load average ${load} at start; ${opts.rounds} rounds (ldscope: median; ld: pooled)`);
    console.log('  caveat: wall-clock figures; other processes on this machine slow both sides');

    const parser = loadParser();
    const whole = benchLdscope(parser, all, opts.rounds);
    console.log(
      `ldscope: ${whole.rate.toFixed(2)} MB/s over the whole corpus (${whole.files} files, ${(whole.bytes / 1e6).toFixed(1)} MB; ` +
        `${whole.failed} fail to parse alone; rounds ${whole.rates.map((r) => r.toFixed(2)).join(', ')} MB/s)`,
    );
    const subset = benchLdscope(parser, x86, opts.rounds);
    console.log(`ldscope: ${subset.rate.toFixed(2)} MB/s over the x86-64 ld-verbose scripts ld is timed on (${subset.files} files, ${(subset.bytes / 1e6).toFixed(2)} MB)`);

    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-bench-ld-'));
    cleanups.push(() => fs.rmSync(work, { recursive: true, force: true }));
    const ld = benchLd(opts.ld, x86, opts.rounds, work);
    for (const d of ld.dropped) console.log(`  not timed (ld did more than parse): ${d}`);
    const rounds = ld.roundsMs.map((r) => `${r.script.toFixed(0)}-${r.empty.toFixed(0)} ms`).join(', ');
    console.log(
      `GNU ld:  ${ld.rate.toFixed(2)} MB/s over ${ld.files} x86-64 ld-verbose scripts (${(ld.bytes / 1e6).toFixed(2)} MB; ` +
        `scripts-empty per round: ${rounds})`,
    );
    const cpuRounds = ld.cpuRoundsMs.map((r) => `${r.script.toFixed(0)}-${r.empty.toFixed(0)} ms`).join(', ');
    console.log(
      `user CPU time: ldscope ${whole.cpuRate.toFixed(2)} MB/s (whole corpus), ${subset.cpuRate.toFixed(2)} MB/s (x86-64 scripts); ` +
        `GNU ld ${ld.cpuRate.toFixed(2)} MB/s (scripts-empty per round: ${cpuRounds}); ratio ${(whole.cpuRate / ld.cpuRate).toFixed(2)}`,
    );
    const ratio = whole.rate / ld.rate;
    console.log(`ratio ldscope / ld: ${ratio.toFixed(2)} (whole corpus); ${(subset.rate / ld.rate).toFixed(2)} (same x86-64 scripts)`);
    // Both ld figures are noisy on a shared machine (ld's work per script is a few hundred
    // microseconds against tens of milliseconds of process start); claim the target only when
    // ldscope is at least as fast by both measures.
    const cpuRatio = whole.cpuRate / ld.cpuRate;
    const met = ratio >= 1 && cpuRatio >= 1;
    console.log(`target: ldscope >= ld: ${met ? 'MET' : 'NOT MET'} (wall-clock ratio ${ratio.toFixed(2)}, user-CPU ratio ${cpuRatio.toFixed(2)}; both must be >= 1)`);
  } finally {
    for (const c of cleanups) c();
  }
}

main();
