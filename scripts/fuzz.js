#!/usr/bin/env node
// Long seeded fuzzing runs of the linker-script parser (dist/, so `npm run build` first).
// The engine is the jest test's own (test/support/fuzz/), see scripts/lib/requireFuzzEngine.js.
//
//   node scripts/fuzz.js --iterations N [--seed S] [--corpus DIR] [--no-special]
//                        [--big-mb M] [--script-mb M] [--dense-mb M] [--out DIR] [--max-heap-mb M] [--verbose]
//   node scripts/fuzz.js --seed S --only I [--corpus DIR]     rebuild and run mutation I alone
//
// Every input is parsed in a worker thread watched by this one: a parse that runs past its
// time bound (10 s per MB, at least 10 s) is a hang and the worker is terminated; a worker
// that dies (out of memory) is a crash. Either way the input is written to --out and the run
// goes on with the next input. Prints a summary; exits 1 if there was any crash or hang.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');
const requireFuzzEngine = require('./lib/requireFuzzEngine');

const { runInput, hangBoundMs } = requireFuzzEngine('FuzzInput');
const { mutatedInput } = requireFuzzEngine('mutatedInput');
const { specialInputs } = requireFuzzEngine('specialInputs');
const { loadCorpus, loadSeedDirectory, ldVerboseScript } = requireFuzzEngine('seedScripts');
const { FuzzTally } = requireFuzzEngine('FuzzTally');

const root = path.resolve(__dirname, '..');

function usage(message) {
  console.error(`fuzz: ${message}`);
  console.error('usage: node scripts/fuzz.js --iterations N [--seed S] [--corpus DIR] [--no-special] [--big-mb M] [--script-mb M]');
  console.error('                            [--dense-mb M] [--out DIR] [--max-heap-mb M] [--only I] [--verbose]');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { verbose: false, iterations: 1000, seed: 1, corpus: undefined, special: true, bigMb: 50, denseMb: undefined, scriptMb: undefined, out: undefined, maxHeapMb: 4096, only: undefined };
  const numeric = { '--iterations': 'iterations', '--seed': 'seed', '--big-mb': 'bigMb', '--dense-mb': 'denseMb', '--script-mb': 'scriptMb', '--max-heap-mb': 'maxHeapMb', '--only': 'only' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--no-special') opts.special = false;
    else if (a === '--verbose') opts.verbose = true;
    else if (a === '--corpus' || a === '--out') {
      if (argv[i + 1] === undefined) usage(`${a} needs a directory`);
      opts[a.slice(2)] = path.resolve(argv[++i]);
    } else if (numeric[a]) {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) usage(`${a} needs a non-negative number`);
      opts[numeric[a]] = v;
    } else usage(`unknown argument ${a}`);
  }
  if (opts.corpus && !fs.existsSync(opts.corpus)) usage(`no such directory: ${opts.corpus}`);
  opts.denseMb ??= opts.bigMb;
  opts.scriptMb ??= opts.bigMb;
  opts.out ??= path.join(os.tmpdir(), `ldscope-fuzz-${opts.seed}`);
  return opts;
}

function loadParser() {
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(path.join(dist, 'script', 'ScriptParser.js'))) {
    console.error('fuzz: dist/ is missing; run `npm run build` first');
    process.exit(2);
  }
  const { parseScript, parseScriptFile } = require(path.join(dist, 'script', 'ScriptParser'));
  const { SourceFile } = require(path.join(dist, 'diagnostics', 'SourceFile'));
  const { ScriptSyntaxError, InputError } = require(path.join(dist, 'diagnostics', 'errors'));
  return { parseScript, parseScriptFile, SourceFile, ScriptSyntaxError, InputError };
}

function loadSeeds(opts) {
  if (opts.corpus) return loadCorpus(opts.corpus);
  return [...loadSeedDirectory(path.join(root, 'test', 'fixtures', 'scripts'), /\.ld$/), ldVerboseScript()];
}

/**
 * The run's inputs in order: the special cases, then the mutation iterations. Index i of
 * this list is rebuilt identically in any thread, which is how a hung input is recovered.
 */
class InputPlan {
  constructor(opts) {
    this.opts = opts;
    this.seeds = loadSeeds(opts);
    if (this.seeds.length === 0) usage('no seed scripts found');
    this.tmpDir = path.join(opts.out, 'tmp');
    fs.mkdirSync(this.tmpDir, { recursive: true });
    const script = this.seeds.find((s) => s.text.includes('SECTIONS')) ?? this.seeds[0];
    this.specials = opts.special
      ? specialInputs({ tmpDir: this.tmpDir, script, bigBytes: opts.bigMb * 1e6, scriptBytes: opts.scriptMb * 1e6, denseBytes: opts.denseMb * 1e6, seed: opts.seed })
      : [];
  }

  get length() {
    return this.specials.length + this.opts.iterations;
  }

  input(index) {
    if (index < this.specials.length) return this.specials[index].build();
    return mutatedInput(this.seeds, this.opts.seed, index - this.specials.length);
  }
}

// ---- worker: parses inputs from `start` on and reports each one before and after ----
if (!isMainThread) {
  const parser = loadParser();
  const plan = new InputPlan(workerData.opts);
  for (let index = workerData.start; index < plan.length; index++) {
    const input = plan.input(index);
    parentPort.postMessage({ type: 'start', index, label: input.label, bytes: input.bytes });
    const outcome = runInput(parser, input);
    parentPort.postMessage({ type: 'done', index, label: input.label, bytes: input.bytes, outcome });
  }
  parentPort.postMessage({ type: 'finished' });
  return;
}

// ---- main thread: the watchdog ----
function saveFailure(plan, opts, index, failure) {
  fs.mkdirSync(opts.out, { recursive: true });
  const base = path.join(opts.out, `failure-${index}`);
  try {
    const input = plan.input(index);
    if (input.file) fs.copyFileSync(input.file, `${base}.ld`);
    else fs.writeFileSync(`${base}.ld`, input.text ?? '', 'latin1');
  } catch (e) {
    fs.writeFileSync(`${base}.ld.error`, String(e && e.stack));
  }
  fs.writeFileSync(`${base}.txt`, `${failure.problem}: ${failure.label}\n${failure.detail}\n`);
  return `${base}.ld`;
}

function runOnly(opts) {
  const plan = new InputPlan({ ...opts, special: false, iterations: opts.only + 1 });
  const input = plan.input(opts.only);
  const outcome = runInput(loadParser(), input);
  const file = path.join(opts.out, `input-${opts.only}.ld`);
  fs.writeFileSync(file, input.text ?? '', 'latin1');
  console.log(`${input.label}\n  ${input.bytes} bytes, written to ${file}`);
  console.log(`  ${outcome.kind} in ${outcome.ms.toFixed(1)} ms${outcome.tooSlow ? ' (over the hang bound)' : ''}`);
  if (outcome.detail) console.log(outcome.detail);
  process.exit(outcome.kind === 'crash' || outcome.tooSlow ? 1 : 0);
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.only !== undefined) return runOnly(opts);
  const plan = new InputPlan(opts);
  const tally = new FuzzTally();
  const started = process.hrtime.bigint();
  console.log(
    `fuzz: seed ${opts.seed}, ${plan.seeds.length} seed scripts${opts.corpus ? ` from ${opts.corpus}` : ''}, ` +
      `${plan.specials.length} special inputs + ${opts.iterations} mutations`,
  );

  const runFrom = (start) => {
    if (start >= plan.length) return finish();
    let current;
    let timer;
    let done = false;
    const worker = new Worker(__filename, {
      workerData: { opts, start },
      resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb },
      stdout: false,
      stderr: false,
    });
    let started = false;
    const fail = (problem, detail) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (!started) {
        // Died before its first input: the set-up is broken (dist/, seeds), not an input.
        console.error(`fuzz: the worker failed before parsing anything:\n${detail}`);
        process.exit(2);
      }
      const index = current ? current.index : start;
      const failure = { label: current ? current.label : `input #${index}`, bytes: current ? current.bytes : 0, ms: current ? Date.now() - current.at : 0, problem, detail };
      tally.addFailure(failure);
      const file = saveFailure(plan, opts, index, failure);
      console.log(`${problem.toUpperCase()}: ${failure.label} (${failure.bytes} bytes) -> ${file}\n  ${detail.split('\n').join('\n  ')}`);
      worker.terminate().then(() => runFrom(index + 1));
    };
    worker.on('message', (m) => {
      if (m.type === 'start') {
        started = true;
        current = { ...m, at: Date.now() };
        const bound = hangBoundMs(m.bytes);
        // Twice the in-worker bound: the worker's own measurement reports slowness; this
        // one only catches a parse that never returns.
        timer = setTimeout(() => fail('hang', `no result after ${((2 * bound) / 1000).toFixed(0)} s (bound ${(bound / 1000).toFixed(0)} s)`), 2 * bound);
      } else if (m.type === 'done') {
        clearTimeout(timer);
        const before = tally.failures.length;
        tally.add(m, m.outcome);
        for (const f of tally.failures.slice(before)) {
          const file = saveFailure(plan, opts, m.index, f);
          console.log(`${f.problem.toUpperCase()}: ${f.label} (${f.bytes} bytes) -> ${file}\n  ${f.detail.split('\n').join('\n  ')}`);
        }
        if (opts.verbose) console.log(`  ${m.outcome.kind.padEnd(13)} ${m.outcome.ms.toFixed(0).padStart(7)} ms ${String(m.bytes).padStart(9)} B  ${m.label}`);
        const i = m.index - plan.specials.length + 1;
        if (i > 0 && i % 1000 === 0) console.error(`fuzz: ${i}/${opts.iterations} mutations, ${tally.failures.length} failures`);
        current = undefined;
      } else if (m.type === 'finished') {
        done = true;
        worker.terminate().then(finish);
      }
    });
    worker.on('error', (e) => fail('crash', `worker died: ${e && e.code ? `${e.code}: ` : ''}${e && e.stack ? e.stack : e}`));
    worker.on('exit', (code) => {
      if (!done) fail('crash', `worker exited with code ${code}`);
    });
  };

  const finish = () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`fuzz summary (seed ${opts.seed}, ${seconds.toFixed(1)} s):`);
    console.log(`  special inputs: ${plan.specials.length}, mutation iterations: ${opts.iterations}`);
    for (const line of tally.summaryLines()) console.log(`  ${line}`);
    if (tally.failures.length > 0) console.log(`  failing inputs saved in ${opts.out}`);
    process.exitCode = tally.failures.length > 0 ? 1 : 0;
  };

  runFrom(0);
}

main();
