/**
 * The differential harness's report: per-construct pass/fail table, --elf statistics, the
 * first failures with their mismatches, and the closing `N passed, M failed`.
 */
import type { CaseOutcome } from './diffCase';

export interface ReportOptions {
  elf: boolean;
  show: number;
  dir: string;
  wallSeconds: number;
  rejected: number;
}

export function formatReport(outcomes: CaseOutcome[], o: ReportOptions): string {
  const out: string[] = [];
  const failedCase = (x: CaseOutcome) => !x.passed;
  const table = new Map<string, { n: number; failed: number }>();
  for (const x of outcomes) {
    for (const t of [`family:${x.family}`, ...x.constructs]) {
      const e = table.get(t) ?? { n: 0, failed: 0 };
      e.n++;
      if (failedCase(x)) e.failed++;
      table.set(t, e);
    }
  }
  out.push('construct                          cases  passed  failed');
  for (const [t, e] of [...table].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    out.push(`${t.padEnd(34)} ${String(e.n).padStart(5)}  ${String(e.n - e.failed).padStart(6)}  ${String(e.failed).padStart(6)}`);
  }
  const oracle = outcomes.filter((x) => x.oracleProblem);
  if (oracle.length > 0) out.push('', `ld map/ELF inconsistencies (cases not judged): ${oracle.map((x) => x.seed).join(', ')}`);
  if (o.elf) {
    for (const [label, key] of [
      ['--elf FINAL alone', 'elfAlone'],
      ['--elf FINAL with objects', 'elfWithObjects'],
    ] as const) {
      let exact = 0;
      let unknown = 0;
      let wrong = 0;
      let casesAllExact = 0;
      const wrongCases: CaseOutcome[] = [];
      for (const x of outcomes) {
        const c = x[key];
        if (!c) continue;
        exact += c.exact;
        unknown += c.unknown;
        wrong += c.wrong.length;
        if (c.wrong.length === 0 && c.unknown === 0) casesAllExact++;
        if (c.wrong.length > 0) wrongCases.push(x);
      }
      const judged = outcomes.filter((x) => x[key]).length;
      out.push('', `${label}: script symbols exact ${exact}, declared unknowable ${unknown}, wrong ${wrong}; cases with every symbol exact ${casesAllExact}/${judged}`);
      for (const x of wrongCases.slice(0, o.show)) out.push(`  seed ${x.seed}: ${x[key]!.wrong.slice(0, 4).join('; ')}`);
    }
  }
  const unreadable = outcomes.filter((x) => x.elfUnreadable);
  if (o.elf && unreadable.length > 0) {
    out.push('', `--elf not judged (src/elf cannot read the linked ELF): ${unreadable.map((x) => `seed ${x.seed}: ${x.elfUnreadable}`).slice(0, o.show).join('; ')}`);
  }
  const failures = outcomes.filter(failedCase);
  if (failures.length > 0) {
    out.push('', `first failures (kept under ${o.dir}):`);
    for (const x of failures.slice(0, o.show)) {
      out.push(`  seed ${x.seed} [${x.family}] ${x.dir}`);
      for (const m of x.mismatches.slice(0, 6)) out.push(`      ${m.split('\n')[0]}`);
    }
  }
  const evalMs = outcomes.map((x) => x.timing.evalMs).sort((a, b) => a - b);
  const median = evalMs.length ? evalMs[Math.floor(evalMs.length / 2)] : 0;
  out.push('', `ld redraws (cases ld rejected, replaced by derived seeds): ${o.rejected}; median ldscope layout ${median.toFixed(1)} ms; wall ${o.wallSeconds.toFixed(1)} s`);
  out.push(`${outcomes.length - failures.length} passed, ${failures.length} failed`);
  return out.join('\n') + '\n';
}
