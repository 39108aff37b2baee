/**
 * Rules shaped like Xen's `$(TARGET)` rule of each era (fixtures/, see its README), run for
 * real: make runs the rule in a scratch build directory holding the mini-Xen `xen-syms`, with
 * a `boot/mkelf32` that records its arguments and then runs the sample's real mkelf32. The
 * evaluation must give the very end address make passed and the p_memsz mkelf32 wrote. For the
 * eras without an end address, the fixture's mkelf32.c (the era's size computation as a
 * program) is compiled and run instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluateImageEndRecipe, explainImageEnd, readImageEndRecipe } from '../../../src/checks/makefile';
import { miniXenBuild } from './support/miniXen';
import { C_LOCALE_ENV, shQuote } from './support/realTools';

const FIXTURES = path.join(__dirname, 'fixtures');

/** Variables Xen's top-level Makefile passes down; given to make and to the reader alike. */
const CALLER_VARIABLES = { obj: '.', build_id_linker: '--build-id=sha1' };

interface ScratchBuild {
  dir: string;
  /** The arguments the recorded mkelf32 run got. */
  args: string[];
  makeOutput: string;
}

/**
 * Runs `make xen` for a fixture in a fresh directory. `realMkelf32` false: the stand-in only
 * records its arguments and writes a Multiboot magic so the rule's od check passes.
 */
function runFixture(era: string, miniXen: string, realMkelf32: boolean): ScratchBuild {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ldscope-era-${era}-`));
  fs.copyFileSync(path.join(miniXen, 'xen-syms'), path.join(dir, 'xen-syms'));
  fs.mkdirSync(path.join(dir, 'boot'));
  const sampleTool = path.join(miniXen, 'arch/x86/boot/mkelf32');
  const wrapper = [
    '#!/bin/sh',
    'for a in "$@"; do printf "%s\\n" "$a"; done > mkelf32.args',
    realMkelf32
      ? `exec ${shQuote(sampleTool)} "$@"`
      : 'out=$2; [ "$1" = --notes ] && out=$3; printf "\\002\\260\\255\\033" > "$out"',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'boot/mkelf32'), `${wrapper}\n`, { mode: 0o755 });
  const fixture = path.join(FIXTURES, era);
  const makefiles = ['arch.mk', 'Makefile'].filter((f) => fs.existsSync(path.join(fixture, f))).flatMap((f) => ['-f', path.join(fixture, f)]);
  const r = spawnSync(
    'make',
    [...makefiles, 'TARGET=xen', 'NM=nm', ...Object.entries(CALLER_VARIABLES).map(([k, v]) => `${k}=${v}`), 'dot-target=$(@D)/.$(@F)', 'xen'],
    { cwd: dir, encoding: 'utf8', env: C_LOCALE_ENV },
  );
  if (r.status !== 0) throw new Error(`make for ${era} failed:\n${r.stdout}${r.stderr}`);
  const args = fs.readFileSync(path.join(dir, 'mkelf32.args'), 'utf8').split('\n').slice(0, -1);
  return { dir, args, makeOutput: r.stdout };
}

function loadSegment(file: string): { vaddr: bigint; memsz: bigint } {
  const out = execFileSync('readelf', ['-lW', file], { encoding: 'utf8' });
  const load = out.split('\n').find((l) => /^\s*LOAD\s/.test(l))!;
  const f = load.trim().split(/\s+/);
  return { vaddr: BigInt(f[2]), memsz: BigInt(f[5]) };
}

function nmValue(file: string, name: string): bigint {
  const line = execFileSync('nm', [file], { encoding: 'utf8' })
    .split('\n')
    .find((l) => l.endsWith(` ${name}`))!;
  return BigInt(`0x${line.split(' ')[0]}`);
}

/** Compiles a fixture's mkelf32.c (the era's size computation) and returns a runner. */
function compileSizeProgram(era: string, dir: string): (...args: string[]) => bigint {
  const exe = path.join(dir, `mkelf32-size-${era}`);
  execFileSync('gcc', ['-O2', '-Wall', '-Werror', '-o', exe, path.join(FIXTURES, era, 'boot/mkelf32.c')]);
  return (...args) => BigInt(`0x${execFileSync(exe, args, { encoding: 'utf8' }).trim()}`);
}

const WITH_END = [
  { era: 'xen-2005', picks: 'ALT_START', loadBase: 0x100000n, notes: false },
  { era: 'xen-2006', picks: 'ALT_START', loadBase: 0x100000n, notes: false },
  { era: 'xen-2016a', picks: 'ALT_START', loadBase: 0x100000n, notes: true },
  { era: 'xen-2016b', picks: '__2M_rwdata_end', loadBase: 0x100000n, notes: true },
  { era: 'xen-2022', picks: '__2M_rwdata_end', loadBase: 0x200000n, notes: true },
  { era: 'xen-2023', picks: '__2M_rwdata_end', loadBase: 0x200000n, notes: true },
];

describe('era fixtures with an end address, run by the real make', () => {
  let miniXen: string;
  const scratch: string[] = [];
  beforeAll(() => {
    miniXen = miniXenBuild();
  });
  afterAll(() => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test.each(WITH_END)('$era: same end address, same p_memsz, picks $picks', async (c) => {
    const run = runFixture(c.era, miniXen, true);
    scratch.push(run.dir);
    const recipe = readImageEndRecipe(path.join(FIXTURES, c.era, 'Makefile'), { variables: CALLER_VARIABLES });
    const result = await evaluateImageEndRecipe(recipe, path.join(run.dir, 'xen-syms'));
    expect(result.unsupported).toBeUndefined();

    // What make handed to mkelf32.
    expect(run.args[0] === '--notes').toBe(c.notes);
    expect(recipe.notes).toBe(c.notes);
    expect(result.valueText).toBe(run.args[run.args.length - 1]);
    expect(recipe.loadBase?.value).toBe(run.args[run.args.length - 2]);
    expect(result.image?.loadBase).toBe(c.loadBase);
    // What mkelf32 wrote.
    expect(result.image?.memorySize).toBe(loadSegment(path.join(run.dir, 'xen')).memsz);
    // Where the value came from.
    expect(result.pickedSymbol?.name).toBe(c.picks);
    expect(result.pickedSymbol?.value).toBe(nmValue(path.join(run.dir, 'xen-syms'), c.picks));
  });

  test('the 2006 pipeline continues inside the back quotes; the reader joins it as the shell does', () => {
    const recipe = readImageEndRecipe(path.join(FIXTURES, 'xen-2006/Makefile'));
    expect(recipe.end?.written).toBe("$(NM) $(TARGET)-syms | sort | tail -n 1 | sed -e 's/^\\([^ ]*\\).*/0x\\1/'");
    expect(recipe.end?.shell).toContain('\\\n');
  });

  test('xen-2023: the out-image uses $(dot-target), which only the caller defines; the end address does not need it', () => {
    const recipe = readImageEndRecipe(path.join(FIXTURES, 'xen-2023/Makefile'), { variables: { obj: '.' } });
    expect(recipe.outImage?.unresolved).toEqual(['$(dot-target)']);
    expect(recipe.end?.unresolved).toBeUndefined();
    expect(recipe.loadBase?.value).toBe('0x200000'); // from arch.mk next to the Makefile
  });

  test('xen-2022: the size rule is read from boot/mkelf32.c (the commented-out line is skipped)', () => {
    const recipe = readImageEndRecipe(path.join(FIXTURES, 'xen-2022/Makefile'), { variables: CALLER_VARIABLES });
    const source = fs.readFileSync(path.join(FIXTURES, 'xen-2022/boot/mkelf32.c'), 'utf8').split('\n');
    const line = source.findIndex((l) => /^\s*mem_siz = \(uint32_t\)\(final_exec_addr/.test(l)) + 1;
    expect(recipe.memorySizeRule).toMatchObject({ kind: 'end-argument', source: { line } });
  });
});

describe('era fixtures without an end address (Xen 4.21 and later)', () => {
  let miniXen: string;
  let work: string;
  beforeAll(() => {
    miniXen = miniXenBuild();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-era-noend-'));
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test.each([
    { era: 'xen-2025', alignment: 1n << 20n, verdict: 'wrong' },
    { era: 'xen-2026', alignment: 2n << 20n, verdict: 'ok' },
  ])('$era: make passes no end address; mkelf32.c pads to $alignment bytes; verdict $verdict', async (c) => {
    const run = runFixture(c.era, miniXen, false);
    try {
      expect(run.args).toEqual(['--notes', 'xen-syms', './.xen.elf32', '0x200000']);
      const makefile = path.join(FIXTURES, c.era, 'Makefile');
      const recipe = readImageEndRecipe(makefile, { variables: CALLER_VARIABLES });
      expect(recipe.noEndArgument).toBe(true);
      expect(recipe.end).toBeUndefined();
      expect(recipe.memorySizeRule).toMatchObject({ kind: 'pad-memsz', alignment: c.alignment });

      const xenSyms = path.join(run.dir, 'xen-syms');
      const result = await evaluateImageEndRecipe(recipe, xenSyms);
      const segment = loadSegment(xenSyms);
      const size = compileSizeProgram(c.era, work);
      expect(result.image?.memorySize).toBe(size('0x200000', `0x${segment.memsz.toString(16)}`));

      // mini-Xen's .bss ends 0x10200 past 6 MiB: padded to 1 MiB the segment stops short of
      // __2M_rwdata_end (the bug 5416c455f6 fixed); padded to 2 MiB it reaches it.
      const end = nmValue(xenSyms, '__2M_rwdata_end');
      const explanation = explainImageEnd(result, { address: end, symbol: '__2M_rwdata_end' }, recipe);
      expect(explanation.verdict).toBe(c.verdict);
      expect(explanation.message).toContain(`mkelf32 gets no end address: it pads p_memsz 0x${segment.memsz.toString(16)} up to ${c.alignment >> 20n} MiB`);
      expect(explanation.location.line).toBe(recipe.recipe.line);
    } finally {
      fs.rmSync(run.dir, { recursive: true, force: true });
    }
  });

  test('the padding arithmetic agrees with the compiled fixtures on edge values', async () => {
    const { memorySizeByPadding } = await import('../../../src/checks/makefile/mkelf32Model');
    for (const [era, alignment] of [
      ['xen-2025', 1n << 20n],
      ['xen-2026', 2n << 20n],
    ] as const) {
      const size = compileSizeProgram(era, work);
      for (const memsz of [0n, 1n, 0x1fffffn, 0x200000n, 0x3c7240n, 0x610200n, 0xfff00001n, 0xffffffffn, 0x1_0000_1000n]) {
        for (const base of [0x200000n, 0x100000n, 0x200800n, 0xfffff000n]) {
          const hex = (v: bigint) => `0x${v.toString(16)}`;
          expect([era, hex(memsz), hex(base), memorySizeByPadding(memsz, alignment, base)]).toEqual([era, hex(memsz), hex(base), size(hex(base), hex(memsz))]);
        }
      }
    }
  });

  test('the end-address arithmetic agrees with the compiled 2016-2025 fixture, 32-bit wrap-around included', async () => {
    const { memorySizeFromEnd } = await import('../../../src/checks/makefile/mkelf32Model');
    const size = compileSizeProgram('xen-2022', work);
    const hex = (v: bigint) => `0x${v.toString(16)}`;
    const vaddr = 0xffff82d040200000n;
    for (const end of [vaddr, vaddr + 0x3c7240n, vaddr + 0x3c8000n, 0xffff82d0c0000000n, vaddr + (5n << 32n) + 0x1234n, vaddr - 1n, 0n]) {
      for (const base of [0x200000n, 0x100000n, 0x200800n]) {
        expect(memorySizeFromEnd(end, vaddr, base)).toBe(size(hex(base), hex(end), hex(vaddr)));
      }
    }
  });
});
