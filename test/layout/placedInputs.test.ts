/**
 * The input sections each laid-out output section carries (LaidOutSection.inputs), against
 * the lines GNU ld's `-Map` file prints for the same link: the same input sections, in the same
 * order, from the same files (archive members as `lib.a(member.o)`), at the same offsets, with
 * the same sizes (merged SHF_MERGE sections at their merged size, empty and linker-created
 * ones included). From the linked ELF alone they are not known, and the layout says so by
 * leaving them out.
 */
import type { LayoutResult } from '../../src/layout/LayoutResult';
import type { LdInputSection } from '../support/ldOracle/caseTypes';
import { asm, expectSameAsLd, linkBoth, section } from './support/ldLink';

const hex = (v: bigint) => '0x' + v.toString(16);

/** Each kept output section's inputs as `file(section) +offset size`, ours and the map's. */
function inputLines(ours: LayoutResult, map: LdInputSection[]): { ours: string[]; ld: string[] } {
  const a: string[] = [];
  const b: string[] = [];
  for (const s of ours.sections) {
    for (const i of s.inputs ?? []) a.push(`${s.name}: ${i.file}(${i.section}) +${hex(i.offset)} ${hex(i.size)}`);
    for (const i of map.filter((m) => m.outputSection === s.name)) b.push(`${s.name}: ${i.file}(${i.name}) +${hex(i.vma - s.vma)} ${hex(i.size)}`);
  }
  return { ours: a, ld: b };
}

/**
 * By ld's map alone: the input section of FILE in OUTPUT starts where the next input with bytes
 * starts, or at the output section's end, so it adds nothing however big the map says it is.
 */
function takesNoBytes(map: LdInputSection[], output: string, file: string, end: bigint): boolean {
  const list = map.filter((m) => m.outputSection === output);
  const k = list.findIndex((m) => m.file === file);
  const next = list.slice(k + 1).find((m) => m.size > 0n);
  return list[k].vma === (next ? next.vma : end);
}

const objs = [
  asm('a.o', section('.text', { flags: 'ax', align: 2, size: 0x11, label: 'start' }) + section('.text.b2', { flags: 'ax', align: 4, size: 7 }) + section('.text.a1', { flags: 'ax', align: 3, size: 9 }) + section('.rodata.x', { align: 5, size: 3 }) + section('.data.z', { flags: 'aw', align: 1, size: 5 }) + '\t.comm a_c1,24,8\n\t.comm a_c2,4,16\n'),
  asm('b.o', section('.text', { flags: 'ax', align: 4, size: 0x21 }) + section('.text.a1', { flags: 'ax', align: 5, size: 3 }) + section('.rodata.x', { align: 2, size: 6 }) + section('.data.z', { flags: 'aw', align: 4, size: 9 }) + section('.bss.big', { flags: 'aw', type: 'nobits', align: 6, size: 0x300 })),
  asm('c.o', section('.text.b2', { flags: 'ax', align: 6, size: 5 }) + section('.rodata.y', { align: 3, size: 17 }) + section('.data.z', { flags: 'aw', align: 2, size: 1 }) + '\t.comm c_c1,100,32\n', 'lib.a'),
  asm('d.o', section('.text.a1', { flags: 'ax', align: 2, size: 2 }) + section('.data.w', { flags: 'aw', align: 3, size: 8 }) + '\t.section .rodata.str1.1,"aMS",@progbits,1\n\t.string "hello"\n\t.string "lo"\n', 'lib.a'),
  asm('e.o', section('.text', { flags: 'ax', align: 0, size: 0 }) + '\t.section .rodata.str1.1,"aMS",@progbits,1\n\t.string "hello"\n\t.string "world"\n'),
];

const SCRIPT = `ENTRY(start)
SECTIONS {
  . = 0x400000;
  .text : { *(.text.a1) lib.a:d.o(.text.a1) *(SORT_BY_NAME(.text.*)) *(.text) }
  .rodata : { *(.rodata.*) }
  .data ALIGN(0x1000) : { *(.data.*) BYTE(1) }
  .bss : { *(.bss*) *(COMMON) }
}
`;

describe('LaidOutSection.inputs, compared with the input section lines of ld -Map', () => {
  test('objects and archive members, sorted and first-match patterns, merged strings, COMMON, orphans', async () => {
    const l = await linkBoth({ script: SCRIPT, objects: objs, ldArgs: ['--build-id'] });
    expectSameAsLd(l);
    const lines = inputLines(l.ours, l.ld.inputSections);
    expect(lines.ours).toEqual(lines.ld);
    // Not vacuous: archive members, COMMON, a merged string section and the build-id note are there.
    const all = lines.ours.join('\n');
    for (const want of ['lib.a(c.o)(.text.b2)', 'lib.a(d.o)(.rodata.str1.1)', '(COMMON)', '.note.gnu.build-id: ', 'e.o(.rodata.str1.1)']) expect(all).toContain(want);
    expect(l.ours.sections.every((s) => s.inputs !== undefined)).toBe(true);
    // d.o's strings are all in e.o's ("lo" ends "hello"): ld drops its section. The map still
    // lists it with a size, but at the end of .rodata, where it takes no bytes.
    const rodata = l.ours.sections.find((s) => s.name === '.rodata')!;
    expect(rodata.inputs!.filter((i) => i.excluded).map((i) => `${i.file}(${i.section})`)).toEqual(['lib.a(d.o)(.rodata.str1.1)']);
    expect(takesNoBytes(l.ld.inputSections, '.rodata', 'lib.a(d.o)', rodata.vma + rodata.size)).toBe(true);
    expect(takesNoBytes(l.ld.inputSections, '.rodata', 'e.o', rodata.vma + rodata.size)).toBe(false);
  });

  test('orphans: each input where ld placed it, at its offset', async () => {
    const l = await linkBoth({ script: 'SECTIONS { . = 0x100000; .text : { *(.text) } }\n', objects: objs });
    expectSameAsLd(l);
    const lines = inputLines(l.ours, l.ld.inputSections);
    expect(lines.ours.length).toBeGreaterThan(10);
    expect(lines.ours).toEqual(lines.ld);
  });

  test('from the linked ELF alone, no section claims to know its inputs', async () => {
    const l = await linkBoth({ script: SCRIPT, objects: objs });
    expectSameAsLd(l);
    const fromElf = await l.elf!();
    expect(fromElf.sections.length).toBe(l.ours.sections.length);
    expect(fromElf.sections.filter((s) => s.inputs !== undefined).map((s) => s.name)).toEqual([]);
  });
});
