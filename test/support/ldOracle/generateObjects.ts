/**
 * Draws the relocatable inputs of a case (as an InputModel) and renders them as GNU as source.
 *
 * Section names come from two vocabularies: a generic one (what compilers and hand-written
 * embedded code produce) and Xen's (what xen.lds.S expects), so that the script generators
 * can match them with realistic patterns. Sizes and alignments are varied on purpose: empty
 * input sections with an alignment, page-aligned and stack-aligned ones, the odd 2 MiB one.
 */
import { SeededRandom } from '../SeededRandom';
import { CaseArch, AsmObject } from './caseTypes';
import { BodyItem, InputModel, InputSectionModel, ObjectModel, SectionKind } from './inputModel';

export type Vocabulary = 'generic' | 'xen';

interface NameChoice {
  weight: number;
  kind: SectionKind;
  /** A name, or a stem to which the generator appends a small number. */
  name: string;
  numbered?: boolean;
  discardable?: boolean;
  /** Forced alignment (log2), e.g. page-aligned sections. */
  alignLog2?: number;
}

const GENERIC: NameChoice[] = [
  { weight: 6, kind: 'text', name: '.text' },
  { weight: 5, kind: 'text', name: '.text.f', numbered: true },
  { weight: 1, kind: 'text', name: '.text.unlikely' },
  { weight: 1, kind: 'text', name: '.text.hot' },
  { weight: 2, kind: 'text', name: '.init.text' },
  { weight: 5, kind: 'rodata', name: '.rodata' },
  { weight: 3, kind: 'rodata', name: '.rodata.c', numbered: true },
  { weight: 1, kind: 'rodata', name: '.init.rodata' },
  { weight: 1, kind: 'rodata', name: 'gen_tab' },
  { weight: 1, kind: 'rodata', name: '.rodata1' },
  { weight: 5, kind: 'data', name: '.data' },
  { weight: 3, kind: 'data', name: '.data.d', numbered: true },
  { weight: 1, kind: 'data', name: '.data.page_aligned', alignLog2: 12 },
  { weight: 1, kind: 'data', name: '.data.read_mostly' },
  { weight: 1, kind: 'data', name: '.init.data' },
  { weight: 1, kind: 'data', name: '.data.rel.ro' },
  { weight: 2, kind: 'data', name: '.custom', numbered: true },
  { weight: 1, kind: 'data', name: '.sdata' },
  { weight: 5, kind: 'bss', name: '.bss' },
  { weight: 3, kind: 'bss', name: '.bss.b', numbered: true },
  { weight: 1, kind: 'bss', name: '.bss.page_aligned', alignLog2: 12 },
  { weight: 1, kind: 'bss', name: '.sbss' },
  { weight: 0.6, kind: 'note', name: '.note.gen' },
  { weight: 0.6, kind: 'nonalloc', name: '.gen.info' },
  { weight: 0.4, kind: 'nonalloc', name: '.gen.debug' },
  { weight: 1, kind: 'text', name: '.exit.text', discardable: true },
  { weight: 1, kind: 'data', name: '.discard.x', numbered: true, discardable: true },
];

const XEN: NameChoice[] = [
  { weight: 2, kind: 'text', name: '.text.entry' },
  { weight: 1, kind: 'text', name: '.text.kexec' },
  { weight: 1, kind: 'text', name: '.text.cold' },
  { weight: 1, kind: 'text', name: '.text.unlikely' },
  { weight: 1, kind: 'text', name: '.fixup' },
  { weight: 4, kind: 'text', name: '.text.f', numbered: true },
  { weight: 6, kind: 'text', name: '.text' },
  { weight: 3, kind: 'text', name: '.init.text' },
  { weight: 5, kind: 'rodata', name: '.rodata' },
  { weight: 3, kind: 'rodata', name: '.rodata.c', numbered: true },
  { weight: 2, kind: 'rodata', name: '.data.rel.ro' },
  { weight: 2, kind: 'rodata', name: '.init.rodata' },
  { weight: 2, kind: 'rodata', name: '.init.setup' },
  { weight: 1, kind: 'rodata', name: '.initcallpresmp.init' },
  { weight: 1, kind: 'rodata', name: '.initcall1.init' },
  { weight: 1, kind: 'data', name: '.data.page_aligned', alignLog2: 12 },
  { weight: 5, kind: 'data', name: '.data' },
  { weight: 2, kind: 'data', name: '.data.read_mostly' },
  { weight: 2, kind: 'data', name: '.init.data' },
  { weight: 1, kind: 'data', name: '.trampoline_rel' },
  { weight: 1, kind: 'bss', name: '.bss.stack_aligned', alignLog2: 15 },
  { weight: 1, kind: 'bss', name: '.bss.page_aligned', alignLog2: 12 },
  { weight: 2, kind: 'bss', name: '.bss.percpu' },
  { weight: 1, kind: 'bss', name: '.bss.percpu.read_mostly' },
  { weight: 5, kind: 'bss', name: '.bss' },
  { weight: 2, kind: 'bss', name: '.bss.b', numbered: true },
  { weight: 1, kind: 'text', name: '.exit.text', discardable: true },
  { weight: 1, kind: 'data', name: '.discard.x', numbered: true, discardable: true },
  { weight: 0.5, kind: 'nonalloc', name: '.gen.info' },
];

export const ARCHIVE_NAME = 'libgen.a';
export const REFS_SECTION = '.data.refs';
/**
 * In Xen-shaped cases the refs live where Xen's `.data` statement catches them
 * (`*(.data.rel.*)`): an orphan there can land below `.` and, with PHDRS putting everything in
 * one PT_LOAD, make ld build a segment spanning the whole 64-bit space ("memory exhausted").
 */
export const XEN_REFS_SECTION = '.data.rel.refs';
/** The entry point symbol every case's first object defines. */
export const ENTRY_SYMBOL = 'start';

export interface ObjectOptions {
  vocabulary: Vocabulary;
  /** Allow a 2 MiB-aligned input section. */
  allowHugeAlign: boolean;
  useArchive: boolean;
}

export function generateInputModel(rng: SeededRandom, opts: ObjectOptions): InputModel {
  const vocab = opts.vocabulary === 'xen' ? XEN : GENERIC;
  const count = rng.int(2, 6);
  const objects: ObjectModel[] = [];
  for (let i = 0; i < count; i++) {
    const name = `o${i}.o`;
    const object: ObjectModel = { name, sections: [], commons: [] };
    const used = new Set<string>();
    const wanted = rng.int(2, 7);
    // Every case has an entry point at the start of o0's first text section.
    if (i === 0) {
      const first = opts.vocabulary === 'xen' ? '.text.header' : '.text';
      object.sections.push(drawSection(rng, object, { weight: 1, kind: 'text', name: first }, opts));
      used.add(first);
      object.sections[0].body.unshift({ op: 'label', name: ENTRY_SYMBOL });
      object.sections[0].symbols.unshift(ENTRY_SYMBOL);
    }
    for (let tries = 0; object.sections.length < wanted && tries < 20; tries++) {
      const choice = rng.weighted(vocab.map((c) => [c.weight, c] as const));
      const secName = choice.numbered ? `${choice.name}${rng.int(0, 4)}` : choice.name;
      if (used.has(secName)) continue;
      used.add(secName);
      object.sections.push(drawSection(rng, object, { ...choice, name: secName }, opts));
    }
    if (rng.chance(0.3)) {
      const n = rng.int(1, 3);
      for (let k = 0; k < n; k++) {
        object.commons.push({
          name: `${stem(name)}_comm${k}`,
          size: rng.pick([1, 4, 8, 24, 64, 100, 4096]),
          align: rng.weighted([[4, 1], [4, 4], [4, 8], [3, 16], [2, 64], [0.5, 4096]] as const),
        });
      }
    }
    objects.push(object);
  }
  // The refs section: filled with `.quad sym` once the script generator knows what to reference.
  objects[0].sections.push({
    name: opts.vocabulary === 'xen' ? XEN_REFS_SECTION : REFS_SECTION,
    kind: 'data',
    alignLog2: 3,
    size: 0,
    symbols: [],
    body: [{ op: 'refs' }],
    discardable: false,
  });
  if (opts.useArchive && count >= 3) {
    const members = rng.int(1, Math.min(2, count - 2));
    for (let k = count - members; k < count; k++) objects[k].archive = ARCHIVE_NAME;
  }
  return { objects, references: [] };
}

function stem(objectName: string): string {
  return objectName.replace(/\.o$/, '');
}

function sanitize(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+/, '');
}

function drawAlign(rng: SeededRandom, opts: ObjectOptions): number {
  if (opts.allowHugeAlign && rng.chance(0.02)) return 21;
  return rng.weighted([
    [3, 0], [2, 1], [3, 2], [4, 3], [4, 4], [2, 5], [1, 6], [1, 8], [0.6, 12],
  ] as const);
}

function drawSize(rng: SeededRandom, kind: SectionKind, forcedAlign: number | undefined): number {
  if (rng.chance(0.06)) return 0; // an empty input section that still carries its alignment
  if (forcedAlign !== undefined && forcedAlign >= 12) return (1 << 12) * rng.int(1, 2);
  const big = kind === 'bss' ? rng.weighted([[8, 4096], [2, 65536], [0.3, 1 << 20]] as const) : 2048;
  return rng.weighted([
    [5, rng.int(1, 64)],
    [3, rng.int(65, 512)],
    [1, rng.int(513, big)],
  ] as const);
}

function drawSection(rng: SeededRandom, object: ObjectModel, choice: NameChoice, opts: ObjectOptions): InputSectionModel {
  const alignLog2 = choice.alignLog2 ?? drawAlign(rng, opts);
  const total = drawSize(rng, choice.kind, choice.alignLog2);
  const body: BodyItem[] = [];
  const symbols: string[] = [];
  const symBase = `${stem(object.name)}_${sanitize(choice.name)}`;
  let size = 0;
  let remaining = total;
  // One to three chunks, each optionally labelled, sometimes separated by an inner .balign.
  const chunks = total === 0 ? 0 : rng.int(1, 3);
  for (let k = 0; k < chunks; k++) {
    // An inner .balign no larger than the section's own alignment (a larger one would raise it).
    if (k > 0 && alignLog2 >= 1 && rng.chance(0.3)) {
      const b = 1 << rng.int(1, Math.min(alignLog2, 6));
      body.push({ op: 'balign', bytes: b });
      size = Math.ceil(size / b) * b;
    }
    if (rng.chance(k === 0 ? 0.7 : 0.4)) {
      const sym = `${symBase}_${symbols.length}`;
      symbols.push(sym);
      body.push({ op: 'label', name: sym });
    }
    const n = k === chunks - 1 ? remaining : rng.int(1, Math.max(1, remaining - (chunks - k - 1)));
    if (n > 0) {
      body.push({ op: 'bytes', count: n, fill: rng.int(0, 255) });
      size += n;
      remaining -= n;
    }
  }
  return { name: choice.name, kind: choice.kind, alignLog2, size, symbols, body, discardable: choice.discardable ?? false };
}

const SECTION_DIRECTIVE: Record<SectionKind, string> = {
  text: '"ax",@progbits',
  rodata: '"a",@progbits',
  data: '"aw",@progbits',
  bss: '"aw",@nobits',
  note: '"a",@note',
  nonalloc: '"",@progbits',
};

/** Size of `.data.refs` once references are known (the model's own size is a placeholder). */
export function finalizeReferences(model: InputModel, arch: CaseArch): void {
  const ptr = arch === 'i386' ? 4 : 8;
  for (const s of model.objects[0].sections) if (s.body.some((i) => i.op === 'refs')) s.size = model.references.length * ptr;
}

export function renderObjects(model: InputModel, arch: CaseArch): AsmObject[] {
  finalizeReferences(model, arch);
  return model.objects.map((o) => {
    const lines: string[] = [`# generated input ${o.name}`];
    for (const s of o.sections) {
      lines.push(`\t.section ${s.name},${SECTION_DIRECTIVE[s.kind]}`);
      lines.push(`\t.p2align ${s.alignLog2}`);
      for (const item of s.body) {
        switch (item.op) {
          case 'label':
            lines.push(`\t.globl ${item.name}`, `${item.name}:`);
            break;
          case 'bytes':
            lines.push(s.kind === 'bss' ? `\t.skip ${item.count}` : `\t.fill ${item.count},1,0x${item.fill.toString(16)}`);
            break;
          case 'balign':
            lines.push(`\t.balign ${item.bytes}`);
            break;
          case 'refs':
            for (const r of model.references) lines.push(`\t${arch === 'i386' ? '.long' : '.quad'} ${r}`);
            break;
        }
      }
    }
    for (const c of o.commons) lines.push(`\t.comm ${c.name},${c.size},${c.align}`);
    const asmObject: AsmObject = { name: o.name, asm: lines.join('\n') + '\n' };
    if (o.archive !== undefined) asmObject.archive = o.archive;
    return asmObject;
  });
}
