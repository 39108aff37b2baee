/**
 * The address axis of one lane: a monotonic map from addresses (bigint) to x positions.
 *
 * A linear axis fails on real images twice over. Xen's image sits at 0xffff82d0… while other
 * points of interest (a wrong image end a gigabyte further, an absolute symbol near 0) are
 * terabytes away: drawn to scale, the whole image would be one pixel. And inside the image a
 * 36-byte note sits next to a 1.5 MiB .text: to scale, the note is invisible.
 *
 * So the axis is cut at every address that matters (section edges, symbols, band edges,
 * finding anchors) into spans, and each span gets a width of its own:
 * - a span inside a section (a "box" span) is drawn to scale but never narrower than
 *   `minBoxWidth`, so every section can be seen and hovered;
 * - a span outside every section (padding, holes) is drawn to scale too, unless it is more
 *   than `elideFactor` times the largest section: then it is elided — drawn with a fixed
 *   width and a break mark, its size written on it;
 * - the scale factor (pixels per byte) is the one that makes the spans fill `width`.
 * Within a span, addresses are placed linearly, so the map is monotonic everywhere and
 * strictly increasing across every span with a width.
 */

export interface ScaleRange {
  start: bigint;
  /** One past the last byte; equal to `start` for an empty range. */
  end: bigint;
}

export interface ScaleInput {
  /** Address ranges drawn as boxes (sections): each non-empty one gets ≥ minBoxWidth. */
  boxes: readonly ScaleRange[];
  /** Other addresses the axis must reach: symbols, band edges, finding anchors. */
  points: readonly bigint[];
  /** The width to fill, in pixels. */
  width: number;
  minBoxWidth?: number;
  elidedGapWidth?: number;
  elideFactor?: number;
}

export type SpanKind = 'box' | 'gap' | 'elided';

export interface ScaleSpan {
  start: bigint;
  end: bigint;
  kind: SpanKind;
  x0: number;
  x1: number;
}

export const DEFAULT_MIN_BOX_WIDTH = 14;
export const DEFAULT_ELIDED_GAP_WIDTH = 28;
/** A hole more than this many times the largest section is elided. */
export const DEFAULT_ELIDE_FACTOR = 1;

export class AddressScale {
  readonly spans: readonly ScaleSpan[];
  /** The drawn width: `input.width`, or more when the minimum widths alone exceed it. */
  readonly width: number;
  /** Pixels per byte in the spans drawn to scale (0 when nothing is). */
  readonly pixelsPerByte: number;

  constructor(input: ScaleInput) {
    const minBox = input.minBoxWidth ?? DEFAULT_MIN_BOX_WIDTH;
    const elidedWidth = input.elidedGapWidth ?? DEFAULT_ELIDED_GAP_WIDTH;
    const factor = input.elideFactor ?? DEFAULT_ELIDE_FACTOR;
    const boxes = input.boxes.filter((b) => b.end > b.start);

    const cuts = new Set<bigint>();
    for (const b of input.boxes) {
      cuts.add(b.start);
      cuts.add(b.end);
    }
    for (const p of input.points) cuts.add(p);
    const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

    // Which elementary spans some box covers: sweep the box edges in address order.
    const largestBox = boxes.reduce((m, b) => (b.end - b.start > m ? b.end - b.start : m), 0n);
    const byStart = [...boxes].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    const raw: Array<{ start: bigint; end: bigint; kind: SpanKind }> = [];
    let next = 0;
    let coveredTo = -1n; // the furthest end of the boxes started so far
    for (let i = 0; i + 1 < sorted.length; i++) {
      const start = sorted[i];
      const end = sorted[i + 1];
      while (next < byStart.length && byStart[next].start <= start) {
        if (byStart[next].end > coveredTo) coveredTo = byStart[next].end;
        next++;
      }
      const covered = coveredTo > start;
      const bytes = end - start;
      const kind: SpanKind = covered ? 'box' : bytes > largestBox * BigInt(factor) ? 'elided' : 'gap';
      raw.push({ start, end, kind });
    }

    const widthAt = (p: number) => {
      let w = 0;
      for (const s of raw) {
        if (s.kind === 'elided') w += elidedWidth;
        else if (s.kind === 'box') w += Math.max(minBox, Number(s.end - s.start) * p);
        else w += Number(s.end - s.start) * p;
      }
      return w;
    };
    const linearBytes = raw.reduce((n, s) => (s.kind === 'elided' ? n : n + Number(s.end - s.start)), 0);
    let p = 0;
    if (linearBytes > 0 && widthAt(0) < input.width) {
      // widthAt is continuous and increasing in p; at hi every linear span alone fills width.
      let lo = 0;
      let hi = input.width / linearBytes;
      for (let i = 0; i < 64; i++) {
        const mid = (lo + hi) / 2;
        if (widthAt(mid) < input.width) lo = mid;
        else hi = mid;
      }
      p = lo;
    }
    this.pixelsPerByte = p;

    const spans: ScaleSpan[] = [];
    let x = 0;
    for (const s of raw) {
      const w = s.kind === 'elided' ? elidedWidth : s.kind === 'box' ? Math.max(minBox, Number(s.end - s.start) * p) : Number(s.end - s.start) * p;
      spans.push({ ...s, x0: x, x1: x + w });
      x += w;
    }
    this.spans = spans;
    this.width = Math.max(input.width, x);
  }

  /** The first address the axis reaches (undefined for an empty axis). */
  get first(): bigint | undefined {
    return this.spans[0]?.start;
  }

  get last(): bigint | undefined {
    return this.spans[this.spans.length - 1]?.end;
  }

  /** Is the address on the axis (between the first and last cut, inclusive)? */
  contains(addr: bigint): boolean {
    const f = this.first;
    const l = this.last;
    return f !== undefined && l !== undefined && addr >= f && addr <= l;
  }

  /**
   * The x of an address: linear inside its span; before the first cut 0, after the last
   * cut the end of the axis. An axis with a single cut puts it in the middle.
   */
  x(addr: bigint): number {
    const spans = this.spans;
    if (spans.length === 0) return this.width / 2;
    if (addr <= spans[0].start) return spans[0].x0;
    if (addr >= spans[spans.length - 1].end) return spans[spans.length - 1].x1;
    let lo = 0;
    let hi = spans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid].end <= addr) lo = mid + 1;
      else hi = mid;
    }
    const s = spans[lo];
    const frac = Number(addr - s.start) / Number(s.end - s.start);
    return s.x0 + (s.x1 - s.x0) * frac;
  }

  /** The elided spans, for break marks. */
  elided(): ScaleSpan[] {
    return this.spans.filter((s) => s.kind === 'elided');
  }
}
