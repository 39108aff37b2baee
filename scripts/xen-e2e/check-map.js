#!/usr/bin/env node
// The real Xen's map: `ldscope map` on the built tree's xen.lds.S, xen-syms and Makefile, timed
// (best of 3, Node start-up included), then the page opened in Debian's headless Chromium
// (playwright-core, no browser download), timed until drawn, and read back from the DOM: every
// section of `readelf -SW xen-syms` with its address, load address (readelf -lW) and size, every
// script symbol with nm's value, no console errors, nothing wider than the window.
// Usage: check-map.js XEN_DIR OUT.html
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const [xen, page] = process.argv.slice(2);
if (!xen || !page) throw new Error('usage: check-map.js XEN_DIR OUT.html');
const repo = path.resolve(__dirname, '../..');
const cli = path.join(repo, 'dist/cli.js');
const elf = path.join(xen, 'xen-syms');
const args = [cli, 'map', path.join(xen, 'arch/x86/xen.lds.S'), '--from-build', path.join(xen, 'arch/x86/.xen.lds.cmd'), '--elf', elf, '--makefile', path.join(xen, 'arch/x86/Makefile'), '-o', page];
const LIMIT_S = 2;

const times = [];
for (let i = 0; i < 3; i++) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  if (r.status !== 0) throw new Error(`ldscope map exited ${r.status}:\n${r.stdout}${r.stderr}`);
  if (i === 0) process.stderr.write(r.stderr);
}
const best = Math.min(...times);
console.log(`ldscope map wall time: best ${best.toFixed(3)} s of 3 (${times.map((t) => t.toFixed(3)).join(', ')}), Node start-up included; ${fs.statSync(page).size} bytes of HTML`);

const hex = (s) => `0x${BigInt(`0x${s}`).toString(16)}`;
const readelf = execFileSync('readelf', ['-SW', elf], { encoding: 'utf8' });
const sections = [...readelf.matchAll(/^\s*\[\s*(\d+)\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+([A-Za-z]*)\s+\d/gm)]
  .filter((m) => m[1] !== '0' && !['SYMTAB', 'STRTAB', 'RELA', 'REL'].includes(m[3]))
  .map((m) => ({ name: m[2], addr: hex(m[4]), size: hex(m[5]), alloc: m[6].includes('A') }));
const loads = [...execFileSync('readelf', ['-lW', elf], { encoding: 'utf8' }).matchAll(/^\s*LOAD\s+0x[0-9a-f]+\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+0x[0-9a-f]+\s+(0x[0-9a-f]+)/gm)].map((m) => ({
  vaddr: BigInt(m[1]),
  paddr: BigInt(m[2]),
  memsz: BigInt(m[3]),
}));
const lma = (addr) => {
  const a = BigInt(addr);
  const seg = loads.find((l) => a >= l.vaddr && a < l.vaddr + l.memsz);
  return `0x${(seg ? seg.paddr + (a - seg.vaddr) : a).toString(16)}`;
};
const nm = new Map();
for (const line of execFileSync('nm', [elf], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n')) {
  const m = /^([0-9a-f]+) \S (\S+)$/.exec(line);
  if (m && !nm.has(m[2])) nm.set(m[2], hex(m[1]));
}

(async () => {
  const { chromium } = require(path.join(repo, 'node_modules/playwright-core'));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-map-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  const problems = [];
  try {
    const tab = context.pages()[0] || (await context.newPage());
    tab.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
    tab.on('pageerror', (e) => problems.push(`page error: ${e}`));
    const t0 = Date.now();
    await tab.goto(`file://${path.resolve(page)}`, { waitUntil: 'load' });
    // Drawn: the first frame after load has been painted.
    await tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const renderS = (Date.now() - t0) / 1000;
    const dom = await tab.evaluate(() => ({
      sections: Array.from(document.querySelectorAll('.lane .section')).map((e) => ({ lane: e.closest('.lane').getAttribute('data-lane'), name: e.getAttribute('data-section'), vma: e.getAttribute('data-vma'), lma: e.getAttribute('data-lma'), size: e.getAttribute('data-size') })),
      symbols: Array.from(document.querySelectorAll('table.symbols tr[data-symbol]')).map((e) => [e.getAttribute('data-symbol'), e.querySelector('td').textContent]),
      ticks: Array.from(document.querySelectorAll('.tick')).flatMap((e) => e.getAttribute('data-symbols').split(' ').map((n) => [n, e.getAttribute('data-value')])),
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    for (const s of sections) {
      const drawn = dom.sections.filter((d) => d.name === s.name);
      const lanes = drawn.map((d) => d.lane).sort().join(',');
      const want = s.alloc ? 'lma,vma' : 'file';
      if (lanes !== want) problems.push(`section ${s.name}: drawn on lanes [${lanes}], expected [${want}]`);
      for (const d of drawn) {
        if (d.size !== s.size) problems.push(`section ${s.name}: size ${d.size}, readelf ${s.size}`);
        if (s.alloc && (d.vma !== s.addr || d.lma !== lma(s.addr))) problems.push(`section ${s.name}: VMA ${d.vma} LMA ${d.lma}, readelf ${s.addr} ${lma(s.addr)}`);
      }
    }
    let symbolsChecked = 0;
    for (const [name, value] of dom.symbols) {
      if (!nm.has(name)) continue;
      symbolsChecked++;
      if (value !== nm.get(name)) problems.push(`symbol ${name}: ${value}, nm ${nm.get(name)}`);
    }
    for (const [name, value] of dom.ticks) if (nm.has(name) && value !== nm.get(name)) problems.push(`tick ${name}: ${value}, nm ${nm.get(name)}`);
    for (const must of ['_start', '__2M_rwdata_end', '_end', '__bss_start']) if (!dom.symbols.some(([n]) => n === must)) problems.push(`symbol ${must} is not on the page`);
    if (dom.scrollWidth > dom.innerWidth) problems.push(`the page is ${dom.scrollWidth} px wide in a ${dom.innerWidth} px window`);
    console.log(`Chromium: page loaded and drawn in ${renderS.toFixed(3)} s`);
    if (problems.length) throw new Error(`the map disagrees with readelf/nm or the browser:\n  ${problems.join('\n  ')}`);
    console.log(`the map agrees with readelf (${sections.length} sections, VMA/LMA/size) and nm (${symbolsChecked} script symbols)`);
    const slow = [best > LIMIT_S ? `ldscope map took ${best.toFixed(3)} s` : '', renderS > LIMIT_S ? `Chromium took ${renderS.toFixed(3)} s` : ''].filter(Boolean);
    if (slow.length) throw new Error(`the map is not ready in under ${LIMIT_S} s: ${slow.join('; ')}`);
    console.log(`target < ${LIMIT_S} s for the map (${best.toFixed(3)} s) and for drawing it (${renderS.toFixed(3)} s): MET`);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
