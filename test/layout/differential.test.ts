/**
 * The differential harness (npm run diff-ld) on a fixed, seeded slice of 100 cases: each is
 * linked by the real GNU as/ld and laid out by ldscope from the same objects and script; every
 * output section (name, VMA, LMA from ld's map, size) and every script symbol must agree. The
 * same cases laid out with --elf from the linked ELF must give no wrong value: with the objects
 * every symbol exactly, from the ELF alone each symbol exactly or declared unknowable.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newDrawStats } from '../support/ldOracle/drawAcceptedCase';
import { CaseOutcome, runDiffCase } from './harness/diffCase';

const SEED = 20240501;
const CASES = 100;

describe('differential harness: ldscope eval vs GNU ld 2.40', () => {
  let outcomes: CaseOutcome[] = [];
  let root = '';

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-diff-'));
    const stats = newDrawStats();
    outcomes = [];
    for (let k = 0; k < CASES; k++) outcomes.push(await runDiffCase(SEED + k, root, stats, { elf: true, keep: false }));
  }, 600_000);

  afterAll(() => {
    if (outcomes.every((o) => o.passed)) fs.rmSync(root, { recursive: true, force: true });
  });

  test('ld judged every case (map and ELF agree)', () => {
    expect(outcomes.filter((o) => o.oracleProblem).map((o) => o.seed)).toEqual([]);
  });

  test('every section and script symbol agrees with ld', () => {
    const failures = outcomes.filter((o) => !o.passed).map((o) => `seed ${o.seed} (${o.dir}): ${o.mismatches.slice(0, 3).join('; ')}`);
    expect(failures).toEqual([]);
  });

  test('the slice covers the constructs of the issue', () => {
    const seen = new Set(outcomes.flatMap((o) => o.constructs));
    for (const c of ['xen-pad', 'OVERLAY', 'MEMORY', 'PHDRS', 'INSERT', 'SORT-nested', 'EXCLUDE_FILE', 'archive:member', 'orphan', 'AT', 'NOLOAD', 'PROVIDE']) {
      expect(seen).toContain(c);
    }
  });

  test('--elf with the objects reproduces every script symbol', () => {
    const wrong = outcomes.flatMap((o) => (o.elfWithObjects?.wrong ?? []).map((w) => `seed ${o.seed}: ${w}`));
    expect(wrong).toEqual([]);
    const unknown = outcomes.reduce((n, o) => n + (o.elfWithObjects?.unknown ?? 0), 0);
    expect(unknown).toBe(0);
  });

  test('--elf from the linked ELF alone gives no wrong value', () => {
    const wrong = outcomes.flatMap((o) => (o.elfAlone?.wrong ?? []).map((w) => `seed ${o.seed}: ${w}`));
    expect(wrong).toEqual([]);
    const exact = outcomes.reduce((n, o) => n + (o.elfAlone?.exact ?? 0), 0);
    expect(exact).toBeGreaterThan(0);
  });
});
