/**
 * Corrupt input never hangs and never escapes as anything but an InputError that names the
 * file and says what is wrong: hand-made corruptions of real files, the CLI's exit status and
 * message, and a seeded fuzz run (mutations and truncations of real ELF files and archives).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InputError } from '../../src/diagnostics/errors';
import { readElfBuffer, readObjectBuffer } from '../../src/elf/readElf';
import { formatNm } from '../../src/elf/nmFormat';
import { SHT } from '../../src/elf/constants';
import { sample, type SampleName } from './support/samples';
import { SeededRandom } from '../support/SeededRandom';

const CLI = path.join(__dirname, '../../dist/cli.js');

/** The error readElfBuffer gives for `data`, which must be an InputError. */
async function errorFor(data: Uint8Array, name = 'bad.o'): Promise<string> {
  try {
    await readObjectBuffer(data, name);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    const message = (e as InputError).message;
    expect(message.startsWith(`${name}: `)).toBe(true);
    return message;
  }
  throw new Error('expected an InputError, but the file was read');
}

function bytesOf(name: SampleName): Buffer {
  return Buffer.from(fs.readFileSync(sample(name)));
}

/** Offsets into a little-endian ELF64 file's section header table. */
function sectionHeader(data: Buffer, index: number): number {
  return Number(data.readBigUInt64LE(0x28)) + 64 * index;
}

async function sectionIndex(data: Buffer, type: number): Promise<number> {
  const elf = await readElfBuffer(Buffer.from(data), 'x');
  return elf.sections.find((s) => s.type === type)!.index;
}

describe('hand-made corruptions', () => {
  test('not ELF at all', async () => {
    expect(await errorFor(Buffer.from('hello, world\n'))).toBe('bad.o: not an ELF file (it starts with 68 65 6c 6c, not 7f 45 4c 46)');
    expect(await errorFor(Buffer.alloc(0))).toBe('bad.o: file is empty');
  });

  test('truncated inside the ELF header', async () => {
    expect(await errorFor(bytesOf('x86_64-obj').subarray(0, 40))).toMatch(/^bad\.o: not a valid ELF file: too small/);
  });

  test('truncated inside the section header table', async () => {
    const data = bytesOf('x86_64-obj');
    const message = await errorFor(data.subarray(0, data.length - 10));
    expect(message).toMatch(/the section header table \(\d+ entries of 64 bytes at offset 0x[0-9a-f]+\) extends past the end of the file/);
  });

  test('an absurd section count', async () => {
    const data = bytesOf('x86_64-obj');
    data.writeUInt16LE(0xfeff, 0x3c); // e_shnum
    expect(await errorFor(data)).toMatch(/section header table \(65279 entries .*extends past the end/);
  });

  test('a bad class byte', async () => {
    const data = bytesOf('x86_64-obj');
    data[4] = 7;
    expect(await errorFor(data)).toMatch(/class is invalid/);
  });

  test('a string table whose offset is past the end of the file', async () => {
    const data = bytesOf('x86_64-obj');
    const strtab = await sectionIndex(data, SHT.STRTAB);
    data.writeBigUInt64LE(BigInt(data.length + 100), sectionHeader(data, strtab) + 0x18); // sh_offset
    expect(await errorFor(data)).toMatch(new RegExp(`string table section \\[${strtab}\\] \\(offset 0x[0-9a-f]+, size 0x[0-9a-f]+\\) extends past the end of the file`));
  });

  test('an unterminated string table', async () => {
    const data = bytesOf('x86_64-obj');
    const elf = await readElfBuffer(Buffer.from(data), 'x');
    const symtab = elf.sections.find((s) => s.type === SHT.SYMTAB)!;
    const strtab = elf.sections[symtab.link];
    data[Number(strtab.offset + strtab.size) - 1] = 0x41; // the final NUL
    expect(await errorFor(data)).toMatch(/of symbol table section \[\d+\] '\.symtab': the name at offset 0x[0-9a-f]+ of string table section \[\d+\] '\.strtab' is not NUL-terminated/);
  });

  test('a symbol name offset past the end of its string table', async () => {
    const data = bytesOf('x86_64-obj');
    const elf = await readElfBuffer(Buffer.from(data), 'x');
    const symtab = elf.sections.find((s) => s.type === SHT.SYMTAB)!;
    data.writeUInt32LE(0x7fffffff, Number(symtab.offset) + 24 * 3); // symbol 3's st_name
    expect(await errorFor(data)).toMatch(/symbol 3 of symbol table section .*name offset 0x7fffffff is past the end of string table section/);
  });

  test('a symbol table linked to something that is not a string table', async () => {
    const data = bytesOf('x86_64-obj');
    const symtab = await sectionIndex(data, SHT.SYMTAB);
    data.writeUInt32LE(1, sectionHeader(data, symtab) + 0x28); // sh_link
    expect(await errorFor(data)).toMatch(/symbol table section \[\d+\] '\.symtab' links to section \[1\], which is not a string table/);
  });

  test('a symbol in a section that does not exist', async () => {
    const data = bytesOf('x86_64-obj');
    const elf = await readElfBuffer(Buffer.from(data), 'x');
    const symtab = elf.sections.find((s) => s.type === SHT.SYMTAB)!;
    const victim = elf.symbols.find((s) => s.section.kind === 'section')!;
    data.writeUInt16LE(0xfe00, Number(symtab.offset) + 24 * victim.index + 6); // st_shndx
    expect(await errorFor(data)).toMatch(new RegExp(`symbol ${victim.index} \\('${victim.name}'\\).*its section index 65024 is not a section`));
  });

  test('a symbol table entry size smaller than a symbol', async () => {
    const data = bytesOf('x86_64-obj');
    const symtab = await sectionIndex(data, SHT.SYMTAB);
    data.writeBigUInt64LE(0n, sectionHeader(data, symtab) + 0x38); // sh_entsize
    expect(await errorFor(data)).toMatch(/symbol table section \[\d+\] has entry size 0, less than the 24 bytes of an ELF64 symbol/);
  });

  test('archives: truncated member, bad header, long name without a table, thin archive', async () => {
    const archive = bytesOf('archive');
    expect(await errorFor(archive.subarray(0, archive.length - 7), 'lib.a')).toMatch(/^lib\.a: archive member at offset 0x[0-9a-f]+ \(size \d+\) extends past the end of the file/);
    const badHeader = Buffer.from(archive);
    badHeader[8 + 58] = 0x41;
    expect(await errorFor(badHeader, 'lib.a')).toMatch(/^lib\.a: corrupt archive member header at offset 0x8/);
    const longName = Buffer.concat([Buffer.from('!<arch>\n'), Buffer.from('/0              0           0     0     644     4         `\nabcd')]);
    expect(await errorFor(longName, 'lib.a')).toMatch(/uses a long name but there is no \/\/ table/);
    expect(await errorFor(Buffer.from('!<thin>\n'), 'lib.a')).toMatch(/thin archives .* are not supported/);
  });
});

describe('the CLI on a corrupt file', () => {
  test('exit status 2, one line naming the file and the problem, no stack trace', () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-corrupt-'));
    const file = path.join(dir, 'truncated.o');
    const data = bytesOf('x86_64-obj');
    fs.writeFileSync(file, data.subarray(0, 200));
    const r = spawnSync(process.execPath, [CLI, 'nm', file], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter((l) => l)).toEqual([
      expect.stringMatching(new RegExp(`^ldscope: ${file.replace(/[.]/g, '\\.')}: not a valid ELF file: the section header table offset 0x[0-9a-f]+ is past the end of the file \\(size 0xc8\\)$`)),
    ]);
  });
});

describe('seeded fuzzing', () => {
  const ITERATIONS = 400;
  const bases: SampleName[] = ['x86_64-obj', 'x86_64-exec', 'i386-exec', 'ppc64-obj', 'archive', 'empty-strtab-obj'];

  test(`${ITERATIONS} mutated or truncated files: read, or rejected with an InputError naming the file`, async () => {
    const rng = new SeededRandom(0x1d5c0e);
    const random = () => rng.nextU32() / 0x100000000;
    const pick = (n: number) => Math.floor(random() * n);
    const originals = bases.map(bytesOf);
    const interesting = [0n, 1n, 0x7fn, 0xffn, 0x100n, 0xffffn, 0xff00n, 0x7fffffffn, 0xffffffffn, 1n << 63n, (1n << 64n) - 1n];
    const outcomes = { read: 0, rejected: 0 };
    const kinds = new Map<string, number>();
    for (let i = 0; i < ITERATIONS; i++) {
      const original = originals[pick(originals.length)];
      let data = Buffer.from(original);
      let kind: string;
      switch (pick(5)) {
        case 0:
          kind = 'truncate';
          data = data.subarray(0, pick(data.length));
          break;
        case 1: {
          kind = 'flip bytes';
          // mostly in the headers, where a flip changes the meaning of everything after it
          const limit = random() < 0.7 ? Math.min(data.length, 0x40) : data.length;
          for (let k = 1 + pick(8); k > 0; k--) data[pick(limit)] ^= 1 << pick(8);
          break;
        }
        case 2: {
          kind = 'extreme value';
          const width = [2, 4, 8][pick(3)];
          const at = pick(Math.max(1, data.length - width));
          const value = interesting[pick(interesting.length)] & ((1n << BigInt(8 * width)) - 1n);
          for (let b = 0; b < width; b++) data[at + b] = Number((value >> BigInt(8 * b)) & 0xffn);
          break;
        }
        case 3: {
          kind = 'section header field';
          if (data.length > 0x40 && data[4] === 2) {
            const shoff = Number(data.readBigUInt64LE(0x28) & 0xffffffffn);
            const at = shoff + 64 * pick(8) + 8 * pick(8);
            if (at + 8 <= data.length) data.writeBigUInt64LE(interesting[pick(interesting.length)] & ((1n << 64n) - 1n), at);
          }
          break;
        }
        default:
          kind = 'random bytes after the magic';
          data = Buffer.concat([data.subarray(0, 4), Buffer.from(Array.from({ length: pick(4096) }, () => pick(256)))]);
          break;
      }
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      const name = `fuzz-${i}.o`;
      try {
        const file = await readObjectBuffer(data, name);
        // What was read must also be listable without an internal error.
        formatNm(file, name, false, { numericSort: i % 2 === 0, printSize: true });
        outcomes.read++;
      } catch (e) {
        if (!(e instanceof InputError)) throw new Error(`iteration ${i} (${kind}): not an InputError: ${(e as Error)?.stack ?? e}`);
        // the file, or an archive member as file(member)
        expect(e.message.startsWith(`${name}: `) || e.message.startsWith(`${name}(`)).toBe(true);
        expect(e.message.length).toBeGreaterThan(name.length + 10);
        outcomes.rejected++;
      }
    }
    // Both outcomes happen, so the run exercises the parser and the error paths.
    expect(outcomes.read).toBeGreaterThan(20);
    expect(outcomes.rejected).toBeGreaterThan(100);
    expect(kinds.size).toBe(5);
  });
});
