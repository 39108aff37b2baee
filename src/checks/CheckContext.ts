/**
 * Everything a rule may look at: the script (its AST and the facts drawn from it), the linked
 * ELF, and — when the script could be laid out — ldscope's own layout of it.
 */
import type { MappedPosition } from '../diagnostics/SourceFile';
import { PT, SHF, SHT } from '../elf/constants';
import type { ElfFile, ElfSection, ElfSymbol } from '../elf/types';
import type { Script } from '../script/ast';
import { collectScriptFacts, type ScriptFacts } from './scriptFacts';

export class CheckContext {
  readonly facts: ScriptFacts;
  private readonly symbolsByName = new Map<string, ElfSymbol>();

  constructor(
    readonly script: Script,
    readonly elf: ElfFile,
  ) {
    this.facts = collectScriptFacts(script);
    // A global or weak definition wins over a local of the same name (nm lists both; the
    // script's symbols are global unless HIDDEN, and ld keeps them global in the output).
    // Indexed: this runs once, interpreted, where `for…of` allocates a result per symbol.
    const symbols = elf.symbols;
    for (let i = 0; i < symbols.length; i++) {
      const s = symbols[i];
      if (s.section.kind === 'undefined' || s.name === '' || s.typeName === 'FILE' || s.typeName === 'SECTION') continue;
      const prev = this.symbolsByName.get(s.name);
      if (!prev || (prev.bindName === 'LOCAL' && s.bindName !== 'LOCAL')) this.symbolsByName.set(s.name, s);
    }
  }

  /** A defined symbol of the ELF by name. */
  symbol(name: string): ElfSymbol | undefined {
    return this.symbolsByName.get(name);
  }

  /** Where the script assigns `name` (its first assignment), mapped to the user's file. */
  assignmentPosition(name: string): MappedPosition | undefined {
    return this.facts.assignments.get(name)?.[0]?.range.position;
  }

  /** Sections that take memory at run time (SHF_ALLOC), in address order. */
  allocatedSections(): ElfSection[] {
    return this.elf.sections.filter((s) => (s.flags & SHF.ALLOC) !== 0n).sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
  }

  /** Bytes a section occupies in the address space (.tbss occupies none outside its TLS block). */
  memorySize(s: ElfSection): bigint {
    if (s.type === SHT.NOBITS && (s.flags & SHF.TLS) !== 0n) return 0n;
    return s.size;
  }

  /**
   * A section's load address: its PT_LOAD segment's physical address plus its offset in the
   * segment; the VMA when no load segment holds it.
   */
  loadAddress(s: ElfSection): bigint {
    const seg = this.elf.segments.find((p) => p.type === PT.LOAD && p.sectionIndices.includes(s.index));
    return seg ? seg.paddr + (s.addr - seg.vaddr) : s.addr;
  }
}

export function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

/** 1 KiB, 2 MiB… for messages. */
export function sizeText(bytes: bigint): string {
  const units: [bigint, string][] = [[1n << 30n, 'GiB'], [1n << 20n, 'MiB'], [1n << 10n, 'KiB']];
  for (const [unit, name] of units) {
    if (bytes >= unit && bytes % unit === 0n) return `${bytes / unit} ${name}`;
  }
  for (const [unit, name] of units) {
    if (bytes >= unit) return `${(Number(bytes) / Number(unit)).toFixed(1)} ${name}`;
  }
  return `${bytes} bytes`;
}
