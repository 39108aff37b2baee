/**
 * Turns what elfinfo parsed into ldscope's plain ELF types (bigints throughout), and checks
 * the few things elfinfo lets through silently: names that point outside or run off the end
 * of their string table, symbol tables linked to something that is not a string table, and
 * section indices that name no section. Each of those would otherwise become an empty name or
 * a wrong section, i.e. a guess.
 */
import * as elfinfo from 'elfinfo';
import { InputError } from '../diagnostics/errors';
import { SHN, SHT, elfTypeName, sectionTypeName, segmentTypeName } from './constants';
import { SymbolSections, elfSymbol, sizeBigInt } from './elfSymbol';
import type { ElfFile, ElfSection, ElfSegment, ElfSymbol } from './types';

/** The bytes of one string table and where its last NUL is, to vet name offsets in O(1). */
class StringTable {
  private readonly lastNul: number;

  constructor(
    readonly section: ElfSection,
    bytes: Uint8Array,
  ) {
    this.lastNul = bytes.lastIndexOf(0);
  }

  /** Why `offset` is not the start of a NUL-terminated name in this table, or undefined if it is. */
  problem(offset: number): string | undefined {
    if (offset <= this.lastNul) return undefined;
    const where = `string table section [${this.section.index}] '${this.section.name}'`;
    if (BigInt(offset) >= this.section.size) {
      return `name offset 0x${offset.toString(16)} is past the end of ${where} (size 0x${this.section.size.toString(16)})`;
    }
    return `the name at offset 0x${offset.toString(16)} of ${where} is not NUL-terminated`;
  }
}

/** `bytes(offset, length)` gives the file's bytes there (for the string tables). */
export function convertElfinfo(parsed: elfinfo.ELF, bytes: (offset: number, length: number) => Uint8Array, name: string): ElfFile {
  // (declared with its type, so that TypeScript knows code after a call to it is not reached)
  const fail: (what: string) => never = (what) => {
    throw new InputError(`${name}: ${what}`);
  };
  if (parsed.version !== 1) fail(`unsupported ELF version ${parsed.version} (EI_VERSION must be 1)`);

  const osabi = parsed.abi as number;
  const machine = parsed.isa as number;
  const sections = parsed.sections.map((s) => convertSection(s, machine, osabi));
  const tableOf = (section: ElfSection): StringTable => {
    // elfinfo has already checked that the table lies inside the file.
    return new StringTable(section, bytes(Number(section.offset), Number(section.size)));
  };

  // Section names. shstrndx 0 (SHN_UNDEF) means the file has no section names.
  const shstrndx = parsed.shstrIndex;
  if (shstrndx !== 0 && sections.length > 0) {
    const shstrtab = sections[shstrndx];
    if (!shstrtab) fail(`the section-name string table index ${shstrndx} is not a section (there are ${sections.length})`);
    if (shstrtab.type !== SHT.STRTAB) {
      fail(`the section-name string table [${shstrndx}] is of type ${shstrtab.typeName}, not STRTAB`);
    }
    const names = tableOf(shstrtab);
    for (const s of parsed.sections) {
      if (s.nameix === 0) continue;
      const problem = names.problem(s.nameix);
      if (problem) fail(`section [${s.index}]: ${problem}`);
    }
  }
  const symbolSections = new SymbolSections(sections.length);
  const symbolTable = (type: number): ElfSymbol[] => {
    const table = parsed.sections.find((s) => s.type === type) as elfinfo.ELFSymbolSection | undefined;
    if (!table) return [];
    const where = `symbol table section [${table.index}] '${sections[table.index].name}'`;
    // elfinfo hands over each symbol's fields (forEachSymbol), never its `symbols` array: that
    // is one object per symbol (the ElfSymbol) instead of two, and none of elfinfo's held until
    // all are made, to be copied and promoted by the garbage collector (xen-syms: 7,477).
    const count = elfinfo.symbolCount(table);
    const strtab = sections[table.link];
    if (count > 1 && (!strtab || strtab.type !== SHT.STRTAB)) {
      fail(`${where} links to section [${table.link}], which is not a string table`);
    }
    const strings = count > 1 ? tableOf(strtab!) : undefined;
    // Made at its full length rather than grown (and copied) symbol by symbol.
    const symbols: ElfSymbol[] = new Array(Math.max(count - 1, 0));
    elfinfo.forEachSymbol(table, 1, (i, nameix, name, info, other, shndx, extended, value, size) => {
      const problem = strings?.problem(nameix);
      if (problem) fail(`symbol ${i} of ${where}: ${problem}`);
      const section = symbolSections.of(shndx, extended);
      if (section === undefined) {
        fail(
          `symbol ${i} ('${name}') of ${where}: ` +
            (shndx === SHN.XINDEX && !extended
              ? 'its section index is SHN_XINDEX but the file has no SHT_SYMTAB_SHNDX section for it'
              : `its section index ${shndx} is not a section (there are ${sections.length})`),
        );
      }
      // BigInt of an ELF64 value (a bigint already) is that value, not a copy; elfinfo gives a
      // number size unless it is above 2^53.
      const sectionName = section.kind === 'section' ? sections[section.index].name : undefined;
      symbols[i - 1] = elfSymbol(i, name, BigInt(value), sizeBigInt(size), info, other, shndx, section, sectionName, osabi);
    });
    return symbols;
  };

  const segments = parsed.segments.map((p) => convertSegment(p, parsed));
  return {
    name,
    class: parsed.bits === 32 ? 32 : 64,
    endian: parsed.data === 1 ? 'little' : 'big',
    osabi,
    type: parsed.type as number,
    typeName: elfTypeName(parsed.type as number),
    machine,
    machineName: parsed.isaDescription,
    flags: parsed.flags,
    entry: BigInt(parsed.entryPoint),
    shstrndx,
    sections,
    segments,
    symbols: symbolTable(SHT.SYMTAB),
    dynamicSymbols: symbolTable(SHT.DYNSYM),
  };
}

function convertSection(s: elfinfo.ELFSection, machine: number, osabi: number): ElfSection {
  return {
    index: s.index,
    // elfinfo calls every section with sh_name 0 "<null>"; in ELF that is the empty name.
    name: s.nameix === 0 ? '' : s.name,
    type: s.type as number,
    typeName: sectionTypeName(s.type as number, machine, osabi),
    flags: BigInt(s.flags),
    addr: BigInt(s.addr),
    offset: BigInt(s.offset),
    size: BigInt(s.size),
    link: s.link,
    info: s.info,
    addralign: BigInt(s.addralign),
    entsize: BigInt(s.entsize),
  };
}

function convertSegment(p: elfinfo.ELFSegment, parsed: elfinfo.ELF): ElfSegment {
  return {
    index: p.index,
    type: p.type as number,
    typeName: segmentTypeName(p.type as number),
    flags: p.flags,
    offset: BigInt(p.offset),
    vaddr: BigInt(p.vaddr),
    paddr: BigInt(p.paddr),
    filesz: BigInt(p.filesz),
    memsz: BigInt(p.memsz),
    align: BigInt(p.align),
    sectionIndices: elfinfo.getSectionsInSegment(parsed, p).map((s) => s.index),
  };
}
