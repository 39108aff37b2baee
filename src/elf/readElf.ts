/**
 * Entry points for reading ELF files and archives of them. elfinfo parses from memory, never
 * from a path: opened by path, it issues a separate read for every symbol, relocation and
 * header entry. An ELF file named by path is read only where elfinfo and the string-table
 * checks look (LazyFileBytes); an archive, or a file given as a buffer, is whole in memory.
 */
import * as fs from 'fs';
import * as elfinfo from 'elfinfo';
import { InputError } from '../diagnostics/errors';
import { isArchive, parseArchive } from './archive';
import { convertElfinfo } from './convertElfinfo';
import { LazyFileBytes, cannotRead } from './LazyFileBytes';
import type { ArchiveMember, ElfFile, ObjectFile } from './types';

const ELF_MAGIC = [0x7f, 0x45, 0x4c, 0x46];

export function isElf(data: Uint8Array): boolean {
  return data.length >= 4 && ELF_MAGIC.every((b, i) => data[i] === b);
}

/** The whole file, or an InputError that names it and says why it cannot be read. */
export function readInputFile(path: string): Buffer {
  try {
    return fs.readFileSync(path);
  } catch (e) {
    throw cannotRead(path, e);
  }
}

/** An ELF image's bytes as readElfFrom needs them: whole in memory, or read where asked. */
interface ElfBytes {
  size: number;
  bytes(offset: number, length: number): Uint8Array;
  elfinfoReader(): elfinfo.Reader;
}

/** Reads the ELF file at `path` (only its headers, symbol and string tables). */
export async function readElf(path: string): Promise<ElfFile> {
  const file = LazyFileBytes.open(path);
  try {
    return await readElfFrom(file, path).catch((e: unknown) => {
      file.throwReadError(); // an I/O error is that, not a malformed file
      throw e;
    });
  } finally {
    file.close();
  }
}

/** Parses an ELF image held in memory; `name` is used in error messages. */
export async function readElfBuffer(data: Uint8Array, name: string): Promise<ElfFile> {
  return readElfFrom({ size: data.length, bytes: (offset, length) => data.subarray(offset, offset + length), elfinfoReader: () => elfinfo.buffer(data) }, name);
}

async function readElfFrom(image: ElfBytes, name: string): Promise<ElfFile> {
  if (image.size === 0) throw new InputError(`${name}: file is empty`);
  const magic = image.bytes(0, 4);
  if (!isElf(magic)) {
    const start = Array.from(magic, (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new InputError(`${name}: not an ELF file (it starts with ${start}, not 7f 45 4c 46)`);
  }
  const result = await elfinfo.open(image.elfinfoReader());
  if (!result.success || !result.elf || result.warnings.length > 0) {
    // elfinfo starts most messages with "Not a valid ELF file." or "Invalid ELF file."
    const problems = [...result.errors, ...result.warnings].map((p) =>
      p
        .replace(/^(Not a valid|Invalid) ELF file\.\s*/, '')
        .replace(/\.$/, '')
        .replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase()),
    );
    throw new InputError(`${name}: not a valid ELF file: ${problems.join('; ') || 'unknown error'}`);
  }
  return convertElfinfo(result.elf, image.bytes.bind(image), name);
}

/** Reads an ELF file or an `ar` archive of them (each ELF member parsed). */
export async function readObjectFile(path: string): Promise<ObjectFile> {
  return readObjectBuffer(readInputFile(path), path);
}

export async function readObjectBuffer(data: Uint8Array, name: string): Promise<ObjectFile> {
  if (!isArchive(data)) return { kind: 'elf', elf: await readElfBuffer(data, name) };
  const members: ArchiveMember[] = [];
  for (const raw of parseArchive(data, name)) {
    if (isElf(raw.data)) {
      members.push({ name: raw.name, kind: 'elf', elf: await readElfBuffer(raw.data, `${name}(${raw.name})`) });
    } else {
      members.push({ name: raw.name, kind: 'other', reason: 'file format not recognized' });
    }
  }
  return { kind: 'archive', name, members };
}
