/**
 * One entry of ld's global symbol table (struct bfd_link_hash_entry plus the ELF bits ld's
 * script code looks at). Values of defined symbols are relative to their section, exactly as
 * in BFD: an object symbol to its input section, a script symbol to an output section or
 * *ABS*, so that a symbol follows its section when sizing moves it.
 */
import type { InputFile, InputSection } from '../input/InputFile';
import type { OutputSection } from '../output/OutputSection';

export type LinkSymbolState = 'new' | 'undefined' | 'undefweak' | 'defined' | 'defweak' | 'common';

export class LinkSymbol {
  state: LinkSymbolState = 'new';
  value = 0n;
  /** For defined symbols: an input section (object symbols) or an output/pseudo section. */
  section: InputSection | OutputSection | undefined;
  /** Defined by a script assignment (h->ldscript_def). */
  ldscriptDef = false;
  /** Defined by the linker itself (h->linker_def), e.g. _GLOBAL_OFFSET_TABLE_. */
  linkerDef = false;
  /** The value came from `.` or another absolute-to-relative conversion (h->rel_from_abs). */
  relFromAbs = false;
  hidden = false;
  /** For common symbols: size, alignment power and the file that declared the largest. */
  commonSize = 0n;
  commonAlignmentPower = 0;
  commonFile: InputFile | undefined;
  /** Some input file references it (undefined there): PROVIDE then defines it. */
  referencedByObject = false;
  /** --elf mode: why the value cannot be known from the linked ELF (undefined: known). */
  unknown: string | undefined;
  /** --elf mode: its section-relative value is not known (see ExpResult.relUnknown). */
  relUnknown: string | undefined;

  constructor(readonly name: string) {}

  get isDefined(): boolean {
    return this.state === 'defined' || this.state === 'defweak';
  }
}
