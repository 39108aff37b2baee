/**
 * Input section matching against the real ld: first match wins, wildcards and character
 * classes, archive:member, EXCLUDE_FILE in both positions, every SORT variant (nested,
 * SORT_BY_INIT_PRIORITY, SORT_NONE, file sorting), --sort-section, KEEP, COMMON, and
 * INPUT_SECTION_FLAGS.
 */
import { asm, expectSameAsLd, linkBoth, section } from './support/ldLink';

const objs = [
  asm('a.o', section('.text', { flags: 'ax', align: 2, size: 0x11, label: 'start' }) + section('.text.b2', { flags: 'ax', align: 4, size: 7, label: 'a_b2' }) + section('.text.a1', { flags: 'ax', align: 3, size: 9, label: 'a_a1' }) + section('.rodata.x', { align: 5, size: 3, label: 'a_rx' }) + section('.data.z', { flags: 'aw', align: 1, size: 5, label: 'a_dz' }) + '\t.comm a_c1,24,8\n\t.comm a_c2,4,16\n'),
  asm('b.o', section('.text', { flags: 'ax', align: 4, size: 0x21, label: 'b_t' }) + section('.text.a1', { flags: 'ax', align: 5, size: 3, label: 'b_a1' }) + section('.text.c3', { flags: 'ax', align: 0, size: 13, label: 'b_c3' }) + section('.rodata.x', { align: 2, size: 6, label: 'b_rx' }) + section('.init_array.00200', { flags: 'aw', align: 3, size: 8 }) + section('.init_array.00100', { flags: 'aw', align: 3, size: 8 }) + section('.data.z', { flags: 'aw', align: 4, size: 9, label: 'b_dz' })),
  asm('c.o', section('.text.b2', { flags: 'ax', align: 6, size: 5, label: 'c_b2' }) + section('.rodata.y', { align: 3, size: 17, label: 'c_ry' }) + section('.data.z', { flags: 'aw', align: 2, size: 1, label: 'c_dz' }) + '\t.comm c_c1,100,32\n', 'lib.a'),
  asm('d.o', section('.text.a1', { flags: 'ax', align: 2, size: 2, label: 'd_a1' }) + section('.data.w', { flags: 'aw', align: 3, size: 8, label: 'd_dw' }), 'lib.a'),
];

function script(text: string, data = '*(.data.*)'): string {
  return `ENTRY(start)\nSECTIONS {\n  . = 0x400000;\n  .text : { ${text} }\n  .rodata : { *(.rodata.*) }\n  .data : { s_data = .; ${data} e_data = .; }\n  .bss : { *(.bss) *(COMMON) }\n}\n`;
}

describe('input section matching, compared with GNU ld', () => {
  test.each([
    ['first match wins', '*(.text.a1) a_end = .; *(.text.*) *(.text)'],
    ['wildcards and character classes', '*(.text.[ab]?) m = .; *(.text*)'],
    ['file names and archive:member', 'b.o(.text.a1) x1 = .; lib.a:d.o(.text.a1) x2 = .; lib.a:(.text.b2) x3 = .; *(.text*)'],
    ['EXCLUDE_FILE before the file pattern', 'EXCLUDE_FILE(b.o *d.o) *(.text.a1) x = .; *(.text*)'],
    ['EXCLUDE_FILE inside the section list', '*(EXCLUDE_FILE(a.o) .text.a1 .text.b2) x = .; *(.text*)'],
    ['SORT_BY_NAME and SORT_BY_ALIGNMENT', '*(SORT_BY_NAME(.text.*)) x = .; *(SORT_BY_ALIGNMENT(.text))'],
    ['nested sorts', '*(SORT_BY_NAME(SORT_BY_ALIGNMENT(.text.*))) x = .; *(SORT_BY_ALIGNMENT(SORT_BY_NAME(.text)))'],
    ['SORT_NONE and mixed sorted/unsorted patterns', '*(SORT_NONE(.text.c3) SORT(.text.a*) .text.b2) x = .; *(.text)'],
    ['file sorting', 'SORT_BY_NAME(*)(SORT_BY_NAME(.text.*)) x = .; *(.text)'],
    ['KEEP', 'KEEP(*(.text.a1)) *(.text*)'],
  ])('%s', async (_name, text) => {
    expectSameAsLd(await linkBoth({ script: script(text), objects: objs }));
  });

  test('SORT_BY_INIT_PRIORITY', async () => {
    expectSameAsLd(await linkBoth({ script: script('*(.text*)', 'KEEP(*(SORT_BY_INIT_PRIORITY(.init_array.*))) *(.data.*)'), objects: objs }));
  });

  test.each([['name'], ['alignment']])('--sort-section=%s', async (how) => {
    expectSameAsLd(await linkBoth({ script: script('*(.text.* ) *(SORT_BY_NAME(.text))'), objects: objs, ldArgs: [`--sort-section=${how}`] }));
  });

  test('COMMON symbols are allocated where *(COMMON) is, in ld\'s order', async () => {
    const l = await linkBoth({ script: script('*(.text*)'), objects: objs });
    expectSameAsLd(l);
  });

  test('INPUT_SECTION_FLAGS', async () => {
    const s = script('INPUT_SECTION_FLAGS(SHF_ALLOC & !SHF_WRITE) *(.text.a1) x = .; *(.text*)', 'INPUT_SECTION_FLAGS(SHF_WRITE) *(.data.z) y = .; *(.data.*)');
    expectSameAsLd(await linkBoth({ script: s, objects: objs }));
  });

  test('/DISCARD/ takes sections before later patterns see them', async () => {
    const s = `ENTRY(start)\nSECTIONS {\n  . = 0x400000;\n  /DISCARD/ : { *(.text.b2) }\n  .text : { *(.text*) }\n  .data : { *(.data.*) *(.init_array*) }\n}\n`;
    expectSameAsLd(await linkBoth({ script: s, objects: objs }));
  });
});
