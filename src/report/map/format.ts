/**
 * How the map writes numbers and text: addresses as 0x… hex, sizes in the units a reader
 * compares at a glance, and the escaping SVG/HTML text and attributes need.
 */

export function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

/** Fixed-width hex for tables: 16 digits for a 64-bit image, 8 for a 32-bit one. */
export function paddedHex(v: bigint, digits: number): string {
  return v.toString(16).padStart(digits, '0');
}

/**
 * A byte count for people: exact below 1 KiB ("36 B"), otherwise one decimal in the largest
 * binary unit that keeps the number ≥ 1 ("1.5 MiB"), and exact when it is a whole unit
 * ("2 MiB").
 */
export function byteSize(bytes: bigint): string {
  const negative = bytes < 0n;
  const b = negative ? -bytes : bytes;
  const sign = negative ? '−' : '';
  const units: Array<[bigint, string]> = [
    [1n << 50n, 'PiB'],
    [1n << 40n, 'TiB'],
    [1n << 30n, 'GiB'],
    [1n << 20n, 'MiB'],
    [1n << 10n, 'KiB'],
  ];
  for (const [unit, name] of units) {
    if (b < unit) continue;
    if (b % unit === 0n) return `${sign}${b / unit} ${name}`;
    return `${sign}${(Number(b) / Number(unit)).toFixed(1)} ${name}`;
  }
  return `${sign}${b} B`;
}

/** Text content for SVG/HTML. */
export function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value inside double quotes. */
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/** A number for SVG coordinates: two decimals at most, no "-0". */
export function px(n: number): string {
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}
