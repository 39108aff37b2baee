/**
 * GNU nm's default ("bsd") output for ELF files and archives, byte for byte (binutils 2.40
 * binutils/nm.c: filter_symbols, the sorters, print_symbol_info_bsd, display_file and
 * display_archive).
 *
 * Sorting by name: nm compares with strcoll() in the user's LC_COLLATE locale. This follows the
 * C / POSIX / C.UTF-8 locales, where that is byte order (= code point order for UTF-8); under
 * other locales (en_US.UTF-8 ignores punctuation and case at first) GNU nm's order differs.
 * Ties keep symbol-table order, as glibc's qsort (a merge sort for these sizes) does.
 */
import { nmSymbols, type NmSymbol } from './nmSymbolClass';
import type { ElfFile, ObjectFile } from './types';

export interface NmOptions {
  /** -n: sort by address (undefined symbols first), then by name. */
  numericSort?: boolean;
  /** -r: reverse the sort. */
  reverseSort?: boolean;
  /** -p: symbol-table order. */
  noSort?: boolean;
  /** -S: print the size of defined symbols after the value (when non-zero). */
  printSize?: boolean;
  /** -g: only external symbols (global, weak, unique, undefined, common). */
  externOnly?: boolean;
  /** --defined-only */
  definedOnly?: boolean;
}

/**
 * One piece of nm's output, in order: text for stdout or a message for stderr. `bad` marks
 * messages about bad input (a member nm cannot read), as opposed to "no symbols".
 */
export type NmOutput = { stream: 'stdout'; text: string } | { stream: 'stderr'; message: string; bad: boolean };

/**
 * Compares two strings in UTF-8 byte order (strcmp). JavaScript's `<` compares UTF-16 code
 * units, which disagrees with code-point order only when a surrogate meets U+E000..U+FFFF.
 */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Move surrogates above the rest of the BMP so that they sort as the code points they start.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Code units at and above the surrogates, where UTF-16 order and byte order can disagree. */
const HIGH_UNITS = /[\ud800-\uffff]/;

/** A symbol being sorted (or what stands for it), with whether its name has high code units worked out once. */
interface SortEntry<T> {
  item: T;
  symbol: NmSymbol;
  high: boolean;
}

/** nm.c non_numeric_forward: empty names first, then strcoll (byte order here). */
function compareNames(x: SortEntry<unknown>, y: SortEntry<unknown>): number {
  const a = x.symbol.name;
  const b = y.symbol.name;
  if (b === '') return a !== '' ? 1 : 0;
  if (a === '') return -1;
  if (a === b) return 0;
  // `<` is byte order unless the first difference is between two high code units.
  if (!x.high || !y.high) return a < b ? -1 : 1;
  return compareBytes(a, b);
}

/** nm.c numeric_forward: undefined symbols first, then by value, then by name. */
function compareValues(x: SortEntry<unknown>, y: SortEntry<unknown>): number {
  const xs = x.symbol;
  const ys = y.symbol;
  if (xs.undefined) {
    if (!ys.undefined) return -1;
  } else if (ys.undefined) {
    return 1;
  } else if (xs.value !== ys.value) {
    return xs.value < ys.value ? -1 : 1;
  }
  return compareNames(x, y);
}

/** Whether nm lists `symbol` with `options` (nm.c filter_symbols). */
export function nmListsSymbol(symbol: NmSymbol, options: NmOptions): boolean {
  if (options.externOnly && !symbol.external) return false;
  if (symbol.debugging) return false;
  if (options.definedOnly && symbol.undefined) return false;
  return true;
}

/**
 * `items` in the order nm prints their symbols with `options` (`symbolOf` gives an item's
 * symbol). Items whose symbols compare equal keep their order, as with glibc's qsort (a merge
 * sort for these sizes) on nm's table-ordered array: so sorting a subset of the symbols, in
 * table order, gives them in the order the full listing has them.
 */
export function sortNmSymbols<T>(items: T[], symbolOf: (item: T) => NmSymbol, options: NmOptions): T[] {
  if (options.noSort) return items;
  const forward = options.numericSort ? compareValues : compareNames;
  const compare = options.reverseSort ? (x: SortEntry<T>, y: SortEntry<T>) => -forward(x, y) : forward;
  const entries = items.map((item): SortEntry<T> => {
    const symbol = symbolOf(item);
    return { item, symbol, high: HIGH_UNITS.test(symbol.name) };
  });
  // Array.prototype.sort is stable.
  return entries.sort(compare).map((e) => e.item);
}

/** The symbols nm lists for one ELF file with `options`, filtered and sorted. */
export function selectNmSymbols(elf: ElfFile, options: NmOptions): NmSymbol[] {
  const listed = nmSymbols(elf).filter((s) => nmListsSymbol(s, options));
  return sortNmSymbols(listed, (s) => s, options);
}

/** The width of nm's value column for `elf`. */
export function nmValueWidth(elf: ElfFile): number {
  return elf.class === 64 ? 16 : 8;
}

/** print_symbol_info_bsd for one symbol: value (or blanks), [size,] letter, name; no newline. */
export function formatNmLine(s: NmSymbol, width: number, options: NmOptions): string {
  // U, w and v are BFD's undefined classes: no value.
  if (s.symbolClass === 'U' || s.symbolClass === 'w' || s.symbolClass === 'v') return `${' '.repeat(width)} ${s.symbolClass} ${s.name}`;
  const value = s.value.toString(16).padStart(width, '0');
  const size = options.printSize && s.size !== 0n ? ` ${s.size.toString(16).padStart(width, '0')}` : '';
  return `${value}${size} ${s.symbolClass} ${s.name}`;
}

/** print_symbol_info_bsd for each symbol, a line each. */
export function formatNmSymbols(elf: ElfFile, symbols: NmSymbol[], options: NmOptions): string {
  const width = nmValueWidth(elf);
  let out = '';
  for (const s of symbols) out += `${formatNmLine(s, width, options)}\n`;
  return out;
}

/**
 * nm's output for the files given on its command line, in order. `severalFiles` is nm's
 * filename_per_file: more than one file was named, so each gets a "\nNAME:\n" header.
 */
export function formatNm(file: ObjectFile, displayName: string, severalFiles: boolean, options: NmOptions): NmOutput[] {
  const out: NmOutput[] = [];
  const listing = (elf: ElfFile, name: string) => {
    if (elf.symbols.length === 0) {
      out.push({ stream: 'stderr', message: `${name}: no symbols`, bad: false });
      return;
    }
    const text = formatNmSymbols(elf, selectNmSymbols(elf, options), options);
    if (text) out.push({ stream: 'stdout', text });
  };
  if (file.kind === 'elf') {
    if (severalFiles) out.push({ stream: 'stdout', text: `\n${displayName}:\n` });
    listing(file.elf, displayName);
    return out;
  }
  if (severalFiles) out.push({ stream: 'stdout', text: `\n${displayName}:\n` });
  for (const member of file.members) {
    if (member.kind === 'other') {
      out.push({ stream: 'stderr', message: `${member.name}: ${member.reason}`, bad: true });
      continue;
    }
    out.push({ stream: 'stdout', text: `\n${member.name}:\n` });
    listing(member.elf, member.name);
  }
  return out;
}
