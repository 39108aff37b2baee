/**
 * Sizing (ldlang.c lang_size_sections_1, size_input_section, lang_size_sections): one pass over
 * the statement tree giving every output section its VMA (explicit address, region, or `.`,
 * aligned), its size (inputs aligned one after another, assignments to `.`, data statements),
 * and its LMA (AT(), AT>region, or the previous section's LMA−VMA offset kept), while
 * evaluating every assignment with the current `.`. lang_size_sections adds the extra passes
 * DATA_SEGMENT_ALIGN/RELRO_END need.
 */
import { isTbss, SEC } from '../bfd/sectionFlags';
import { add64, alignPower, sub64, wrap } from '../expr/arithmetic';
import { expGetAbsInt, expGetPower } from '../expr/constantExpressions';
import { LinkContext } from '../LinkContext';
import type { MemoryRegion } from '../script/MemoryRegion';
import { DATA_SIZES, OutputSectionStatement, Statement } from '../script/statements';
import { elfDots } from '../elfMode/elfSectionDots';
import { specMatches } from '../match/specMatch';

/** lang_reset_memory_regions */
export function resetMemoryRegions(ctx: LinkContext): void {
  for (const r of ctx.regions.regions) {
    r.current = r.origin;
    r.currentUnknown = undefined;
    r.lastOs = undefined;
    r.lastOsUnknown = undefined;
  }
  for (const os of ctx.outputStatements()) {
    os.processedVma = false;
    os.processedLma = false;
  }
  for (const o of ctx.sectionList) {
    o.rawsize = o.size;
    if (!o.fixedSize) o.size = 0n;
  }
}

interface SizeState {
  checkRegions: boolean;
}

/** one_lang_size_sections_pass */
export function oneSizingPass(ctx: LinkContext, checkRegions: boolean): void {
  ctx.statementIteration++;
  if (ctx.phase !== 'mark') ctx.sizingIteration++;
  sizeList(ctx, ctx.statements, ctx.absStatement, 0n, undefined, { checkRegions });
}

/** lang_size_sections_1; returns the new `.` (and whether it is unknown, in --elf mode). */
function sizeList(
  ctx: LinkContext,
  list: Statement[],
  os: OutputSectionStatement,
  dot: bigint,
  dotUnknown: string | undefined,
  st: SizeState,
): { dot: bigint; unknown: string | undefined } {
  const inSection = os !== ctx.absStatement;
  const dots = inSection && os.bfdSection ? elfDots(ctx, os, list) : undefined;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (dots && dotUnknown && dots.backward[i] !== undefined) {
      dot = dots.backward[i]!;
      dotUnknown = undefined;
    }
    switch (s.kind) {
      case 'output': {
        const r = sizeOutputSection(ctx, s, dot, dotUnknown, st);
        dot = r.dot;
        dotUnknown = r.unknown;
        break;
      }
      case 'data': {
        const sec = os.bfdSection!;
        ctx.folder.foldTree(s.exp, ctx.abs, dot, dotUnknown);
        dot = wrap(dot + DATA_SIZES[s.size]);
        if (!sec.fixedSize) sec.size = wrap(dot - sec.vma);
        break;
      }
      case 'wild': {
        if (dots?.opaque) {
          dotUnknown ??= dots.opaqueReason;
          s.sizedStart = undefined;
          break;
        }
        s.sizedStart = dot;
        // (Only input sections: the output section's size is brought up to date at the end.)
        const sec = os.bfdSection!;
        let touched = false;
        for (const c of s.children) {
          if (c.section.file.standIn) continue;
          const before = dot;
          dot = sizeInputSection(ctx, c.section, os, dot);
          c.pad = sizeInputPad;
          if (dot !== before || sizeInputTouched) touched = true;
        }
        if (touched && !sec.fixedSize) sec.size = sub64(dot, sec.vma);
        s.sizedEnd = dot;
        break;
      }
      case 'object-symbols':
        os.bfdSection!.flags |= SEC.KEEP;
        break;
      case 'input-section':
        // --elf mode's stand-in for a whole output section: bookkeeping, takes no space.
        if (s.section.file.standIn) break;
        if (dots?.opaque) {
          dotUnknown ??= dots.opaqueReason;
          break;
        }
        dot = sizeInputSection(ctx, s.section, os, dot);
        s.pad = sizeInputPad;
        if (sizeInputTouched && !os.bfdSection!.fixedSize) os.bfdSection!.size = sub64(dot, os.bfdSection!.vma);
        break;
      case 'fill':
        break;
      case 'assignment': {
        const tree = s.exp;
        ctx.dataseg.relro = 'none';
        ctx.folder.foldTree(tree, os.bfdSection!, dot, dotUnknown);
        const newdot = ctx.folder.dot;
        const newUnknown = ctx.folder.dotUnknown;
        checkRelroRegion(ctx, s);
        ctx.dataseg.relro = 'none';
        if (tree.k === 'assign' && (tree.cls === 'provided' || tree.cls === 'assign') && tree.dst !== '.') os.updateDot = true;
        if (!os.ignored) {
          if (os === ctx.absStatement) {
            const def = ctx.regions.default();
            def.current = newdot;
            def.currentUnknown = newUnknown;
          } else {
            s.pad = wrap(newdot - dot);
            if (newdot !== dot || newUnknown !== dotUnknown) {
              // A pad after the assignment; advancing `.` allocates the section unless NOLOAD/INFO.
              const sec = os.bfdSection!;
              if (!sec.fixedSize) sec.size = wrap(newdot - sec.vma);
              if (os.sectype !== 'noalloc') sec.flags |= SEC.ALLOC;
            }
          }
          dot = newdot;
          dotUnknown = newUnknown;
        }
        break;
      }
      default:
        break;
    }
  }
  return { dot, unknown: dotUnknown };
}

/** What the last sizeInputSection did besides returning `.`: the pad it put before the section, and whether it set the output section's size (left to the caller). */
let sizeInputPad = 0n;
let sizeInputTouched = false;

/** size_input_section (the caller sets the output section's size, ld's `o->size = dot - o->vma`, when sizeInputTouched). */
function sizeInputSection(ctx: LinkContext, i: import('../input/InputFile').InputSection, os: OutputSectionStatement, dot: bigint): bigint {
  const o = os.bfdSection!;
  sizeInputPad = 0n;
  if ((i.flags & SEC.EXCLUDE) !== 0 || os.ignored) {
    sizeInputTouched = false;
    i.outputOffset = sub64(dot, o.vma);
    return dot;
  }
  sizeInputTouched = true;
  if (os.subsectionAlignment !== undefined) i.alignmentPower = expGetPower(ctx, os.subsectionAlignment, 'subsection alignment');
  if (o.alignmentPower < i.alignmentPower && !o.fixedSize) o.alignmentPower = i.alignmentPower;
  const start = alignPower(dot, i.alignmentPower);
  if (start !== dot) sizeInputPad = sub64(start, dot);
  i.outputOffset = sub64(start, o.vma);
  return i.size === 0n ? start : add64(start, i.size);
}

/** ldlang_check_relro_region */
function checkRelroRegion(ctx: LinkContext, s: Statement): void {
  const seg = ctx.dataseg;
  if (seg.relro === 'start') {
    if (!seg.relroStartStat) seg.relroStartStat = s;
  } else if (seg.relro === 'end') {
    if (!seg.relroEndStat) seg.relroEndStat = s;
  }
}

/** os_region_check */
function regionCheck(ctx: LinkContext, os: OutputSectionStatement, region: MemoryRegion, explicitAddress: boolean, rbase: bigint): void {
  if ((region.current < region.origin || region.current - region.origin > region.length) && (region.current !== wrap(region.origin + region.length) || rbase === 0n)) {
    if (explicitAddress) {
      ctx.report(
        'error',
        'address-outside-region',
        `address 0x${region.current.toString(16)} of section \`${os.name}' is not within region \`${region.name}'`,
        os.range,
      );
    } else if (!region.hadFullMessage) {
      region.hadFullMessage = true;
      ctx.report('error', 'region-overflow', `section \`${os.name}' will not fit in region \`${region.name}'`, os.range);
    }
  }
}

function sizeOutputSection(
  ctx: LinkContext,
  os: OutputSectionStatement,
  dot: bigint,
  dotUnknown: string | undefined,
  st: SizeState,
): { dot: bigint; unknown: string | undefined } {
  if (os.constraint === -1) return { dot, unknown: dotUnknown };
  dotUnknown ??= os.elfUnknownDot;
  if (os.addrTree !== undefined) {
    ctx.folder.foldTree(os.addrTree, ctx.abs, dot, dotUnknown);
    const r = ctx.folder.result;
    if (r.valid) {
      dot = r.value;
      dotUnknown = r.unknown;
      if (r.section !== null) {
        dot = wrap(dot + r.section.vma);
        dotUnknown ??= r.section.vmaUnknown;
      }
    } else if (ctx.phase !== 'mark') {
      ctx.fatal('nonconstant-address', `non constant or forward reference address expression for section ${os.name}`, os.addrTree.range);
    }
  }
  const sec = os.bfdSection;
  if (!sec) return { dot, unknown: dotUnknown };

  let newdot = dot;
  let newUnknown = dotUnknown;
  let dotdelta = 0n;
  let sectionAlignment = 0;
  if (sec.isAbs) {
    // *ABS* always starts at 0.
  } else {
    if (os.addrTree === undefined) {
      if (!os.region || ((sec.flags & (SEC.ALLOC | SEC.LOAD)) !== 0 && os.region.isDefault)) {
        os.region = ctx.regions.defaultFor(sec.flags);
      }
      if (
        !os.ignored &&
        !LinkContext.ignoreSection(sec.flags) &&
        st.checkRegions &&
        os.region.isDefault &&
        ctx.regions.hasUserRegions() &&
        ctx.sizingIteration === 1
      ) {
        ctx.fatal('no-memory-region', `error: no memory region specified for loadable section \`${sec.name}'`, os.range);
      }
      // Not `.`: the region's current address (for *default*, kept in step with `.` by the
      // assignments outside sections and the sections in it).
      newdot = os.region.current;
      newUnknown = os.region.currentUnknown ?? os.elfUnknownDot;
      sectionAlignment = sec.alignmentPower;
    } else {
      sectionAlignment = expGetPower(ctx, os.sectionAlignment, 'section alignment');
    }
    if (sectionAlignment > 0) {
      const savedot = newdot;
      newdot = alignPower(newdot, sectionAlignment);
      dotdelta = wrap(newdot - savedot);
      let diff = 0n;
      if (ctx.sizingIteration === 1) diff = dotdelta;
      else if (ctx.sizingIteration > 1) {
        diff = wrap(newdot - sec.vma);
        if ((diff & ((1n << BigInt(sectionAlignment)) - 1n)) === 0n) diff = 0n;
      }
      if (diff !== 0n && os.addrTree !== undefined && ctx.phase === 'allocating') {
        ctx.reportOnce(
          'warning',
          'section-start-changed',
          `start of section ${os.name} changed by ${toSignedDec(diff)}`,
          os.range,
        );
      }
    }
    if (os.elfUnknownAddress && !newUnknown && os.addrTree === undefined) newUnknown = os.elfUnknownAddress;
    const distrust = ctx.elfDistrust?.get(os.creationIndex);
    if (distrust?.vma && !newUnknown) newUnknown = distrust.vma.why;
    // bfd_set_section_vma sets the LMA too; the LMA rules below may then change it.
    sec.vma = newdot;
    sec.lma = newdot;
    sec.vmaUnknown = newUnknown;
    sec.lmaUnknown = newUnknown;
  }

  os.elfStartUnknown =
    ctx.elfOnly && dotdelta !== 0n && os.addrTree === undefined && !os.isOrphan && os.elfFacts && couldBeEmpty(os)
      ? `cannot know where the contents of ${os.name} start: ld aligned it only if its input sections were not all empty (else it removed it, and the linked ${os.name} is an orphan of the same name)`
      : undefined;
  sizeList(ctx, os.children, os, newdot, newUnknown ?? os.elfStartUnknown, st);
  os.processedVma = true;

  if (sec.isAbs || os.ignored) {
    // Removed sections stay empty.
  } else {
    dot = sec.vma;
    dotUnknown = sec.vmaUnknown;
    // block_value is 1 for ELF: the size is what the children made it.
  }

  // The LMA.
  let r = os.region;
  if (!r) r = ctx.regions.default();
  if (os.loadBase !== undefined) {
    const { value, unknown } = expGetAbsInt(ctx, os.loadBase, 0n, 'load base');
    sec.lma = value;
    sec.lmaUnknown = unknown;
  } else if (os.lmaRegion) {
    let lma = os.lmaRegion.current;
    if (os.alignLmaWithInput) lma = wrap(lma + dotdelta);
    else {
      if (os.lmaRegion !== os.region) sectionAlignment = expGetPower(ctx, os.sectionAlignment, 'section alignment');
      if (sectionAlignment > 0) lma = alignPower(lma, sectionAlignment);
    }
    sec.lma = lma;
    sec.lmaUnknown = undefined;
  } else if (r.lastOs && ((sec.flags & SEC.ALLOC) !== 0 || os.elfUnknownFlags)) {
    const last = r.lastOs.bfdSection!;
    const vmaLma = sec.lma;
    if (dot < last.vma && sec.size !== 0n && wrap(dot + sec.size) <= last.vma) {
      // `.` moved backwards: LMA = VMA (ld warns when that changes anything).
      if (last.vma !== last.lma && (sec.flags & SEC.ALLOC) !== 0) ctx.report('warning', 'dot-moved-backwards', `dot moved backwards before \`${os.name}'`, os.range);
    } else {
      let lma: bigint;
      if (os.sectype === 'overlay') lma = wrap(last.lma + last.size);
      else lma = wrap(sec.vma + last.lma - last.vma);
      if (sectionAlignment > 0) lma = alignPower(lma, sectionAlignment);
      const unknown = last.lmaUnknown ?? sec.vmaUnknown ?? last.vmaUnknown ?? r.lastOsUnknown;
      if ((sec.flags & SEC.ALLOC) !== 0) {
        sec.lma = lma;
        sec.lmaUnknown = unknown;
      }
      // --elf alone: allocated or not, the rule gives another LMA than the VMA: not known.
      if (os.elfUnknownFlags && lma !== vmaLma && !sec.lmaUnknown) sec.lmaUnknown = os.elfUnknownFlags;
    }
  }
  // --elf mode: a removed section's flags (whether it is allocated, so takes the LMA rule)
  // came from inputs the ELF does not show.
  if (os.elfUnknownAddress && !sec.lmaUnknown) sec.lmaUnknown = os.elfUnknownAddress;
  const distrustLma = ctx.elfDistrust?.get(os.creationIndex)?.lma?.why;
  if (distrustLma && !sec.lmaUnknown) sec.lmaUnknown = distrustLma;
  os.processedLma = true;

  // Track sections using the default LMA rule, once one has a size or its own LMA.
  const becomesLast = (flags: number) =>
    ((!LinkContext.ignoreSection(flags) &&
      (sec.size !== 0n ||
        (r.lastOs === undefined && sec.vma !== sec.lma) ||
        (r.lastOs !== undefined && dot >= r.lastOs.bfdSection!.vma))) ||
      os.sectype === 'first_overlay') &&
    os.lmaRegion === undefined;
  const last = becomesLast(sec.flags);
  if (last) {
    r.lastOs = os;
    r.lastOsUnknown = undefined;
  }
  // --elf alone: had it been allocated (or not), it would (not) have been the section later
  // LMAs follow.
  if (os.elfUnknownFlags && last !== becomesLast(sec.flags ^ SEC.ALLOC)) r.lastOsUnknown ??= os.elfUnknownFlags;

  if (sec.isAbs || os.ignored) return { dot, unknown: dotUnknown };

  dotdelta = !isTbss(sec.flags) ? sec.size : 0n;
  dot = wrap(dot + dotdelta);

  if (os.updateDotTree !== undefined) {
    ctx.folder.foldTree(os.updateDotTree, ctx.abs, dot, dotUnknown);
    dot = ctx.folder.dot;
    dotUnknown = ctx.folder.dotUnknown;
  }

  if (os.elfUnknownAddress && os.region && (sec.flags & (SEC.ALLOC | SEC.LOAD)) === 0 && (os.region.current !== dot || dotUnknown)) {
    // --elf mode: whether this removed section moved its region's current address depends on
    // whether it was allocated, which only its inputs could tell.
    os.region.currentUnknown = os.elfUnknownAddress;
  }
  if (os.region && (sec.flags & (SEC.ALLOC | SEC.LOAD)) !== 0) {
    os.region.current = dot;
    os.region.currentUnknown = dotUnknown;
    if (st.checkRegions) regionCheck(ctx, os, os.region, os.addrTree !== undefined, sec.vma);
    if (os.lmaRegion && os.lmaRegion !== os.region && ((sec.flags & SEC.LOAD) !== 0 || os.alignLmaWithInput)) {
      os.lmaRegion.current = wrap(sec.lma + dotdelta);
      if (st.checkRegions) regionCheck(ctx, os, os.lmaRegion, false, sec.lma);
    }
  }
  return { dot, unknown: dotUnknown };
}

/**
 * Whether ld could have removed the statement and made the linked section of its name from
 * orphans: only input sections can give it a size (no data, no moves of `.`), and none of its
 * descriptions takes every input section of its name (else no such orphan could exist).
 */
function couldBeEmpty(os: OutputSectionStatement): boolean {
  let wild = false;
  for (const c of os.children) {
    if (c.kind === 'data') return false;
    if (c.kind === 'assignment' && c.exp.k === 'assign' && c.exp.dst === '.') return false;
    if (c.kind === 'wild') {
      wild = true;
      const everyFile = (c.filename === undefined || c.filename === '*') && !c.excludeNameList && !c.flagTest;
      if (everyFile && c.sectionList.some((spec) => !spec.excludeNameList && (spec.name === undefined || specMatches(spec, os.name)))) return false;
    }
  }
  return wild;
}

function toSignedDec(v: bigint): string {
  return (v & (1n << 63n) ? v - (1n << 64n) : v).toString();
}

/** lang_size_segment */
function sizeSegment(ctx: LinkContext): boolean {
  const seg = ctx.dataseg;
  const cps = seg.commonPageSize;
  const first = wrap(-seg.base) & (cps - 1n);
  const last = seg.end & (cps - 1n);
  if (first && last && (seg.base & ~(cps - 1n)) !== (seg.end & ~(cps - 1n)) && first + last <= cps) {
    seg.phase = 'adjust';
    return true;
  }
  seg.phase = 'done';
  return false;
}

/** lang_size_relro_segment_1 */
function sizeRelroSegment1(ctx: LinkContext): bigint {
  const seg = ctx.dataseg;
  const rps = seg.relroPageSize;
  const relroEnd = wrap(seg.relroEnd + rps - 1n) & ~(rps - 1n) & ((1n << 64n) - 1n);
  let desiredEnd = wrap(relroEnd - seg.relroOffset);
  for (let k = ctx.sectionList.length - 1; k >= 0; k--) {
    const sec = ctx.sectionList[k];
    if ((sec.flags & SEC.ALLOC) !== 0 && sec.vma >= seg.base && sec.vma < wrap(seg.relroEnd - seg.relroOffset)) {
      let start = sec.vma;
      let end = start;
      if (!isTbss(sec.flags)) end = wrap(end + sec.size);
      const bump = wrap(desiredEnd - end);
      start = wrap(start + bump);
      start &= ~((1n << BigInt(sec.alignmentPower)) - 1n) & ((1n << 64n) - 1n);
      desiredEnd = start;
    }
  }
  seg.phase = 'relro_adjust';
  seg.base = desiredEnd;
  return relroEnd;
}

/** lang_size_relro_segment */
function sizeRelroSegment(ctx: LinkContext, checkRegions: boolean): boolean {
  let doReset = false;
  if (ctx.relro && ctx.dataseg.relroEnd) {
    const initialBase = ctx.dataseg.base;
    const dataRelroEnd = sizeRelroSegment1(ctx);
    resetMemoryRegions(ctx);
    oneSizingPass(ctx, checkRegions);
    if (ctx.dataseg.relroEnd > dataRelroEnd) {
      ctx.dataseg.base = initialBase;
      doReset = true;
    }
  } else if (sizeSegment(ctx)) {
    doReset = true;
  }
  return doReset;
}

/** lang_size_sections */
export function sizeSections(ctx: LinkContext, checkRegions: boolean): void {
  ctx.phase = 'allocating';
  ctx.dataseg.phase = 'none';
  oneSizingPass(ctx, checkRegions);
  // (The pass may have moved the DATA_SEGMENT state machine: read it afresh.)
  const seg = ctx.dataseg as { phase: string };
  if (seg.phase !== 'end_seen') seg.phase = 'done';
  if (seg.phase === 'end_seen') {
    const doReset = sizeRelroSegment(ctx, checkRegions);
    if (doReset) {
      resetMemoryRegions(ctx);
      oneSizingPass(ctx, checkRegions);
    }
    if (ctx.relro && ctx.dataseg.relroEnd) {
      ctx.relroStart = ctx.dataseg.base;
      ctx.relroEnd = ctx.dataseg.relroEnd;
    }
  }
}
