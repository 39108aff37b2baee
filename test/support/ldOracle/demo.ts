/**
 * Demo and measurement run of the ld side of the differential harness: draws N cases from a
 * seed, links each with the real `as`/`ld`, and prints acceptance, timing, oracle
 * self-consistency and the per-construct counts.
 *
 * Not a test (it takes minutes for hundreds of cases). Run it with:
 *   npx tsc --outDir /tmp/ldoracle --rootDir . --module commonjs --target es2022 --strict \
 *     --esModuleInterop --skipLibCheck --types node test/support/ldOracle/demo.ts
 *   node /tmp/ldoracle/test/support/ldOracle/demo.js --cases 500 --seed 1 [--raw] [--crosscheck] [--keep DIR]
 * --raw links each seed once without redrawing rejected cases (to measure acceptance);
 * --crosscheck also runs crossCheckWithTools (objdump, nm, script text) on every case.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LinkCase } from './caseTypes';
import { DrawStats, drawAcceptedCase, newDrawStats } from './drawAcceptedCase';
import { UnplaceableCaseError, generateCase } from './generateCase';
import { linkCase } from './linkCase';
import { crossCheckWithTools } from './crossCheckWithTools';

interface Options {
  cases: number;
  seed: number;
  raw: boolean;
  crosscheck: boolean;
  keep?: string;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { cases: 20, seed: 1, raw: false, crosscheck: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--cases') opts.cases = Number(argv[++i]);
    else if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--raw') opts.raw = true;
    else if (a === '--crosscheck') opts.crosscheck = true;
    else if (a === '--keep') opts.keep = argv[++i];
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)];
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const root = opts.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ldoracle-'));
  const stats: DrawStats = newDrawStats();
  const timing = { as: [] as number[], ld: [] as number[], read: [] as number[], total: [] as number[] };
  const constructs = new Map<string, number>();
  const inconsistent: Array<{ seed: number; problems: string[] }> = [];
  const families = new Map<string, { n: number; ok: number }>();
  const started = Date.now();
  for (let k = 0; k < opts.cases; k++) {
    const seed = (opts.seed + k) >>> 0;
    const dir = path.join(root, `case-${seed}`);
    let c: LinkCase;
    let result;
    if (opts.raw) {
      stats.drawn++;
      try {
        c = generateCase(seed);
      } catch (e) {
        if (e instanceof UnplaceableCaseError) {
          stats.unplaceable++;
          continue;
        }
        throw e;
      }
      fs.rmSync(dir, { recursive: true, force: true });
      result = linkCase(c, dir);
      const fam = c.constructs.includes('xen') ? 'xen' : c.constructs.includes('INSERT') ? 'insert' : 'generic';
      const f = families.get(fam) ?? { n: 0, ok: 0 };
      f.n++;
      if (result.ok) f.ok++;
      families.set(fam, f);
      if (result.ok) stats.accepted++;
      else {
        stats.rejected++;
        stats.rejections.push({ seed, stderr: result.stderr.split('\n').filter((l) => !/warning:/.test(l)).slice(0, 3).join('\n') });
        if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
    } else {
      ({ linkCase: c, result } = drawAcceptedCase(seed, dir, {}, stats));
    }
    timing.as.push(result.timing.asMs);
    timing.ld.push(result.timing.ldMs);
    timing.read.push(result.timing.readMs);
    timing.total.push(result.timing.asMs + result.timing.ldMs + result.timing.readMs);
    for (const t of c.constructs) constructs.set(t, (constructs.get(t) ?? 0) + 1);
    const problems = opts.crosscheck ? crossCheckWithTools(c, result) : result.inconsistencies;
    if (problems.length > 0) inconsistent.push({ seed: c.seed, problems });
    if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
  }
  const wall = (Date.now() - started) / 1000;
  console.log(`cases requested: ${opts.cases} from seed ${opts.seed} (${opts.raw ? 'raw: no redraw' : 'redrawing rejected cases'})`);
  console.log(`drawn ${stats.drawn}, accepted by ld ${stats.accepted}, rejected by ld ${stats.rejected}, unplaceable ${stats.unplaceable}`);
  for (const [fam, f] of families) console.log(`  ${fam}: ${f.ok}/${f.n} accepted`);
  console.log(`per linked case, median ms: as (all objects) ${median(timing.as).toFixed(1)}, ld ${median(timing.ld).toFixed(1)}, map+readelf ${median(timing.read).toFixed(1)}, total ${median(timing.total).toFixed(1)}`);
  console.log(`wall ${wall.toFixed(1)} s`);
  console.log(`oracle inconsistencies (map vs ELF${opts.crosscheck ? ', vs objdump -h -w and nm, vs script text' : ''}): ${inconsistent.length} cases`);
  for (const x of inconsistent.slice(0, 10)) console.log(`  seed ${x.seed}: ${x.problems.slice(0, 3).join('; ')}`);
  const messages = new Map<string, number[]>();
  for (const r of stats.rejections) {
    const key = r.stderr.replace(/0x[0-9a-f]+/g, 'N').replace(/\.[A-Za-z_][\w.]*/g, '.S').split('\n')[0];
    messages.set(key, [...(messages.get(key) ?? []), r.seed]);
  }
  if (messages.size > 0) console.log('ld rejections by message:');
  for (const [m, seeds] of [...messages].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  ${seeds.length} × ${m}   (seeds ${seeds.slice(0, 5).join(', ')})`);
  }
  console.log('constructs (cases using each):');
  for (const [t, n] of [...constructs].sort((a, b) => b[1] - a[1])) console.log(`  ${t.padEnd(32)} ${n}`);
}

main();
