/**
 * The map as one SVG document: self-contained (styles inline, no fonts or scripts loaded),
 * scaled to the width of whatever shows it (viewBox + width 100%), with a <title> on every
 * thing so that hovering works in any SVG viewer. Every section, symbol and finding carries
 * its numbers in data- attributes, so tools (and tests) can read the picture back.
 */
import { byteSize, escapeAttr, escapeText, hex, px } from './format';
import { contributedBytes, type MapFinding, type MapSection } from './MapFacts';
import type { Label, LaneModel, MapModel, SectionBox } from './MapModel';
import { KIND_LABEL, SECTION_KINDS } from './sectionKind';
import { bandTooltip, findingTooltip, holeTooltip, sectionTooltip, symbolsTooltip, TOP_INPUTS } from './tooltips';

export const SANS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", sans-serif';
export const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace';

const TITLE_BLOCK = 34;
const NOTE_LINE = 15;

export const SVG_STYLE = `
.ldscope-map { font-family: ${MONO}; font-size: 10px; }
.ldscope-map .title { font-family: ${SANS}; font-size: 15px; font-weight: 600; fill: #1f2328; }
.ldscope-map .note { font-family: ${SANS}; font-size: 11.5px; fill: #57606a; }
.ldscope-map .lane-title { font-family: ${SANS}; font-size: 13px; font-weight: 600; fill: #1f2328; }
.ldscope-map .lane-sub { font-family: ${SANS}; font-size: 10.5px; fill: #6e7781; }
.ldscope-map .axis { stroke: #8c959f; stroke-width: 1; }
.ldscope-map .axis-label { fill: #57606a; }
.ldscope-map .section rect { stroke: #24292f; stroke-opacity: .55; stroke-width: .8; }
.ldscope-map .section text { font-size: 11px; fill: #1f2328; pointer-events: none; }
.ldscope-map .section text.size { font-size: 9.5px; fill-opacity: .8; }
.ldscope-map .section.dark text { fill: #fff; }
.ldscope-map .section.hollow rect { fill-opacity: .18; stroke-dasharray: 4 2; }
.ldscope-map .section.hollow text { fill: #1f2328; }
.ldscope-map .section:hover rect, .ldscope-map .section:focus rect, .ldscope-map .section.hl rect { stroke: #0969da; stroke-width: 2.2; stroke-opacity: 1; }
.ldscope-map .leader { stroke: #8c959f; stroke-width: .8; }
.ldscope-map .kind-code rect { fill: #4c78a8; }
.ldscope-map .kind-rodata rect { fill: #72b7b2; }
.ldscope-map .kind-data rect { fill: #f58518; }
.ldscope-map .kind-bss rect { fill: #eeca3b; }
.ldscope-map .kind-init rect { fill: #b279a2; }
.ldscope-map .kind-nonalloc rect { fill: #bab0ac; }
.ldscope-map .kind-bss rect { stroke-dasharray: 4 2; }
.ldscope-map .hole rect { fill: none; stroke: none; }
.ldscope-map .hole.padding rect { fill: url(#ldscope-hatch); stroke: #d0d7de; stroke-width: .6; }
.ldscope-map .hole.elided rect { fill: #fff; stroke: none; }
.ldscope-map .hole.elided path { stroke: #57606a; stroke-width: 1.3; fill: none; }
.ldscope-map .hole:hover rect { stroke: #0969da; stroke-width: 1.2; }
.ldscope-map .band .bg { fill: #eaeef2; }
.ldscope-map .band .fill { fill: #8250df; fill-opacity: .75; }
.ldscope-map .band.region .fill { fill: #1a7f37; }
.ldscope-map .band text { fill: #1f2328; font-size: 10px; }
.ldscope-map .band:hover .bg { fill: #d0d7de; }
.ldscope-map .tick line.mark { stroke: #1f2328; stroke-width: 1.4; }
.ldscope-map .tick line.lead { stroke: #8c959f; stroke-opacity: .45; stroke-width: .8; }
.ldscope-map .tick text { fill: #24292f; }
.ldscope-map .tick:hover line, .ldscope-map .tick.hl line { stroke: #0969da; stroke-opacity: 1; stroke-width: 2; }
.ldscope-map .tick:hover text, .ldscope-map .tick.hl text { fill: #0969da; }
.ldscope-map .marker path { stroke: #fff; stroke-width: 1; }
.ldscope-map .marker line { stroke-dasharray: 3 2; stroke-width: 1.2; }
.ldscope-map .marker text { fill: #fff; font-family: ${SANS}; font-size: 11px; font-weight: 700; pointer-events: none; }
.ldscope-map .sev-error path { fill: #cf222e; } .ldscope-map .sev-error line { stroke: #cf222e; }
.ldscope-map .sev-warning path { fill: #bf8700; } .ldscope-map .sev-warning line { stroke: #bf8700; }
.ldscope-map .sev-note path { fill: #6e7781; } .ldscope-map .sev-note line { stroke: #6e7781; }
.ldscope-map .marker { cursor: pointer; }
.ldscope-map .marker text.marker-label { font-family: ${MONO}; font-size: 10px; font-weight: 400; }
.ldscope-map .sev-error text.marker-label { fill: #cf222e; } .ldscope-map .sev-warning text.marker-label { fill: #9a6700; } .ldscope-map .sev-note text.marker-label { fill: #57606a; }
.ldscope-map .marker.hl path { stroke: #0969da; stroke-width: 2.5; }
.ldscope-map .legend text { font-family: ${SANS}; font-size: 11px; fill: #57606a; }
`;

export interface SvgOptions {
  /** Inside the HTML page: the page styles it, and the title block is the page's header. */
  embedded?: boolean;
}

export function renderSvg(model: MapModel, options: SvgOptions = {}): string {
  const notes = options.embedded ? [] : model.notes;
  const top = options.embedded ? 6 : TITLE_BLOCK + notes.length * NOTE_LINE;
  const height = model.height + top;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="ldscope-map" viewBox="0 0 ${model.width} ${px(height)}" width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-label="${escapeAttr(`memory map of ${model.facts.title}`)}">`,
  );
  if (!options.embedded) out.push(`<style>${SVG_STYLE}</style>`, `<rect width="100%" height="100%" fill="#fff"/>`);
  out.push(
    '<defs>',
    '<pattern id="ldscope-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f6f8fa"/><line x1="0" y1="0" x2="0" y2="6" stroke="#afb8c1" stroke-width="1.6"/></pattern>',
    '</defs>',
  );
  if (!options.embedded) {
    out.push(`<text class="title" x="12" y="22">${escapeText(`ldscope map — ${model.facts.title}`)}</text>`);
    notes.forEach((n, i) => out.push(`<text class="note" x="12" y="${TITLE_BLOCK + 4 + i * NOTE_LINE}">${escapeText(n)}</text>`));
  }
  out.push(`<g transform="translate(0 ${top})">`);
  for (const lane of model.lanes) out.push(renderLane(lane));
  out.push(renderLegend(model));
  out.push('</g></svg>');
  return out.join('\n');
}

function renderLane(lane: LaneModel): string {
  const out: string[] = [`<g class="lane" data-lane="${lane.lane}">`];
  out.push(`<text class="lane-title" x="10" y="${px(lane.top + 16)}">${escapeText(lane.title)}</text>`);
  out.push(`<text class="lane-sub" x="10" y="${px(lane.top + 30)}">${escapeText(lane.subtitle)}</text>`);
  const boxTop = lane.boxes[0]?.y ?? lane.axisY - 40;
  const boxH = lane.boxes[0]?.height ?? 40;
  out.push(`<line class="axis" x1="${lane.left}" y1="${px(boxTop + boxH)}" x2="${px(lane.left + lane.axisWidth)}" y2="${px(boxTop + boxH)}"/>`);
  for (const h of lane.holes) {
    const cls = `hole${h.padding ? ' padding' : ''}${h.elided ? ' elided' : ''}`;
    const data = `data-start="${hex(h.start)}" data-end="${hex(h.end)}"`;
    if (h.elided) {
      const cx = h.x + h.width / 2;
      const zig = `M${px(cx - 5)} ${px(h.y)} l6 ${px(h.height / 4)} l-6 ${px(h.height / 4)} l6 ${px(h.height / 4)} l-6 ${px(h.height / 4)} M${px(cx + 1)} ${px(h.y)} l6 ${px(h.height / 4)} l-6 ${px(h.height / 4)} l6 ${px(h.height / 4)} l-6 ${px(h.height / 4)}`;
      out.push(`<g class="${cls}" ${data}><rect x="${px(h.x)}" y="${px(h.y)}" width="${px(h.width)}" height="${px(h.height)}"/><path d="${zig}"/>${title(holeTooltip(h))}</g>`);
    } else if (h.width >= 0.5) {
      out.push(`<g class="${cls}" ${data}><rect x="${px(h.x)}" y="${px(h.y)}" width="${px(h.width)}" height="${px(h.height)}"/>${title(holeTooltip(h))}</g>`);
    }
  }
  for (const b of lane.bands) {
    out.push(
      `<g class="band ${b.kind}" data-band="${escapeAttr(b.name)}" data-start="${hex(b.start)}" data-end="${hex(b.end)}" data-usage="${b.usage.toFixed(4)}">` +
        `<rect class="bg" x="${px(b.x)}" y="${px(b.y)}" width="${px(b.width)}" height="${b.height}" rx="2"/>` +
        `<rect class="fill" x="${px(b.x)}" y="${px(b.y)}" width="${px(b.width * b.usage)}" height="${b.height}" rx="2"/>` +
        `${text(b.label)}${title(bandTooltip(b))}</g>`,
    );
  }
  for (const box of lane.boxes) out.push(renderBox(box));
  for (const t of lane.ticks) {
    const names = t.symbols.map((s) => s.name).join(' ');
    out.push(
      `<g class="tick" data-value="${hex(t.address)}" data-symbols="${escapeAttr(names)}">` +
        // A short dark mark on the box edge where the symbol is, and a faint leader to its label.
        `<line class="mark" x1="${px(t.x)}" y1="${px(t.y1)}" x2="${px(t.x)}" y2="${px(t.y1 + 10)}"/>` +
        `<line class="lead" x1="${px(t.x)}" y1="${px(t.y1 + 10)}" x2="${px(t.x)}" y2="${px(t.y2)}"/>${t.label ? text(t.label) : ''}${title(symbolsTooltip(t.symbols))}</g>`,
    );
  }
  for (const l of lane.axisLabels) out.push(`<text class="axis-label" x="${px(l.x)}" y="${px(l.y)}" text-anchor="${l.anchor}">${escapeText(l.text)}</text>`);
  for (const m of lane.markers) out.push(renderMarker(m.finding, m.x, m.y, m.lineTo, m.label));
  out.push('</g>');
  return out.join('\n');
}

const DARK_KINDS = new Set(['code', 'init']);

/**
 * The inputs for tools reading the SVG back: how many and how many bytes, the largest ones as
 * JSON (`[{"file","section","offset","size"}]`, hex strings as ld's map prints them, and
 * `"excluded":true` for one ld dropped), or why they are not known.
 */
function inputsData(s: MapSection): string {
  if (!s.inputs) return `data-inputs="unknown" data-inputs-unknown="${escapeAttr(s.inputsUnknown ?? 'not reported')}"`;
  const top = s.inputs.slice(0, TOP_INPUTS).map((i) => ({ file: i.file, section: i.section, offset: hex(i.offset), size: hex(i.size), ...(i.excluded ? { excluded: true } : {}) }));
  const bytes = s.inputs.reduce((sum, i) => sum + contributedBytes(i), 0n);
  return `data-inputs="${s.inputs.length}" data-inputs-bytes="${hex(bytes)}" data-inputs-top="${escapeAttr(JSON.stringify(top))}"`;
}

function renderBox(box: SectionBox): string {
  const s = box.section;
  const cls = `section kind-${s.kind}${DARK_KINDS.has(s.kind) && !box.hollow ? ' dark' : ''}${box.hollow ? ' hollow' : ''}`;
  const id = `${box.lane}-${s.name}`;
  const data = `data-section="${escapeAttr(s.name)}" data-vma="${hex(s.vma)}" data-lma="${hex(s.lma)}" data-size="${hex(s.size)}" data-align="${hex(s.alignment)}" data-kind="${s.kind}" data-source="${s.source}"${s.placedAt ? ` data-line="${escapeAttr(`${s.placedAt.file}:${s.placedAt.line}`)}"` : ''}`;
  const parts = [`<g class="${cls}" id="${escapeAttr(id)}" ${data} ${inputsData(s)} tabindex="0">`, `<rect x="${px(box.x)}" y="${px(box.y)}" width="${px(box.width)}" height="${px(box.height)}" rx="1.5"/>`];
  if (box.label) {
    const inside = box.leader === undefined;
    if (inside) {
      const size = byteSize(s.size);
      const showSize = box.height >= 30 && size.length * 9.5 * 0.6 + 8 <= box.width;
      const y = showSize ? box.label.y - 5 : box.label.y;
      parts.push(`<text x="${px(box.label.x)}" y="${px(y)}" text-anchor="middle">${escapeText(box.label.text)}</text>`);
      if (showSize) parts.push(`<text class="size" x="${px(box.label.x)}" y="${px(y + 13)}" text-anchor="middle">${escapeText(size)}</text>`);
    }
  }
  parts.push(title(sectionTooltip(s)), '</g>');
  // Outside labels are drawn after the group so the box's hover outline does not cover them.
  if (box.label && box.leader) {
    const l = box.leader;
    parts.push(
      `<g class="box-label" data-for="${escapeAttr(id)}"><line class="leader" x1="${px(l.x1)}" y1="${px(l.y1)}" x2="${px(l.x2)}" y2="${px(l.y2)}"/>${text(box.label)}</g>`,
    );
  }
  return parts.join('');
}

function renderMarker(f: MapFinding, x: number, y: number, lineTo: number, label: Label | undefined): string {
  const tri = `M${px(x)} ${px(y + 8)} l-7.5 -13 h15 z`;
  return (
    `<g class="marker sev-${f.severity}" id="marker-${f.id}" data-finding="${f.id}" data-rule="${escapeAttr(f.rule)}" data-address="${f.anchor ? hex(f.anchor.address) : ''}" tabindex="0">` +
    `<line x1="${px(x)}" y1="${px(y + 8)}" x2="${px(x)}" y2="${px(lineTo)}"/><path d="${tri}"/><text x="${px(x)}" y="${px(y + 2)}" text-anchor="middle">!</text>${label ? `<text class="marker-label" x="${px(label.x)}" y="${px(label.y)}" text-anchor="${label.anchor}">${escapeText(label.text)}</text>` : ''}${title(findingTooltip(f))}</g>`
  );
}

function renderLegend(model: MapModel): string {
  const y = model.legendY + 10;
  const out = ['<g class="legend">'];
  let x = 96;
  for (const k of SECTION_KINDS) {
    out.push(`<g class="section kind-${k}"><rect x="${x}" y="${y - 9}" width="14" height="11" rx="1.5"/></g><text x="${x + 19}" y="${y}">${escapeText(KIND_LABEL[k])}</text>`);
    x += 24 + KIND_LABEL[k].length * 6.2;
  }
  out.push(`<rect x="${x}" y="${y - 9}" width="18" height="11" fill="url(#ldscope-hatch)" stroke="#d0d7de"/><text x="${x + 23}" y="${y}">padding</text>`);
  x += 80;
  out.push(`<path d="M${x + 2} ${y - 10} l5 4 l-5 4 l5 4" stroke="#57606a" fill="none"/><text x="${x + 14}" y="${y}">elided gap</text>`);
  x += 86;
  out.push(`<path d="M${x + 7} ${y + 1} l-7 -11 h14 z" fill="#cf222e"/><text x="${x + 19}" y="${y}">finding</text>`);
  out.push('</g>');
  return out.join('');
}

function text(l: Label): string {
  return `<text x="${px(l.x)}" y="${px(l.y)}" text-anchor="${l.anchor}">${escapeText(l.text)}</text>`;
}

function title(lines: string[]): string {
  return `<title>${escapeText(lines.join('\n'))}</title>`;
}
