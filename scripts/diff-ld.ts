/**
 * `npm run diff-ld -- --cases N --seed S [--jobs J] [--no-elf] [--keep] [--dir D] [--show K]`
 *
 * The differential harness of issue 5: draws N seeded cases (ldOracle), links each with the
 * real GNU as/ld, lays it out with ldscope from the same objects and script, and compares
 * every output section (name, VMA, LMA from ld's map, size, in order) and every script symbol
 * exactly. With --elf (the default) it also lays each case out from its linked ELF alone and
 * with its objects, where a symbol must come out exact or be declared unknowable — a wrong
 * value is a failure. Prints a per-construct table and `N passed, M failed`.
 *
 * Cases run in J worker processes (default 2: one per core here). Failing cases are kept
 * under --dir (default a temp directory) for inspection.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newDrawStats } from '../test/support/ldOracle/drawAcceptedCase';
import { CaseOutcome, runDiffCase } from '../test/layout/harness/diffCase';
import { formatReport } from '../test/layout/harness/report';

interface Options {
  cases: number;
  seed: number;
  jobs: number;
  elf: boolean;
  keep: boolean;
  dir: string;
  show: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { cases: 100, seed: 1, jobs: 2, elf: true, keep: false, dir: '', show: 10 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--cases') o.cases = Number(next());
    else if (a === '--seed') o.seed = Number(next());
    else if (a === '--jobs') o.jobs = Math.max(1, Number(next()));
    else if (a === '--no-elf') o.elf = false;
    else if (a === '--keep') o.keep = true;
    else if (a === '--dir') o.dir = next();
    else if (a === '--show') o.show = Number(next());
    else if (a === '--worker') continue;
    else {
      process.stderr.write(`diff-ld: unknown option ${a}\n`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(o.cases) || o.cases < 1 || !Number.isInteger(o.seed)) {
    process.stderr.write('diff-ld: --cases N (≥ 1) and --seed S (an integer)\n');
    process.exit(2);
  }
  if (!o.dir) o.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-ld-'));
  return o;
}

async function worker(): Promise<void> {
  const stats = newDrawStats();
  process.on('message', async (msg: { seed: number; dir: string; elf: boolean; keep: boolean } | 'exit') => {
    if (msg === 'exit') process.exit(0);
    let outcome: CaseOutcome;
    try {
      outcome = await runDiffCase(msg.seed, msg.dir, stats, { elf: msg.elf, keep: msg.keep });
    } catch (e) {
      outcome = {
        seed: msg.seed,
        family: '?',
        constructs: [],
        passed: false,
        mismatches: [`harness error: ${(e as Error).stack ?? e}`],
        timing: { ldMs: 0, evalMs: 0 },
        dir: msg.dir,
      };
    }
    process.send!({ outcome, rejected: stats.rejected });
  });
  process.send!('ready');
}

async function main(): Promise<void> {
  if (process.argv.includes('--worker')) return worker();
  const o = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const seeds = Array.from({ length: o.cases }, (_, k) => (o.seed + k) >>> 0);
  const outcomes: CaseOutcome[] = [];
  const rejected = new Map<number, number>();
  let next = 0;
  await new Promise<void>((resolve) => {
    let live = 0;
    for (let j = 0; j < Math.min(o.jobs, seeds.length); j++) {
      const child = fork(__filename, ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      live++;
      const feed = () => {
        if (next >= seeds.length) {
          child.send('exit');
          return;
        }
        child.send({ seed: seeds[next++], dir: o.dir, elf: o.elf, keep: o.keep });
      };
      child.on('message', (m: 'ready' | { outcome: CaseOutcome; rejected: number }) => {
        if (m !== 'ready') {
          outcomes.push(m.outcome);
          rejected.set(j, m.rejected);
          if (outcomes.length % 50 === 0) process.stderr.write(`diff-ld: ${outcomes.length}/${seeds.length} cases\n`);
        }
        feed();
      });
      child.on('exit', () => {
        if (--live === 0) resolve();
      });
    }
  });
  outcomes.sort((a, b) => a.seed - b.seed);
  const wall = (Date.now() - started) / 1000;
  const rejectedTotal = [...rejected.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(formatReport(outcomes, { elf: o.elf, show: o.show, dir: o.dir, wallSeconds: wall, rejected: rejectedTotal }));
  const failed = outcomes.filter((x) => !x.passed || (x.elfAlone?.wrong.length ?? 0) > 0 || (x.elfWithObjects?.wrong.length ?? 0) > 0).length;
  process.exitCode = failed > 0 ? 1 : 0;
}

void main();
