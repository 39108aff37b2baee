/**
 * The input sections `ldscope map` shows for each box, against GNU ld's own `-Map` file of the
 * same link. The mini-Xen sample is built with the machine's make/gcc/ld; its link is run
 * again with -Map (and checked to give the very same xen-syms), then once more from its four
 * objects, two of them in an archive, so that output sections have several inputs from
 * several files. For every box of the SVG (`node dist/cli.js map … --svg`): the tooltip's
 * largest inputs and their sizes and offsets, the "and K more" line, and the data-inputs*
 * attributes must be what the map file says. With only the linked ELF the inputs cannot be
 * known, and every box must say so; with the ELF and the objects they are the objects'.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MINI_XEN_SOURCE, miniXenBuild } from '../../checks/makefile/support/miniXen';
import { expectedTooltipInputs, ldMapInputs, topContributors, tooltipInputs, type MapInput } from './support/ldMapInputs';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const SCRIPT = path.join(MINI_XEN_SOURCE, 'arch/x86/xen.lds.S');
const OBJECTS = ['arch/x86/boot/head.o', 'arch/x86/x86_64/kexec_reloc.o', 'arch/x86/setup.o', 'arch/x86/efi/relocs-dummy.o'];
/** The Makefile's link: $(XEN_LDFLAGS) -T $(obj)/xen.lds -N … $(build_id_linker) $(orphan-handling-y). */
const LD_FLAGS = ['-melf_x86_64', '--no-warn-rwx-segments', '-T', 'arch/x86/xen.lds', '-N', '--build-id=sha1', '--orphan-handling=warn'];
const TOP = 5;

const hex = (v: bigint) => `0x${v.toString(16)}`;

function runOk(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

interface Box {
  name: string;
  attrs: Record<string, string>;
  tip: string;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** Each section box of the SVG once (a section drawn on the VMA and LMA lanes has one tooltip). */
function boxes(svg: string): Map<string, Box> {
  const out = new Map<string, Box>();
  // (The legend's swatches are section-classed groups too, without data-section.)
  for (const m of svg.matchAll(/<g class="section[^"]*"([^>]*data-section[^>]*)>([\s\S]*?)<\/g>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[1].matchAll(/([a-z-]+)="([^"]*)"/g)) attrs[a[1]] = unescape(a[2]);
    const title = /<title>([\s\S]*?)<\/title>/.exec(m[2]);
    const box = { name: attrs['data-section'], attrs, tip: title ? unescape(title[1]) : '' };
    if (!out.has(box.name)) out.set(box.name, box);
  }
  return out;
}

function mapSvg(build: string, out: string, args: string[]): Map<string, Box> {
  runOk(process.execPath, [CLI, 'map', SCRIPT, '--from-build', 'arch/x86/.xen.lds.cmd', ...args, '--svg', out], build);
  return boxes(fs.readFileSync(out, 'utf8'));
}

/** Every box against ld's map: tooltip lines and data attributes. Returns the boxes checked. */
function expectInputsAsLdMap(drawn: Map<string, Box>, ld: Map<string, MapInput[]>): number {
  let checked = 0;
  for (const box of drawn.values()) {
    const list = ld.get(box.name);
    expect({ section: box.name, inMap: list !== undefined }).toEqual({ section: box.name, inMap: true });
    const want = expectedTooltipInputs(list!, TOP);
    expect({ section: box.name, tooltip: tooltipInputs(box.tip) }).toEqual({ section: box.name, tooltip: want });
    expect({ section: box.name, count: box.attrs['data-inputs'], bytes: box.attrs['data-inputs-bytes'] }).toEqual({
      section: box.name,
      count: String(list!.length),
      bytes: hex(want.bytes),
    });
    const top = topContributors(list!, TOP).map((i) => ({ file: i.file, section: i.section, offset: hex(i.offset), size: hex(i.size), ...(i.bytes !== i.size ? { excluded: true } : {}) }));
    expect({ section: box.name, top: JSON.parse(box.attrs['data-inputs-top']) }).toEqual({ section: box.name, top });
    checked++;
  }
  return checked;
}

describe('ldscope map: the inputs of each box are those of ld -Map for the same link', () => {
  let build: string;
  let work: string;

  beforeAll(() => {
    if (!fs.existsSync(CLI)) throw new Error('build first: npm run build');
    build = miniXenBuild();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-map-inputs-'));
  }, 300_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test("the real link (prelink.o): ld's map and the map page agree box by box", () => {
    const elf = path.join(work, 'xen-syms');
    runOk('ld', [...LD_FLAGS, 'prelink.o', '-o', elf, `-Map=${elf}.map`], build);
    // The same link the build made: the same bytes as its xen-syms.
    expect(fs.readFileSync(elf).equals(fs.readFileSync(path.join(build, 'xen-syms')))).toBe(true);
    const ld = ldMapInputs(`${elf}.map`);
    const drawn = mapSvg(build, path.join(work, 'prelink.svg'), ['prelink.o', '-N', '--build-id']);
    expect(expectInputsAsLdMap(drawn, ld)).toBeGreaterThan(15);
    // Not vacuous: .bss's largest input is the 32 KiB stack, and .text has several.
    expect(tooltipInputs(drawn.get('.bss')!.tip)!.shown[0]).toEqual({ bytes: 0x8000n, file: 'prelink.o', section: '.bss.stack_aligned', offset: 0n });
    expect(tooltipInputs(drawn.get('.text')!.tip)!.count).toBeGreaterThan(2);

    // With the linked ELF too, the inputs are still the objects' (and ld's).
    const withElf = mapSvg(build, path.join(work, 'prelink-elf.svg'), ['prelink.o', '-N', '--build-id', '--elf', 'xen-syms']);
    expect([...withElf.keys()].sort()).toEqual([...drawn.keys()].sort());
    expectInputsAsLdMap(withElf, ld);
  });

  test('from the four objects, two in an archive: files and archive members as ld names them, "and K more"', () => {
    const archive = path.join(work, 'libx86.a');
    runOk('ar', ['rcD', archive, ...OBJECTS.slice(2)], build);
    const inputs = [...OBJECTS.slice(0, 2), archive];
    const elf = path.join(work, 'xen-objs');
    runOk('ld', [...LD_FLAGS, ...OBJECTS.slice(0, 2), '--whole-archive', archive, '--no-whole-archive', '-o', elf, `-Map=${elf}.map`], build);
    const ld = ldMapInputs(`${elf}.map`);
    const drawn = mapSvg(build, path.join(work, 'objs.svg'), [...inputs, '-N', '--build-id']);
    expect(expectInputsAsLdMap(drawn, ld)).toBeGreaterThan(15);
    const text = tooltipInputs(drawn.get('.text')!.tip)!;
    expect(text.count).toBeGreaterThan(TOP);
    expect(text.more).toBeDefined();
    expect(text.shown[0]).toEqual({ bytes: 0x2dn, file: `${archive}(setup.o)`, section: '.text', offset: 0x1010n });
    // Merged strings: each file's .debug_str at its merged size, as ld's map prints it.
    const debugStr = /\.debug_str\s+PROGBITS\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)/.exec(runOk('readelf', ['-SW', elf], build))!;
    expect(tooltipInputs(drawn.get('.debug_str')!.tip)!.bytes).toBe(BigInt(`0x${debugStr[1]}`));
  });

  test('a string section ld merged away entirely adds 0 bytes, though its map line gives a size', () => {
    const dir = path.join(work, 'merged');
    fs.mkdirSync(dir);
    const strings = (list: string[]) => `\t.section .rodata.str1.1,"aMS",@progbits,1\n${list.map((x) => `\t.string "${x}"\n`).join('')}`;
    const sources: Record<string, string> = {
      'a.s': `\t.text\n\t.globl _start\n_start:\n\t.fill 0x40,1,0x90\n${strings(['hello', 'world', 'a longer string than the others'])}`,
      'b.s': `\t.text\n\t.fill 0x10,1,0x90\n${strings(['world', 'lo'])}`,
      'c.s': `\t.text\n\t.fill 0x20,1,0x90\n${strings(['new', 'hello'])}`,
    };
    for (const [name, text] of Object.entries(sources)) {
      fs.writeFileSync(path.join(dir, name), text);
      runOk('as', ['-o', name.replace(/\.s$/, '.o'), name], dir);
    }
    fs.writeFileSync(path.join(dir, 'x.ld'), 'SECTIONS { . = 0x400000; .text : { *(.text) } .rodata : { *(.rodata*) } }\n');
    const objs = ['a.o', 'b.o', 'c.o'];
    runOk('ld', ['-T', 'x.ld', ...objs, '-o', 'x.elf', '-Map=x.map'], dir);
    const ld = ldMapInputs(path.join(dir, 'x.map'));
    const b = ld.get('.rodata')!.find((i) => i.file === 'b.o')!;
    // ld's map: b.o's section is listed with its size, yet where it takes no room.
    expect(b.size).toBeGreaterThan(0n);
    expect(b.bytes).toBe(0n);
    runOk(process.execPath, [CLI, 'map', 'x.ld', ...objs, '--svg', 'x.svg'], dir);
    const drawn = boxes(fs.readFileSync(path.join(dir, 'x.svg'), 'utf8'));
    expectInputsAsLdMap(drawn, ld);
    const rodata = drawn.get('.rodata')!;
    expect(rodata.tip).toContain(`b.o(.rodata.str1.1) at +${hex(b.offset)} (merged away by ld; its map line says ${hex(b.size)})`);
    expect(BigInt(rodata.attrs['data-inputs-bytes'])).toBe(BigInt(rodata.attrs['data-size']));
  });

  test('from the linked ELF alone every box says its inputs are unknown, and why', () => {
    const drawn = mapSvg(build, path.join(work, 'elf.svg'), ['--elf', 'xen-syms']);
    expect(drawn.size).toBeGreaterThan(15);
    for (const box of drawn.values()) {
      expect({ section: box.name, inputs: box.attrs['data-inputs'] }).toEqual({ section: box.name, inputs: 'unknown' });
      expect(box.tip).toContain('inputs: unknown — only the linked ELF was given');
      expect(tooltipInputs(box.tip)).toBeUndefined();
    }
  });
});
