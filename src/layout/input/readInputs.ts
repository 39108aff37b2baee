/**
 * Turns ELF relocatable files and archives (read by src/elf) into the linker's input model:
 * the BFD sections bfd_section_from_shdr would create, in the same order, with BFD flags, and
 * the global symbols elf_link_add_object_symbols would enter into the link hash table.
 */
import { InputError } from '../../diagnostics/errors';
import { ET, SHT } from '../../elf/constants';
import type { ElfFile, ObjectFile } from '../../elf/types';
import { memberData, sectionContents } from '../../elf/sectionContents';
import { bfdFlagsFromElf, SEC } from '../bfd/sectionFlags';
import { InputFile, InputSection, ObjectSymbol } from './InputFile';

const STB_LOCAL = 0;
const STT_SECTION = 3;
const STT_FILE = 4;
const STB_WEAK = 2;
const STV_HIDDEN = 2;
const STV_INTERNAL = 1;

/** Hands out section ids in load order across all inputs of one link. */
export class SectionIds {
  private next = 0;
  take(): number {
    return this.next++;
  }
}

/** `bfd_log2`: the smallest power of two not below X. */
export function log2ceil(x: bigint): number {
  if (x <= 1n) return 0;
  if (x <= 0x40000000n) {
    // (Small values, the common case: without bigint arithmetic.)
    return 32 - Math.clz32(Number(x) - 1);
  }
  let v = x - 1n;
  let r = 0;
  while (v !== 0n) {
    r++;
    v >>= 1n;
  }
  return r;
}

/**
 * The inputs of one command-line file: one ELF object, or every member of an archive. DATA,
 * when given, yields the file's bytes (read only if a section's contents are needed).
 */
export function inputFilesFromObject(obj: ObjectFile, commandLineName: string, ids: SectionIds, data?: () => Uint8Array): InputFile[] {
  if (obj.kind === 'elf') return [inputFileFromElf(obj.elf, commandLineName, undefined, ids, data)];
  const files: InputFile[] = [];
  let members: Array<Uint8Array> | undefined;
  obj.members.forEach((m, i) => {
    // ld skips archive members it does not recognise (an archive may hold a text file).
    if (m.kind !== 'elf') return;
    const memberBytes = data
      ? () => {
          members ??= memberData(data(), commandLineName) ?? [];
          return members[i];
        }
      : undefined;
    files.push(inputFileFromElf(m.elf, m.name, commandLineName, ids, memberBytes));
  });
  return files;
}

export function inputFileFromElf(elf: ElfFile, name: string, archive: string | undefined, ids: SectionIds, data?: () => Uint8Array): InputFile {
  if (elf.type !== ET.REL) {
    throw new InputError(`${elf.name}: not a relocatable object (ELF type ${elf.typeName}); ldscope lays out .o files and archives of them`);
  }
  const file = new InputFile(name, archive);
  const symtabIndex = elf.sections.find((s) => s.type === SHT.SYMTAB)?.index;
  const symtabStrtab = symtabIndex !== undefined ? elf.sections[symtabIndex].link : -1;
  const byIndex = new Map<number, InputSection>();
  for (const s of elf.sections) {
    if (s.index === 0) continue;
    if (!becomesBfdSection(elf, s.index, symtabIndex, symtabStrtab)) continue;
    const flags = bfdFlagsFromElf(s.name, s.type, s.flags);
    const section = new InputSection(
      file,
      s.name,
      flags,
      s.size,
      log2ceil(s.addralign === 0n ? 1n : s.addralign),
      s.type,
      s.flags,
      s.info,
      s.entsize,
      ids.take(),
    );
    if (data && (flags & SEC.MERGE) !== 0) section.contents = () => sectionContents(data(), s, elf.name);
    file.sections.push(section);
    byIndex.set(s.index, section);
    if (s.name === '.note.GNU-stack') file.hasGnuStackNote = true;
  }
  // bfd_section_from_shdr: a non-empty relocation section gives its target SEC_RELOC.
  for (const s of elf.sections) {
    if ((s.type !== SHT.REL && s.type !== SHT.RELA) || s.size === 0n || byIndex.has(s.index)) continue;
    const target = byIndex.get(s.info);
    if (target) target.hasRelocs = true;
  }
  for (const sym of elf.symbols) {
    if (sym.bind === STB_LOCAL || sym.type === STT_SECTION || sym.type === STT_FILE || sym.name === '') continue;
    const hidden = sym.visibility === STV_HIDDEN || sym.visibility === STV_INTERNAL;
    const weak = sym.bind === STB_WEAK;
    let out: ObjectSymbol;
    switch (sym.section.kind) {
      case 'undefined':
        out = { name: sym.name, kind: 'undefined', weak, value: 0n, section: undefined, size: sym.size, commonAlignmentPower: 0, hidden };
        break;
      case 'absolute':
        out = { name: sym.name, kind: 'defined', weak, value: sym.value, section: undefined, size: sym.size, commonAlignmentPower: 0, hidden };
        break;
      case 'common':
      case 'reserved':
        // SHN_COMMON, and SHN_X86_64_LCOMMON (large common symbols).
        out = { name: sym.name, kind: 'common', weak, value: 0n, section: undefined, size: sym.size, commonAlignmentPower: log2ceil(sym.value), hidden };
        break;
      case 'section': {
        const section = byIndex.get(sym.section.index);
        if (!section) continue; // in a section BFD does not represent (a reloc or group section)
        out = { name: sym.name, kind: 'defined', weak, value: sym.value, section, size: sym.size, commonAlignmentPower: 0, hidden };
        break;
      }
    }
    file.symbols.push(out);
  }
  return file;
}

/**
 * Whether bfd_section_from_shdr makes a BFD section of this header: symbol tables, the
 * section-name and symbol string tables and relocation sections that apply to a section do
 * not; everything else does (group sections too, which ld then discards).
 */
function becomesBfdSection(elf: ElfFile, index: number, symtab: number | undefined, symtabStrtab: number): boolean {
  const s = elf.sections[index];
  switch (s.type) {
    case SHT.NULL:
    case SHT.SYMTAB:
    case SHT.DYNSYM:
    case SHT.SYMTAB_SHNDX:
      return false;
    case SHT.STRTAB:
      return index !== elf.shstrndx && index !== symtabStrtab;
    case SHT.REL:
    case SHT.RELA: {
      const target = elf.sections[s.info];
      const attached =
        symtab !== undefined &&
        s.link === symtab &&
        s.info !== 0 &&
        target !== undefined &&
        target.type !== SHT.REL &&
        target.type !== SHT.RELA;
      return !attached;
    }
    default:
      return true;
  }
}

/** Sections ld throws away on sight: SHF_EXCLUDE ones (section_already_linked) and groups. */
export function discardedOnLoad(section: InputSection): boolean {
  const f = section.flags;
  if ((f & (SEC.GROUP | SEC.KEEP | SEC.EXCLUDE)) === SEC.EXCLUDE) return true;
  return false;
}

export type { ObjectSymbol };
