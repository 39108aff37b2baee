/**
 * ld's global symbol table (link_info.hash): symbols entered by input files as they are
 * loaded, and by script expressions as they are evaluated. The merge rules are BFD's for ELF
 * (_bfd_generic_link_add_one_symbol / _bfd_elf_merge_symbol) as far as the layout can see
 * them: undefined < weak definition < definition, common symbols merged to the largest, and a
 * definition met while a script definition is in place silently ignored (ld's
 * multiple_definition callback skips symbols whose old section is *ABS*, which is where
 * script symbols live while ld opens its inputs).
 */
import { BfdHashOrder } from '../bfd/bfdHashOrder';
import type { InputFile, ObjectSymbol } from '../input/InputFile';
import { LinkSymbol } from './LinkSymbol';

export class LinkHashTable {
  private readonly symbols = new Map<string, LinkSymbol>();
  /** Insertion order as BFD's hash table would traverse it (for COMMON allocation). */
  readonly order = new BfdHashOrder();

  lookup(name: string): LinkSymbol | undefined {
    return this.symbols.get(name);
  }

  lookupOrCreate(name: string): LinkSymbol {
    let s = this.symbols.get(name);
    if (!s) {
      s = new LinkSymbol(name);
      this.symbols.set(name, s);
      this.order.insert(name);
    }
    return s;
  }

  all(): IterableIterator<LinkSymbol> {
    return this.symbols.values();
  }

  /**
   * Enters one input file's global symbols, in symbol-table order. ON_COMMON is called when a
   * common symbol of the file becomes (or grows) the table's common definition: BFD then makes
   * the file's COMMON section, where lang_common will allocate it.
   */
  addObjectSymbols(file: InputFile, onCommon: (file: InputFile) => void): void {
    // Indexed: a stand-in for a linked ELF has thousands of symbols, and this runs once,
    // interpreted, where `for…of` allocates a result per element.
    const symbols = file.symbols;
    for (let i = 0; i < symbols.length; i++) {
      const sym = symbols[i];
      if (file.standIn) {
        // --elf stand-ins only supply what no object defines or declares.
        const h = this.lookupOrCreate(sym.name);
        if (h.state !== 'new' && h.state !== 'undefined' && h.state !== 'undefweak') continue;
      }
      this.addOne(file, sym, onCommon);
    }
  }

  private addOne(file: InputFile, sym: ObjectSymbol, onCommon: (file: InputFile) => void): void {
    const h = this.lookupOrCreate(sym.name);
    switch (sym.kind) {
      case 'undefined':
        h.referencedByObject = true;
        if (h.state === 'new') h.state = sym.weak ? 'undefweak' : 'undefined';
        else if (h.state === 'undefweak' && !sym.weak) h.state = 'undefined';
        return;
      case 'common':
        if (h.state === 'new' || h.state === 'undefined' || h.state === 'undefweak') {
          h.state = 'common';
          h.commonSize = sym.size;
          h.commonAlignmentPower = sym.commonAlignmentPower;
          h.commonFile = file;
          onCommon(file);
        } else if (h.state === 'common') {
          if (sym.size > h.commonSize) {
            h.commonSize = sym.size;
            h.commonFile = file;
            onCommon(file);
          }
          if (sym.commonAlignmentPower > h.commonAlignmentPower) h.commonAlignmentPower = sym.commonAlignmentPower;
        } else if (h.state === 'defweak') {
          h.state = 'common';
          h.commonSize = sym.size;
          h.commonAlignmentPower = sym.commonAlignmentPower;
          h.commonFile = file;
          h.section = undefined;
          onCommon(file);
        }
        return;
      case 'defined': {
        const st = h.state;
        // A second strong definition: ld keeps the first (and reports it unless the first is
        // a script symbol on *ABS* or lives in a discarded section).
        if (
          st === 'new' ||
          st === 'undefined' ||
          st === 'undefweak' ||
          (st === 'common' && !sym.weak) ||
          (st === 'defweak' && !sym.weak) ||
          (st === 'defined' && h.linkerDef)
        ) {
          h.state = sym.weak ? 'defweak' : 'defined';
          h.value = sym.value;
          h.section = sym.section;
          h.relUnknown = sym.relUnknown;
          h.ldscriptDef = false;
          h.linkerDef = false;
        }
        return;
      }
    }
  }
}
