/**
 * src/elf/fastRelocatable.ts (the fast path ldscope eval reads objects with) must give exactly
 * what readObjectFile (elfinfo, validated) gives, and leave every file it does not handle to it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRelocatableFast, readObjectFileFast } from '../../src/elf/fastRelocatable';
import { readObjectFile } from '../../src/elf/readElf';
import { miniXenBuild } from '../checks/makefile/support/miniXen';
import { asm, linkBoth, section } from './support/ldLink';

const body =
  section('.text', { flags: 'ax', align: 4, size: 0x40, label: 'start' }) +
  section('.rodata.str1.1', { flags: 'aMS', type: 'progbits,1', size: 0 }) +
  '\t.string "hello"\n\t.comm cbuf,64,32\n\t.weak wk\n\t.hidden hid\n\t.globl hid\nhid:\n\t.long wk\n' +
  section('.data', { flags: 'aw', align: 3, size: 0x20, label: 'da' }) +
  section('.bss', { flags: 'aw', align: 5, size: 0x100, label: 'bb' }) +
  section('.tdata', { flags: 'awT', align: 3, size: 8, label: 'tl' });

async function expectSame(file: string): Promise<void> {
  const slow = await readObjectFile(file);
  const fast = await readObjectFileFast(file);
  expect(fast).toEqual(slow);
}

describe('fast reader for relocatable objects', () => {
  test('x86-64 and i386 objects and an archive read the same as through elfinfo', async () => {
    for (const arch of ['x86_64', 'i386'] as const) {
      const l = await linkBoth({
        arch,
        script: 'SECTIONS { .text : { *(.text) } .data : { *(.data) } }',
        objects: [asm('a.o', body), asm('b.o', body.replace(/start/g, 'start2').replace(/\bda\b/g, 'db').replace(/\bbb\b/g, 'bc').replace(/\btl\b/g, 'tm').replace(/\bhid\b/g, 'hid2')), asm('c.o', section('.text.c', { flags: 'ax', size: 4 }), 'lib.a')],
      });
      for (const f of fs.readdirSync(l.dir).filter((n) => /\.(o|a)$/.test(n))) await expectSame(path.join(l.dir, f));
      // The fast path took the objects (not a fallback).
      expect(parseRelocatableFast(fs.readFileSync(path.join(l.dir, 'a.o')), 'a.o')).toBeDefined();
      // A linked executable is not its business.
      expect(parseRelocatableFast(fs.readFileSync(l.ld.files.elf), 'out.elf')).toBeUndefined();
    }
  });

  test('the mini-Xen prelink.o (ld -r output, debug sections) reads the same', async () => {
    await expectSame(path.join(miniXenBuild(), 'prelink.o'));
  }, 300_000);

  test('a damaged object falls back to the validating reader and its error', async () => {
    const l = await linkBoth({ script: 'SECTIONS { .text : { *(.text) } }', objects: [asm('a.o', body)] });
    const data = fs.readFileSync(path.join(l.dir, 'a.o'));
    // Point e_shstrndx past the section headers.
    data.writeUInt16LE(0xfff0, 62);
    const bad = path.join(l.dir, 'bad.o');
    fs.writeFileSync(bad, data);
    expect(parseRelocatableFast(data, 'bad.o')).toBeUndefined();
    await expect(readObjectFileFast(bad)).rejects.toThrow(/bad\.o/);
  });
});
