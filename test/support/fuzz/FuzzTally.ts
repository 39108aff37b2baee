/** Counts the outcomes of a fuzz campaign and keeps every failure with what reproduces it. */
import type { FuzzInput, FuzzOutcome } from './FuzzInput';

export interface FuzzFailure {
  label: string;
  bytes: number;
  ms: number;
  /** 'crash' (an exception other than a clean syntax error) or 'hang' (over the time bound). */
  problem: 'crash' | 'hang';
  detail: string;
}

export class FuzzTally {
  inputs = 0;
  accepted = 0;
  syntaxErrors = 0;
  includeErrors = 0;
  bytes = 0;
  readonly failures: FuzzFailure[] = [];
  slowest: { label: string; bytes: number; ms: number } | undefined;

  add(input: Pick<FuzzInput, 'label' | 'bytes'>, outcome: FuzzOutcome): void {
    this.inputs++;
    this.bytes += input.bytes;
    if (outcome.kind === 'accepted') this.accepted++;
    else if (outcome.kind === 'syntax-error') this.syntaxErrors++;
    else if (outcome.kind === 'include-error') this.includeErrors++;
    else this.failures.push({ label: input.label, bytes: input.bytes, ms: outcome.ms, problem: 'crash', detail: outcome.detail ?? '' });
    if (outcome.tooSlow) {
      this.failures.push({ label: input.label, bytes: input.bytes, ms: outcome.ms, problem: 'hang', detail: `took ${outcome.ms.toFixed(0)} ms` });
    }
    if (!this.slowest || outcome.ms > this.slowest.ms) this.slowest = { label: input.label, bytes: input.bytes, ms: outcome.ms };
  }

  /** A failure the watchdog saw from outside (the parse never returned, or the worker died). */
  addFailure(failure: FuzzFailure): void {
    this.inputs++;
    this.bytes += failure.bytes;
    this.failures.push(failure);
  }

  get crashes(): number {
    return this.failures.filter((f) => f.problem === 'crash').length;
  }

  get hangs(): number {
    return this.failures.filter((f) => f.problem === 'hang').length;
  }

  summaryLines(): string[] {
    const s = this.slowest;
    return [
      `inputs: ${this.inputs} (${(this.bytes / 1e6).toFixed(1)} MB)`,
      `accepted: ${this.accepted}`,
      `syntax errors: ${this.syntaxErrors}`,
      `include errors (missing INCLUDE file): ${this.includeErrors}`,
      `crashes: ${this.crashes}`,
      `hangs: ${this.hangs}`,
      `slowest input: ${s ? `${s.ms.toFixed(0)} ms, ${s.bytes} bytes: ${s.label}` : '-'}`,
    ];
  }
}
