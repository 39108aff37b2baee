/**
 * Builds samples/mini-xen with the machine's real make, gcc, ld and nm into a
 * temporary directory and checks the result with the real nm, readelf and
 * objdump: where the script put things, that ALT_START is the absolute symbol
 * far above the image, and what end address each of the Makefile's three eras
 * handed to mkelf32. Expected values are derived from the linked ELF's own
 * symbols; only the sample's documented constants (image base, load offset,
 * 2 MiB regions, 16 MiB padding, 1 GiB Xen area) are spelled out.
 */
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SAMPLE_DIR = path.resolve(__dirname, '../../samples/mini-xen');

/** The sample's contract (include/asm/config.h, include/asm/page.h, Makefile). */
const XEN_VIRT_START = 0xffff82d080000000n;
const XEN_IMG_OFFSET = 0x200000n;
const KiB = 1n << 10n;
const MiB = 1n << 20n;
const GiB = 1n << 30n;
const SECTION_ALIGN = 2n * MiB;

function run(cmd: string, args: string[], cwd?: string): SpawnSyncReturns<string> {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

function runOk(cmd: string, args: string[], cwd?: string): string {
  const result = run(cmd, args, cwd);
  if (result.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

function alignUp(value: bigint, align: bigint): bigint {
  return (value + align - 1n) & ~(align - 1n);
}

interface NmSymbol {
  value: bigint;
  /** nm's one-letter type: A absolute, T text, D data, B bss, ... */
  type: string;
}

/** Defined symbols of an ELF file by name, from the real nm. */
function nmSymbols(file: string): Map<string, NmSymbol> {
  const symbols = new Map<string, NmSymbol>();
  for (const line of runOk('nm', [file]).split('\n')) {
    const m = /^([0-9a-f]+) (\S) (\S+)$/.exec(line);
    if (m && !symbols.has(m[3])) symbols.set(m[3], { value: BigInt(`0x${m[1]}`), type: m[2] });
  }
  return symbols;
}

function symbol(symbols: Map<string, NmSymbol>, name: string): bigint {
  const s = symbols.get(name);
  if (!s) throw new Error(`symbol ${name} not found by nm`);
  return s.value;
}

interface Segment {
  type: string;
  offset: bigint;
  vaddr: bigint;
  paddr: bigint;
  filesz: bigint;
  memsz: bigint;
}

/** Program headers from the real `readelf -lW` (ELF32 or ELF64). */
function segments(file: string): Segment[] {
  const result: Segment[] = [];
  for (const line of runOk('readelf', ['-lW', file]).split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length >= 6 && /^0x[0-9a-f]+$/.test(f[1]) && /^[A-Z_]+$/.test(f[0])) {
      const [type, offset, vaddr, paddr, filesz, memsz] = f;
      result.push({
        type,
        offset: BigInt(offset),
        vaddr: BigInt(vaddr),
        paddr: BigInt(paddr),
        filesz: BigInt(filesz),
        memsz: BigInt(memsz),
      });
    }
  }
  return result;
}

function onlySegment(file: string, type: string): Segment {
  const found = segments(file).filter((s) => s.type === type);
  expect(found).toHaveLength(1);
  return found[0];
}

interface Section {
  vma: bigint;
  lma: bigint;
  size: bigint;
  flags: string;
}

/** Section headers with load addresses, from the real `objdump -hw`. */
function sections(file: string): Map<string, Section> {
  const result = new Map<string, Section>();
  for (const line of runOk('objdump', ['-hw', file]).split('\n')) {
    const m = /^\s*\d+\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+\S+\s+(.*)$/.exec(line);
    if (m) {
      result.set(m[1], {
        size: BigInt(`0x${m[2]}`),
        vma: BigInt(`0x${m[3]}`),
        lma: BigInt(`0x${m[4]}`),
        flags: m[5],
      });
    }
  }
  return result;
}

function entryPoint(file: string): bigint {
  const m = /Entry point address:\s+(0x[0-9a-f]+)/.exec(runOk('readelf', ['-hW', file]));
  if (!m) throw new Error(`no entry point in readelf -h ${file}`);
  return BigInt(m[1]);
}

/** Every file under dir (relative paths), to show an O= build leaves the tree alone. */
function listTree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** mkelf32's p_memsz for an image ending at `end`: end − start, to a 4 KiB boundary. */
function expectedMemsz(end: bigint, start: bigint): bigint {
  return alignUp(XEN_IMG_OFFSET + (end - start), 4n * KiB) - XEN_IMG_OFFSET;
}

describe('samples/mini-xen built with the real toolchain', () => {
  let buildDir: string;
  let build: SpawnSyncReturns<string>;
  let treeBefore: string[];
  let syms: Map<string, NmSymbol>;
  let padSyms: Map<string, NmSymbol>;
  const out = (name: string) => path.join(buildDir, name);

  beforeAll(() => {
    treeBefore = listTree(SAMPLE_DIR);
    buildDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mini-xen-'));
    build = run('make', ['-C', SAMPLE_DIR, `O=${buildDir}`, '-j2']);
    if (build.status !== 0) {
      throw new Error(`make failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
    }
    syms = nmSymbols(out('xen-syms'));
    padSyms = nmSymbols(out('xen-pad-syms'));
  });

  afterAll(() => {
    if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
  });

  test('builds out of tree, without ld warnings, leaving the sample directory untouched', () => {
    expect(build.stderr).not.toMatch(/warning|error/i);
    for (const f of ['xen-syms', 'xen-pad-syms', 'xen-era1', 'xen-era2', 'xen-era3', 'arch/x86/xen.lds']) {
      expect(fs.existsSync(out(f))).toBe(true);
    }
    expect(listTree(SAMPLE_DIR)).toEqual(treeBefore);
  });

  test('links _start at __XEN_VIRT_START + XEN_IMG_OFFSET and enters at its physical address', () => {
    const base = symbol(syms, '__image_base__');
    expect(base).toBe(XEN_VIRT_START);
    expect(syms.get('start_pa')).toEqual({ value: XEN_IMG_OFFSET, type: 'A' });
    for (const name of ['_start', 'start', '__2M_text_start', '_stext']) {
      expect([name, symbol(syms, name)]).toEqual([name, base + XEN_IMG_OFFSET]);
    }
    expect(entryPoint(out('xen-syms'))).toBe(symbol(syms, 'start_pa'));
  });

  test('puts each section in its 2 MiB region, loaded at VMA - __XEN_VIRT_START', () => {
    const secs = sections(out('xen-syms'));
    const base = symbol(syms, '__image_base__');
    const s = (name: string) => symbol(syms, name);
    const sec = (name: string) => {
      const found = secs.get(name);
      if (!found) throw new Error(`section ${name} missing from xen-syms`);
      return found;
    };

    const boundaries = [
      '__2M_text_start', '__2M_text_end', '__2M_rodata_start', '__2M_rodata_end',
      '__2M_init_start', '__2M_init_end', '__2M_rwdata_start', '__2M_rwdata_end',
    ];
    for (const name of boundaries) expect([name, s(name) % SECTION_ALIGN]).toEqual([name, 0n]);
    for (let i = 1; i < boundaries.length; i++) expect(s(boundaries[i])).toBeGreaterThanOrEqual(s(boundaries[i - 1]));
    expect(s('__2M_text_end')).toBe(s('__2M_rodata_start'));
    expect(s('__2M_rodata_end')).toBe(s('__2M_init_start'));
    expect(s('__2M_init_end')).toBe(s('__2M_rwdata_start'));

    const regions: Record<string, [string, string]> = {
      '.text': ['__2M_text_start', '__2M_text_end'],
      '.rodata': ['__2M_rodata_start', '__2M_rodata_end'],
      '.note.gnu.build-id': ['__2M_rodata_start', '__2M_rodata_end'],
      '.note': ['__2M_rodata_start', '__2M_rodata_end'],
      '.init.text': ['__2M_init_start', '__2M_init_end'],
      '.init.data': ['__2M_init_start', '__2M_init_end'],
      '.data.read_mostly': ['__2M_rwdata_start', '__2M_rwdata_end'],
      '.data': ['__2M_rwdata_start', '__2M_rwdata_end'],
      '.bss': ['__2M_rwdata_start', '__2M_rwdata_end'],
    };
    for (const [name, [lo, hi]] of Object.entries(regions)) {
      const { vma, lma, size } = sec(name);
      expect([name, size > 0n]).toEqual([name, true]);
      expect([name, vma >= s(lo) && vma + size <= s(hi)]).toEqual([name, true]);
      expect([name, lma]).toEqual([name, vma - base]);
    }

    expect(sec('.text').vma).toBe(s('_start'));
    expect(sec('.rodata').vma).toBe(s('__2M_rodata_start'));
    expect(sec('.init.text').vma).toBe(s('__init_begin'));
    expect(s('__init_begin')).toBe(s('__2M_init_start'));
    expect(s('__init_end')).toBe(s('__2M_init_end'));
    expect(sec('.data.read_mostly').vma).toBe(s('__2M_rwdata_start'));
    expect(sec('.bss').vma).toBe(s('__bss_start'));
    expect(sec('.bss').vma + sec('.bss').size).toBe(s('__bss_end'));
    expect(s('_end')).toBe(s('__bss_end'));
    expect(s('__2M_rwdata_end')).toBe(alignUp(s('_end'), SECTION_ALIGN));
    expect(s('kexec_reloc_end') - s('kexec_reloc')).toBeLessThanOrEqual(4n * KiB);
    expect(s('cpu0_stack') % (32n * KiB)).toBe(0n);

    // /DISCARD/ dropped .exit.text and the function in it; .got stayed empty.
    expect(secs.has('.exit.text')).toBe(false);
    expect(syms.has('mini_xen_exit')).toBe(false);
    expect(secs.has('.got')).toBe(false);

    // One PT_LOAD from _start, loaded at its physical address; PT_NOTE holds the build-id.
    const load = onlySegment(out('xen-syms'), 'LOAD');
    expect(load.vaddr).toBe(s('_start'));
    expect(load.paddr).toBe(symbol(syms, 'start_pa'));
    expect(load.vaddr + load.memsz).toBe(s('_end'));
    const note = onlySegment(out('xen-syms'), 'NOTE');
    expect(note.vaddr).toBe(sec('.note.gnu.build-id').vma);
  });

  test('ALT_START is an absolute symbol at XEN_VIRT_END, far above everything in the image', () => {
    const alt = syms.get('ALT_START');
    expect(alt?.type).toBe('A');
    expect(syms.get('VIRT_START')).toEqual({ value: symbol(syms, '__image_base__'), type: 'A' });
    expect(alt!.value).toBe(symbol(syms, 'VIRT_START') + GiB);
    for (const [name, sym] of syms) {
      if (name !== 'ALT_START') expect([name, sym.value < alt!.value]).toEqual([name, true]);
    }
    expect(alt!.value - symbol(syms, '__2M_rwdata_end')).toBeGreaterThan(512n * MiB);
  });

  test('era 1 (highest symbol) takes ALT_START and makes a ~1 GiB image', () => {
    const highest = runOk('nm', ['-nr', out('xen-syms')]).split('\n')[0];
    expect(highest).toMatch(/ A ALT_START$/);
    const end = symbol(syms, 'ALT_START');
    const image = onlySegment(out('xen-era1'), 'LOAD');
    expect(image.memsz).toBe(expectedMemsz(end, symbol(syms, '_start')));
    expect(image.memsz).toBeGreaterThan(1000n * MiB);
    expect(image.paddr).toBe(XEN_IMG_OFFSET);
    expect(image.filesz).toBe(onlySegment(out('xen-syms'), 'LOAD').filesz);
  });

  test('era 2 (.pad section) ends the image at the 16 MiB-aligned __end_of_image__', () => {
    const end = symbol(padSyms, '__end_of_image__');
    expect(end % (16n * MiB)).toBe(0n);
    expect(end).toBe(alignUp(symbol(padSyms, '_end'), 16n * MiB));
    // The .pad variant changes nothing before it.
    for (const name of ['_start', '__2M_rwdata_start', '_end', '__2M_rwdata_end']) {
      expect([name, symbol(padSyms, name)]).toEqual([name, symbol(syms, name)]);
    }
    const pad = sections(out('xen-pad-syms')).get('.pad');
    expect(pad).toBeDefined();
    expect(pad!.vma + pad!.size).toBe(end);
    expect(pad!.flags).not.toMatch(/CONTENTS/);
    expect(onlySegment(out('xen-pad-syms'), 'LOAD').memsz).toBe(end - symbol(padSyms, '_start'));

    const image = onlySegment(out('xen-era2'), 'LOAD');
    expect(image.memsz).toBe(expectedMemsz(end, symbol(padSyms, '_start')));
    expect(image.paddr).toBe(XEN_IMG_OFFSET);
  });

  test('era 3 (__2M_rwdata_end) ends the image at the last 2 MiB boundary', () => {
    const end = symbol(syms, '__2M_rwdata_end');
    const image = onlySegment(out('xen-era3'), 'LOAD');
    expect(image.memsz).toBe(expectedMemsz(end, symbol(syms, '_start')));
    expect(image.memsz).toBeLessThanOrEqual(16n * MiB);
    expect(image.paddr).toBe(XEN_IMG_OFFSET);

    const era1 = onlySegment(out('xen-era1'), 'LOAD').memsz;
    const era2 = onlySegment(out('xen-era2'), 'LOAD').memsz;
    expect(era1).toBeGreaterThan(era2);
    expect(era2).toBeGreaterThan(image.memsz);
    // Every era still carries the build-id note where xen-syms has it, relative to the load base.
    const note = onlySegment(out('xen-syms'), 'NOTE');
    for (const era of ['xen-era1', 'xen-era2', 'xen-era3']) {
      expect([era, onlySegment(out(era), 'NOTE').paddr]).toEqual([era, note.paddr]);
    }
  });

  test('records the exact preprocessing command in arch/x86/.xen.lds.cmd, and it reproduces xen.lds', () => {
    const cmdFile = fs.readFileSync(out('arch/x86/.xen.lds.cmd'), 'utf8');
    const m = /^cmd_arch\/x86\/xen\.lds := (.*)$/m.exec(cmdFile);
    expect(m).not.toBeNull();
    const command = m![1];
    expect(command).toContain(`-include ${SAMPLE_DIR}/include/xen/config.h`);
    expect(command).toContain('-DXEN_IMG_OFFSET=0x200000');
    expect(command).toContain('-o arch/x86/xen.lds');
    expect(cmdFile).toContain(`source_arch/x86/xen.lds := ${SAMPLE_DIR}/arch/x86/xen.lds.S`);
    expect(cmdFile).toContain(`${SAMPLE_DIR}/include/xen/xen.lds.h`);
    expect(fs.readFileSync(out('arch/x86/.xen-pad.lds.cmd'), 'utf8')).toMatch(
      /^cmd_arch\/x86\/xen-pad\.lds := .* -DXEN_PAD_IMAGE .*-o arch\/x86\/xen-pad\.lds /m,
    );

    // Run in the build directory, the command writes the same script again.
    const before = fs.readFileSync(out('arch/x86/xen.lds'));
    fs.rmSync(out('arch/x86/xen.lds'));
    runOk('sh', ['-c', command], buildDir);
    expect(fs.readFileSync(out('arch/x86/xen.lds')).equals(before)).toBe(true);
    expect(before.toString()).toContain('AT(ADDR(".text") - 0xffff82d080000000)');
  });

  test("ld enforces the script's ASSERTs: a load offset that is not 2 MiB aligned fails the link", () => {
    const badDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mini-xen-bad-'));
    try {
      const bad = run('make', ['-C', SAMPLE_DIR, `O=${badDir}`, 'XEN_IMG_OFFSET=0x201000', 'xen-syms']);
      expect(bad.status).not.toBe(0);
      expect(bad.stderr).toMatch(/_start misaligned/);
      expect(fs.existsSync(path.join(badDir, 'xen-syms'))).toBe(false);
    } finally {
      fs.rmSync(badDir, { recursive: true, force: true });
    }
  });
});
