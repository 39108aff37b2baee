/**
 * The mini-Xen map in a real browser: builds samples/mini-xen with the machine's make, gcc
 * and ld, draws its map with `ldscope map` (dist/cli.js), opens the page in Debian's headless
 * Chromium (driven by playwright-core; no browser is downloaded) and reads the picture back
 * from the DOM: every section with readelf's numbers, every symbol the script assigns with
 * nm's value, the Makefile's wrong image end marked, tooltips and click-to-jump working, no
 * console errors, nothing wider than the window. A second page, drawn from the link's object
 * (prelink.o), must show in every box's tooltip the input sections ld's own -Map file of the
 * same link lists: the largest, with their sizes and offsets. A screenshot is taken; set
 * LDSCOPE_MAP_SCREENSHOT=FILE.png to keep it (docs/mini-xen-map.png is made that way).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expectedTooltipInputs, ldMapInputs, tooltipInputs } from './support/ldMapInputs';

const repo = path.resolve(__dirname, '../../..');
const cli = path.join(repo, 'dist/cli.js');
const CHROMIUM = '/usr/bin/chromium';
const script = path.join(repo, 'samples/mini-xen/arch/x86/xen.lds.S');
const makefile = path.join(repo, 'samples/mini-xen/Makefile');

function runOk(cmd: string, args: string[], cwd = repo): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

interface ElfSectionFacts {
  name: string;
  addr: bigint;
  size: bigint;
  alloc: boolean;
}

/** Sections as readelf -SW lists them (without the ones objdump hides). */
function readelfSections(elf: string): ElfSectionFacts[] {
  const out: ElfSectionFacts[] = [];
  for (const m of runOk('readelf', ['-SW', elf]).matchAll(/^\s*\[\s*(\d+)\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\S+\s+([A-Za-z]*)\s+\d/gm)) {
    const [, index, name, type, addr, size, flags] = m;
    if (index === '0' || ['SYMTAB', 'STRTAB', 'RELA', 'REL'].includes(type)) continue;
    out.push({ name, addr: BigInt(`0x${addr}`), size: BigInt(`0x${size}`), alloc: flags.includes('A') });
  }
  return out;
}

/** A section's load address from readelf -lW: its LOAD segment's paddr plus the offset in it. */
function loadAddress(elf: string): (addr: bigint) => bigint {
  const loads = [...runOk('readelf', ['-lW', elf]).matchAll(/^\s*LOAD\s+0x[0-9a-f]+\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+0x[0-9a-f]+\s+(0x[0-9a-f]+)/gm)].map((m) => ({
    vaddr: BigInt(m[1]),
    paddr: BigInt(m[2]),
    memsz: BigInt(m[3]),
  }));
  return (addr) => {
    const seg = loads.find((l) => addr >= l.vaddr && addr < l.vaddr + l.memsz);
    return seg ? seg.paddr + (addr - seg.vaddr) : addr;
  };
}

function nmValues(elf: string): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const line of runOk('nm', [elf]).split('\n')) {
    const x = /^([0-9a-f]+) \S (\S+)$/.exec(line);
    if (x && !m.has(x[2])) m.set(x[2], BigInt(`0x${x[1]}`));
  }
  return m;
}

/** The symbols the script assigns, read off the preprocessed script ld used (not via ldscope). */
function scriptAssignedNames(preprocessed: string): string[] {
  const text = fs.readFileSync(preprocessed, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  return [...new Set([...text.matchAll(/(?:^|[;{}\s(])([A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)/g)].map((m) => m[1]))];
}

interface PageFacts {
  sections: Array<{ lane: string; name: string; vma: string; lma: string; size: string }>;
  ticks: Array<{ value: string; symbols: string[] }>;
  symbolRows: Array<{ name: string; value: string }>;
  notes: string[];
  markers: Array<{ id: string; rule: string; address: string }>;
  overflow: { scrollWidth: number; innerWidth: number; outside: string[] };
}

async function readPage(page: Page): Promise<PageFacts> {
  return page.evaluate(() => {
    const attr = (e: Element, n: string) => e.getAttribute(n) ?? '';
    const outside: string[] = [];
    for (const e of Array.from(document.querySelectorAll('body *'))) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < -0.5 || r.right > window.innerWidth + 0.5) outside.push(`${e.tagName}.${e.getAttribute('class') ?? ''} ${r.left.toFixed(1)}..${r.right.toFixed(1)}`);
    }
    return {
      sections: Array.from(document.querySelectorAll('.lane .section')).map((e) => ({
        lane: attr(e.closest('.lane')!, 'data-lane'),
        name: attr(e, 'data-section'),
        vma: attr(e, 'data-vma'),
        lma: attr(e, 'data-lma'),
        size: attr(e, 'data-size'),
      })),
      ticks: Array.from(document.querySelectorAll('.tick')).map((e) => ({ value: attr(e, 'data-value'), symbols: attr(e, 'data-symbols').split(' ') })),
      symbolRows: Array.from(document.querySelectorAll('table.symbols tr[data-symbol]')).map((e) => ({ name: attr(e, 'data-symbol'), value: e.querySelector('td')!.textContent ?? '' })),
      notes: Array.from(document.querySelectorAll('.notes li')).map((e) => e.textContent ?? ''),
      markers: Array.from(document.querySelectorAll('.marker')).map((e) => ({ id: attr(e, 'data-finding'), rule: attr(e, 'data-rule'), address: attr(e, 'data-address') })),
      overflow: { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, outside },
    };
  });
}

/** The Makefile's xen-syms link: $(XEN_LDFLAGS) -T $(obj)/xen.lds -N … $(build_id_linker) $(orphan-handling-y). */
const LINK_FLAGS = ['-melf_x86_64', '--no-warn-rwx-segments', '-T', 'arch/x86/xen.lds', '-N', '--build-id=sha1', '--orphan-handling=warn'];

const haveChromium = fs.existsSync(CHROMIUM);
const describeWithBrowser = haveChromium ? describe : describe.skip;
if (!haveChromium) {
  // Said out loud: scripts/install-deps.sh installs it; a skipped browser test must not look like a pass.
  console.warn(`mapBrowser.test: ${CHROMIUM} is missing (run scripts/install-deps.sh); the browser test is skipped`);
}

describeWithBrowser('ldscope map of mini-Xen in headless Chromium', () => {
  let dir: string;
  let out: string;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  let loadMs = 0;
  let facts: PageFacts;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-map-'));
    out = path.join(dir, 'build');
    runOk('make', ['-s', '-C', path.join(repo, 'samples/mini-xen'), `O=${out}`]);
    runOk(process.execPath, [cli, 'map', script, '--from-build', path.join(out, 'arch/x86/.xen.lds.cmd'), '--elf', path.join(out, 'xen-syms'), '--makefile', makefile, '--make-target', 'xen-era1', '-o', path.join(dir, 'era1.html'), '--svg', path.join(dir, 'era1.svg')]);
    // The Makefile's link of xen-syms again, with a map file (checked to give the same ELF),
    // and the map page of the same link drawn from its object.
    runOk('ld', [...LINK_FLAGS, 'prelink.o', '-o', path.join(dir, 'xen-syms'), `-Map=${path.join(dir, 'xen-syms.map')}`], out);
    runOk(process.execPath, [cli, 'map', script, '--from-build', 'arch/x86/.xen.lds.cmd', 'prelink.o', '-N', '--build-id', '-o', path.join(dir, 'objects.html')], out);
    context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    // Anything the page asks the network for is a failure: the page must be self-contained.
    await page.route(/^(?!file:)/, (route) => {
      consoleErrors.push(`network request: ${route.request().url()}`);
      return route.abort();
    });
    const t0 = Date.now();
    await page.goto(`file://${path.join(dir, 'era1.html')}`, { waitUntil: 'load' });
    loadMs = Date.now() - t0;
    facts = await readPage(page);
  });

  afterAll(async () => {
    await context?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('renders with no console errors and no network access, quickly', async () => {
    expect(consoleErrors).toEqual([]);
    expect(loadMs).toBeLessThan(2000);
    const png = await page.screenshot({ fullPage: true });
    expect(png.length).toBeGreaterThan(20_000);
    const keep = process.env.LDSCOPE_MAP_SCREENSHOT;
    if (keep) {
      await page.setViewportSize({ width: 1280, height: 900 });
      const box = await page.locator('main').boundingBox();
      const findings = await page.locator('ul.findings').boundingBox();
      await page.screenshot({ path: keep, fullPage: true, clip: { x: box!.x, y: box!.y, width: box!.width, height: findings!.y + findings!.height - box!.y + 10 } });
    }
  });

  test('every section is on the picture with readelf\'s address, load address and size', () => {
    const elf = path.join(out, 'xen-syms');
    const lma = loadAddress(elf);
    const expected = readelfSections(elf);
    expect(expected.length).toBeGreaterThan(10);
    for (const s of expected) {
      const drawn = facts.sections.filter((d) => d.name === s.name);
      const lanes = drawn.map((d) => d.lane).sort();
      expect({ name: s.name, lanes }).toEqual({ name: s.name, lanes: s.alloc ? ['lma', 'vma'] : ['file'] });
      for (const d of drawn) {
        expect({ name: s.name, size: d.size }).toEqual({ name: s.name, size: hex(s.size) });
        if (!s.alloc) continue;
        expect({ name: s.name, vma: d.vma, lma: d.lma }).toEqual({ name: s.name, vma: hex(s.addr), lma: hex(lma(s.addr)) });
      }
    }
    expect(facts.sections.filter((d) => d.lane === 'vma').length).toBe(expected.filter((s) => s.alloc).length);
  });

  test("every symbol the script assigns is there with nm's value, on a tick or listed as far away", () => {
    const nm = nmValues(path.join(out, 'xen-syms'));
    const names = scriptAssignedNames(path.join(out, 'arch/x86/xen.lds')).filter((n) => nm.has(n));
    expect(names).toEqual(expect.arrayContaining(['_start', '__2M_text_start', '__2M_rwdata_end', '_end', '__bss_start', '__init_begin', 'start_pa']));
    const rows = new Map(facts.symbolRows.map((r) => [r.name, r.value]));
    const ticked = new Map(facts.ticks.flatMap((t) => t.symbols.map((n) => [n, t.value] as const)));
    for (const name of names) {
      const want = hex(nm.get(name)!);
      expect({ name, row: rows.get(name) }).toEqual({ name, row: want });
      const onTick = ticked.get(name);
      if (onTick !== undefined) expect({ name, tick: onTick }).toEqual({ name, tick: want });
      else expect(facts.notes.some((n) => n.includes(`${name} = ${want}`))).toBe(true);
    }
    expect(ticked.get('_start')).toBe(hex(nm.get('_start')!));
  });

  test("the Makefile's wrong image end is marked at ALT_START, 1 GiB past the image, and clicking jumps to it", async () => {
    const alt = nmValues(path.join(out, 'xen-syms')).get('ALT_START')!;
    const m = facts.markers.find((x) => x.rule === 'xen.makefile-image-end')!;
    expect(m.address).toBe(hex(alt));
    const [markerX, lastBoxRight] = await page.evaluate((id) => {
      const marker = document.querySelector(`#marker-${id} path`)!.getBoundingClientRect();
      const boxes = Array.from(document.querySelectorAll('.lane[data-lane="vma"] .section rect')).map((r) => r.getBoundingClientRect().right);
      return [marker.left + marker.width / 2, Math.max(...boxes)];
    }, m.id);
    expect(markerX).toBeGreaterThan(lastBoxRight);
    await page.click(`a[data-jump="${m.id}"]`);
    expect(await page.getAttribute(`#marker-${m.id}`, 'class')).toContain('hl');
    await page.click(`#marker-${m.id} path`);
    expect(await page.getAttribute(`#${m.id}`, 'class')).toContain('hl');
  });

  test('hovering a section shows its numbers, the script line and what is not known', async () => {
    // End the smooth scroll the jump test started (a scroll hides the tooltip), then hover.
    await page.evaluate(() => {
      window.scrollTo({ top: 0, behavior: 'instant' });
      return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    });
    await page.hover('.lane[data-lane="vma"] .section[data-section=".text"]');
    expect(await page.isVisible('#tip')).toBe(true);
    const tip = await page.locator('#tip').innerText();
    const text = readelfSections(path.join(out, 'xen-syms')).find((s) => s.name === '.text')!;
    expect(tip).toContain(`.text — code`);
    expect(tip).toContain(`VMA   ${hex(text.addr)} – ${hex(text.addr + text.size)}`);
    expect(tip).toMatch(/placed by .*xen\.lds\.S:\d+/);
    expect(tip).toContain('inputs: unknown — only the linked ELF was given');
    // Not only .text: no box claims to know its inputs from the linked ELF alone.
    const claims = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.lane .section[data-section]'))
        .filter((e) => e.getAttribute('data-inputs') !== 'unknown' || !(e.getAttribute('data-tip') ?? '').includes('inputs: unknown — only the linked ELF was given'))
        .map((e) => e.getAttribute('data-section')),
    );
    expect(claims).toEqual([]);
  });

  test("drawn from the objects, every box's tooltip has the largest inputs of ld's -Map of the same link, and hovering shows them", async () => {
    expect(fs.readFileSync(path.join(dir, 'xen-syms')).equals(fs.readFileSync(path.join(out, 'xen-syms')))).toBe(true);
    const ld = ldMapInputs(path.join(dir, 'xen-syms.map'));
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await p.goto(`file://${path.join(dir, 'objects.html')}`, { waitUntil: 'load' });
    const tips = await p.evaluate(() =>
      Array.from(document.querySelectorAll('.lane .section[data-section]')).map((e) => ({ name: e.getAttribute('data-section') ?? '', tip: e.getAttribute('data-tip') ?? '' })),
    );
    expect(errors).toEqual([]);
    expect(new Set(tips.map((t) => t.name)).size).toBe(readelfSections(path.join(out, 'xen-syms')).length);
    for (const { name, tip } of tips) {
      expect({ name, inMap: ld.has(name) }).toEqual({ name, inMap: true });
      expect({ name, inputs: tooltipInputs(tip) }).toEqual({ name, inputs: expectedTooltipInputs(ld.get(name)!, 5) });
    }
    // What a reader sees: hover .bss, the 32 KiB boot stack is its largest input.
    await p.hover('.lane[data-lane="vma"] .section[data-section=".bss"]');
    expect(await p.isVisible('#tip')).toBe(true);
    const shown = tooltipInputs(await p.locator('#tip').innerText())!;
    const bss = ld.get('.bss')!.find((i) => i.section === '.bss.stack_aligned')!;
    expect(shown.shown[0]).toEqual({ bytes: bss.size, file: bss.file, section: bss.section, offset: bss.offset });
    expect(bss.size).toBe(0x8000n);
    await p.close();
  });

  test.each([1280, 860])('nothing is wider than a %i px window', async (width) => {
    await page.setViewportSize({ width, height: 900 });
    await page.mouse.move(1, 1); // away from the picture: the tooltip hides
    const f = await readPage(page);
    expect(f.overflow.outside).toEqual([]);
    expect(f.overflow.scrollWidth).toBeLessThanOrEqual(f.overflow.innerWidth);
  });

  test('the SVG alone opens without errors and has the same sections', async () => {
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await p.goto(`file://${path.join(dir, 'era1.svg')}`);
    const names = await p.evaluate(() => Array.from(document.querySelectorAll('.lane[data-lane="vma"] .section')).map((e) => e.getAttribute('data-section')));
    expect(errors).toEqual([]);
    expect(names.sort()).toEqual(readelfSections(path.join(out, 'xen-syms')).filter((s) => s.alloc).map((s) => s.name).sort());
    await p.close();
  });
});
