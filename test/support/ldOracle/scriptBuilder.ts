/**
 * Accumulates a generated linker script: its text, the construct tags it uses, what names are
 * in scope for expressions, and a bound on the bytes the script itself can add to the layout.
 *
 * Addresses that must lie beyond everything laid out so far are written as placeholders
 * (`@VMA0@`, `@LMA1@`) and resolved by resolvePlaceholders() once the whole case, and so the
 * bound on its size, is known. That keeps the generator free of any layout computation: it
 * only guarantees "far enough", which is what keeps ld from rejecting the case.
 */
import { SeededRandom } from '../SeededRandom';
import { MAX_REFERENCES } from './inputModel';

export class ScriptBuilder {
  private readonly out: string[] = [];
  private depth = 0;
  readonly tags = new Set<string>();
  /** Upper bound of bytes added by the script (padding from ALIGN, `. +=`, data commands…). */
  space = 0n;
  vmaSlots = 0;
  lmaSlots = 0;
  /** Script symbols defined so far, usable in later expressions. */
  readonly scriptSymbols: string[] = [];
  /** Object symbols usable in expressions (not in sections that may be discarded). */
  readonly objectSymbols: string[];
  /** Output sections declared so far (never /DISCARD/). */
  readonly sections: string[] = [];
  /** MEMORY regions (and aliases) declared. */
  readonly regions: string[] = [];
  /** Symbols the objects must reference (so PROVIDEs are taken, overlay symbols defined). */
  readonly references: string[] = [];
  private counter = 0;

  constructor(readonly rng: SeededRandom, objectSymbols: string[], readonly arch: 'x86_64' | 'i386') {
    this.objectSymbols = objectSymbols;
  }

  line(text: string): void {
    this.out.push('  '.repeat(this.depth) + text);
  }

  open(text: string): void {
    this.line(text);
    this.depth++;
  }

  close(text = '}'): void {
    this.depth--;
    this.line(text);
  }

  tag(...tags: string[]): void {
    for (const t of tags) this.tags.add(t);
  }

  addSpace(bytes: bigint | number): void {
    this.space += BigInt(bytes);
  }

  /** A VMA beyond everything before it (slot k is resolved to base + (k+1) * stride). */
  vmaSlot(): string {
    return `@VMA${this.vmaSlots++}@`;
  }

  /** An LMA in a load-address area disjoint from all VMAs and from every other LMA slot. */
  lmaSlot(): string {
    return `@LMA${this.lmaSlots++}@`;
  }

  /** A fresh name with the given prefix (unique within the case). */
  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  defineSymbol(name: string): void {
    if (!this.scriptSymbols.includes(name)) this.scriptSymbols.push(name);
  }

  reference(name: string): boolean {
    if (this.references.includes(name)) return true;
    if (this.references.length >= MAX_REFERENCES) return false;
    this.references.push(name);
    return true;
  }

  text(): string {
    return this.out.join('\n') + '\n';
  }
}

/** A hex literal for a bigint. */
export function hex(v: bigint | number): string {
  return '0x' + BigInt(v).toString(16);
}

export function alignUp(v: bigint, a: bigint): bigint {
  return ((v + a - 1n) / a) * a;
}

/** Log2 draw for `. = ALIGN(n)` and friends: mostly small, sometimes a page. */
export function drawAlignment(rng: SeededRandom): bigint {
  return 1n << BigInt(rng.weighted([[2, 2], [3, 3], [3, 4], [2, 6], [1, 8], [2, 12]] as const));
}
