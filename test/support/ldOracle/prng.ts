/**
 * A tiny seeded PRNG (mulberry32) with the draws the case generator needs.
 *
 * Own implementation on purpose: Math.random cannot be seeded, and the harness must produce
 * the same case for the same seed on every machine and Node version. mulberry32 uses only
 * 32-bit integer operations (Math.imul, >>>), which are exact in every JS engine.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next 32-bit unsigned value. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Integer in [lo, hi] (inclusive). hi - lo must be below 2^32. */
  int(lo: number, hi: number): number {
    if (hi < lo) throw new Error(`Prng.int: empty range [${lo}, ${hi}]`);
    const span = hi - lo + 1;
    // Multiply-shift instead of modulo: unbiased enough for test generation, exact in doubles.
    return lo + Math.floor((this.nextU32() / 0x100000000) * span);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.nextU32() / 0x100000000 < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Prng.pick: no items');
    return items[this.int(0, items.length - 1)];
  }

  /** Pick by weight: entries are [weight, value]. */
  weighted<T>(entries: ReadonlyArray<readonly [number, T]>): T {
    const total = entries.reduce((sum, [w]) => sum + w, 0);
    let x = (this.nextU32() / 0x100000000) * total;
    for (const [w, v] of entries) {
      if (x < w) return v;
      x -= w;
    }
    return entries[entries.length - 1][1];
  }

  /** A random subset (each item kept with probability p), order preserved. */
  subset<T>(items: readonly T[], p: number): T[] {
    return items.filter(() => this.chance(p));
  }

  /** Fisher-Yates shuffle into a new array. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** A derived independent stream (for sub-generators whose draws must not shift others). */
  fork(): Prng {
    return new Prng(this.nextU32() ^ 0x9e3779b9);
  }
}
