/**
 * MEMORY regions (lang_memory_region_type): names (REGION_ALIAS adds more), origin and length
 * (expressions evaluated once the inputs are loaded), attribute flags, and the running
 * `current` address sizing advances. `*default*` is created on first use, at the end of the
 * list, exactly like ld (which matters: --print-memory-usage stops before the last region).
 */
import type { SourceRange } from '../../diagnostics/SourceRange';
import type { MemoryAttribute } from '../../script/ast';
import type { Etree } from '../expr/Etree';
import { MASK64 } from '../expr/Etree';
import { SEC } from '../bfd/sectionFlags';
import type { OutputSectionStatement } from './statements';

export const DEFAULT_MEMORY_REGION = '*default*';

export class MemoryRegion {
  readonly names: string[];
  origin = 0n;
  length = MASK64;
  current = 0n;
  /** --elf mode: why `current` is not known. */
  currentUnknown: string | undefined;
  originExp: Etree | undefined;
  lengthExp: Etree | undefined;
  flags = 0;
  notFlags = 0;
  /** The last section whose LMA later sections in this region follow (r->last_os). */
  lastOs: OutputSectionStatement | undefined;
  /** --elf alone: why `lastOs` may have been another section (one whose flags are not known). */
  lastOsUnknown: string | undefined;
  hadFullMessage = false;
  range: SourceRange | undefined;

  constructor(name: string) {
    this.names = [name];
  }

  get name(): string {
    return this.names[0];
  }

  get isDefault(): boolean {
    return this.names[0] === DEFAULT_MEMORY_REGION;
  }
}

export class MemoryRegionList {
  readonly regions: MemoryRegion[] = [];
  /** Warnings ld prints ("memory region `X' not declared"). */
  readonly warnings: string[] = [];

  /** lang_memory_region_lookup. */
  lookup(name: string | undefined, create: boolean): MemoryRegion | undefined {
    if (name === undefined) return undefined;
    for (const r of this.regions) if (r.names.includes(name)) return r;
    if (!create && name !== DEFAULT_MEMORY_REGION) this.warnings.push(`memory region \`${name}' not declared`);
    const r = new MemoryRegion(name);
    this.regions.push(r);
    return r;
  }

  find(name: string): MemoryRegion | undefined {
    for (const r of this.regions) if (r.names.includes(name)) return r;
    return undefined;
  }

  default(): MemoryRegion {
    return this.lookup(DEFAULT_MEMORY_REGION, false)!;
  }

  /** lang_memory_default: the first region whose attributes accept the section's flags. */
  defaultFor(sectionFlags: number): MemoryRegion {
    let f = sectionFlags;
    if ((f & (SEC.ALLOC | SEC.READONLY | SEC.CODE)) === SEC.ALLOC) f |= SEC.DATA;
    for (const r of this.regions) {
      if ((r.flags & f) !== 0 && (r.notFlags & f) === 0) return r;
    }
    return this.default();
  }

  /** True when the script declared regions of its own (beyond *default*). */
  hasUserRegions(): boolean {
    return this.regions.length > 0 && (this.regions[0].name !== DEFAULT_MEMORY_REGION || this.regions.length > 1);
  }
}

/** lang_set_flags: attribute letters, where '!' flips the sense of those that follow. */
export function applyAttributes(region: MemoryRegion, attributes: MemoryAttribute[]): string | undefined {
  for (const a of attributes) {
    let invert = a.negated;
    for (const ch of a.letters) {
      let bit: number;
      switch (ch) {
        case '!':
          invert = !invert;
          continue;
        case 'A':
        case 'a':
          bit = SEC.ALLOC;
          break;
        case 'R':
        case 'r':
          bit = SEC.READONLY;
          break;
        case 'W':
        case 'w':
          bit = SEC.DATA;
          break;
        case 'X':
        case 'x':
          bit = SEC.CODE;
          break;
        case 'L':
        case 'l':
        case 'I':
        case 'i':
          bit = SEC.LOAD;
          break;
        default:
          return `invalid character ${ch} (${ch.charCodeAt(0)}) in flags`;
      }
      if (invert) region.notFlags |= bit;
      else region.flags |= bit;
    }
  }
  return undefined;
}
