/**
 * A fast path for the common case of reading many relocatable objects (ldscope eval on a
 * link's inputs): ET_REL files are decoded straight from the buffer (section headers and the
 * symbol table only; relocations, which elfinfo also decodes, are not needed), giving exactly
 * the ElfFile that readElfBuffer gives. Anything unusual — another file type, program headers,
 * extended section numbering, a dynamic symbol table, names that are not plain ASCII, any
 * offset or index out of range — is left to readElfBuffer, which validates and explains.
 */
import { isaToString } from 'elfinfo/dist/src/strings';
import { isArchive, parseArchive } from './archive';
import { SHT, elfTypeName, sectionTypeName } from './constants';
import { SymbolSections, elfSymbol } from './elfSymbol';
import { isElf, readElfBuffer, readInputFile } from './readElf';
import type { ArchiveMember, ElfFile, ElfSection, ElfSymbol, ObjectFile } from './types';

/** The object's ElfFile, or undefined when the validating reader must handle the file. */
export function parseRelocatableFast(data: Uint8Array, name: string): ElfFile | undefined {
  if (data.length < 52 || !isElf(data)) return undefined;
  const cls = data[4];
  const enc = data[5];
  if ((cls !== 1 && cls !== 2) || (enc !== 1 && enc !== 2) || data[6] !== 1) return undefined;
  const is64 = cls === 2;
  const le = enc === 1;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (o: number) => view.getUint16(o, le);
  const u32 = (o: number) => view.getUint32(o, le);
  const addr = (o: number): bigint => (is64 ? view.getBigUint64(o, le) : BigInt(view.getUint32(o, le)));
  if (is64 && data.length < 64) return undefined;

  const type = u16(16);
  const machine = u16(18);
  if (type !== 1 || u32(20) !== 1) return undefined;
  const entry = addr(24);
  const phoff = is64 ? view.getBigUint64(32, le) : BigInt(u32(28));
  const shoff = Number(is64 ? view.getBigUint64(40, le) : BigInt(u32(32)));
  const flags = u32(is64 ? 48 : 36);
  const phnum = u16(is64 ? 56 : 44);
  const shentsize = u16(is64 ? 58 : 46);
  const shnum = u16(is64 ? 60 : 48);
  const shstrndx = u16(is64 ? 62 : 50);
  if (phnum !== 0 || phoff !== 0n) return undefined;
  if (shnum === 0 || shentsize !== (is64 ? 64 : 40) || shstrndx >= shnum || shstrndx === 0) return undefined;
  if (shoff + shnum * shentsize > data.length) return undefined;
  const osabi = data[7];

  const sections: ElfSection[] = [];
  const raw: Array<{ nameix: number; offset: number; size: number }> = [];
  for (let i = 0; i < shnum; i++) {
    const b = shoff + i * shentsize;
    const nameix = u32(b);
    const shType = u32(b + 4);
    const shFlags = is64 ? view.getBigUint64(b + 8, le) : BigInt(u32(b + 8));
    const shAddr = addr(is64 ? b + 16 : b + 12);
    const offset = is64 ? view.getBigUint64(b + 24, le) : BigInt(u32(b + 16));
    const size = is64 ? view.getBigUint64(b + 32, le) : BigInt(u32(b + 20));
    const link = u32(is64 ? b + 40 : b + 24);
    const info = u32(is64 ? b + 44 : b + 28);
    const addralign = is64 ? view.getBigUint64(b + 48, le) : BigInt(u32(b + 32));
    const entsize = is64 ? view.getBigUint64(b + 56, le) : BigInt(u32(b + 36));
    if (shType === SHT.DYNSYM || shType === SHT.SYMTAB_SHNDX) return undefined;
    if (i > 0 && shType !== SHT.NOBITS && offset + size > BigInt(data.length)) return undefined;
    if (i === 0 && (shType !== 0 || size !== 0n || link !== 0)) return undefined;
    raw.push({ nameix, offset: Number(offset), size: Number(size) });
    sections.push({
      index: i,
      name: '',
      type: shType,
      typeName: sectionTypeName(shType, machine, osabi),
      flags: shFlags,
      addr: shAddr,
      offset,
      size,
      link,
      info,
      addralign,
      entsize,
    });
  }
  const shstr = sections[shstrndx];
  if (shstr.type !== SHT.STRTAB) return undefined;
  const names = raw[shstrndx];
  for (let i = 0; i < shnum; i++) {
    if (raw[i].nameix === 0) continue;
    const n = cString(data, names.offset, names.size, raw[i].nameix);
    if (n === undefined) return undefined;
    sections[i].name = n;
  }

  const symtabs = sections.filter((s) => s.type === SHT.SYMTAB);
  if (symtabs.length > 1) return undefined;
  const symbols: ElfSymbol[] = [];
  const symbolSections = new SymbolSections(shnum);
  if (symtabs.length === 1) {
    const st = symtabs[0];
    const entsz = is64 ? 24 : 16;
    if (st.entsize !== BigInt(entsz) || st.size % BigInt(entsz) !== 0n) return undefined;
    const count = Number(st.size) / entsz;
    const strtab = sections[st.link];
    if (count > 1 && (!strtab || strtab.type !== SHT.STRTAB)) return undefined;
    const str = count > 1 ? raw[st.link] : undefined;
    const base = raw[st.index].offset;
    for (let i = 1; i < count; i++) {
      const b = base + i * entsz;
      const nameix = u32(b);
      let info: number, other: number, shndx: number, value: bigint, size: bigint;
      if (is64) {
        info = data[b + 4];
        other = data[b + 5];
        shndx = u16(b + 6);
        value = view.getBigUint64(b + 8, le);
        size = view.getBigUint64(b + 16, le);
      } else {
        value = BigInt(u32(b + 4));
        size = BigInt(u32(b + 8));
        info = data[b + 12];
        other = data[b + 13];
        shndx = u16(b + 14);
      }
      const symName = nameix === 0 ? '' : cString(data, str!.offset, str!.size, nameix);
      if (symName === undefined) return undefined;
      const section = symbolSections.of(shndx, false);
      if (section === undefined) return undefined;
      const sectionName = section.kind === 'section' ? sections[section.index].name : undefined;
      const symbol = elfSymbol(i, symName, value, size, info, other, shndx, section, sectionName, osabi);
      symbols.push(symbol);
    }
  }
  return {
    name,
    class: is64 ? 64 : 32,
    endian: le ? 'little' : 'big',
    osabi,
    type,
    typeName: elfTypeName(type),
    machine,
    machineName: isaToString(machine),
    flags,
    entry,
    shstrndx,
    sections,
    segments: [],
    symbols,
    dynamicSymbols: [],
  };
}

/** The NUL-terminated ASCII name at OFFSET of a string table, or undefined (let elfinfo judge). */
function cString(data: Uint8Array, tableOffset: number, tableSize: number, offset: number): string | undefined {
  if (offset >= tableSize) return undefined;
  const start = tableOffset + offset;
  const end = tableOffset + tableSize;
  let p = start;
  let s = '';
  while (p < end) {
    const c = data[p];
    if (c === 0) return s;
    if (c >= 0x80) return undefined;
    s += String.fromCharCode(c);
    p++;
  }
  return undefined;
}

async function elfOf(data: Uint8Array, name: string): Promise<ElfFile> {
  return parseRelocatableFast(data, name) ?? readElfBuffer(data, name);
}

/** readObjectFile, with relocatable objects (also in archives) read by the fast path. */
export async function readObjectFileFast(path: string): Promise<ObjectFile> {
  return readObjectBufferFast(readInputFile(path), path);
}

/** readObjectBuffer, with relocatable objects (also in archives) read by the fast path. */
export async function readObjectBufferFast(data: Uint8Array, path: string): Promise<ObjectFile> {
  if (!isArchive(data)) return { kind: 'elf', elf: await elfOf(data, path) };
  const members: ArchiveMember[] = [];
  for (const raw of parseArchive(data, path)) {
    if (isElf(raw.data)) members.push({ name: raw.name, kind: 'elf', elf: await elfOf(raw.data, `${path}(${raw.name})`) });
    else members.push({ name: raw.name, kind: 'other', reason: 'file format not recognized' });
  }
  return { kind: 'archive', name: path, members };
}
