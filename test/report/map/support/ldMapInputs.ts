/**
 * What GNU ld's `-Map` file says about the input sections of each output section, in the terms
 * the map's tooltips and SVG use (file, input section, offset from the output section, size),
 * plus the bytes each one adds. ld lists an input it dropped (a merged string section whose
 * strings another input already had) with a size but puts it where it takes no room: at the
 * address of the next input that has bytes, or at the output section's end.
 *
 * Also reads the input lines back out of a section's tooltip text, so a test can compare the
 * two without relying on the tooltip's column layout.
 */
import * as fs from 'node:fs';
import { parseLdMap } from '../../../support/ldOracle/parseLdMap';

export interface MapInput {
  file: string;
  section: string;
  offset: bigint;
  /** As the map prints it. */
  size: bigint;
  /** What it adds to the output section (0 for one ld dropped). */
  bytes: bigint;
}

/** Each output section's inputs in map order, by output section name (the first of a name). */
export function ldMapInputs(mapFile: string): Map<string, MapInput[]> {
  const map = parseLdMap(fs.readFileSync(mapFile, 'utf8'));
  const out = new Map<string, MapInput[]>();
  for (const o of map.outputSections) {
    const vma = o.vma;
    if (vma === undefined || out.has(o.name)) continue;
    const lines = map.inputSections.filter((i) => i.outputSection === o.name);
    const end = vma + (o.size ?? 0n);
    out.set(
      o.name,
      lines.map((i, k) => {
        const next = lines.slice(k + 1).find((m) => m.size > 0n);
        const noRoom = i.size > 0n && i.vma === (next ? next.vma : end);
        return { file: i.file, section: i.name, offset: i.vma - vma, size: i.size, bytes: noRoom ? 0n : i.size };
      }),
    );
  }
  return out;
}

/** The N that add the most bytes, ties in map order (the order the map page promises). */
export function topContributors(list: MapInput[], n: number): MapInput[] {
  return [...list].sort((a, b) => (a.bytes > b.bytes ? -1 : a.bytes < b.bytes ? 1 : 0)).slice(0, n);
}

export interface TooltipInputs {
  count: number;
  bytes: bigint;
  /** `bytes file(section) +offset` per line shown. */
  shown: Array<{ bytes: bigint; file: string; section: string; offset: bigint }>;
  more?: { count: number; bytes: bigint };
}

/** The inputs part of a section's tooltip; undefined when it has none (says unknown/none). */
export function tooltipInputs(tip: string): TooltipInputs | undefined {
  const lines = tip.split('\n');
  const head = lines.findIndex((l) => l.startsWith('largest inputs ('));
  if (head < 0) return undefined;
  const h = /^largest inputs \((\d+) in all, (0x[0-9a-f]+) bytes/.exec(lines[head])!;
  const result: TooltipInputs = { count: Number(h[1]), bytes: BigInt(h[2]), shown: [] };
  for (const line of lines.slice(head + 1)) {
    const m = /^\s+(0x[0-9a-f]+)\s+(.+)\(([^()]+)\) at \+(0x[0-9a-f]+)/.exec(line);
    if (m) {
      result.shown.push({ bytes: BigInt(m[1]), file: m[2], section: m[3], offset: BigInt(m[4]) });
      continue;
    }
    const more = /^\s+and (\d+) more, (0x[0-9a-f]+) bytes$/.exec(line);
    if (more) result.more = { count: Number(more[1]), bytes: BigInt(more[2]) };
    break;
  }
  return result;
}

/** What the tooltip of a section with these inputs (in map order) must say, from the map. */
export function expectedTooltipInputs(list: MapInput[], top: number): TooltipInputs {
  const sum = (l: MapInput[]) => l.reduce((n, i) => n + i.bytes, 0n);
  const ranked = topContributors(list, list.length);
  const rest = ranked.slice(top);
  return {
    count: list.length,
    bytes: sum(list),
    shown: ranked.slice(0, top).map((i) => ({ bytes: i.bytes, file: i.file, section: i.section, offset: i.offset })),
    ...(rest.length > 0 ? { more: { count: rest.length, bytes: sum(rest) } } : {}),
  };
}
