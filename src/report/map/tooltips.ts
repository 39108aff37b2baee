/**
 * The text a reader gets on hovering a thing on the map: every number about it and where each
 * came from. Lines of plain text: the SVG puts them in <title> (native tooltips in any SVG
 * viewer), the HTML page shows them in its own tooltip.
 */
import { byteSize, hex } from './format';
import { contributedBytes, type InputContribution, type MapFinding, type MapSection, type MapSymbol } from './MapFacts';
import type { Band, Hole } from './MapModel';
import { KIND_LABEL, traitLetters } from './sectionKind';

/** How many inputs a tooltip (and the SVG's data-inputs) lists by name. */
export const TOP_INPUTS = 5;

export function sectionTooltip(s: MapSection): string[] {
  const lines = [
    `${s.name} — ${KIND_LABEL[s.kind]}`,
    s.traits.alloc ? `VMA   ${hex(s.vma)} – ${hex(s.vma + s.size)}` : 'VMA   none (not allocated)',
    s.traits.alloc ? `LMA   ${hex(s.lma)}${s.lma === s.vma ? ' (= VMA)' : ''}` : '',
    `size  ${hex(s.size)} (${byteSize(s.size)})`,
    `align ${hex(s.alignment)}${s.alignment > 1n ? ` (2**${log2(s.alignment)})` : ''}`,
    `flags ${traitLetters(s.traits) || '—'}${s.phdrs.length ? ` · PHDRS ${s.phdrs.join(' ')}` : ''}`,
    s.placedAt ? `placed by ${s.placedAt.file}:${s.placedAt.line}` : 'not named by the script (an orphan: ld placed it)',
  ];
  lines.push(...inputLines(s));
  lines.push(`numbers from ${s.source === 'layout' ? "ldscope's layout" : 'the linked ELF'}${s.addressNote ? ` (${s.addressNote})` : ''}`);
  return lines.filter((l) => l !== '');
}

/**
 * The input sections that contributed the most bytes (the first TOP_INPUTS of `inputs`), named
 * as ld's map file names them, with their size and offset; the rest summed up in one line. Or
 * why they are not known.
 */
function inputLines(s: MapSection): string[] {
  if (!s.inputs) return [`inputs: unknown — ${s.inputsUnknown ?? 'not reported'}`];
  if (s.inputs.length === 0) return ['inputs: none (nothing matched; only script statements)'];
  const sum = (list: InputContribution[]) => list.reduce((n, i) => n + contributedBytes(i), 0n);
  const total = sum(s.inputs);
  const rest = total < s.size ? `; the other ${hex(s.size - total)} are padding and script data` : '';
  const lines = [`largest inputs (${s.inputs.length} in all, ${hex(total)} bytes${rest}):`];
  const shown = s.inputs.slice(0, TOP_INPUTS);
  const width = Math.max(...shown.map((i) => hex(contributedBytes(i)).length));
  for (const i of shown) {
    const dropped = i.excluded && i.size > 0n ? ` (merged away by ld; its map line says ${hex(i.size)})` : '';
    lines.push(`  ${hex(contributedBytes(i)).padStart(width)}  ${i.file}(${i.section}) at +${hex(i.offset)}${dropped}`);
  }
  const more = s.inputs.slice(TOP_INPUTS);
  if (more.length > 0) lines.push(`  and ${more.length} more, ${hex(sum(more))} bytes`);
  return lines;
}

export function symbolsTooltip(symbols: MapSymbol[]): string[] {
  const lines = [hex(symbols[0].value)];
  for (const s of symbols) {
    lines.push(`${s.name}${s.assignedAt ? `  (${s.assignedAt.file}:${s.assignedAt.line})` : ''}${s.source === 'elf' ? '  [value from the ELF]' : ''}`);
    if (s.layoutUnknown) lines.push(`  the layout cannot know it: ${s.layoutUnknown}`);
  }
  return lines;
}

export function holeTooltip(h: Hole): string[] {
  const size = h.end - h.start;
  const what = h.padding ? `padding between ${h.before} and ${h.after}` : h.before ? `after ${h.before}` : h.after ? `before ${h.after}` : 'no section';
  return [
    `${h.elided ? 'elided gap' : 'gap'}: ${what}`,
    `${hex(h.start)} – ${hex(h.end)}`,
    `${hex(size)} bytes (${byteSize(size)})${h.elided ? ' — not drawn to scale' : ''}`,
  ];
}

export function bandTooltip(b: Band): string[] {
  return b.details;
}

export function findingTooltip(f: MapFinding): string[] {
  return [
    `${f.severity}: ${f.message}`,
    `rule ${f.rule}`,
    f.location ? `at ${f.location.file}:${f.location.line}:${f.location.column}` : '',
    f.expected !== undefined ? `expected ${f.expected}` : '',
    f.actual !== undefined ? `actual   ${f.actual}` : '',
    f.anchor ? `marked at ${hex(f.anchor.address)} (${f.anchor.lane.toUpperCase()}: ${f.anchor.what})` : '',
  ].filter((l) => l !== '');
}

function log2(v: bigint): number {
  let n = 0;
  while (v > 1n) {
    v >>= 1n;
    n++;
  }
  return n;
}
