/**
 * The compare view: the before and after layouts as two lanes, each section coloured by what
 * happened to it and joined to itself across the lanes, then the changes as a table sorted by
 * how many bytes they cost. As SVG, as a self-contained HTML page, and as text.
 */
import { AddressScale } from '../AddressScale';
import { byteSize, escapeAttr, escapeText, hex, px } from '../format';
import { fitLabel, LabelRows, textWidth } from '../LabelRows';
import { PAGE_STYLE } from '../renderHtml';
import { mapPageBehaviour } from '../pageBehaviour';
import { SVG_STYLE } from '../renderSvg';
import type { ChangeKind, LayoutComparison, SectionChange } from './LayoutComparison';

const WIDTH = 1200;
const LEFT = 96;
const AXIS = WIDTH - LEFT - 18;
const BOX = 36;

const CHANGE_COLOUR: Record<ChangeKind, string> = {
  grew: '#cf222e',
  shrank: '#1a7f37',
  moved: '#0969da',
  added: '#8250df',
  removed: '#6e7781',
  unchanged: '#d0d7de',
};

const COMPARE_STYLE = `
.ldscope-map .cmp rect { stroke: #24292f; stroke-opacity: .5; stroke-width: .8; }
.ldscope-map .cmp text { font-size: 11px; fill: #1f2328; pointer-events: none; }
.ldscope-map .cmp.strong text { fill: #fff; }
.ldscope-map .cmp:hover rect { stroke: #0969da; stroke-width: 2; stroke-opacity: 1; }
.ldscope-map .link { stroke: #8c959f; stroke-opacity: .6; fill: none; }
.ldscope-map .link.changed { stroke: #0969da; stroke-opacity: .8; }
`;

function sign(v: bigint): string {
  return v > 0n ? `+${byteSize(v)}` : v < 0n ? byteSize(v) : '±0';
}

function tooltip(s: SectionChange): string {
  const side = (label: string, v: SectionChange['before']) => (v ? `${label}  VMA ${hex(v.vma)}  LMA ${hex(v.lma)}  size ${hex(v.size)} (${byteSize(v.size)})` : `${label}  —`);
  return [`${s.name}: ${s.change}`, side('before', s.before), side('after ', s.after), s.before && s.after ? `size ${sign(s.sizeDelta)}, VMA moved by ${s.vmaDelta === 0n ? '0' : `${s.vmaDelta > 0n ? '+' : '−'}${hex(s.vmaDelta < 0n ? -s.vmaDelta : s.vmaDelta)}`}` : ''].filter(Boolean).join('\n');
}

export function renderComparisonSvg(c: LayoutComparison, options: { embedded?: boolean } = {}): string {
  const placed = c.sections.filter((s) => s.placed);
  const lanes = (['before', 'after'] as const).map((side) => {
    const list = placed.filter((s) => s[side] !== undefined);
    const scale = new AddressScale({ boxes: list.map((s) => ({ start: s[side]!.vma, end: s[side]!.vma + s[side]!.size })), points: [], width: AXIS });
    return { side, list, scale, x: (a: bigint) => LEFT + scale.x(a) * (AXIS / scale.width) };
  });
  const top = options.embedded ? 8 : 40;
  const out: string[] = [];
  // Box rows of the two lanes; the before lane's narrow-box labels go above it (3 rows).
  const boxYs = [0, 0];
  const boxes = new Map<string, { x: number; w: number }>();
  const body: string[] = [];
  let y = top + 10;
  lanes.forEach((lane, li) => {
    const name = li === 0 ? c.beforeName : c.afterName;
    const titleY = li === 0 ? y + 40 : y + 4;
    body.push(`<text class="lane-title" x="10" y="${px(titleY + 14)}">${li === 0 ? 'before' : 'after'}</text><text class="lane-sub" x="10" y="${px(titleY + 28)}">${escapeText(shortName(name))}</text>`);
    const boxY = li === 0 ? y + 40 : y + 4;
    boxYs[li] = boxY;
    const rows = new LabelRows(3, 6);
    const labels: string[] = [];
    for (const s of lane.list) {
      const v = s[lane.side]!;
      const x0 = lane.x(v.vma);
      const w = Math.max(lane.x(v.vma + v.size) - x0, 1);
      boxes.set(`${lane.side}:${s.name}`, { x: x0, w });
      const strong = s.change !== 'unchanged';
      body.push(
        `<g class="cmp change-${s.change}${strong ? ' strong' : ''}" data-section="${escapeAttr(s.name)}" data-side="${lane.side}" data-change="${s.change}" data-vma="${hex(v.vma)}" data-size="${hex(v.size)}" tabindex="0">` +
          `<rect x="${px(x0)}" y="${px(boxY)}" width="${px(w)}" height="${BOX}" rx="1.5" fill="${CHANGE_COLOUR[s.change]}"/>` +
          (textWidth(s.name, 11) + 8 <= w ? `<text x="${px(x0 + w / 2)}" y="${px(boxY + BOX / 2 + 4)}" text-anchor="middle">${escapeText(s.name)}</text>` : '') +
          `<title>${escapeText(tooltip(s))}</title></g>`,
      );
      if (textWidth(s.name, 11) + 8 > w) {
        const lx = fitLabel(x0 + w / 2, textWidth(s.name, 10), LEFT, LEFT + AXIS, 'middle');
        const row = rows.place(lx.x0, lx.x1);
        if (row !== undefined) {
          const ly = li === 0 ? boxY - 6 - row * 12 : boxY + BOX + 12 + row * 12;
          labels.push(`<text class="axis-label" x="${px(lx.x)}" y="${px(ly)}">${escapeText(s.name)}</text>`);
        }
      }
    }
    for (const h of lane.scale.elided()) {
      const x0 = LEFT + h.x0 * (AXIS / lane.scale.width);
      const w = (h.x1 - h.x0) * (AXIS / lane.scale.width);
      body.push(`<g class="hole elided" data-start="${hex(h.start)}" data-end="${hex(h.end)}"><rect x="${px(x0)}" y="${px(boxY)}" width="${px(w)}" height="${BOX}"/><path d="M${px(x0 + w / 2 - 3)} ${px(boxY)} l6 9 l-6 9 l6 9 l-6 9"/><title>elided gap ${hex(h.start)}–${hex(h.end)} (${byteSize(h.end - h.start)})</title></g>`);
    }
    body.push(...labels);
    // Between the lanes: room for the links from before to after.
    y = li === 0 ? boxY + BOX + 70 : boxY + BOX + 12 + rows.count * 12 + 14;
  });
  // Links: a section's before box to its after box.
  const links: string[] = [];
  const y0 = boxYs[0] + BOX;
  const y1 = boxYs[1];
  for (const s of placed) {
    const p = boxes.get(`before:${s.name}`);
    const q = boxes.get(`after:${s.name}`);
    if (!p || !q) continue;
    const xa = p.x + p.w / 2;
    const xb = q.x + q.w / 2;
    const mid = (y0 + y1) / 2;
    links.push(`<path class="link${s.change === 'unchanged' ? '' : ' changed'}" d="M${px(xa)} ${px(y0)} C${px(xa)} ${px(mid)} ${px(xb)} ${px(mid)} ${px(xb)} ${px(y1)}"/>`);
  }
  const legendY = y + 6;
  let lx = LEFT;
  const legend: string[] = [];
  for (const k of Object.keys(CHANGE_COLOUR) as ChangeKind[]) {
    legend.push(`<rect x="${lx}" y="${legendY - 9}" width="14" height="11" rx="1.5" fill="${CHANGE_COLOUR[k]}"/><text x="${lx + 19}" y="${legendY}">${k}</text>`);
    lx += 30 + k.length * 6.6;
  }
  const height = legendY + 14;
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="ldscope-map" viewBox="0 0 ${WIDTH} ${px(height)}" width="100%" role="img" aria-label="layout comparison">`);
  if (!options.embedded) {
    out.push(`<style>${SVG_STYLE}${COMPARE_STYLE}</style><rect width="100%" height="100%" fill="#fff"/>`);
    out.push(`<text class="title" x="12" y="22">${escapeText(`ldscope map --compare: ${shortName(c.beforeName)} → ${shortName(c.afterName)}`)}</text>`);
  }
  out.push(...links, ...body, `<g class="legend">${legend.join('')}</g>`, '</svg>');
  return out.join('\n');
}

function shortName(p: string): string {
  return p.split('/').pop() ?? p;
}

/** Changes first, largest size change first; unchanged sections last, in output order. */
function ordered(c: LayoutComparison): SectionChange[] {
  const abs = (v: bigint) => (v < 0n ? -v : v);
  const weight = (s: SectionChange) => (s.change === 'added' ? s.after!.size : s.change === 'removed' ? s.before!.size : abs(s.sizeDelta));
  const changed = c.sections.filter((s) => s.change !== 'unchanged').sort((a, b) => (weight(b) > weight(a) ? 1 : weight(b) < weight(a) ? -1 : 0));
  return [...changed, ...c.sections.filter((s) => s.change === 'unchanged')];
}

export function renderComparisonHtml(c: LayoutComparison): string {
  const rows = ordered(c).map((s) => {
    const v = (x: SectionChange['before'], k: 'vma' | 'size') => (x ? hex(x[k]) : '—');
    const delta = s.before && s.after ? sign(s.sizeDelta) : s.change === 'added' ? `+${byteSize(s.after!.size)}` : byteSize(-s.before!.size);
    return `<tr data-section="${escapeAttr(s.name)}" data-change="${s.change}"><td><span class="swatch" style="background:${CHANGE_COLOUR[s.change]}"></span><code>${escapeText(s.name)}</code></td><td>${s.change}</td><td class="num">${v(s.before, 'vma')}</td><td class="num">${v(s.after, 'vma')}</td><td class="num">${v(s.before, 'size')}</td><td class="num">${v(s.after, 'size')}</td><td class="num">${escapeText(delta)}</td></tr>`;
  });
  const symRows = c.symbols.map((s) => `<tr data-symbol="${escapeAttr(s.name)}"><td><code>${escapeText(s.name)}</code></td><td class="num">${s.before !== undefined ? hex(s.before) : '—'}</td><td class="num">${s.after !== undefined ? hex(s.after) : '—'}</td><td class="num">${s.before !== undefined && s.after !== undefined ? (s.after > s.before ? '+' : '−') + hex(s.after > s.before ? s.after - s.before : s.before - s.after) : ''}</td></tr>`);
  const counts = new Map<ChangeKind, number>();
  for (const s of c.sections) counts.set(s.change, (counts.get(s.change) ?? 0) + 1);
  return [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>ldscope map --compare</title><style>${PAGE_STYLE}${COMPARE_STYLE}</style></head><body><main>`,
    `<h1>ldscope map — what changed</h1>`,
    `<p class="sub">before <code>${escapeText(c.beforeName)}</code> → after <code>${escapeText(c.afterName)}</code></p>`,
    `<div class="stats"><div>bytes in sections <b>${byteSize(c.totalBefore)}</b> → <b>${byteSize(c.totalAfter)}</b> (${escapeText(sign(c.totalAfter - c.totalBefore))})</div>` +
      `<div>${[...counts].map(([k, n]) => `<b>${n}</b> ${k}`).join(' · ')}</div><div><b>${c.symbols.length}</b> symbols changed, ${c.unchangedSymbols} unchanged</div></div>`,
    `<ul class="notes"><li>${escapeText(c.unplacedNote)}</li></ul>`,
    `<div class="card figure">${renderComparisonSvg(c, { embedded: true })}</div>`,
    `<h2>Sections</h2><div class="card"><table class="sections"><thead><tr><th>name</th><th>change</th><th>VMA before</th><th>VMA after</th><th>size before</th><th>size after</th><th>Δ size</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`,
    `<h2>Symbols that changed</h2><div class="card"><table class="symbols"><thead><tr><th>name</th><th>before</th><th>after</th><th>Δ</th></tr></thead><tbody>${symRows.join('') || '<tr><td colspan="4">none</td></tr>'}</tbody></table></div>`,
    '</main><div id="tip" hidden></div>',
    `<script>(${mapPageBehaviour.toString()})(document);</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

export function renderComparisonText(c: LayoutComparison): string {
  const out = [`before: ${c.beforeName}`, `after:  ${c.afterName}`, `bytes in sections: ${byteSize(c.totalBefore)} -> ${byteSize(c.totalAfter)} (${sign(c.totalAfter - c.totalBefore)})`, ''];
  const list = ordered(c);
  const w = Math.max(12, ...list.map((s) => s.name.length));
  out.push(`${'Section'.padEnd(w)}  ${'Change'.padEnd(9)}  ${'VMA before'.padEnd(18)}  ${'VMA after'.padEnd(18)}  ${'Size before'.padStart(11)}  ${'Size after'.padStart(11)}  Delta`);
  for (const s of list) {
    const delta = s.before && s.after ? sign(s.sizeDelta) : s.change === 'added' ? `+${byteSize(s.after!.size)}` : byteSize(-s.before!.size);
    out.push(
      `${s.name.padEnd(w)}  ${s.change.padEnd(9)}  ${(s.before ? hex(s.before.vma) : '-').padEnd(18)}  ${(s.after ? hex(s.after.vma) : '-').padEnd(18)}  ${(s.before ? byteSize(s.before.size) : '-').padStart(11)}  ${(s.after ? byteSize(s.after.size) : '-').padStart(11)}  ${delta}`,
    );
  }
  if (c.symbols.length > 0) {
    out.push('', `Symbols that changed (${c.symbols.length}; ${c.unchangedSymbols} unchanged):`);
    for (const s of c.symbols) out.push(`  ${s.name.padEnd(w)}  ${(s.before !== undefined ? hex(s.before) : '-').padEnd(18)}  -> ${s.after !== undefined ? hex(s.after) : '-'}`);
  }
  return out.join('\n') + '\n';
}
