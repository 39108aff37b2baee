/**
 * Xen-shaped linker scripts: the structure of xen/arch/x86/xen.lds.S after the C preprocessor
 * (non-EFI build), with random omissions and variations so that each case differs.
 *
 * What makes them special for an evaluator: the image is linked at 0xffff82d080000000 + 2 MiB
 * and loaded low (`AT(ADDR(x) - 0xffff82d080000000)`), 2 MiB boundaries are marked with
 * `__2M_*` symbols via `. = ALIGN(0x200000)` outside sections, and the image ends with a
 * `.pad` section holding nothing but `. = ALIGN(16 MiB)`.
 */
import { InputModel, allSections } from './inputModel';
import { SeededRandom } from '../SeededRandom';
import { ScriptBuilder, hex } from './scriptBuilder';
import { ENTRY_SYMBOL } from './generateObjects';
import { GeneratedScript } from './generateGenericScript';

export const XEN_VIRT_START = 0xffff82d080000000n;
const XEN_IMG_OFFSET = 0x200000n;
const PAGE_SIZE = 0x1000n;
const STACK_SIZE = 0x8000n;
const MB16 = 0x1000000n;

const ESSENTIAL = new Set(['*(.text.*)', '*(.text)', '*(.rodata)', '*(.data)', '*(.data.rel.*)', '*(.bss .bss.*)']);

type Line = string | { sym: string } | { align: bigint };

interface XenSection {
  name: string;
  body: Line[];
}

export function generateXenScript(rng: SeededRandom, model: InputModel): GeneratedScript {
  const objectSymbols = allSections(model)
    .filter(({ section }) => !section.discardable)
    .flatMap(({ section }) => section.symbols)
    .concat(model.objects.flatMap((o) => o.commons.map((c) => c.name)));
  const b = new ScriptBuilder(rng, objectSymbols, 'x86_64');
  b.tag('xen');
  const ldArgs: string[] = [];
  const efiLike = rng.chance(0.2);
  const sectionAlign = efiLike ? PAGE_SIZE : 0x200000n;
  b.tag(efiLike ? 'xen-4K-sections' : 'xen-2M');
  const phdrs = rng.chance(0.6);
  const pad = !efiLike && rng.chance(0.85);
  if (rng.chance(0.3)) {
    b.tag('-N');
    ldArgs.push('-N');
  }
  if (rng.chance(0.3)) {
    b.tag('-z max-page-size');
    ldArgs.push('-z', 'max-page-size=0x200000');
  }
  const base = XEN_VIRT_START;
  /** Each input-section line is dropped with this probability (its sections become orphans). */
  const drop = rng.chance(0.3) ? 0.25 : 0.03;
  const at = (name: string): string => {
    // Rarely leave AT() off (never on .text, which has no previous section to inherit from):
    // ld then keeps the previous section's LMA - VMA difference.
    if (name !== '.text' && rng.chance(0.1)) {
      b.tag('xen-default-lma');
      return '';
    }
    b.tag('AT', 'AT-ADDR-offset');
    return ` AT(ADDR(${name}) - ${hex(base)})`;
  };
  const phdr = phdrs ? ' :text' : '';

  b.line(`ENTRY(${ENTRY_SYMBOL})`);
  if (phdrs) {
    b.tag('PHDRS');
    b.open('PHDRS {');
    b.line('text PT_LOAD ;');
    b.close();
  }
  b.open('SECTIONS {');
  b.line(`. = ${hex(base)} + ${hex(XEN_IMG_OFFSET)};`);
  define(b, '_start', '.');

  const sections: XenSection[] = [
    {
      name: '.text',
      body: [{ sym: '_stext' }, '*(.text.header)', { align: PAGE_SIZE }, { sym: '_stextentry' }, '*(.text.entry)',
        { align: PAGE_SIZE }, { sym: '_etextentry' }, '*(.text.kexec)', '*(.text.cold)', '*(.text.unlikely)', '*(.fixup)',
        '*(.text.*)', '*(.text)', { sym: '_etext' }],
    },
  ];
  emitSection(b, rng, sections[0], at, phdr + (rng.chance(0.7) ? ' = 0x9090' : ''), drop);
  alignOutside(b, sectionAlign);
  define(b, '__2M_text_end', '.');
  define(b, '__2M_rodata_start', '.');
  emitSection(b, rng, {
    name: '.rodata',
    body: [{ sym: '_srodata' }, { align: 8n }, '*(.rodata)', '*(.rodata.*)', '*(.data.rel.ro)', '*(.data.rel.ro.*)',
      { align: 8n }, { sym: '_erodata' }],
  }, at, phdr, drop);
  alignOutside(b, sectionAlign);
  define(b, '__2M_rodata_end', '.');
  define(b, '__2M_init_start', '.');
  alignOutside(b, PAGE_SIZE);
  define(b, '__init_begin', '.');
  emitSection(b, rng, {
    name: '.init.text',
    body: [{ sym: '_sinittext' }, '*(.init.text)', '*(.text.startup)', { sym: '_einittext' }, { align: PAGE_SIZE }],
  }, at, phdr, drop);
  emitSection(b, rng, {
    name: '.init',
    body: ['*(.init.rodata)', '*(.init.rodata.*)', { align: 8n }, { sym: '__setup_start' }, '*(.init.setup)',
      { sym: '__setup_end' }, { sym: '__initcall_start' }, '*(.initcallpresmp.init)', { sym: '__presmp_initcall_end' },
      '*(.initcall1.init)', { sym: '__initcall_end' }, '*(.init.data)', '*(.init.data.rel)', '*(.init.data.rel.*)',
      { align: 4n }, { sym: '__trampoline_rel_start' }, '*(.trampoline_rel)', { sym: '__trampoline_rel_stop' }],
  }, at, phdr, drop);
  alignOutside(b, STACK_SIZE);
  define(b, '__init_end', '.');
  alignOutside(b, sectionAlign);
  define(b, '__2M_init_end', '.');
  define(b, '__2M_rwdata_start', '.');
  if (rng.chance(0.6)) {
    emitSection(b, rng, {
      name: '.data.read_mostly',
      body: ['*(.data.read_mostly)', { align: 8n }, { sym: '__start_schedulers_array' }, '*(.data.schedulers)',
        { sym: '__end_schedulers_array' }],
    }, at, phdr, drop);
  }
  emitSection(b, rng, {
    name: '.data',
    body: ['*(.data.page_aligned)', '*(.data.read_mostly)', '*(.data)', '*(.data.rel)', '*(.data.rel.*)'],
  }, at, phdr, drop);
  emitSection(b, rng, {
    name: '.bss',
    body: [{ sym: '__bss_start' }, '*(.bss.stack_aligned)', '*(.bss.page_aligned*)', { align: PAGE_SIZE },
      { sym: '__per_cpu_start' }, '*(.bss.percpu.page_aligned)', '*(.bss.percpu)', { align: 128n },
      '*(.bss.percpu.read_mostly)', { align: 128n }, { sym: '__per_cpu_data_end' }, '*(.bss .bss.*)',
      ...(rng.chance(0.5) ? ['*(COMMON)'] : []), { align: 8n }, { sym: '__bss_end' }],
  }, at, phdr, drop);
  define(b, '_end', '.');
  alignOutside(b, sectionAlign);
  define(b, '__2M_rwdata_end', '.');
  if (pad) {
    b.tag('xen-pad');
    b.open(`.pad :${at('.pad')} {`);
    b.line(`. = ALIGN(${hex(MB16)});`);
    b.line('__end_of_image__ = .;');
    b.close(`}${phdr}`);
    b.defineSymbol('__end_of_image__');
    b.sections.push('.pad');
  }
  b.tag('/DISCARD/');
  b.open('/DISCARD/ : {');
  for (const p of ['*(.exit.text)', '*(.exit.data)', '*(.exitcall.exit)', '*(.discard)', '*(.discard.*)']) b.line(p);
  b.close();
  if (model.objects.some((o) => o.sections.some((s) => s.kind === 'nonalloc')) && rng.chance(0.6)) {
    b.tag('nonalloc-section');
    b.line('.gen.info 0 : { *(.gen.info) }');
  }
  b.tag('ASSERT');
  b.line(`ASSERT(__2M_rwdata_end <= ${hex(base)} + 0x40000000 - ${hex(MB16)}, "Xen image overlaps stubs area")`);
  b.line(`ASSERT(!(__2M_rwdata_end & (${hex(sectionAlign)} - 1)), "__2M_rwdata_end misaligned")`);
  b.line(`ASSERT(!(__init_begin & (${hex(PAGE_SIZE)} - 1)), "__init_begin misaligned")`);
  if (rng.chance(0.5)) b.line('ASSERT(__bss_end >= __bss_start, "bss inverted")');
  b.close();
  // Xen defines some symbols after the fact from C; here a couple of top-level PROVIDEs.
  if (rng.chance(0.5)) {
    b.tag('PROVIDE', 'PROVIDE-referenced');
    b.line('PROVIDE(xen_image_size = __2M_rwdata_end - _start);');
    b.reference('xen_image_size');
  }
  b.addSpace(sectionAlign * 6n + MB16 + STACK_SIZE + PAGE_SIZE * 8n);
  return { builder: b, ldArgs, plan: { lmaStyle: 'offset', base, offset: base, highBase: true } };
}

function define(b: ScriptBuilder, sym: string, value: string): void {
  b.line(`${sym} = ${value};`);
  b.defineSymbol(sym);
}

function alignOutside(b: ScriptBuilder, a: bigint): void {
  b.tag('dot-align');
  b.line(`. = ALIGN(${hex(a)});`);
}

function emitSection(b: ScriptBuilder, rng: SeededRandom, s: XenSection, at: (name: string) => string, tail: string, drop: number): void {
  b.open(`${s.name} :${at(s.name)} {`);
  for (const line of s.body) {
    if (typeof line === 'string') {
      // The catch-all lines stay: without them the bulk of the image becomes orphans that ld
      // scatters (with "dot moved backwards" warnings) across a 4 GiB-spanning segment.
      if (!ESSENTIAL.has(line) && rng.chance(drop)) {
        b.tag('orphan');
        continue;
      }
      b.line(line);
    } else if ('sym' in line) {
      b.line(`${line.sym} = .;`);
      b.defineSymbol(line.sym);
    } else {
      b.line(`. = ALIGN(${hex(line.align)});`);
    }
  }
  b.close(`}${tail}`);
  b.sections.push(s.name);
}
