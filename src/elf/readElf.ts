/**
 * Entry points for reading ELF files and archives of them. Files are read into memory once
 * and parsed from the buffer: elfinfo, opened by path, issues a separate read for every
 * symbol, relocation and header entry.
 */
import * as fs from 'fs';
import * as elfinfo from 'elfinfo';
import { InputError } from '../diagnostics/errors';
import { isArchive, parseArchive } from './archive';
import { convertElfinfo } from './convertElfinfo';
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
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? 'no such file'
        : err.code === 'EISDIR'
          ? 'is a directory'
          : err.code === 'EACCES'
            ? 'permission denied'
            : err.message;
    throw new InputError(`${path}: cannot read: ${why}`);
  }
}

/** Reads the ELF file at `path`. */
export async function readElf(path: string): Promise<ElfFile> {
  return readElfBuffer(readInputFile(path), path);
}

/** Parses an ELF image held in memory; `name` is used in error messages. */
export async function readElfBuffer(data: Uint8Array, name: string): Promise<ElfFile> {
  if (data.length === 0) throw new InputError(`${name}: file is empty`);
  if (!isElf(data)) {
    const start = Array.from(data.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new InputError(`${name}: not an ELF file (it starts with ${start}, not 7f 45 4c 46)`);
  }
  const result = await elfinfo.open(data);
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
  return convertElfinfo(result.elf, data, name);
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
