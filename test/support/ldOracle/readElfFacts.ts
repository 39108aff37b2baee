/**
 * Section headers and symbol table of a linked ELF, read with the machine's `readelf`.
 *
 * readelf and not nm: nm loads the LTO plugin on every run and costs ~150 ms per call here,
 * readelf ~25 ms; one `readelf -W -S -s` call gives both tables. The test cross-checks these
 * facts against `objdump -h -w` and `nm`, the tools the project's users know.
 */
import { execFileSync } from 'node:child_process';

export interface ElfSectionHeader {
  index: number;
  name: string;
  type: string;
  addr: bigint;
  size: bigint;
  /** readelf's flag letters, e.g. `AX`, `WA`. */
  flags: string;
}

export interface ElfSymbol {
  name: string;
  value: bigint;
  bind: string;
  /** Section index column (`ABS`, `UND`, or a number). */
  ndx: string;
}

export interface ElfFacts {
  sections: ElfSectionHeader[];
  symbols: ElfSymbol[];
}

/** Sections every ELF output gets from ld's ELF writer rather than from the script. */
export const SYNTHESISED_SECTIONS: ReadonlySet<string> = new Set(['.symtab', '.strtab', '.shstrtab']);

export function readElfFacts(elfPath: string): ElfFacts {
  const text = execFileSync('readelf', ['-W', '-S', '-s', elfPath], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return parseReadelf(text);
}

export function parseReadelf(text: string): ElfFacts {
  const facts: ElfFacts = { sections: [], symbols: [] };
  let inSymtab = false;
  for (const line of text.split('\n')) {
    if (line.startsWith("Symbol table '")) {
      // Static links have only .symtab; a .dynsym would hold copies we must not count twice.
      inSymtab = line.startsWith("Symbol table '.symtab'");
      continue;
    }
    // `  [Nr] Name Type Address Off Size ES Flg Lk Inf Al`; index 0 has an empty name.
    const sh = /^\s*\[\s*(\d+)\]\s(.*)$/.exec(line);
    if (sh && !line.includes('Nr]')) {
      const fields = sh[2].trim().split(/\s+/);
      // NULL section: no name. Others: name type addr off size es [flags] lk inf al.
      const hasName = fields[0] !== 'NULL' || sh[1] !== '0';
      const [name, type, addr, , size] = hasName ? fields : ['', ...fields];
      const flagsField = hasName ? fields.slice(6, fields.length - 3).join('') : '';
      facts.sections.push({
        index: Number(sh[1]),
        name,
        type,
        addr: BigInt('0x' + addr),
        size: BigInt('0x' + size),
        flags: flagsField,
      });
      continue;
    }
    if (inSymtab) {
      // `   Num:    Value          Size Type    Bind   Vis      Ndx Name`
      const sym = /^\s*\d+:\s+([0-9a-fA-F]+)\s+\S+\s+\S+\s+(\S+)\s+\S+\s+(\S+)\s*(.*)$/.exec(line);
      if (sym && sym[4] !== '') {
        facts.symbols.push({ name: sym[4], value: BigInt('0x' + sym[1]), bind: sym[2], ndx: sym[3] });
      }
    }
  }
  return facts;
}
