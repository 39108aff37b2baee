/**
 * ldexp.c's definedness table: for symbols a script assigns, in which pass over the script
 * (statement iteration) they were last assigned — DEFINED(sym) is only true for a script
 * symbol once its assignment has been evaluated in the current pass — whether an object also
 * defined it, and for symbols assigned from `.` outside output sections the section they are
 * made relative to at the end (ldexp_finalize_syms).
 */
import type { OutputSection } from '../output/OutputSection';

export interface Definedness {
  /** Low 8 bits of the statement iteration of the last assignment. */
  iteration: number;
  byObject: boolean;
  finalSection: OutputSection | undefined;
}

export class DefinednessTable {
  private readonly entries = new Map<string, Definedness>();

  get(name: string): Definedness | undefined {
    return this.entries.get(name);
  }

  getOrCreate(name: string): Definedness {
    let d = this.entries.get(name);
    if (!d) {
      d = { iteration: 0, byObject: false, finalSection: undefined };
      this.entries.set(name, d);
    }
    return d;
  }

  all(): IterableIterator<[string, Definedness]> {
    return this.entries.entries();
  }
}
