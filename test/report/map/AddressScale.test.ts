import fc from 'fast-check';
import { AddressScale, DEFAULT_ELIDED_GAP_WIDTH, DEFAULT_MIN_BOX_WIDTH, type ScaleRange } from '../../../src/report/map/AddressScale';

const KiB = 1n << 10n;

const TiB = 1n << 40n;

const boxWidth = (s: AddressScale, b: ScaleRange) => s.x(b.end) - s.x(b.start);

describe('AddressScale', () => {
  test('a terabyte gap is elided and does not squash the image', () => {
    // An image of two 4 KiB sections, and a point (a wrong image end, an absolute symbol) 1 TiB away.
    const boxes = [
      { start: 0xffff82d080200000n, end: 0xffff82d080201000n },
      { start: 0xffff82d080201000n, end: 0xffff82d080203000n },
    ];
    const far = 0xffff82d080200000n + TiB;
    const s = new AddressScale({ boxes, points: [far], width: 1000 });
    expect(s.width).toBe(1000);
    const elided = s.elided();
    expect(elided).toHaveLength(1);
    expect(elided[0].x1 - elided[0].x0).toBe(DEFAULT_ELIDED_GAP_WIDTH);
    // The image takes everything but the break: 4 KiB and 8 KiB to scale, 1:2.
    const a = boxWidth(s, boxes[0]);
    const b = boxWidth(s, boxes[1]);
    expect(a + b).toBeCloseTo(1000 - DEFAULT_ELIDED_GAP_WIDTH, 6);
    expect(b / a).toBeCloseTo(2, 6);
    expect(s.x(far)).toBeCloseTo(1000, 6);
  });

  test('a gap below the image (an absolute symbol near 0) is elided as well', () => {
    const boxes = [{ start: 0xffff82d080200000n, end: 0xffff82d080300000n }];
    const s = new AddressScale({ boxes, points: [0x200000n], width: 800 });
    expect(s.elided().map((e) => [e.start, e.end])).toEqual([[0x200000n, 0xffff82d080200000n]]);
    expect(s.x(0x200000n)).toBe(0);
    expect(boxWidth(s, boxes[0])).toBeCloseTo(800 - DEFAULT_ELIDED_GAP_WIDTH, 6);
  });

  test('tiny sections next to huge ones keep the minimum width; big ones stay to scale', () => {
    const boxes = [
      { start: 0x1000n, end: 0x1000n + 1536n * KiB },
      { start: 0x1000n + 1536n * KiB, end: 0x1000n + 1536n * KiB + 36n }, // a 36-byte note
      { start: 0x1000n + 1536n * KiB + 64n, end: 0x1000n + 2560n * KiB },
    ];
    const s = new AddressScale({ boxes, points: [], width: 1100 });
    expect(boxWidth(s, boxes[1])).toBeCloseTo(DEFAULT_MIN_BOX_WIDTH, 6);
    const big = boxWidth(s, boxes[0]) / boxWidth(s, boxes[2]);
    expect(big).toBeCloseTo(1536 / (1024 - 64 / 1024), 2);
    expect(s.x(boxes[2].end)).toBeCloseTo(1100, 6);
  });

  test('padding up to the size of the largest section is drawn to scale, larger padding elided', () => {
    const text = { start: 0x200000n, end: 0x210000n }; // 64 KiB
    const data = { start: 0x220000n, end: 0x230000n }; // after 64 KiB of padding: to scale
    const bss = { start: 0x430000n, end: 0x440000n }; // after 2 MiB of padding: elided
    const s = new AddressScale({ boxes: [text, data, bss], points: [], width: 1000 });
    const kinds = s.spans.map((x) => x.kind);
    expect(kinds).toEqual(['box', 'gap', 'box', 'elided', 'box']);
    expect(s.x(data.start) - s.x(text.end)).toBeCloseTo(boxWidth(s, text), 6);
  });

  test('overlapping sections (a VMA overlay) each get at least the minimum width', () => {
    const boxes = [
      { start: 0x8000n, end: 0x9000n },
      { start: 0x8000n, end: 0x8004n },
      { start: 0x8ffcn, end: 0xa000n },
    ];
    const s = new AddressScale({ boxes, points: [], width: 500 });
    for (const b of boxes) expect(boxWidth(s, b)).toBeGreaterThanOrEqual(DEFAULT_MIN_BOX_WIDTH - 1e-9);
  });

  test('more sections than fit at the minimum width: the axis grows instead of overlapping', () => {
    const boxes = Array.from({ length: 100 }, (_, i) => ({ start: BigInt(i * 16), end: BigInt(i * 16 + 16) }));
    const s = new AddressScale({ boxes, points: [], width: 600 });
    expect(s.width).toBeCloseTo(100 * DEFAULT_MIN_BOX_WIDTH, 6);
    for (const b of boxes) expect(boxWidth(s, b)).toBeCloseTo(DEFAULT_MIN_BOX_WIDTH, 6);
  });

  test('empty and single-point axes', () => {
    expect(new AddressScale({ boxes: [], points: [], width: 300 }).x(5n)).toBe(150);
    const one = new AddressScale({ boxes: [], points: [42n], width: 300 });
    expect(one.x(42n)).toBe(150);
    expect(one.contains(42n)).toBe(false);
  });

  const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
  const range = fc.tuple(u64, fc.bigInt({ min: 0n, max: 1n << 40n })).map(([start, len]) => ({ start, end: start + len }));

  test('property: monotonic, inside [0, width], every section at least the minimum width', () => {
    fc.assert(
      fc.property(fc.array(range, { minLength: 1, maxLength: 30 }), fc.array(u64, { maxLength: 20 }), fc.array(u64, { minLength: 2, maxLength: 40 }), (boxes, points, probes) => {
        const s = new AddressScale({ boxes, points, width: 1000 });
        const sorted = [...probes, ...points, ...boxes.flatMap((b) => [b.start, b.end])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        let prev = -Infinity;
        for (const a of sorted) {
          const x = s.x(a);
          expect(x).toBeGreaterThanOrEqual(prev - 1e-9);
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(s.width + 1e-9);
          prev = x;
        }
        for (const b of boxes) if (b.end > b.start) expect(boxWidth(s, b)).toBeGreaterThanOrEqual(DEFAULT_MIN_BOX_WIDTH - 1e-6);
        // Strictly increasing across a span that has a width.
        for (const sp of s.spans) if (sp.x1 - sp.x0 > 1e-6) expect(s.x(sp.end)).toBeGreaterThan(s.x(sp.start));
        // Nothing is lost: the spans tile the axis.
        expect(s.spans[s.spans.length - 1]?.x1 ?? s.width).toBeCloseTo(s.width, 4);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  test('elided gaps are each larger than every section', () => {
    fc.assert(
      fc.property(fc.array(range, { minLength: 1, maxLength: 20 }), fc.array(u64, { maxLength: 10 }), (boxes, points) => {
        const s = new AddressScale({ boxes, points, width: 1000 });
        const largest = boxes.reduce((m, b) => (b.end - b.start > m ? b.end - b.start : m), 0n);
        for (const e of s.elided()) expect(e.end - e.start > largest).toBe(true);
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});


