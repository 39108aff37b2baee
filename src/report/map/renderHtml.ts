/**
 * The map as one HTML page that needs nothing else: the SVG inline, styles and the small
 * behaviour script inline, system fonts only. Around the picture: what was mapped and from
 * where, the findings (each a link to its marker), and the sections and symbols as tables
 * with the same numbers as the picture.
 */
import { byteSize, escapeAttr, escapeText, hex } from './format';
import type { MapFacts } from './MapFacts';
import type { MapModel } from './MapModel';
import { mapPageBehaviour } from './pageBehaviour';
import { MONO, renderSvg, SANS, SVG_STYLE } from './renderSvg';
import { KIND_LABEL } from './sectionKind';

export const PAGE_STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: ${SANS}; color: #1f2328; background: #f6f8fa; font-size: 14px; line-height: 1.45; }
main { max-width: 1280px; margin: 0 auto; padding: 18px 20px 40px; }
h1 { font-size: 20px; margin: 0 0 4px; font-weight: 600; }
h1 code { font-size: 18px; }
h2 { font-size: 15px; margin: 22px 0 8px; font-weight: 600; }
code, .mono, td.num { font-family: ${MONO}; font-size: 12.5px; }
.sub { color: #57606a; margin: 0 0 2px; overflow-wrap: anywhere; }
.notes { margin: 8px 0 0; padding-left: 18px; color: #57606a; }
.card { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 12px; margin-top: 14px; }
.figure { overflow: hidden; }
.stats { display: flex; flex-wrap: wrap; gap: 6px 22px; margin-top: 10px; }
.stats div b { font-family: ${MONO}; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eaeef2; vertical-align: top; }
th { font-weight: 600; color: #57606a; font-size: 12px; }
td.num { text-align: right; white-space: nowrap; }
tr[data-show-section] { cursor: pointer; }
tr[data-show-section]:hover { background: #f6f8fa; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; border: 1px solid rgba(0,0,0,.3); }
.sw-code { background: #4c78a8; } .sw-rodata { background: #72b7b2; } .sw-data { background: #f58518; }
.sw-bss { background: #eeca3b; } .sw-init { background: #b279a2; } .sw-nonalloc { background: #bab0ac; }
ul.findings { list-style: none; padding: 0; margin: 0; }
ul.findings li { padding: 6px 8px; border-left: 4px solid #6e7781; margin: 4px 0; background: #fff; border-radius: 0 6px 6px 0; overflow-wrap: anywhere; }
ul.findings li.sev-error { border-color: #cf222e; } ul.findings li.sev-warning { border-color: #bf8700; }
ul.findings li.hl { background: #ddf4ff; }
ul.findings a { color: #0969da; text-decoration: none; cursor: pointer; }
ul.findings a:hover { text-decoration: underline; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 11px; margin-right: 6px; }
.sev-error .sev { color: #cf222e; } .sev-warning .sev { color: #9a6700; } .sev-note .sev { color: #57606a; }
.where { color: #57606a; font-size: 12px; }
details summary { cursor: pointer; font-weight: 600; }
#tip { position: fixed; z-index: 10; pointer-events: none; background: #1f2328; color: #f6f8fa; font-family: ${MONO}; font-size: 12px; line-height: 1.4;
  padding: 7px 9px; border-radius: 6px; white-space: pre-wrap; max-width: min(680px, 96vw); overflow: hidden; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
${SVG_STYLE}
`;

export function renderHtml(model: MapModel): string {
  const f = model.facts;
  const inputs = [f.elfFile ? `ELF <code>${escapeText(f.elfFile)}</code>` : '', f.objectFiles.length ? `${f.objectFiles.length} input file${f.objectFiles.length === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(`ldscope map — ${baseName(f.title)}`)}</title>`,
    `<style>${PAGE_STYLE}</style>`,
    '</head><body><main>',
    `<h1>ldscope map — <code>${escapeText(baseName(f.scriptFile))}</code></h1>`,
    `<p class="sub">script <code>${escapeText(f.scriptFile)}</code>${inputs ? ` · ${inputs}` : ''}</p>`,
    stats(f),
    model.notes.length ? `<ul class="notes">${model.notes.map((n) => `<li>${escapeText(n)}</li>`).join('')}</ul>` : '',
    `<div class="card figure">${renderSvg(model, { embedded: true })}</div>`,
    findingsList(model),
    sectionsTable(f),
    symbolsTable(f),
    '</main><div id="tip" hidden></div>',
    `<script>(${mapPageBehaviour.toString()})(document);</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

function baseName(p: string): string {
  return p.split('/').pop() ?? p;
}

function stats(f: MapFacts): string {
  const alloc = f.sections.filter((s) => s.traits.alloc && s.size > 0n);
  const items: string[] = [];
  if (alloc.length > 0) {
    const lo = alloc.reduce((m, s) => (s.vma < m ? s.vma : m), alloc[0].vma);
    const hi = alloc.reduce((m, s) => (s.vma + s.size > m ? s.vma + s.size : m), 0n);
    const bytes = alloc.reduce((n, s) => n + s.size, 0n);
    items.push(`<div>image <b>${hex(lo)}–${hex(hi)}</b> (${byteSize(hi - lo)})</div>`);
    items.push(`<div>in sections <b>${byteSize(bytes)}</b></div>`);
  }
  const counts = { error: 0, warning: 0, note: 0 };
  for (const x of f.findings) counts[x.severity]++;
  items.push(`<div><b>${f.sections.length}</b> sections · <b>${f.symbols.length}</b> script symbols</div>`);
  items.push(`<div>findings: <b>${counts.error}</b> errors, <b>${counts.warning}</b> warnings, <b>${counts.note}</b> notes</div>`);
  return `<div class="stats">${items.join('')}</div>`;
}

function findingsList(model: MapModel): string {
  const f = model.facts;
  if (f.findings.length === 0) return '<h2>Findings</h2><p class="sub">None: every check passed.</p>';
  const placed = new Set(model.lanes.flatMap((l) => l.markers.map((m) => m.finding.id)));
  const items = f.findings.map((x) => {
    const where = x.location ? `${x.location.file}:${x.location.line}:${x.location.column}` : '';
    const nums = [x.expected !== undefined ? `expected ${x.expected}` : '', x.actual !== undefined ? `actual ${x.actual}` : ''].filter(Boolean).join(' · ');
    const link = placed.has(x.id)
      ? `<a href="#marker-${x.id}" data-jump="${x.id}">show on the map (${x.anchor!.lane.toUpperCase()} ${hex(x.anchor!.address)})</a>`
      : '<span class="where">no address to mark</span>';
    return `<li id="${x.id}" class="sev-${x.severity}" data-rule="${escapeAttr(x.rule)}"><span class="sev">${x.severity}</span>${escapeText(x.message)}<div class="where">${escapeText(x.rule)}${where ? ` · ${escapeText(where)}` : ''}${nums ? ` · ${escapeText(nums)}` : ''} · ${link}</div></li>`;
  });
  return `<h2>Findings</h2><ul class="findings">${items.join('')}</ul>`;
}

function sectionsTable(f: MapFacts): string {
  const rows = f.sections.map(
    (s) =>
      `<tr data-show-section="${escapeAttr(s.name)}"><td><span class="swatch sw-${s.kind}"></span><code>${escapeText(s.name)}</code></td><td>${escapeText(KIND_LABEL[s.kind])}</td>` +
      `<td class="num">${s.traits.alloc ? hex(s.vma) : '—'}</td><td class="num">${s.traits.alloc ? hex(s.lma) : '—'}</td><td class="num">${hex(s.size)}</td><td class="num">${escapeText(byteSize(s.size))}</td><td class="num">${hex(s.alignment)}</td>` +
      `<td class="mono">${s.placedAt ? escapeText(`${baseName(s.placedAt.file)}:${s.placedAt.line}`) : 'orphan'}</td><td>${s.source === 'layout' ? 'layout' : 'ELF'}</td></tr>`,
  );
  return `<h2>Sections</h2><div class="card"><table class="sections"><thead><tr><th>name</th><th>kind</th><th>VMA</th><th>LMA</th><th>size</th><th></th><th>align</th><th>script line</th><th>from</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function symbolsTable(f: MapFacts): string {
  const rows = [...f.symbols]
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.name.localeCompare(b.name)))
    .map(
      (s) =>
        `<tr data-symbol="${escapeAttr(s.name)}"><td class="num">${hex(s.value)}</td><td><code>${escapeText(s.name)}</code></td><td class="mono">${s.assignedAt ? escapeText(`${baseName(s.assignedAt.file)}:${s.assignedAt.line}`) : ''}</td><td>${s.source === 'layout' ? 'layout' : 'ELF'}</td></tr>`,
    );
  return `<h2>Symbols</h2><details class="card"><summary>${f.symbols.length} symbols the script assigns</summary><table class="symbols"><thead><tr><th>value</th><th>name</th><th>script line</th><th>from</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}
