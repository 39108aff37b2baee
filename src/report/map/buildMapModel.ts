/**
 * Decides the picture: which lanes there are, where every section, hole, band, tick and
 * marker goes, and where labels fit. Geometry only; colours and shapes are the renderer's.
 */
import { AddressScale, type ScaleRange } from './AddressScale';
import { byteSize, hex } from './format';
import { fitLabel, LabelRows, textWidth } from './LabelRows';
import type { Lane, MapFacts, MapFinding, MapSection, MapSymbol } from './MapFacts';
import type { AxisLabel, Band, Hole, LaneModel, MapModel, Marker, SectionBox, Tick } from './MapModel';

export const MAP_WIDTH = 1200;
const LEFT = 96; // lane titles
const RIGHT = 18;
const AXIS_WIDTH = MAP_WIDTH - LEFT - RIGHT;
const BOX_HEIGHT = 40;
const BAND_TRACK = 26;
const MARKER_ROW = 22;
const LABEL_ROW = 13;
const BOX_FONT = 11;
const SMALL_FONT = 10;
const MAX_TICK_ROWS = 12;
const MAX_BOX_LABEL_ROWS = 4;
const MIB16 = 16n << 20n;

export interface MapModelOptions {
  /** Where the first lane starts (below the title block). */
  top?: number;
}

export function buildMapModel(facts: MapFacts, options: MapModelOptions = {}): MapModel {
  const alloc = facts.sections.filter((s) => s.traits.alloc);
  const notes = [...facts.provenance];
  let y = options.top ?? 0;

  const { near, far } = splitSymbols(facts.symbols, alloc);
  if (far.length > 0) {
    notes.push(`Not on the axis (far from every section): ${far.map((s) => `${s.name} = ${hex(s.value)}`).join(', ')}.`);
  }

  const lanes: LaneModel[] = [];
  const anchored = (lane: Lane) => facts.findings.filter((f) => f.anchor?.lane === lane);
  const vma = buildAddressLane(facts, 'vma', alloc, near, anchored('vma'), y);
  lanes.push(vma);
  y = vma.bottom;
  const lmaDiffers = alloc.some((s) => s.lma !== s.vma) || anchored('lma').length > 0;
  if (alloc.length > 0 && lmaDiffers) {
    const lma = buildAddressLane(facts, 'lma', alloc, [], anchored('lma'), y);
    lanes.push(lma);
    y = lma.bottom;
  } else if (alloc.length > 0) {
    notes.push('No LMA lane: every section is loaded where it runs (LMA = VMA).');
  }
  const nonAlloc = facts.sections.filter((s) => !s.traits.alloc);
  if (nonAlloc.length > 0) {
    const file = buildFileLane(nonAlloc, y);
    lanes.push(file);
    y = file.bottom;
  }
  const unplacedFindings = facts.findings.filter((f) => !f.anchor || !lanes.some((l) => l.markers.some((m) => m.finding === f)));
  return { facts, width: MAP_WIDTH, height: y + 34, lanes, notes, farSymbols: far, unplacedFindings, legendY: y + 8 };
}

/** Symbols near the image go on the axis; absolute constants far away are listed instead. */
function splitSymbols(symbols: MapSymbol[], alloc: MapSection[]): { near: MapSymbol[]; far: MapSymbol[] } {
  if (alloc.length === 0) return { near: symbols, far: [] };
  const lo = alloc.reduce((m, s) => (s.vma < m ? s.vma : m), alloc[0].vma);
  const hi = alloc.reduce((m, s) => (s.vma + s.size > m ? s.vma + s.size : m), 0n);
  const margin = hi - lo > MIB16 ? hi - lo : MIB16;
  const near: MapSymbol[] = [];
  const far: MapSymbol[] = [];
  for (const s of symbols) (s.value >= lo - margin && s.value <= hi + margin ? near : far).push(s);
  return { near, far };
}

function buildAddressLane(facts: MapFacts, lane: Lane, alloc: MapSection[], symbols: MapSymbol[], findings: MapFinding[], top: number): LaneModel {
  const at = (s: MapSection) => (lane === 'vma' ? s.vma : s.lma);
  const boxesIn: ScaleRange[] = alloc.map((s) => ({ start: at(s), end: at(s) + s.size }));
  const segments = facts.segments.map((g) => ({ g, start: lane === 'vma' ? g.vaddr : g.paddr, end: (lane === 'vma' ? g.vaddr : g.paddr) + g.memsz }));
  const regions = facts.regions.filter((r) => alloc.some((s) => at(s) >= r.origin && at(s) < r.origin + r.length) || (lane === 'vma' && !alloc.some((s) => s.lma !== s.vma)));
  const points: bigint[] = [
    ...symbols.map((s) => s.value),
    ...segments.flatMap((s) => [s.start, s.end]),
    ...regions.flatMap((r) => [r.origin, r.origin + r.length, r.origin + r.used]),
    ...findings.map((f) => f.anchor!.address),
  ];
  const scale = new AddressScale({ boxes: boxesIn, points, width: AXIS_WIDTH });
  const x = (a: bigint) => LEFT + scale.x(a) * (AXIS_WIDTH / scale.width);
  const model: LaneModel = {
    lane,
    title: lane === 'vma' ? 'VMA' : 'LMA',
    subtitle: lane === 'vma' ? 'where it runs' : 'where it loads',
    top,
    bottom: 0,
    scale,
    left: LEFT,
    axisWidth: AXIS_WIDTH,
    boxes: [],
    holes: [],
    bands: [],
    ticks: [],
    markers: [],
    axisLabels: [],
    axisY: 0,
  };
  let y = top + 22;

  // Findings: a marker row above everything else on the lane.
  const markerY = y + 9;
  if (findings.length > 0) y += MARKER_ROW;

  // Bands: program headers, then MEMORY regions, each on the first free track.
  const tracks = new LabelRows(8, 4);
  const pending: Array<Omit<Band, 'y' | 'label'> & { track: number; labelText: string; lx: ReturnType<typeof fitLabel> }> = [];
  const addBand = (kind: Band['kind'], name: string, start: bigint, end: bigint, usage: number, usageText: string, details: string[]) => {
    const x0 = x(start);
    const x1 = Math.max(x(end), x0 + 3);
    const labelText = `${name} ${usageText}`;
    const lx = fitLabel(x0, textWidth(labelText, SMALL_FONT), LEFT, LEFT + AXIS_WIDTH, 'start');
    const track = tracks.place(Math.min(x0, lx.x0), Math.max(x1, lx.x1));
    if (track === undefined) return;
    pending.push({ kind, name, start, end, usage, usageText, details, x: x0, width: x1 - x0, height: 9, track, labelText, lx });
  };
  for (const { g, start, end } of segments) {
    const members = alloc.filter((s) => g.sections.includes(s.name));
    const used = members.reduce((n, s) => n + s.size, 0n);
    const fill = g.memsz > 0n ? Number(used) / Number(g.memsz) : 0;
    addBand('segment', g.name, start, end, Math.min(1, fill), `${g.type}${g.flags ? ` ${g.flags}` : ''} ${byteSize(g.memsz)} · sections ${percent(fill)}`, [
      `program header ${g.name} (${g.type}${g.flags ? `, ${g.flags}` : ''})`,
      `${lane === 'vma' ? 'vaddr' : 'paddr'} ${hex(start)}–${hex(end)}`,
      `memsz ${hex(g.memsz)} (${byteSize(g.memsz)})${g.filesz !== undefined ? `, filesz ${hex(g.filesz)} (${byteSize(g.filesz)})` : ''}`,
      `sections fill ${percent(fill)}; the rest is alignment padding`,
      `sections: ${g.sections.join(' ') || '—'}`,
      `from ${g.source === 'elf' ? 'the ELF\'s program headers' : 'the layout (PHDRS)'}`,
    ]);
  }
  for (const r of regions) {
    const fill = r.length > 0n ? Number(r.used) / Number(r.length) : 0;
    addBand('region', r.name, r.origin, r.origin + r.length, Math.min(1, fill), `${byteSize(r.used)} / ${byteSize(r.length)} ${r.length > 0n ? percent(fill) : ''}`.trim(), [
      `MEMORY region ${r.name}`,
      `origin ${hex(r.origin)}, length ${hex(r.length)} (${byteSize(r.length)})`,
      `used ${hex(r.used)} (${byteSize(r.used)}) — ${r.length > 0n ? percent(fill) : 'length 0'}`,
    ]);
  }
  const bandTop = y;
  y += tracks.count * BAND_TRACK;
  for (const b of pending) {
    const by = bandTop + b.track * BAND_TRACK;
    const { track: _t, labelText, lx, ...rest } = b;
    model.bands.push({ ...rest, y: by + 14, label: { x: lx.x, y: by + 10, text: labelText, anchor: lx.anchor } });
  }

  // Boxes and the holes between them.
  const boxTop = y;
  y += BOX_HEIGHT;
  const labelRows = new LabelRows(MAX_BOX_LABEL_ROWS, 6);
  const sorted = [...alloc].sort((a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0));
  const narrow: SectionBox[] = [];
  for (const s of sorted) {
    const x0 = x(at(s));
    const x1 = x(at(s) + s.size);
    const box: SectionBox = { section: s, lane, address: at(s), hollow: lane === 'lma' && !s.traits.contents, x: x0, y: boxTop, width: Math.max(x1 - x0, 1), height: BOX_HEIGHT };
    const w = textWidth(s.name, BOX_FONT);
    if (w + 8 <= box.width) box.label = { x: x0 + box.width / 2, y: boxTop + BOX_HEIGHT / 2 + 4, text: s.name, anchor: 'middle' };
    else narrow.push(box);
    model.boxes.push(box);
  }
  const boxLabelTop = y + 4;
  for (const box of narrow) {
    const cx = box.x + box.width / 2;
    const w = textWidth(box.section.name, BOX_FONT);
    const lx = fitLabel(cx, w, LEFT, LEFT + AXIS_WIDTH, 'middle');
    const row = labelRows.place(lx.x0, lx.x1);
    if (row === undefined) continue;
    const ly = boxLabelTop + row * LABEL_ROW + 10;
    box.label = { x: lx.x, y: ly, text: box.section.name, anchor: lx.anchor };
    box.leader = { x1: cx, y1: boxTop + BOX_HEIGHT, x2: Math.min(Math.max(cx, lx.x0), lx.x1), y2: ly - 9 };
  }
  y += labelRows.count > 0 ? labelRows.count * LABEL_ROW + 6 : 0;

  for (let i = 0; i < scale.spans.length; i++) {
    const sp = scale.spans[i];
    if (sp.kind === 'box') continue;
    const before = sorted.filter((s) => at(s) + s.size <= sp.start).pop();
    const after = sorted.find((s) => at(s) >= sp.end);
    model.holes.push({
      start: sp.start,
      end: sp.end,
      elided: sp.kind === 'elided',
      padding: before !== undefined && after !== undefined,
      before: before?.name,
      after: after?.name,
      x: x(sp.start),
      y: boxTop,
      width: x(sp.end) - x(sp.start),
      height: BOX_HEIGHT,
    });
  }
  mergeAdjacentHoles(model.holes);

  // The axis: addresses at cluster edges and elided sizes, then section starts where room is.
  const axisY = y + 2;
  model.axisY = axisY;
  const axisRows = new LabelRows(2, 8);
  const addAxis = (xx: number, text: string, address: bigint | undefined, pref: 'start' | 'middle') => {
    const w = textWidth(text, SMALL_FONT);
    const lx = fitLabel(xx, w, LEFT, LEFT + AXIS_WIDTH, pref);
    const row = axisRows.place(lx.x0, lx.x1);
    if (row === undefined) return;
    model.axisLabels.push({ x: lx.x, y: axisY + 12 + row * 12, text, anchor: lx.anchor, address });
  };
  for (const h of model.holes) if (h.elided) addAxis(h.x + h.width / 2, `≈${byteSize(h.end - h.start)}`, undefined, 'middle');
  const clusterStarts = new Set<bigint>();
  scale.spans.forEach((sp, i) => {
    if (sp.kind !== 'elided' && (i === 0 || scale.spans[i - 1].kind === 'elided')) clusterStarts.add(sp.start);
  });
  for (const a of clusterStarts) addAxis(x(a), hex(a), a, 'start');
  for (const b of model.boxes) if (!clusterStarts.has(b.address)) addAxis(b.x, hex(b.address), b.address, 'start');
  y = axisY + 6 + Math.max(1, axisRows.count) * 12;

  // Symbols: one tick per address, labels in rows below the axis.
  const byAddress = new Map<bigint, MapSymbol[]>();
  for (const s of symbols) byAddress.set(s.value, [...(byAddress.get(s.value) ?? []), s]);
  const tickRows = new LabelRows(MAX_TICK_ROWS, 6);
  const tickTop = y + 2;
  const ticks = [...byAddress].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [address, syms] of ticks) {
    const tx = x(address);
    const names = syms.map((s) => s.name + (s.source === 'elf' ? 'ᴱ' : ''));
    const text = names.length <= 3 ? names.join(' ') : `${names.slice(0, 2).join(' ')} +${names.length - 2}`;
    const w = textWidth(text, SMALL_FONT);
    const lx = fitLabel(tx + 2, w, LEFT, LEFT + AXIS_WIDTH, 'start');
    const row = tickRows.place(lx.x0, lx.x1);
    const tick: Tick = { address, x: tx, y1: boxTop + BOX_HEIGHT - 7, y2: boxTop + BOX_HEIGHT + 3, symbols: syms };
    if (row !== undefined) {
      const ly = tickTop + row * LABEL_ROW + 10;
      tick.label = { x: lx.anchor === 'end' ? tx - 2 : tx + 2, y: ly, text, anchor: lx.anchor };
      tick.y2 = ly - 8;
    }
    model.ticks.push(tick);
  }
  y = tickTop + tickRows.count * LABEL_ROW + 8;

  const markerRow = new LabelRows(1, 10);
  for (const f of findings) {
    const mx = x(f.anchor!.address);
    const marker: Marker = { finding: f, x: mx, y: markerY, lineTo: boxTop + BOX_HEIGHT };
    const lx = fitLabel(mx + 10, textWidth(f.rule, SMALL_FONT), LEFT, LEFT + AXIS_WIDTH, 'start');
    const labelX = lx.anchor === 'end' ? mx - 10 : mx + 10;
    const x0 = lx.anchor === 'end' ? labelX - textWidth(f.rule, SMALL_FONT) : labelX;
    if (markerRow.place(x0, x0 + textWidth(f.rule, SMALL_FONT)) !== undefined) marker.label = { x: labelX, y: markerY + 1, text: f.rule, anchor: lx.anchor };
    model.markers.push(marker);
  }
  model.bottom = y + 10;
  return model;
}

/** Non-allocated sections take no address: shown side by side, to scale by size. */
function buildFileLane(sections: MapSection[], top: number): LaneModel {
  let offset = 0n;
  const ranges = sections.map((s) => {
    const r = { start: offset, end: offset + (s.size > 0n ? s.size : 0n) };
    offset = r.end;
    return r;
  });
  const scale = new AddressScale({ boxes: ranges, points: ranges.map((r) => r.start), width: AXIS_WIDTH, minBoxWidth: 10 });
  const x = (a: bigint) => LEFT + scale.x(a) * (AXIS_WIDTH / scale.width);
  const boxTop = top + 22;
  const h = 24;
  const model: LaneModel = {
    lane: 'file',
    title: 'not alloc',
    subtitle: 'file only',
    top,
    bottom: 0,
    scale,
    left: LEFT,
    axisWidth: AXIS_WIDTH,
    boxes: [],
    holes: [],
    bands: [],
    ticks: [],
    markers: [],
    axisLabels: [],
    axisY: boxTop + h + 2,
  };
  const rows = new LabelRows(3, 6);
  sections.forEach((s, i) => {
    const x0 = x(ranges[i].start);
    const width = Math.max(x(ranges[i].end) - x0, 2);
    const box: SectionBox = { section: s, lane: 'file', address: ranges[i].start, hollow: false, x: x0, y: boxTop, width, height: h };
    const w = textWidth(s.name, SMALL_FONT);
    if (w + 6 <= width) box.label = { x: x0 + width / 2, y: boxTop + h / 2 + 4, text: s.name, anchor: 'middle' };
    else {
      const lx = fitLabel(x0 + width / 2, w, LEFT, LEFT + AXIS_WIDTH, 'middle');
      const row = rows.place(lx.x0, lx.x1);
      if (row !== undefined) {
        const ly = boxTop + h + 4 + row * LABEL_ROW + 10;
        box.label = { x: lx.x, y: ly, text: s.name, anchor: lx.anchor };
        box.leader = { x1: x0 + width / 2, y1: boxTop + h, x2: Math.min(Math.max(x0 + width / 2, lx.x0), lx.x1), y2: ly - 9 };
      }
    }
    model.boxes.push(box);
  });
  model.bottom = boxTop + h + 8 + rows.count * LABEL_ROW + 10;
  return model;
}

/**
 * A hole split by symbol or band cuts is still one hole to the reader. Elided parts stay
 * apart: each is a break of its own, with its own size written on it.
 */
function mergeAdjacentHoles(holes: Hole[]): void {
  for (let i = holes.length - 1; i > 0; i--) {
    const a = holes[i - 1];
    const b = holes[i];
    if (a.end === b.start && !a.elided && !b.elided && a.before === b.before && a.after === b.after) {
      a.end = b.end;
      a.width = b.x + b.width - a.x;
      holes.splice(i, 1);
    }
  }
}

function percent(f: number): string {
  return `${(f * 100).toFixed(f < 0.1 ? 2 : 1)}%`;
}
