/**
 * Rows of labels that must not overlap: each label goes to the first row where its extent
 * is free. The picture uses a monospace font, so a label's width is known without a browser
 * (0.6 em per character is the advance of DejaVu Sans Mono, Menlo and Consolas alike).
 */

export const MONO_ADVANCE = 0.6;

export function textWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * MONO_ADVANCE;
}

export class LabelRows {
  private readonly rows: Array<Array<[number, number]>> = [];

  constructor(
    private readonly maxRows: number,
    /** Space kept between two labels of a row. */
    private readonly gap = 6,
  ) {}

  /** The row for the extent [x0, x1), or undefined when every row is taken there. */
  place(x0: number, x1: number): number | undefined {
    for (let r = 0; r < this.maxRows; r++) {
      const row = (this.rows[r] ??= []);
      if (row.every(([a, b]) => x1 + this.gap <= a || x0 >= b + this.gap)) {
        row.push([x0, x1]);
        return r;
      }
    }
    return undefined;
  }

  /** Rows in use. */
  get count(): number {
    return this.rows.filter((r) => r.length > 0).length;
  }
}

/** Where a label of `width` anchored at x goes so that it stays within [min, max]. */
export function fitLabel(x: number, width: number, min: number, max: number, preferred: 'start' | 'middle'): { x0: number; x1: number; anchor: 'start' | 'middle' | 'end'; x: number } {
  if (preferred === 'middle') {
    let x0 = x - width / 2;
    if (x0 < min) x0 = min;
    if (x0 + width > max) x0 = Math.max(min, max - width);
    return { x0, x1: x0 + width, anchor: 'start', x: x0 };
  }
  if (x + width <= max) return { x0: x, x1: x + width, anchor: 'start', x };
  return { x0: Math.max(min, x - width), x1: x, anchor: 'end', x };
}
