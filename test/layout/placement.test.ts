/**
 * Output section placement and LMAs against the real ld: explicit addresses, ALIGN(),
 * ALIGN_WITH_INPUT, SUBALIGN, AT(), AT>region, the default LMA rule, MEMORY regions with
 * attributes and REGION_ALIAS, NOLOAD/INFO/COPY, OVERLAY, DATA_SEGMENT_*, data commands and
 * FILL, INSERT into the default script, PHDRS, orphans of every class, and which empty
 * sections ld removes.
 */
import { asm, expectSameAsLd, linkBoth, section } from './support/ldLink';

const objs = [
  asm(
    'a.o',
    section('.text', { flags: 'ax', align: 4, size: 0x41, label: 'start' }) +
      section('.rodata', { align: 3, size: 0x13, label: 'ro' }) +
      section('.data', { flags: 'aw', align: 5, size: 0x22, label: 'da' }) +
      section('.bss', { flags: 'aw', align: 6, size: 0x100, label: 'bs' }) +
      section('.orph.text', { flags: 'ax', align: 4, size: 0x9 }) +
      section('.orph.ro', { flags: 'a', align: 2, size: 0x7 }) +
      section('.orph.data', { flags: 'aw', align: 3, size: 0x5 }) +
      section('.orph.bss', { flags: 'aw', type: 'nobits', align: 4, size: 0x30 }) +
      section('.note.orph', { flags: 'a', type: 'note', align: 2, size: 0x10 }) +
      section('.comment.orph', { flags: '', align: 0, size: 0x20 }),
  ),
  asm('b.o', section('.text', { flags: 'ax', align: 2, size: 0x33, label: 'b_t' }) + section('.data', { flags: 'aw', align: 2, size: 0x7, label: 'b_d' }) + section('.ovl.a', { flags: 'aw', align: 2, size: 0x40 }) + section('.ovl.b', { flags: 'aw', align: 3, size: 0x28 })),
];

const S = (body: string, top = '') => `ENTRY(start)\n${top}\nSECTIONS {\n${body}\n}\n`;

describe('placement and LMAs, compared with GNU ld', () => {
  test.each([
    ['explicit addresses, ALIGN() and `.` moves', S('. = 0x400000; .text 0x400100 : { *(.text) } . = ALIGN(0x1000); .rodata ALIGN(0x100) : ALIGN(0x40) { *(.rodata) } .data (. + 0x33) : { *(.data) . = ALIGN(0x20); } .bss : { *(.bss) }')],
    ['SUBALIGN and ALIGN_WITH_INPUT', S('. = 0x400000; .text : SUBALIGN(64) { *(.text) } .data : AT(0x800000) ALIGN_WITH_INPUT { *(.data) } .bss : { *(.bss) }')],
    ['AT() and the default LMA rule', S('. = 0xc0000000; .text : AT(0x100000) { *(.text) } .rodata : { *(.rodata) } .data 0xc0010000 : { *(.data) } .bss : { *(.bss) }')],
    ['MEMORY, attributes, AT>region and REGION_ALIAS', S('.text : { *(.text) } >ROM .rodata : { *(.rodata) } >TEXT_ALIAS .data : { *(.data) } >RAM AT>ROM .bss : { *(.bss) } >RAM', 'MEMORY { ROM (rx) : ORIGIN = 0x10000000, LENGTH = 64K\n RAM (rw!x) : org = 0x20000000, l = 1M }\nREGION_ALIAS("TEXT_ALIAS", ROM);')],
    ['NOLOAD, INFO and COPY sections', S('. = 0x400000; .text : { *(.text) } .data : { *(.data) } .bss (NOLOAD) : { *(.bss) } .info (INFO) : { BYTE(1) } .copy (COPY) : { *(.rodata) }')],
    ['OVERLAY with __load_start/__load_stop', S('. = 0x400000; .text : { *(.text) } OVERLAY 0x500000 : AT(0x600000) { .ov1 { *(.ovl.a) } .ov2 { *(.ovl.b) } } after_ov = .; .data : { *(.data) }', 'EXTERN(__load_start_ov1 __load_stop_ov2)')],
    ['data commands and FILL', S('. = 0x400000; .text : { *(.text) BYTE(1) SHORT(2) FILL(0x90909090) LONG(3) QUAD(4) SQUAD(-5) } = 0xcc .data : { *(.data) }')],
    ['DATA_SEGMENT_ALIGN/RELRO_END/END', S('. = 0x400000 + SIZEOF_HEADERS; .text : { *(.text) } .rodata : { *(.rodata) } . = DATA_SEGMENT_ALIGN(CONSTANT(MAXPAGESIZE), CONSTANT(COMMONPAGESIZE)); .data.rel.ro : { *(.rodata.rel) } . = DATA_SEGMENT_RELRO_END(0, .); .data : { *(.data) } .bss : { *(.bss) } . = DATA_SEGMENT_END(.); end_sym = .;')],
    ['PHDRS', S('. = 0x400000; .text : { *(.text) } :text .rodata : { *(.rodata) } .data : { *(.data) } :data .bss : { *(.bss) }', 'PHDRS { text PT_LOAD FLAGS(5); data PT_LOAD; }')],
    ['orphans of every kind', S('. = 0x400000; .text : { *(.text) } .rodata : { *(.rodata) } .data : { *(.data) } .bss : { *(.bss) }')],
    ['orphans without anchors', S('. = 0x400000; .code : { *(.text) } .rd : { *(.rodata) } .rw : { *(.data) } .zero : { *(.bss) }')],
    ['which empty sections are removed', S('. = 0x400000; .text : { *(.text) } .sym_only : { so = .; } .dot_keep : { . = ALIGN(0x100); } .dot_zero : { . = . + 0; } .never : { *(.nosuch) } .named : { *(.nosuch2) } nm = ADDR(.named); .data : { *(.data) }')],
  ])('%s', async (_name, s) => {
    expectSameAsLd(await linkBoth({ script: s, objects: objs }));
  });

  test('INSERT AFTER into the default script', async () => {
    const s = 'SECTIONS { .inserted : { ins_start = .; *(.orph.data) ins_end = .; } } INSERT AFTER .data;';
    expectSameAsLd(await linkBoth({ script: s, objects: objs }));
    expectSameAsLd(await linkBoth({ script: s.replace('AFTER .data', 'BEFORE .bss'), objects: objs, arch: 'i386' }));
  });

  test('-Ttext and --section-start', async () => {
    const s = S('.text : { *(.text) } .data : { *(.data) } .bss : { *(.bss) }');
    expectSameAsLd(await linkBoth({ script: s, objects: objs, ldArgs: ['-Ttext=0x500000', '--section-start=.data=0x600000'] }));
  });

  test('-N, -z separate-code and page sizes move the program headers', async () => {
    const s = S('. = 0x400000 + SIZEOF_HEADERS; .text : { *(.text) } .rodata : { *(.rodata) } . = ALIGN(CONSTANT(MAXPAGESIZE)); .data : { *(.data) } .bss : { *(.bss) }');
    for (const args of [['-N'], ['-z', 'noseparate-code'], ['-z', 'max-page-size=0x200000', '-z', 'common-page-size=0x10000']]) {
      expectSameAsLd(await linkBoth({ script: s, objects: objs, ldArgs: args }));
    }
  });
});
