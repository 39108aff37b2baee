/**
 * The one seeded random source of the test tools (the fuzzer and the ld oracle's case
 * generator): mulberry32, so a run is reproduced exactly from its seed on every machine and
 * Node version (Math.random cannot be seeded). Only 32-bit integer operations (Math.imul, >>>),
 * exact in every JS engine.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /**
   * The stream for one iteration of a campaign: derived from the campaign seed and the
   * iteration number alone, so iteration N can be replayed without running 0..N-1.
   */
  static forIteration(seed: number, iteration: number): SeededRandom {
    let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(iteration + 1, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    return new SeededRandom(h ^ (h >>> 16));
  }

  /** Next 32-bit unsigned value. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Integer in [lo, hi], both inclusive (hi - lo below 2^32). */
  int(lo: number, hi: number): number {
    if (hi < lo) throw new Error(`SeededRandom.int: empty range [${lo}, ${hi}]`);
    // Multiply-shift instead of modulo: unbiased enough for test generation, exact in doubles.
    return lo + Math.floor((this.nextU32() / 0x100000000) * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.nextU32() / 0x100000000 < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('SeededRandom.pick: no items');
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
  fork(): SeededRandom {
    return new SeededRandom(this.nextU32() ^ 0x9e3779b9);
  }

  /** A length skewed towards small values (most mutations should be local), up to max. */
  smallLength(max: number): number {
    const bits = this.int(0, Math.max(0, Math.floor(Math.log2(Math.max(1, max)))));
    return Math.min(max, this.int(1, 2 ** bits));
  }

  /** `length` random bytes as a latin1 string (one char per byte, as ldscope reads files). */
  bytes(length: number): string {
    const buf = Buffer.alloc(length);
    for (let i = 0; i < length; i += 4) {
      const word = this.nextU32();
      for (let k = 0; k < 4 && i + k < length; k++) buf[i + k] = (word >>> (8 * k)) & 0xff;
    }
    return buf.toString('latin1');
  }
}
