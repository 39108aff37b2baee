/**
 * The number of program headers, which SIZEOF_HEADERS depends on. With PHDRS it is the number
 * of entries. Without, BFD first estimates it (get_program_header_size: two PT_LOADs plus one
 * per note group, GNU_STACK, GNU_RELRO, TLS …), and after sizing ld maps the sections to
 * segments for real (_bfd_elf_map_sections_to_segments) and lays out again when the count
 * changed — the loop in ldelf_map_segments, which gives up after ten tries.
 */
import { SHT } from '../../elf/constants';
import { isTbss, SEC } from '../bfd/sectionFlags';
import { alignPower, wrap } from '../expr/arithmetic';
import type { LinkContext } from '../LinkContext';
import type { OutputSection } from '../output/OutputSection';

function byName(ctx: LinkContext, name: string): OutputSection | undefined {
  return ctx.sectionList.find((s) => s.name === name);
}

const isLoadNote = (s: OutputSection) => (s.flags & SEC.LOAD) !== 0 && s.elfType === SHT.NOTE;

/** Segments besides PT_LOAD that both the estimate and the real mapping count. */
function noteSegments(ctx: LinkContext, contiguous: boolean): number {
  let n = 0;
  const list = ctx.sectionList;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (!isLoadNote(s)) continue;
    n++;
    const power = s.alignmentPower;
    while (i + 1 < list.length) {
      const nx = list[i + 1];
      if (nx.alignmentPower !== power || !isLoadNote(nx)) break;
      if (contiguous && alignPower(wrap(list[i].lma + list[i].size), power) !== nx.lma) break;
      i++;
    }
  }
  return n;
}

/** get_program_header_size, in bytes of program headers. */
export function estimateProgramHeaderSize(ctx: LinkContext): bigint {
  let segs = 2;
  const interp = byName(ctx, '.interp');
  if (interp && (interp.flags & SEC.LOAD) && interp.size !== 0n) segs += 2;
  if (byName(ctx, '.dynamic')) segs++;
  if (ctx.relro) segs++;
  if (ctx.stackFlags) segs++;
  const prop = byName(ctx, '.note.gnu.property');
  if (prop && prop.size !== 0n) segs++;
  segs += noteSegments(ctx, false);
  if (ctx.sectionList.some((s) => s.flags & SEC.THREAD_LOCAL)) segs++;
  if (ctx.x86_64) {
    const lro = byName(ctx, '.lrodata');
    if (lro && lro.flags & SEC.LOAD) segs++;
    const ld = byName(ctx, '.ldata');
    if (ld && ld.flags & SEC.LOAD) segs++;
  }
  return BigInt(segs) * ctx.options.emulation.phdrSize;
}

/** bfd_sizeof_headers: ELF header plus program headers (cached once computed, as BFD does). */
export function sizeofHeaders(ctx: LinkContext): bigint {
  if (ctx.programHeaderSize === undefined) {
    ctx.programHeaderSize = ctx.phdrs ? BigInt(ctx.phdrs.length) * ctx.options.emulation.phdrSize : estimateProgramHeaderSize(ctx);
  }
  return ctx.options.emulation.ehdrSize + ctx.programHeaderSize;
}

/**
 * _bfd_elf_map_sections_to_segments without PHDRS, reduced to what matters here: how many
 * program headers the output gets.
 */
export function mapSectionsToSegmentsCount(ctx: LinkContext): number {
  const opts = ctx.options;
  const mask = ctx.addressMask;
  const dPaged = !opts.omagic && !opts.nmagic;
  const list = ctx.sectionList;
  const sections = list.filter((s) => (s.flags & SEC.ALLOC) !== 0);
  const index = new Map(sections.map((s, i) => [s, i] as const));
  let wrapTo = 0n;
  for (const s of sections) {
    if (((s.lma + s.size) & mask) < (s.lma & mask)) wrapTo = (s.lma + s.size) & mask;
  }
  const toEnd = (x: OutputSection) => (x.flags & (SEC.LOAD | SEC.THREAD_LOCAL)) === 0 && x.size !== 0n;
  sections.sort((a, b) => {
    if (a.lma !== b.lma) return a.lma < b.lma ? -1 : 1;
    if (a.vma !== b.vma) return a.vma < b.vma ? -1 : 1;
    const ta = toEnd(a);
    const tb = toEnd(b);
    if (ta !== tb) return ta ? 1 : -1;
    const sa = a.flags & SEC.LOAD ? a.size : 0n;
    const sb = b.flags & SEC.LOAD ? b.size : 0n;
    if (sa !== sb) return sa < sb ? -1 : 1;
    return index.get(a)! - index.get(b)!;
  });

  let phdrSize = ctx.programHeaderSize ?? estimateProgramHeaderSize(ctx);
  phdrSize += opts.emulation.ehdrSize;
  const maxpagesize = opts.maxPageSize === 0n ? 1n : opts.maxPageSize;
  let phdrInSegment = ctx.loadPhdrs;
  if (sections.length > 0 && ((sections[0].lma & mask) & (maxpagesize - 1n)) >= (phdrSize & (maxpagesize - 1n))) phdrInSegment = true;

  let count = 0;
  const interp = byName(ctx, '.interp');
  if (interp && interp.flags & SEC.LOAD && interp.size !== 0n) {
    count += 2;
    phdrInSegment = true;
  }
  if (!dPaged) phdrInSegment = false;
  if (phdrInSegment && sections.length > 0) {
    let phdrLma = wrap(sections[0].lma - phdrSize) & mask & wrap(-maxpagesize);
    let separatePhdr = false;
    if (opts.separateCode && (sections[0].flags & SEC.CODE) !== 0) {
      separatePhdr = true;
      if ((wrap(phdrLma + phdrSize - 1n) & mask & wrap(-maxpagesize)) === (sections[0].lma & mask & wrap(-maxpagesize))) {
        if (phdrLma >= maxpagesize) phdrLma -= maxpagesize;
        else separatePhdr = false;
      }
    }
    if ((sections[0].lma & mask) < phdrLma || (sections[0].lma & mask) < phdrSize) phdrInSegment = false;
    else if (phdrLma < wrapTo) phdrInSegment = false;
    else if (separatePhdr) {
      count++;
      phdrInSegment = false;
    }
  }

  let lastHdr: OutputSection | undefined;
  let lastSize = 0n;
  let writable = false;
  let executable = false;
  let segmentStart = 0;
  let loads = 0;
  const loadFirsts: OutputSection[][] = [];
  let current: OutputSection[] = [];
  for (let i = 0; i < sections.length; i++) {
    const hdr = sections[i];
    let newSegment: boolean;
    if (!lastHdr) newSegment = false;
    else if (wrap(lastHdr.lma - lastHdr.vma) !== wrap(hdr.lma - hdr.vma)) newSegment = true;
    else if (hdr.lma < wrap(lastHdr.lma + lastSize) || wrap(lastHdr.lma + lastSize) < lastHdr.lma) newSegment = true;
    else if (dPaged && (wrap(lastHdr.lma + lastSize - 1n) & wrap(-maxpagesize)) === (hdr.lma & wrap(-maxpagesize))) newSegment = false;
    else if (
      wrap(alignUp(wrap(lastHdr.lma + lastSize), maxpagesize) + maxpagesize) > lastHdr.lma &&
      wrap(alignUp(wrap(lastHdr.lma + lastSize), maxpagesize) + maxpagesize) <= hdr.lma
    ) newSegment = true;
    else if ((lastHdr.flags & (SEC.LOAD | SEC.THREAD_LOCAL)) === 0 && (hdr.flags & (SEC.LOAD | SEC.THREAD_LOCAL)) !== 0) newSegment = true;
    else if (!dPaged) newSegment = false;
    else if (opts.separateCode && executable !== ((hdr.flags & SEC.CODE) !== 0)) newSegment = true;
    else if (!writable && (hdr.flags & SEC.READONLY) === 0) newSegment = true;
    else newSegment = false;

    // ldlang_override_segment_assignment: different memory regions never share a segment.
    if (lastHdr && !newSegment) {
      const cur = ctx.findOutputStatement(hdr.name);
      const prev = ctx.findOutputStatement(lastHdr.name);
      if (cur && prev && cur.region !== prev.region) newSegment = true;
    }

    if (!newSegment) {
      if ((hdr.flags & SEC.READONLY) === 0) writable = true;
      if ((hdr.flags & SEC.CODE) !== 0) executable = true;
      lastHdr = hdr;
      lastSize = !isTbss(hdr.flags) ? hdr.size : 0n;
      current.push(hdr);
      continue;
    }
    loads++;
    loadFirsts.push(current);
    current = [hdr];
    writable = (hdr.flags & SEC.READONLY) === 0;
    executable = (hdr.flags & SEC.CODE) !== 0;
    lastHdr = hdr;
    lastSize = !isTbss(hdr.flags) ? hdr.size : 0n;
    segmentStart = i;
    phdrInSegment = false;
  }
  if (lastHdr && (sections.length - segmentStart !== 1 || !isTbss(lastHdr.flags))) {
    loads++;
    loadFirsts.push(current);
  }
  count += loads;

  if (byName(ctx, '.dynamic') && (byName(ctx, '.dynamic')!.flags & SEC.LOAD)) count++;
  count += noteSegments(ctx, true);
  if (list.some((s) => s.flags & SEC.THREAD_LOCAL)) count++;
  const prop = byName(ctx, '.note.gnu.property');
  if (prop && prop.size !== 0n) count++;
  if (ctx.stackFlags) count++;
  if (ctx.relro) {
    const hasRelro = loadFirsts.some(
      (m) =>
        m.length > 0 &&
        m[0].vma >= ctx.relroStart &&
        m[0].vma < ctx.relroEnd &&
        m.some((x) => x.size > 0n && (x.flags & SEC.LOAD) !== 0 && (x.flags & SEC.HAS_CONTENTS) !== 0),
    );
    if (hasRelro) count++;
  }
  if (process.env.LDSCOPE_DEBUG_PHDRS) {
    process.stderr.write(`phdrs: count ${count} loads ${loads} relro ${ctx.relro} [${ctx.relroStart.toString(16)},${ctx.relroEnd.toString(16)}) stack ${ctx.stackFlags} loadPhdrs ${ctx.loadPhdrs} sections ${sections.map((s) => s.name + '@' + s.lma.toString(16)).join(' ')}\n`);
  }
  return count;
}

function alignUp(v: bigint, a: bigint): bigint {
  return wrap((v + a - 1n) & wrap(-a));
}
