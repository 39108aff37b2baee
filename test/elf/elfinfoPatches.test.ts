/**
 * Regression tests for elfinfo 0.4.0-beta's defects, fixed by patches/elfinfo+0.4.0-beta.patch
 * (applied by patch-package on `npm ci`) or worked around in src/elf. Each test fails on the
 * unpatched package.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as elfinfo from 'elfinfo';
import { readElf } from '../../src/elf/readElf';
import { SHT } from '../../src/elf/constants';
import { MANY_SECTIONS, SUFFIX_PAIRS, sample } from './support/samples';
import { runReadelf } from './support/readelfOutput';

// Node's own fs module object (a namespace import is a copy that jest cannot spy on).
const fsModule = require('fs') as typeof fs;

// The module elfinfo's sections.js decodes every name with; spied on to count decodes.
const encoding = require('elfinfo/dist/src/encoding') as { decode: (a: Uint8Array, o: number, l: number) => string };

async function open(file: string): Promise<elfinfo.ELF> {
  const result = await elfinfo.open(fs.readFileSync(file));
  expect(result.errors).toEqual([]);
  expect(result.success).toBe(true);
  return result.elf!;
}

function symbolsOf(elf: elfinfo.ELF): elfinfo.ELFSymbol[] {
  return elf.sections.flatMap((s) => ((s as elfinfo.ELFSymbolSection).symbols ?? []) as elfinfo.ELFSymbol[]);
}

afterEach(() => jest.restoreAllMocks());

describe('(1) symbol names are looked up in linear time', () => {
  // The unpatched getString found a name that starts inside another string (a shared tail,
  // which as and ld produce: "sym1" inside "x_sym1") by scanning every string of the table:
  // O(n) per name, 40 s to 200 s for /usr/bin/node's 185k symbols. Patched, a name is cut
  // straight from its offset and the per-string dictionary is never built: an ASCII table is
  // decoded once, whole, and a table with other bytes one name at a time.
  test('an ASCII table is decoded once, whole; the string dictionary is not built', async () => {
    const file = sample('suffix-names-obj');
    const decode = jest.spyOn(encoding, 'decode');
    const elf = await open(file);
    const symbols = symbolsOf(elf);
    expect(symbols.filter((s) => s.nameix !== 0)).toHaveLength(2 * SUFFIX_PAIRS);
    const tables = elf.sections.filter((x) => x.type === SHT.STRTAB as number);
    // .strtab and .shstrtab, each decoded from its start to its end, once
    expect(decode.mock.calls.map(([bytes, offset, length]) => [bytes.length, offset, length]).sort()).toEqual(
      tables.map((t) => [Number(t.size), 0, Number(t.size)]).sort(),
    );
    for (const s of tables) {
      // still a lazy getter: nothing read the dictionary while parsing
      expect(typeof Object.getOwnPropertyDescriptor(s, 'strings')!.get).toBe('function');
    }
  });

  test('a table with non-ASCII names is decoded one name at a time, each once', async () => {
    const file = sample('utf8-names-obj');
    const decode = jest.spyOn(encoding, 'decode');
    const elf = await open(file);
    const strtab = elf.sections.find((s) => s.name === '.strtab')!;
    const symbols = symbolsOf(elf);
    // one decode per symbol (the null symbol's "" included), each at the symbol's own offset
    const fromStrtab = decode.mock.calls.filter(([bytes]) => bytes.length === Number(strtab.size));
    expect(fromStrtab.map(([, offset]) => offset).sort((a, b) => a - b)).toEqual(symbols.map((s) => s.nameix).sort((a, b) => a - b));
    expect(symbols.map((s) => s.name)).toContain('Ärger');
  });

  test('and the names are right, also for names that are the tail of another', async () => {
    const elf = await open(sample('suffix-names-obj'));
    const names = new Set(symbolsOf(elf).map((s) => s.name));
    for (const i of [0, 1, 1234, SUFFIX_PAIRS - 1]) {
      expect(names.has(`sym${i}`)).toBe(true);
      expect(names.has(`x_sym${i}`)).toBe(true);
    }
    // The tails really are shared (otherwise this test would not exercise the lookup).
    const strtab = elf.sections.find((s) => s.name === '.strtab')!;
    const tail = symbolsOf(elf).find((s) => s.name === 'sym7')!;
    const whole = symbolsOf(elf).find((s) => s.name === 'x_sym7')!;
    expect(tail.nameix).toBe(whole.nameix + 2);
    expect(strtab.size).toBeLessThan(SUFFIX_PAIRS * 2 * 8);
  });

  test('the dictionary is still there for callers that want it', async () => {
    const elf = await open(sample('x86_64-obj'));
    const strtab = elf.sections.find((s) => s.name === '.strtab') as elfinfo.ELFStringSection;
    const entries = Object.values(strtab.strings);
    expect(entries).toContain('global_func');
  });
});

describe('(2) a file is read once, not once per symbol', () => {
  test('readElf reads only the pages elfinfo asks for, each once, and never hands elfinfo the path', async () => {
    // An executable with a large .text: its headers and tables are a small part of the file.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-lazy-read-'));
    try {
      const file = path.join(dir, 'big');
      fs.writeFileSync(path.join(dir, 'big.s'), '\t.text\n\t.globl _start\n_start:\n\t.fill 1048576, 1, 0x90\n\t.section .note.GNU-stack,"",@progbits\n');
      execFileSync('as', [path.join(dir, 'big.s'), '-o', file + '.o']);
      execFileSync('ld', ['-z', 'noexecstack', file + '.o', '-o', file]);
      const readSync = jest.spyOn(fsModule, 'readSync');
      const readFileSync = jest.spyOn(fsModule, 'readFileSync');
      const open = jest.spyOn(elfinfo, 'open');
      const elf = await readElf(file);
      expect(elf.symbols.map((s) => s.name)).toContain('_start');
      expect(readFileSync.mock.calls.filter((c) => c[0] === file)).toHaveLength(0);
      const bytesRead = readSync.mock.results.reduce((n, r) => n + (r.value as number), 0);
      expect(bytesRead).toBeLessThan(fs.statSync(file).size / 10);
      // the ELF header's page, then the section headers and tables at the end
      expect(readSync.mock.calls.length).toBeLessThanOrEqual(4);
      expect(open).toHaveBeenCalledTimes(1);
      expect(typeof open.mock.calls[0][0]).toBe('object');
      expect(open.mock.calls[0][0]).not.toBeInstanceOf(Uint8Array);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('with any reader, elfinfo reads each table once instead of each entry', async () => {
    // A reader that counts reads, the way elfinfo's own file reader would hit the disk.
    const data = fs.readFileSync(sample('suffix-names-obj'));
    const inner = elfinfo.buffer(data);
    let reads = 0;
    const counting: elfinfo.Reader = {
      ...inner,
      read: (length, position) => (reads++, inner.read(length, position)),
      view: (length, position) => (reads++, inner.view(length, position)),
    };
    const result = await elfinfo.open(counting);
    expect(result.success).toBe(true);
    const sections = result.elf!.sections.length;
    // header (2), one per section header, one per string/symbol/relocation table
    expect(reads).toBeLessThanOrEqual(2 + sections + sections);
    expect(symbolsOf(result.elf!).length).toBeGreaterThan(10 * reads);
  });
});

describe('(3) more than 65,279 sections (extended section numbering)', () => {
  test('elfinfo reads every section and the SHN_XINDEX symbols of such a file', async () => {
    const file = sample('many-sections-obj');
    const elf = await open(file);
    const readelf = runReadelf(file);
    // The unpatched parser read e_shnum = 0 and reported success with no sections at all.
    expect(elf.sections.length).toBe(readelf.sectionCount);
    expect(elf.sections.length).toBeGreaterThan(MANY_SECTIONS);
    expect(elf.sections[elf.shstrIndex].name).toBe('.shstrtab');
    const last = symbolsOf(elf).find((s) => s.name === `g${MANY_SECTIONS - 1}`)!;
    // Its st_shndx is SHN_XINDEX; the real index comes from SHT_SYMTAB_SHNDX.
    expect(last.shndxExtended).toBe(true);
    expect(elf.sections[last.shndx].name).toBe(`.s${MANY_SECTIONS - 1}`);
    expect(elfinfo.getSymbolsInSection(elf, last.shndx)).toEqual([last]);
  });
});

describe('(4) an empty string table', () => {
  test('does not fail the whole parse', async () => {
    // The unpatched buffer reader rejected a read of length 0 ("Length must be specified").
    const elf = await open(sample('empty-strtab-obj'));
    const empty = elf.sections.find((s) => s.name === '.emptystr') as elfinfo.ELFStringSection;
    expect(empty.type).toBe(SHT.STRTAB);
    expect(empty.size).toBe(0);
    expect(empty.strings).toEqual({});
    expect(symbolsOf(elf).map((s) => s.name)).toContain('_start');
  });
});

describe('(5) getSectionsInSegment', () => {
  test("includes the segment's first section and matches readelf's mapping", async () => {
    const file = sample('x86_64-exec');
    const elf = await open(file);
    const readelf = runReadelf(file);
    const text = elf.sections.find((s) => s.name === '.text')!;
    const load = elf.segments.find((p) => BigInt(p.vaddr) === BigInt(text.addr))!;
    // .text starts exactly at the segment's p_vaddr; the unpatched `addr > vaddr` dropped it.
    expect(elfinfo.getSectionsInSegment(elf, load).map((s) => s.name)).toContain('.text');
    elf.segments.forEach((p, i) => {
      expect(elfinfo.getSectionsInSegment(elf, p).map((s) => s.name)).toEqual(readelf.segments[i].sections);
    });
  });
});

describe('(6) getSymbolsInSection', () => {
  test('goes by section index, keeps symbols whose value is 0, and ignores addresses', async () => {
    const elf = await open(sample('x86_64-obj'));
    const all = symbolsOf(elf);
    for (const name of ['.text', '.data', '.bss', '.rodata']) {
      const section = elf.sections.find((s) => s.name === name)!;
      const got = elfinfo.getSymbolsInSection(elf, section);
      expect(new Set(got)).toEqual(new Set(all.filter((s) => s.shndx === section.index)));
      // In a relocatable file every section starts at 0, so matching by address mixed them up,
      // and a symbol at value 0 (the first in its section) was dropped as "no address".
      expect(got.some((s) => Number(s.value) === 0)).toBe(true);
    }
    const text = elf.sections.find((s) => s.name === '.text')!;
    expect(elfinfo.getSymbolsInSection(elf, text).map((s) => s.name)).not.toContain('global_data');
  });
});

describe('(7) a bad magic number', () => {
  test('is an error, not a warning', async () => {
    const data = Buffer.from(fs.readFileSync(sample('x86_64-obj')));
    data[1] = 0x46; // "\x7fFLF"
    const result = await elfinfo.open(data);
    expect(result.success).toBe(false);
    expect(result.elf).toBeUndefined();
    expect(result.errors.join()).toMatch(/does not start with 0x7f ELF/);
  });
});

describe('other fixes in the patch', () => {
  test('64-bit values above 2^53 are refused rather than rounded', async () => {
    const data = Buffer.from(fs.readFileSync(sample('x86_64-obj')));
    const shoff = Number(data.readBigUInt64LE(0x28));
    // section 1's sh_size (offset 0x20 in its header) = 2^60 + 1
    data.writeBigUInt64LE((1n << 60n) + 1n, shoff + 64 + 0x20);
    const result = await elfinfo.open(data);
    expect(result.success).toBe(false);
    expect(result.errors.join()).toMatch(/section header \[1\]: sh_size 0x1000000000000001 is too large \(more than 53 bits\)/);
  });

  test('a table that runs past the end of the file is an error, not a short read', async () => {
    const data = Buffer.from(fs.readFileSync(sample('x86_64-obj')));
    const elf = await open(sample('x86_64-obj'));
    const symtab = elf.sections.find((s) => s.type === SHT.SYMTAB)!;
    const shoff = Number(data.readBigUInt64LE(0x28));
    data.writeBigUInt64LE(BigInt(data.length), shoff + 64 * symtab.index + 0x20);
    const result = await elfinfo.open(data);
    expect(result.success).toBe(false);
    expect(result.errors.join()).toMatch(/symbol table section \[\d+\] .* extends past the end of the file/);
  });
});

describe('symbols made when asked for, and smaller (memory per symbol, also in the patch)', () => {
  // Symbols are objects of a class holding only the table entry's fields, made from the table
  // when `symbols` is first read; forEachSymbol hands each one's fields over without making
  // objects; st_size of ELF64 is read as two 32-bit halves. All of it must read exactly as the
  // plain objects did.
  test.each(['x86_64-exec', 'i386-obj', 'ppc64-obj', 'utf8-names-obj', 'many-sections-obj'] as const)(
    "forEachSymbol gives each symbol's fields as `symbols` has them, without making `symbols` (%s)",
    async (name) => {
      const tables = () => elf.sections.filter((s) => s.type === SHT.SYMTAB || s.type === SHT.DYNSYM) as elfinfo.ELFSymbolSection[];
      const elf = await open(sample(name));
      const fields = (t: elfinfo.ELFSymbolSection, from: number) => {
        const seen: unknown[] = [];
        elfinfo.forEachSymbol(t, from, (i, nameix, name, info, other, shndx, shndxExtended, value, size) =>
          seen.push({ i, nameix, name, info, other, shndx, shndxExtended, value, size }),
        );
        return seen;
      };
      const visited = tables().map((t) => fields(t, 0));
      // nothing read `symbols` so far: it is still the getter that makes them
      for (const t of tables()) expect(typeof Object.getOwnPropertyDescriptor(t, 'symbols')!.get).toBe('function');
      expect(visited).toEqual(
        tables().map((t) =>
          t.symbols.map((s, i) => ({ i, nameix: s.nameix, name: s.name, info: s.info, other: s.other, shndx: s.shndx, shndxExtended: s.shndxExtended === true, value: s.value, size: s.size })),
        ),
      );
      expect(tables().map((t) => elfinfo.symbolCount(t))).toEqual(tables().map((t) => t.symbols.length));
      expect(visited.flat().length).toBeGreaterThan(1);
      // `from` skips the first entries
      expect(fields(tables()[0], 1)).toEqual(visited[0].slice(1));
      if (name === 'many-sections-obj') expect(tables()[0].symbols.some((s) => s.shndxExtended)).toBe(true);
    },
  );

  test('readElf converts the symbols one at a time, never making the whole array', async () => {
    // What makes it cheaper: no moment when all of elfinfo's symbol objects are alive at once.
    const opened: elfinfo.ELF[] = [];
    const open = elfinfo.open;
    jest.spyOn(elfinfo, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
      const result = await open(...args);
      if (result.elf) opened.push(result.elf);
      return result;
    });
    const elf = await readElf(sample('x86_64-exec'));
    expect(elf.symbols.length).toBeGreaterThan(10);
    const symtab = opened[0].sections.find((s) => s.type === SHT.SYMTAB)!;
    expect(typeof Object.getOwnPropertyDescriptor(symtab, 'symbols')!.get).toBe('function');
  });

  test('an empty symbol table with entry size 0 has no symbols (not "invalid array length")', async () => {
    const data = Buffer.from(fs.readFileSync(sample('x86_64-obj')));
    const elf = await open(sample('x86_64-obj'));
    const symtab = elf.sections.find((s) => s.type === SHT.SYMTAB)!;
    const shoff = Number(data.readBigUInt64LE(0x28));
    data.writeBigUInt64LE(0n, shoff + 64 * symtab.index + 0x20); // sh_size
    data.writeBigUInt64LE(0n, shoff + 64 * symtab.index + 0x38); // sh_entsize
    const result = await elfinfo.open(data);
    expect(result.errors).toEqual([]);
    const table = result.elf!.sections[symtab.index] as elfinfo.ELFSymbolSection;
    expect(table.symbols).toEqual([]);
    expect(elfinfo.symbolCount(table)).toBe(0);
  });

  test.each(['x86_64-obj', 'ppc64-obj'] as const)('ELF64 st_size is exact either side of 2^32 and 2^53 (%s)', async (name) => {
    const data = Buffer.from(fs.readFileSync(sample(name)));
    const elf = await open(sample(name));
    const symtab = elf.sections.find((s) => s.type === SHT.SYMTAB)!;
    const le = data[5] === 1;
    const sizes = [2n ** 32n - 1n, 2n ** 32n, 2n ** 40n + 5n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 64n - 1n];
    sizes.forEach((size, i) => {
      const at = Number(symtab.offset) + (i + 1) * 24 + 16;
      if (le) data.writeBigUInt64LE(size, at);
      else data.writeBigUInt64BE(size, at);
    });
    const result = await elfinfo.open(data);
    expect(result.errors).toEqual([]);
    const symbols = (result.elf!.sections[symtab.index] as elfinfo.ELFSymbolSection).symbols;
    // a number up to 2^53 - 1, a bigint above (as before the patch)
    expect(symbols.slice(1, sizes.length + 1).map((s) => s.size)).toEqual([2 ** 32 - 1, 2 ** 32, 2 ** 40 + 5, 2 ** 53 - 1, 2n ** 53n, 2n ** 64n - 1n]);
  });

  test('type, binding, visibility, their descriptions and virtualAddress read as before', async () => {
    const elf = await open(sample('x86_64-dyn'));
    const symbols = (elf.sections.find((s) => s.type === SHT.SYMTAB) as elfinfo.ELFSymbolSection).symbols;
    const shown = runReadelf(sample('x86_64-dyn')).symbolTables.get('.symtab')!;
    expect(symbols.length).toBe(shown.length); // both with the null symbol 0
    const typeNames: Record<string, number> = { NOTYPE: 0, OBJECT: 1, FUNC: 2, SECTION: 3, FILE: 4, TLS: 6, IFUNC: 10 };
    const bindNames: Record<string, number> = { LOCAL: 0, GLOBAL: 1, WEAK: 2 };
    const visNames: Record<string, number> = { DEFAULT: 0, INTERNAL: 1, HIDDEN: 2, PROTECTED: 3 };
    for (const r of shown) {
      const s = symbols[r.index];
      expect([s.type, s.binding, s.visibility]).toEqual([typeNames[r.type], bindNames[r.bind], visNames[r.vis]]);
      expect(s.type).toBe(s.info & 0xf);
      expect(s.typeDescription).toBe(elfinfo.SymbolType[s.type] ?? String(s.type));
      expect(s.bindingDescription).toBe(elfinfo.SymbolBinding[s.binding]);
      expect(s.visibilityDescription).toBe(elfinfo.SymbolVisibility[s.visibility]);
      // in an executable or a shared object the value is the virtual address
      expect(s.virtualAddress).toBe(s.value);
    }
  });
});
