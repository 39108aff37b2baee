/**
 * Expression evaluation (ldexp.c) against the real ld: section-relative vs absolute values,
 * 64-bit wrap-around, signed division, builtins, DEFINED and forward references, page-size
 * constants, SEGMENT_START and SIZEOF_HEADERS.
 */
import { asm, expectSameAsLd, linkBoth, section } from './support/ldLink';

const text = asm('a.o', section('.text', { flags: 'ax', align: 4, size: 0x30, label: 'start' }) + section('.data', { flags: 'aw', align: 3, size: 0x18, label: 'dat' }));

function script(body: string, top = ''): string {
  return `ENTRY(start)\n${top}\nSECTIONS {\n  . = 0x400000;\n  .text : { *(.text) }\n  .data : { *(.data) ${body} }\n}\n`;
}

describe('expressions, compared with GNU ld', () => {
  test.each([
    ['a number inside a section is relative to it', script('rel = 0x10;')],
    ['a number outside sections is absolute', script('', 'abs1 = 0x10;')],
    ['ABSOLUTE(.) and . inside a section', script('a_dot = .; a_abs = ABSOLUTE(.);')],
    ['64-bit wrap-around', script('', 'w1 = 0xffffffffffffffff + 2; w2 = -1; w3 = 1 << 63; w4 = (1 << 63) * 2; w5 = 0 - 0x10;')],
    ['shift counts are taken modulo 64', script('', 'sh1 = 1 << 64; sh2 = 0x80 >> 65;')],
    ['signed division and remainder', script('', 'd1 = -7 / 2; d2 = -7 % 2; d3 = 7 / -2; d4 = 0x10 / 3;')],
    ['LOG2CEIL', script('', 'l0 = LOG2CEIL(0); l1 = LOG2CEIL(1); l3 = LOG2CEIL(3); l4 = LOG2CEIL(4); l5 = LOG2CEIL(0x1001);')],
    ['ALIGN, NEXT, MAX, MIN, ternary, logic', script('al1 = ALIGN(0x100); al2 = ALIGN(0x1234, 0x100); nx = NEXT(0x40); mx = MAX(1, .); mn = MIN(1, .); t = . > 0 ? 1 : 2; lg = !0 + ~0 + (1 && 0) + (0 || 2);')],
    ['DEFINED sees script symbols only once assigned in this pass', script('', 'df1 = DEFINED(later) ? 1 : 2; later = 5; df2 = DEFINED(later) ? 1 : 2; df3 = DEFINED(dat); df4 = DEFINED(nosuch);')],
    ['forward references take the previous pass value', script('', 'f1 = f2 + 1; f2 = 10;')],
    ['compound assignments', script('c_in = 1; c_in += 2;', 'c_out = 4; c_out <<= 2; c_out |= 1;')],
    ['object symbols in expressions', script('o1 = dat + 4; o2 = ABSOLUTE(dat) - start;')],
    ['ADDR, LOADADDR, SIZEOF, ALIGNOF', script('', 'q1 = ADDR(.data); q2 = LOADADDR(.data); q3 = SIZEOF(.text); q4 = ALIGNOF(.data);')],
    ['CONSTANT page sizes', script('', 'c1 = CONSTANT(MAXPAGESIZE); c2 = CONSTANT(COMMONPAGESIZE);')],
  ])('%s', async (_name, s) => {
    expectSameAsLd(await linkBoth({ script: s, objects: [text] }));
  });

  test('CONSTANT(MAXPAGESIZE) follows -z max-page-size', async () => {
    expectSameAsLd(await linkBoth({ script: script('', 'c1 = CONSTANT(MAXPAGESIZE); c2 = CONSTANT(COMMONPAGESIZE);'), objects: [text], ldArgs: ['-z', 'max-page-size=0x200000'] }));
  });

  test('SEGMENT_START takes -Ttext-segment', async () => {
    const s = 'ENTRY(start)\nSECTIONS {\n  . = SEGMENT_START("text-segment", 0x400000) + 0x100;\n  .text : { *(.text) }\n  ss = SEGMENT_START("data-segment", 0x1234);\n}\n';
    expectSameAsLd(await linkBoth({ script: s, objects: [text], ldArgs: ['-Ttext-segment=0x800000'] }));
  });

  test('SIZEOF_HEADERS counts the program headers ld makes', async () => {
    const s = 'ENTRY(start)\nSECTIONS {\n  . = 0x400000 + SIZEOF_HEADERS;\n  .text : { *(.text) }\n  . = ALIGN(0x1000);\n  .data : { *(.data) }\n  hdr = SIZEOF_HEADERS;\n}\n';
    expectSameAsLd(await linkBoth({ script: s, objects: [text] }));
    expectSameAsLd(await linkBoth({ script: s, objects: [text], arch: 'i386' }));
  });

  test('SIZEOF_HEADERS with PHDRS is one header per entry', async () => {
    const s = 'ENTRY(start)\nPHDRS { hdr PT_LOAD FILEHDR PHDRS; text PT_LOAD; data PT_LOAD; note PT_NOTE; }\nSECTIONS {\n  . = 0x400000 + SIZEOF_HEADERS;\n  .text : { *(.text) } :text\n  .data : { *(.data) } :data\n  hdr = SIZEOF_HEADERS;\n}\n';
    expectSameAsLd(await linkBoth({ script: s, objects: [text] }));
  });

  test('--defsym', async () => {
    expectSameAsLd(await linkBoth({ script: script(''), objects: [text], ldArgs: ['--defsym', 'ds1=0x1234', '--defsym', 'ds2=start+4'] }));
  });
});
