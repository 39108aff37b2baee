/**
 * The map model on hand-made facts: what the picture must contain (every section on both
 * lanes, every symbol on a tick, findings at their address, elided gaps where the address
 * space is empty) and that nothing overlaps or leaves the picture.
 */
import { buildMapModel, MAP_WIDTH } from '../../../src/report/map/buildMapModel';
import type { MapFacts, MapSection, MapSymbol } from '../../../src/report/map/MapFacts';
import type { Label, LaneModel } from '../../../src/report/map/MapModel';
import { renderSvg } from '../../../src/report/map/renderSvg';
import { renderText } from '../../../src/report/map/renderText';
import { sectionKind, type SectionTraits } from '../../../src/report/map/sectionKind';
import { textWidth } from '../../../src/report/map/LabelRows';

const BASE = 0xffff82d080000000n;
const MiB = 1n << 20n;

const code: SectionTraits = { alloc: true, contents: true, load: true, code: true, writable: false, tls: false };
const ro: SectionTraits = { ...code, code: false };
const rw: SectionTraits = { ...ro, writable: true };
const nobits: SectionTraits = { ...rw, contents: false, load: false };
const debug: SectionTraits = { alloc: false, contents: true, load: false, code: false, writable: false, tls: false };

function section(name: string, vma: bigint, size: bigint, traits: SectionTraits, lmaOffset = BASE): MapSection {
  return { name, vma, lma: traits.alloc ? vma - lmaOffset : vma, size, alignment: 16n, kind: sectionKind(name, traits), traits, phdrs: ['text'], source: 'layout', inputsUnknown: 'test' };
}

function facts(extra: Partial<MapFacts> = {}): MapFacts {
  const sections = [
    section('.text', BASE + 2n * MiB, 0x17b893n, code),
    section('.rodata', BASE + 4n * MiB, 0x58828n, ro),
    section('.note.gnu.build-id', BASE + 4n * MiB + 0x58828n, 0x24n, ro),
    section('.init.text', BASE + 6n * MiB, 0x4eaf8n, code),
    section('.data', BASE + 8n * MiB, 0xc920n, rw),
    section('.bss', BASE + 8n * MiB + 0xd000n, 0x134240n, nobits),
    section('.comment', 0n, 0x27n, debug),
    section('.debug_info', 0n, 0x365n, debug),
  ];
  const sym = (name: string, value: bigint): MapSymbol => ({ name, value, source: 'layout' });
  return {
    title: 'xen.lds.S',
    scriptFile: 'xen.lds.S',
    objectFiles: [],
    elfClass: 64,
    sections,
    symbols: [
      sym('__image_base__', BASE),
      sym('_start', BASE + 2n * MiB),
      sym('__2M_text_start', BASE + 2n * MiB),
      sym('_etext', BASE + 2n * MiB + 0x17b893n),
      sym('__2M_rwdata_end', BASE + 10n * MiB),
      sym('start_pa', 0x200000n),
    ],
    segments: [{ name: 'text', type: 'LOAD', flags: 'RWX', vaddr: BASE + 2n * MiB, paddr: 2n * MiB, memsz: 6n * MiB + 0xd000n + 0x134240n, sections: ['.text', '.rodata'], source: 'elf' }],
    regions: [],
    findings: [
      { id: 'finding-1', rule: 'xen.makefile-image-end', severity: 'error', message: 'wrong end', anchor: { lane: 'vma', address: BASE + (1n << 30n), what: '0x…' } },
      { id: 'finding-2', rule: 'x', severity: 'note', message: 'nowhere' },
    ],
    provenance: ['test facts'],
    ...extra,
  };
}

function allLabels(l: LaneModel): Label[] {
  return [...l.boxes.flatMap((b) => (b.label ? [b.label] : [])), ...l.ticks.flatMap((t) => (t.label ? [t.label] : [])), ...l.bands.map((b) => b.label), ...l.axisLabels];
}

function extent(l: Label, font: number): [number, number] {
  const w = textWidth(l.text, font);
  return l.anchor === 'start' ? [l.x, l.x + w] : l.anchor === 'end' ? [l.x - w, l.x] : [l.x - w / 2, l.x + w / 2];
}

describe('buildMapModel', () => {
  const model = buildMapModel(facts());
  const vma = model.lanes.find((l) => l.lane === 'vma')!;
  const lma = model.lanes.find((l) => l.lane === 'lma')!;
  const file = model.lanes.find((l) => l.lane === 'file')!;

  test('every allocated section is a box on the VMA and the LMA lane, non-allocated ones on the file lane', () => {
    const alloc = model.facts.sections.filter((s) => s.traits.alloc).map((s) => s.name);
    expect(vma.boxes.map((b) => b.section.name).sort()).toEqual([...alloc].sort());
    expect(lma.boxes.map((b) => b.section.name).sort()).toEqual([...alloc].sort());
    expect(file.boxes.map((b) => b.section.name)).toEqual(['.comment', '.debug_info']);
    for (const b of vma.boxes) expect(b.address).toBe(b.section.vma);
    for (const b of lma.boxes) expect(b.address).toBe(b.section.lma);
    // bss has no bytes where it loads: hollow there, solid where it runs.
    expect(lma.boxes.find((b) => b.section.name === '.bss')!.hollow).toBe(true);
    expect(vma.boxes.find((b) => b.section.name === '.bss')!.hollow).toBe(false);
  });

  test('boxes keep address order, do not overlap and are at least the minimum width', () => {
    for (const lane of [vma, lma]) {
      const boxes = [...lane.boxes].sort((a, b) => a.x - b.x);
      for (let i = 0; i < boxes.length; i++) {
        expect(boxes[i].width).toBeGreaterThanOrEqual(14 - 1e-9);
        if (i > 0) expect(boxes[i].x).toBeGreaterThanOrEqual(boxes[i - 1].x + boxes[i - 1].width - 1e-6);
        if (i > 0) expect(boxes[i].address > boxes[i - 1].address).toBe(true);
      }
    }
  });

  test('the 36-byte note is visible next to a 1.5 MiB .text, and .text is drawn to scale against .init.text', () => {
    const w = (n: string) => vma.boxes.find((b) => b.section.name === n)!.width;
    expect(w('.note.gnu.build-id')).toBeGreaterThanOrEqual(14);
    expect(w('.text') / w('.init.text')).toBeCloseTo(0x17b893 / 0x4eaf8, 3);
  });

  test('symbols near the image are ticks at their address; absolute constants far away are listed', () => {
    const ticked = vma.ticks.flatMap((t) => t.symbols.map((s) => [s.name, t.address]));
    expect(new Map(ticked as Array<[string, bigint]>)).toEqual(
      new Map(model.facts.symbols.filter((s) => s.name !== 'start_pa').map((s) => [s.name, s.value])),
    );
    expect(model.farSymbols.map((s) => s.name)).toEqual(['start_pa']);
    expect(model.notes.some((n) => n.includes('start_pa = 0x200000'))).toBe(true);
    // _start and __2M_text_start share an address: one tick.
    expect(vma.ticks.find((t) => t.address === BASE + 2n * MiB)!.symbols.map((s) => s.name)).toEqual(['_start', '__2M_text_start']);
  });

  test('a finding 1 GiB beyond the image is marked there, past an elided gap; one without an address is listed', () => {
    expect(vma.markers.map((m) => m.finding.id)).toEqual(['finding-1']);
    const marker = vma.markers[0];
    const lastBox = Math.max(...vma.boxes.map((b) => b.x + b.width));
    expect(marker.x).toBeGreaterThan(lastBox);
    expect(vma.holes.some((h) => h.elided && h.start <= BASE + 10n * MiB && h.end >= BASE + (1n << 30n))).toBe(true);
    expect(model.unplacedFindings.map((f) => f.id)).toEqual(['finding-2']);
  });

  test('the image base 2 MiB before _start is elided; the padding between .data and .bss is hatched', () => {
    expect(vma.holes.find((h) => h.start === BASE)!.elided).toBe(true);
    const pad = vma.holes.find((h) => h.before === '.data' && h.after === '.bss')!;
    expect(pad.padding).toBe(true);
    expect(pad.elided).toBe(false);
  });

  test('the segment is a band over its sections with the share they fill', () => {
    const band = vma.bands.find((b) => b.kind === 'segment')!;
    expect(band.start).toBe(BASE + 2n * MiB);
    expect(band.x).toBeCloseTo(vma.boxes.find((b) => b.section.name === '.text')!.x, 6);
    expect(band.usage).toBeCloseTo((0x17b893 + 0x58828) / Number(6n * MiB + 0xd000n + 0x134240n), 6);
  });

  test('labels stay inside the picture and do not overlap within a row', () => {
    for (const lane of model.lanes) {
      const labels = allLabels(lane);
      for (const l of labels) {
        const [a, b] = extent(l, 10);
        expect(a).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(MAP_WIDTH);
      }
      const tickLabels = lane.ticks.flatMap((t) => (t.label ? [t.label] : []));
      for (let i = 0; i < tickLabels.length; i++) {
        for (let j = i + 1; j < tickLabels.length; j++) {
          if (tickLabels[i].y !== tickLabels[j].y) continue;
          const [a0, a1] = extent(tickLabels[i], 10);
          const [b0, b1] = extent(tickLabels[j], 10);
          expect(a1 <= b0 || b1 <= a0).toBe(true);
        }
      }
    }
  });

  test('no LMA lane when every section loads where it runs', () => {
    const same = facts();
    same.sections = same.sections.map((s) => ({ ...s, lma: s.vma }));
    same.findings = [];
    const m = buildMapModel(same);
    expect(m.lanes.map((l) => l.lane)).toEqual(['vma', 'file']);
    expect(m.notes.some((n) => n.includes('LMA = VMA'))).toBe(true);
  });

  test('the SVG carries every section, symbol and finding with its numbers', () => {
    const svg = renderSvg(model);
    for (const s of model.facts.sections) expect(svg).toContain(`data-section="${s.name}" data-vma="0x${s.vma.toString(16)}" data-lma="0x${s.lma.toString(16)}" data-size="0x${s.size.toString(16)}"`);
    expect(svg).toContain('data-symbols="_start __2M_text_start"');
    expect(svg).toContain('id="marker-finding-1"');
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
  });

  test('MEMORY regions: a band with the usage share, and ld\'s table in text mode', () => {
    const f = facts({ regions: [{ name: 'RAM', origin: BASE + 2n * MiB, length: 16n * MiB, used: 8n * MiB }] });
    const m = buildMapModel(f);
    const band = m.lanes[0].bands.find((b) => b.kind === 'region')!;
    expect(band.usage).toBeCloseTo(0.5, 9);
    expect(band.label.text).toBe('RAM 8 MiB / 16 MiB 50.0%');
    const text = renderText(f);
    // The table's exact format is checked against ld itself in mapCli.test.ts.
    expect(text.split('\n')[1]).toMatch(/^ +RAM: .* 50\.00%$/);
  });
});
