/**
 * SHF_MERGE sections (bfd_merge_sections): equal strings/constants are kept once across the
 * inputs of an output section, strings also when they end another string, and each section
 * keeps what it added first; sizes change, so the addresses after them do. Each case is linked
 * by the real ld and compared section by section and symbol by symbol.
 */
import { asm, expectSameAsLd, linkBoth } from './support/ldLink';

const text = '\t.text\n\t.globl _start\n_start:\n\tret\n';

function strings(name: string, entsize: number, align: number, items: string[]): string {
  const lines = [`\t.section ${name},"aMS",@progbits,${entsize}`, `\t.p2align ${align}`];
  for (const s of items) {
    if (entsize === 1) lines.push(`\t.string "${s}"`);
    else lines.push(...[...s, '\0'].map((ch) => `\t.${entsize === 2 ? 'short' : 'long'} ${ch.charCodeAt(0)}`));
  }
  return lines.join('\n') + '\n';
}

function consts(name: string, size: number, values: number[]): string {
  const lines = [`\t.section ${name},"aM",@progbits,${size}`, `\t.p2align ${Math.log2(size)}`];
  for (const v of values) lines.push(`\t.${size === 8 ? 'quad' : 'long'} ${v}`);
  return lines.join('\n') + '\n';
}

const SCRIPT = `SECTIONS {
  . = 0x400000;
  .text : { *(.text) }
  .rodata : { r0 = .; *(.rodata.str1.1) r1 = .; *(.rodata.str1.8) r2 = .; *(.rodata.str2.2) r3 = .; *(.rodata.cst*) r4 = .; *(.rodata) r5 = .; }
  .data : { d0 = .; *(.data) }
  .comment 0 : { *(.comment) }
  c_end = SIZEOF(.comment);
}
`;

describe('SEC_MERGE sections', () => {
  test('strings: duplicates across files and suffixes of longer strings are kept once', async () => {
    const l = await linkBoth({
      script: SCRIPT,
      objects: [
        asm('a.o', text + strings('.rodata.str1.1', 1, 0, ['hello world', 'world', 'abc', '']) + '\t.data\n\t.quad 1\n'),
        asm('b.o', strings('.rodata.str1.1', 1, 0, ['abc', 'bc', 'hello world', 'xyz']) + '\t.data\n\t.quad 2\n'),
        asm('c.o', strings('.rodata.str1.1', 1, 0, ['world', 'abc'])),
      ],
    });
    expectSameAsLd(l);
  });

  test('aligned strings (.rodata.str1.8): alignment limits suffix merging and pads', async () => {
    const l = await linkBoth({
      script: SCRIPT,
      objects: [
        asm('a.o', text + strings('.rodata.str1.8', 1, 3, ['a rather long string', 'string']) + '\t.section .rodata.str1.8\n\t.p2align 3\n\t.string "long string"\n'),
        asm('b.o', strings('.rodata.str1.8', 1, 3, ['string', 'rather long string', 'q']) + strings('.rodata.str1.1', 1, 0, ['x'])),
      ],
    });
    expectSameAsLd(l);
  });

  test('wide strings (entity size 2) and constants (.rodata.cst8/.cst4)', async () => {
    const l = await linkBoth({
      script: SCRIPT,
      objects: [
        asm('a.o', text + strings('.rodata.str2.2', 2, 1, ['ab', 'b', 'cd']) + consts('.rodata.cst8', 8, [1, 2, 3]) + consts('.rodata.cst4', 4, [7])),
        asm('b.o', strings('.rodata.str2.2', 2, 1, ['cd', 'xb']) + consts('.rodata.cst8', 8, [3, 2, 9]) + consts('.rodata.cst4', 4, [7, 7])),
        asm('c.o', consts('.rodata.cst8', 8, [1])),
      ],
    });
    expectSameAsLd(l);
  });

  test('non-alloc strings (.comment) merge too; a section that adds nothing is excluded', async () => {
    const comment = (s: string) => `\t.section .comment,"MS",@progbits,1\n\t.string "${s}"\n`;
    const l = await linkBoth({
      script: SCRIPT,
      objects: [asm('a.o', text + comment('GCC: (x) 1.0')), asm('b.o', comment('GCC: (x) 1.0') + '\t.section .rodata,"a"\n\t.byte 1\n'), asm('c.o', comment('clang 9'))],
    });
    expectSameAsLd(l);
  });

  test('a mergeable section with relocations is not merged', async () => {
    const l = await linkBoth({
      script: SCRIPT,
      objects: [
        asm('a.o', text + '\t.section .rodata.cst8,"aM",@progbits,8\n\t.p2align 3\n\t.quad _start\n\t.quad 5\n'),
        asm('b.o', consts('.rodata.cst8', 8, [5, 5])),
      ],
    });
    expectSameAsLd(l);
  });
});
