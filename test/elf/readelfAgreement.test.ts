/**
 * ldscope's ELF reader (elfinfo underneath) against `readelf -hSlsW`, field by field, on real
 * files of both classes and byte orders: a Xen-like executable linked at 0xffff82d080000000,
 * a relocatable, a dynamic PIE, i386 object and executable, big-endian PowerPC64 object and
 * executable, a file with an empty string table, one with 65,300 sections and a stripped one.
 */
import { readElf } from '../../src/elf/readElf';
import { EM, SHF, STT } from '../../src/elf/constants';
import type { ElfFile, ElfSymbol } from '../../src/elf/types';
import { ELF_SAMPLES, sample, type SampleName } from './support/samples';
import { runReadelf, type ReadelfSymbol } from './support/readelfOutput';

/** readelf's Flg letters for sh_flags, as a sorted string (readelf's own order varies by kind). */
function flagLetters(elf: ElfFile, flags: bigint): string {
  const letters: [bigint, string][] = [
    [SHF.WRITE, 'W'],
    [SHF.ALLOC, 'A'],
    [SHF.EXECINSTR, 'X'],
    [SHF.MERGE, 'M'],
    [SHF.STRINGS, 'S'],
    [SHF.INFO_LINK, 'I'],
    [SHF.LINK_ORDER, 'L'],
    [SHF.OS_NONCONFORMING, 'O'],
    [SHF.GROUP, 'G'],
    [SHF.TLS, 'T'],
    [SHF.COMPRESSED, 'C'],
    [SHF.EXCLUDE, 'E'],
    [SHF.GNU_RETAIN, 'R'],
  ];
  if (elf.machine === EM.X86_64) letters.push([0x10000000n, 'l']);
  let out = '';
  let rest = flags;
  for (const [bit, letter] of letters) {
    if (flags & bit) {
      out += letter;
      rest &= ~bit;
    }
  }
  if (rest !== 0n) out += `?0x${rest.toString(16)}`;
  return [...out].sort().join('');
}

/** What readelf prints in the Ndx column for a symbol. */
function ndxColumn(elf: ElfFile, sym: ElfSymbol): string {
  switch (sym.section.kind) {
    case 'undefined':
      return 'UND';
    case 'absolute':
      return 'ABS';
    case 'common':
      return 'COM';
    case 'section':
      return String(sym.section.index);
    case 'reserved': {
      const v = sym.section.shndx;
      if (elf.machine === EM.X86_64 && v === 0xff02) return 'LARGE_COM';
      const h = v.toString(16).padStart(4, '0');
      if (v <= 0xff1f) return `PRC[0x${h}]`;
      if (v <= 0xff3f) return `OS [0x${h}]`;
      return `RSV[0x${h}]`;
    }
  }
}

function compareSymbols(elf: ElfFile, ours: ElfSymbol[], theirs: ReadelfSymbol[] | undefined, dynamic: boolean): void {
  if (theirs === undefined) {
    expect(ours).toEqual([]);
    return;
  }
  expect(ours.length).toBe(theirs.length - 1);
  for (let i = 0; i < ours.length; i++) {
    const s = ours[i];
    const r = theirs[i + 1];
    // readelf names an unnamed section symbol after its section, and adds versions in .dynsym.
    const shownName = s.type === STT.SECTION && s.name === '' && s.sectionName !== undefined ? s.sectionName : s.name;
    const nameOk = r.name === shownName || (dynamic && r.name.startsWith(shownName + '@'));
    const got = {
      index: s.index,
      value: s.value,
      size: s.size,
      type: s.typeName,
      bind: s.bindName,
      vis: s.visibilityName,
      ndx: ndxColumn(elf, s),
      name: nameOk ? r.name : shownName,
    };
    expect(got).toEqual({ ...r });
    if (s.section.kind === 'section') expect(s.sectionName).toBe(elf.sections[s.section.index].name);
  }
}

describe.each(ELF_SAMPLES)('%s agrees with readelf -hSlsW', (name: SampleName) => {
  let elf: ElfFile;
  let re: ReturnType<typeof runReadelf>;
  beforeAll(async () => {
    const file = sample(name);
    elf = await readElf(file);
    re = runReadelf(file);
  });

  test('header', () => {
    expect(`ELF${elf.class}`).toBe(re.header.class);
    expect(re.header.data).toContain(`${elf.endian} endian`);
    expect(elf.typeName).toBe(re.header.type);
    expect(elf.entry).toBe(re.header.entry);
  });

  test('section headers', () => {
    expect(elf.sections.length).toBe(re.sectionCount);
    expect(elf.sections.length).toBe(re.sections.length);
    for (const r of re.sections) {
      const s = elf.sections[r.index];
      expect({
        index: s.index,
        name: s.name,
        type: s.typeName,
        addr: s.addr,
        offset: s.offset,
        size: s.size,
        entsize: s.entsize,
        flags: flagLetters(elf, s.flags),
        link: s.link,
        info: s.info,
        align: s.addralign,
      }).toEqual({ ...r, flags: [...r.flags].sort().join('') });
    }
  });

  test('program headers and the section-to-segment mapping', () => {
    expect(elf.segments.length).toBe(re.segments.length);
    elf.segments.forEach((p, i) => {
      const r = re.segments[i];
      const flags = `${p.flags & 4 ? 'R' : ' '}${p.flags & 2 ? 'W' : ' '}${p.flags & 1 ? 'E' : ' '}`;
      expect({
        type: p.typeName.slice(0, 14),
        offset: p.offset,
        vaddr: p.vaddr,
        paddr: p.paddr,
        filesz: p.filesz,
        memsz: p.memsz,
        flags,
        align: p.align,
        sections: p.sectionIndices.map((j) => elf.sections[j].name),
      }).toEqual(r);
    });
  });

  test('symbol tables', () => {
    compareSymbols(elf, elf.symbols, re.symbolTables.get('.symtab'), false);
    compareSymbols(elf, elf.dynamicSymbols, re.symbolTables.get('.dynsym'), true);
  });
});

describe('what the samples are', () => {
  // Guards that the samples keep exercising what this file claims to test.
  test('the Xen-like image is linked at 0xffff82d080200000 and has absolute symbols', async () => {
    const elf = await readElf(sample('x86_64-exec'));
    expect(elf.sections.find((s) => s.name === '.text')!.addr).toBe(0xffff82d080200000n);
    const alt = elf.symbols.find((s) => s.name === 'ALT_START')!;
    expect(alt.section.kind).toBe('absolute');
    expect(alt.value).toBe(0xffff82d0c0000000n);
  });

  test('the 32-bit and big-endian files are what they say', async () => {
    expect((await readElf(sample('i386-exec'))).class).toBe(32);
    expect((await readElf(sample('i386-obj'))).typeName).toBe('REL');
    const ppc = await readElf(sample('ppc64-exec'));
    expect([ppc.class, ppc.endian, ppc.machine]).toEqual([64, 'big', EM.PPC64]);
  });

  test('the many-sections file needs extended numbering and SHN_XINDEX symbols', async () => {
    const elf = await readElf(sample('many-sections-obj'));
    expect(elf.sections.length).toBeGreaterThan(0xff00);
    expect(elf.shstrndx).toBeGreaterThan(0xff00);
    const high = elf.symbols.filter((s) => s.section.kind === 'section' && s.section.index >= 0xff00);
    expect(high.length).toBeGreaterThan(10);
    expect(high.every((s) => s.sectionName === `.s${s.name.slice(1)}`)).toBe(true);
  });

  test('the stripped file has no symbol table', async () => {
    expect((await readElf(sample('stripped-exec'))).symbols).toEqual([]);
  });
});
