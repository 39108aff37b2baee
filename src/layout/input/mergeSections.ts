/**
 * bfd_merge_sections (_bfd_elf_merge_sections, bfd/merge.c): after orphans are placed, input
 * sections with SHF_MERGE that go to the same output section with the same flags, entity size
 * and alignment are merged. Equal constants (or strings) are kept once, strings also when they
 * are a suffix of another string; each section keeps the entries it added first to the table,
 * so its size shrinks, and a section that added nothing is excluded. Sizes change, so every
 * address after such a section does; the contents are needed (the caller gives the files' bytes).
 *
 * Symbol values are not remapped here: ld adjusts symbols in merged sections only when it
 * writes the output (bfd_elf_final_link), after script assignments were evaluated.
 */
import { SEC } from '../bfd/sectionFlags';
import type { InputFile, InputSection } from './InputFile';

interface Entry {
  /** The entity's bytes (a string with its terminator), latin1. */
  readonly key: string;
  len: number;
  alignment: number;
  owner: MergeSection | undefined;
  next: Entry | undefined;
  index: number;
}

interface MergeSection {
  readonly section: InputSection;
  readonly contents: Uint8Array;
  firstStr: Entry | undefined;
}

class MergeTable {
  readonly map = new Map<string, Entry>();
  first: Entry | undefined;
  last: Entry | undefined;
  constructor(
    readonly entsize: number,
    readonly strings: boolean,
  ) {}

  /** sec_merge_hash_lookup with create, then sec_merge_add. */
  add(data: Uint8Array, at: number, alignment: number, owner: MergeSection): Entry {
    const len = this.entityLength(data, at);
    const key = latin1(data, at, len);
    let e = this.map.get(key);
    if (e && e.alignment < alignment) {
      // The less aligned copy is deleted; another is inserted.
      e.len = 0;
      e.alignment = 0;
      e = undefined;
    }
    if (!e) {
      e = { key, len, alignment, owner: undefined, next: undefined, index: 0 };
      this.map.set(key, e);
    }
    if (!e.owner) {
      e.owner = owner;
      if (!this.first) this.first = e;
      else this.last!.next = e;
      this.last = e;
    }
    return e;
  }

  private entityLength(data: Uint8Array, at: number): number {
    const w = this.entsize;
    if (!this.strings) return w;
    if (w === 1) {
      let p = at;
      while (data[p] !== 0) p++;
      return p - at + 1;
    }
    let n = 0;
    for (;;) {
      let i = 0;
      while (i < w && data[at + n * w + i] === 0) i++;
      if (i === w) break;
      n++;
    }
    return n * w + w;
  }
}

function latin1(data: Uint8Array, start: number, len: number): string {
  return Buffer.from(data.buffer, data.byteOffset + start, len).toString('latin1');
}

interface MergeGroup {
  table: MergeTable;
  sections: MergeSection[];
  flags: number;
  entsize: bigint;
  alignmentPower: number;
  output: unknown;
}

/**
 * Merges the SEC_MERGE sections of FILES (in link order). Returns the names of mergeable
 * sections whose contents were not available (left at their full size).
 */
export function mergeSections(files: InputFile[]): string[] {
  const groups: MergeGroup[] = [];
  const missing: string[] = [];
  for (const f of files) {
    if (f.standIn) continue;
    for (const sec of f.sections) {
      if ((sec.flags & SEC.MERGE) === 0 || sec.output === undefined || sec.output === 'discarded') continue;
      if (sec.size === 0n || (sec.flags & SEC.EXCLUDE) !== 0 || sec.entsize === 0n) continue;
      if (sec.size % sec.entsize !== 0n || sec.hasRelocs) continue;
      if (sec.alignmentPower >= 32) continue;
      const align = 1n << BigInt(sec.alignmentPower);
      const es = sec.entsize;
      if ((es < align && ((es & (es - 1n)) !== 0n || (sec.flags & SEC.STRINGS) === 0)) || (es > align && (es & (align - 1n)) !== 0n)) continue;
      if (!sec.contents) {
        missing.push(`${f.displayName}(${sec.name})`);
        continue;
      }
      let g = groups.find(
        (x) => ((x.flags ^ sec.flags) & (SEC.MERGE | SEC.STRINGS)) === 0 && x.entsize === es && x.alignmentPower === sec.alignmentPower && x.output === sec.output,
      );
      if (!g) {
        g = { table: new MergeTable(Number(es), (sec.flags & SEC.STRINGS) !== 0), sections: [], flags: sec.flags, entsize: es, alignmentPower: sec.alignmentPower, output: sec.output };
        groups.push(g);
      }
      const raw = sec.contents();
      // Room for a missing terminator (some gcc versions emitted an unterminated string).
      const contents = new Uint8Array(raw.length + Number(es));
      contents.set(raw);
      g.sections.push({ section: sec, contents, firstStr: undefined });
    }
  }
  for (const g of groups) mergeGroup(g);
  return missing;
}

/** _bfd_merge_sections for one sec_merge_info. */
function mergeGroup(g: MergeGroup): void {
  const table = g.table;
  let align = 1;
  for (const ms of g.sections) {
    recordSection(table, ms);
    if (align) {
      align = 2 ** ms.section.alignmentPower;
      if (Number(ms.section.size % BigInt(align)) !== 0) align = 0;
    }
  }
  if (!table.first) return;
  let last: MergeSection;
  if (table.strings) {
    last = mergeStrings(table);
  } else {
    let size = 0;
    let owner: MergeSection | undefined;
    for (let e: Entry | undefined = table.first; e; e = e.next) {
      if (!e.owner!.firstStr) {
        if (owner) owner.section.size = BigInt(size);
        e.owner!.firstStr = e;
        size = 0;
      }
      size = alignUp(size, e.alignment);
      e.index = size;
      size += e.len;
      owner = e.owner;
    }
    last = owner!;
    last.section.size = BigInt(size);
  }
  if (align) last.section.size = (last.section.size + BigInt(align) - 1n) & -BigInt(align);
  for (const ms of g.sections) {
    if (!ms.firstStr) ms.section.flags |= SEC.EXCLUDE | SEC.KEEP;
  }
}

function alignUp(v: number, a: number): number {
  return Math.ceil(v / a) * a;
}

/** record_section */
function recordSection(table: MergeTable, ms: MergeSection): void {
  const sec = ms.section;
  const data = ms.contents;
  const end = Number(sec.size);
  const mask = 2 ** sec.alignmentPower - 1;
  const w = table.entsize;
  let nul = false;
  if (!table.strings) {
    for (let p = 0; p < end; p += w) table.add(data, p, 1, ms);
    return;
  }
  for (let p = 0; p < end; ) {
    // The string's alignment: the lowest set bit of its offset, at most the section's.
    let eltalign = p === 0 ? 0 : p & -p;
    if (!eltalign || eltalign > mask) eltalign = mask + 1;
    const entry = table.add(data, p, eltalign, ms);
    p += entry.len;
    if (w === 1) {
      while (p < end && data[p] === 0) {
        if (!nul && !(p & mask)) {
          nul = true;
          table.add(data, p, mask + 1, ms);
        }
        p++;
      }
    } else {
      while (p < end) {
        let i = 0;
        while (i < w && data[p + i] === 0) i++;
        if (i !== w) break;
        if (!nul && !(p & mask)) {
          nul = true;
          table.add(data, p, mask + 1, ms);
        }
        p += w;
      }
    }
  }
}

/** merge_strings: suffix merging, then each section's size from the strings it keeps. */
function mergeStrings(table: MergeTable): MergeSection {
  const w = table.entsize;
  const array: Entry[] = [];
  let alignment = 0;
  for (let e = table.first; e; e = e.next) {
    if (!e.alignment) continue;
    array.push(e);
    e.len -= w;
    if (alignment !== e.alignment) alignment = alignment === 0 ? e.alignment : -1;
  }
  if (array.length) {
    const useAlign = alignment !== -1 && alignment > w;
    array.sort((a, b) => strrevcmp(a, b, useAlign));
    let e = array[array.length - 1];
    e.len += w;
    for (let k = array.length - 2; k >= 0; k--) {
      const cmp = array[k];
      cmp.len += w;
      if (e.alignment >= cmp.alignment && !((e.len - cmp.len) & (cmp.alignment - 1)) && isSuffix(e, cmp)) {
        cmp.alignment = 0;
      } else {
        e = cmp;
      }
    }
  }
  let size = 0;
  let owner = table.first!.owner!;
  for (let e = table.first; e; e = e.next) {
    if (e.owner !== owner) {
      owner.section.size = BigInt(size);
      owner = e.owner!;
    }
    if (e.alignment) {
      if (!e.owner!.firstStr) {
        e.owner!.firstStr = e;
        size = 0;
      }
      size = alignUp(size, e.alignment);
      e.index = size;
      size += e.len;
    }
  }
  owner.section.size = BigInt(size);
  return owner;
}

/** strrevcmp / strrevcmp_align: by the bytes from the end (lengths without the terminator). */
function strrevcmp(a: Entry, b: Entry, align: boolean): number {
  const lenA = a.len;
  const lenB = b.len;
  if (align) {
    const tail = (lenA & (a.alignment - 1)) - (lenB & (a.alignment - 1));
    if (tail !== 0) return tail;
  }
  let s = lenA - 1;
  let t = lenB - 1;
  for (let l = Math.min(lenA, lenB); l > 0; l--, s--, t--) {
    const d = a.key.charCodeAt(s) - b.key.charCodeAt(t);
    if (d !== 0) return d;
  }
  return lenA - lenB;
}

/** is_suffix: B (shorter) ends A. Lengths include the terminator here. */
function isSuffix(a: Entry, b: Entry): boolean {
  return a.len > b.len && a.key.endsWith(b.key);
}
