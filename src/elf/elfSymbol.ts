/**
 * Making ElfSymbol values, for both readers (convertElfinfo and the relocatable fast path).
 *
 * A linked image has thousands of symbols (Xen's xen-syms: 7,477) and a short run such as
 * `ldscope xen` reads them once, with cold code and a young heap: every byte a symbol holds is
 * allocated, copied by the scavenger and promoted, and on a sandboxed VM each page that costs
 * is a ~15 µs page fault. So a symbol is one object of one shape, made by one literal (its
 * sectionName is set there, undefined when it is in no section, rather than added afterwards,
 * which would change its shape and allocate a second store), and the symbols of a file share
 * their SymbolSection objects: one per section index, one per special kind.
 */
import { SHN, symbolBindName, symbolTypeName, symbolVisibilityName } from './constants';
import type { ElfSymbol, SymbolSection } from './types';

const UNDEFINED: SymbolSection = { kind: 'undefined' };
const ABSOLUTE: SymbolSection = { kind: 'absolute' };
const COMMON: SymbolSection = { kind: 'common' };

/** Symbol sizes below this are bigints made once per process: 94% of Xen's symbols' sizes. */
const SHARED_SIZES = 1024;
/** Made at its full length on first use, so that storing in it never grows it. */
let sharedSizes: Array<bigint | undefined> | undefined;

/**
 * A symbol size (a number, or a bigint when it is too large for one) as a bigint. Small ones
 * are shared: a bigint is immutable, so sharing one cannot be seen, and making one per symbol
 * costs an allocation that survives with the symbol.
 */
export function sizeBigInt(size: number | bigint): bigint {
  if (typeof size === 'bigint') return size;
  if (size >= SHARED_SIZES) return BigInt(size);
  sharedSizes ??= new Array<bigint | undefined>(SHARED_SIZES);
  return (sharedSizes[size] ??= BigInt(size));
}

/** The SymbolSection objects of one file's symbols, each made once. */
export class SymbolSections {
  private readonly bySection: SymbolSection[] = [];
  private readonly reserved = new Map<number, SymbolSection>();

  /** `sectionCount`: the number of section headers in the file, index 0 included. */
  constructor(private readonly sectionCount: number) {}

  /**
   * Where a symbol whose st_shndx is `shndx` is defined (`extended`: `shndx` came from the
   * SHT_SYMTAB_SHNDX section). Undefined when that is a section index that is not a section of
   * the file, or SHN_XINDEX not replaced by an extended index.
   */
  of(shndx: number, extended: boolean): SymbolSection | undefined {
    if (extended || (shndx !== SHN.UNDEF && shndx < SHN.LORESERVE)) {
      if (shndx >= this.sectionCount) return undefined;
      return (this.bySection[shndx] ??= { kind: 'section', index: shndx });
    }
    if (shndx === SHN.UNDEF) return UNDEFINED;
    if (shndx === SHN.ABS) return ABSOLUTE;
    if (shndx === SHN.COMMON) return COMMON;
    if (shndx === SHN.XINDEX) return undefined;
    let reserved = this.reserved.get(shndx);
    if (!reserved) this.reserved.set(shndx, (reserved = { kind: 'reserved', shndx }));
    return reserved;
  }
}

/** The symbol with these fields of its table entry; `sectionName` when section.kind is 'section'. */
export function elfSymbol(
  index: number,
  name: string,
  value: bigint,
  size: bigint,
  info: number,
  other: number,
  shndx: number,
  section: SymbolSection,
  sectionName: string | undefined,
  osabi: number,
): ElfSymbol {
  const type = info & 0xf;
  const bind = info >> 4;
  const visibility = other & 3;
  return {
    index,
    name,
    value,
    size,
    type,
    typeName: symbolTypeName(type, osabi),
    bind,
    bindName: symbolBindName(bind, osabi),
    visibility,
    visibilityName: symbolVisibilityName(visibility),
    other,
    shndx,
    section,
    sectionName,
  };
}
