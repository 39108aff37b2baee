/**
 * Orphan sections: input sections no input section description took, placed the way ld's ELF
 * emulation does (ldelf_place_orphan, lang_insert_orphan, insert_os_after,
 * lang_output_section_find_by_flags in ld 2.40).
 *
 * An orphan first joins an existing output section of its name when the flags are compatible.
 * Otherwise its flags pick a class (text, rodata, data, bss, notes, relocs, tdata, sdata,
 * non-alloc) and the class an anchor: the script's .text/.rodata/.data/.bss/… statement, or
 * failing that the last statement whose flags match best. The first orphan of a class gets a
 * new statement right after its anchor (skipping assignments that belong to the anchor), later
 * ones follow the previous orphan of the class. The same decisions move the output file's
 * section list (which ld calls cosmetic, but it decides where note sections go).
 */
import { SHT } from '../../elf/constants';
import { SEC } from '../bfd/sectionFlags';
import type { InputSection } from '../input/InputFile';
import type { LinkContext } from '../LinkContext';
import { addSection, discardSectionP } from '../match/mapInputSections';
import { DEFAULT_MEMORY_REGION } from '../script/MemoryRegion';
import { CONSTRAINT, OutputSectionStatement, Statement } from '../script/statements';
import { valueNode } from '../expr/Etree';
import type { OutputSection } from './OutputSection';

/** struct orphan_save */
interface OrphanSave {
  name: string | undefined;
  flags: number;
  os: OutputSectionStatement | undefined;
  /** place->section: insert after this section in the section list ('head': at the front). */
  section: OutputSection | 'head' | undefined;
  /** place->stmt: insert after this statement (the last orphan statement of the class). */
  stmt: Statement | undefined;
  /** place->os_tail: insert after this statement in the os list. */
  osTail: OutputSectionStatement | undefined;
}

const HOLD_TEMPLATE: Array<[string | undefined, number]> = [
  ['.text', SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.READONLY | SEC.CODE],
  ['.rodata', SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.READONLY | SEC.DATA],
  ['.tdata', SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.DATA | SEC.THREAD_LOCAL],
  ['.data', SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.DATA],
  ['.bss', SEC.ALLOC],
  [undefined, SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.READONLY | SEC.DATA],
  ['.interp', SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.READONLY | SEC.DATA],
  ['.sdata', SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.DATA | SEC.SMALL_DATA],
  ['.comment', SEC.HAS_CONTENTS],
];
const ORPHAN = { text: 0, rodata: 1, tdata: 2, data: 3, bss: 4, rel: 5, interp: 6, sdata: 7, nonalloc: 8 } as const;

export class OrphanPlacer {
  private readonly hold: OrphanSave[] = HOLD_TEMPLATE.map(([name, flags]) => ({
    name,
    flags,
    os: undefined,
    section: undefined,
    stmt: undefined,
    osTail: undefined,
  }));
  private initDone = false;
  /** first_orphan_note, a static in lang_insert_orphan. */
  private firstOrphanNote: OutputSection | undefined;

  constructor(private readonly ctx: LinkContext) {}

  /** lang_place_orphans (for the files WHICH accepts, in file-chain order). */
  placeAll(which: (f: import('../input/InputFile').InputFile) => boolean = () => true): void {
    const ctx = this.ctx;
    for (const file of ctx.inputs) {
      if (!which(file)) continue;
      for (const s of file.sections) {
        if (s.output !== undefined) continue;
        if (discardSectionP(s)) {
          s.output = 'discarded';
        } else if (s.name === 'COMMON' || s.placeAsCommon) {
          ctx.defaultCommonSection ??= ctx.lookupOutputStatement('.bss', 0, 1, ctx.statements);
          const os = ctx.defaultCommonSection;
          addSection(ctx, os.children, s, undefined, os);
        } else {
          this.placeOne(s);
        }
      }
    }
  }

  /** ldlang_place_orphan → ldelf_place_orphan */
  private placeOne(s: InputSection): void {
    const ctx = this.ctx;
    let secname = s.name;
    let constraint = 0;
    let isdyn = false;
    const shType = s.elfType;
    if (s.flags & SEC.ALLOC) {
      if (shType === SHT.RELA) {
        secname = '.rela.dyn';
        isdyn = true;
      } else if (shType === SHT.REL) {
        secname = '.rel.dyn';
        isdyn = true;
      }
    }

    // An existing output section statement of this name with compatible flags takes it.
    let matchByName: OutputSectionStatement | undefined;
    for (let os = ctx.findOutputStatement(secname); os; os = ctx.nextMatchingOutputStatement(os)) {
      constraint = CONSTRAINT.SPECIAL;
      const out = os.bfdSection;
      // --elf mode: a linked section that already has its own output section was one ld did
      // not merge into it (ld makes a second section of a name only for an incompatible orphan).
      const otherLinked = s.file.standIn && out?.elfStandIn !== undefined && out.elfStandIn !== s;
      if (out && !otherLinked && (out.flags === 0 || (((s.flags ^ out.flags) & (SEC.LOAD | SEC.ALLOC)) === 0 && orphanCompatible(s, out)))) {
        addSection(ctx, os.children, s, undefined, os);
        return;
      }
      if (!out) matchByName = os;
    }
    if (matchByName) {
      addSection(ctx, matchByName.children, s, undefined, matchByName);
      return;
    }

    if (!this.initDone) {
      for (const ho of this.hold) {
        if (ho.name === undefined) continue;
        ho.os = ctx.findOutputStatement(ho.name);
        if (ho.os && ho.os.flags === 0) ho.os.flags = ho.flags;
      }
      this.initDone = true;
    }

    if (s.name.startsWith('.gnu.warning.') && this.hold[ORPHAN.text].os) {
      const os = this.hold[ORPHAN.text].os!;
      addSection(ctx, os.children, s, undefined, os);
      return;
    }

    // Later same-named sections of the file that are orphans too can make the class writable.
    let flags = s.flags;
    const sameName = s.file.sections.filter((x) => x.name === s.name);
    for (const nexts of sameName.slice(sameName.indexOf(s) + 1)) {
      if (
        nexts.output === undefined &&
        (nexts.flags & SEC.EXCLUDE) === 0 &&
        ((nexts.flags ^ flags) & (SEC.LOAD | SEC.ALLOC)) === 0 &&
        nexts.elfType === s.elfType
      ) {
        flags = ((flags ^ SEC.READONLY) | (nexts.flags ^ SEC.READONLY)) ^ SEC.READONLY;
      }
    }

    let place: OrphanSave | undefined;
    let byFlags = false;
    if ((flags & (SEC.ALLOC | SEC.DEBUGGING)) === 0) place = this.hold[ORPHAN.nonalloc];
    else if ((flags & SEC.ALLOC) === 0) place = undefined;
    else if ((flags & SEC.LOAD) !== 0 && shType === SHT.NOTE) place = this.hold[ORPHAN.interp];
    else if ((flags & (SEC.LOAD | SEC.HAS_CONTENTS | SEC.THREAD_LOCAL)) === 0) place = this.hold[ORPHAN.bss];
    else if ((flags & SEC.SMALL_DATA) !== 0) place = this.hold[ORPHAN.sdata];
    else if ((flags & SEC.THREAD_LOCAL) !== 0) place = this.hold[ORPHAN.tdata];
    else if ((flags & SEC.READONLY) === 0) place = this.hold[ORPHAN.data];
    else if ((flags & SEC.LOAD) !== 0 && (shType === SHT.RELA || shType === SHT.REL)) place = this.hold[ORPHAN.rel];
    else if ((flags & SEC.CODE) === 0) place = this.hold[ORPHAN.rodata];
    else place = this.hold[ORPHAN.text];

    let after: OutputSectionStatement | undefined;
    if (place) {
      if (!place.os) {
        if (place.name !== undefined) place.os = ctx.findOutputStatement(place.name);
        else place.os = this.outputRelFind(isdyn, shType === SHT.RELA);
      }
      after = place.os;
      if (!after) {
        const found = this.findByFlags(s, flags, true);
        if (found.exact) place.os = found.exact;
        after = found.result;
        byFlags = true;
      }
      if (!after) after = ctx.absStatement;
    }
    this.insertOrphan(s, secname, constraint, after, place);
    if (byFlags && s.file.standIn && ctx.elfPresent) this.markUncertainPlacement(s);
  }

  /**
   * --elf alone: a linked section ld placed as an orphan by flags went after the last section
   * with matching flags; a removed section whose input sections are not known could have been
   * that one. Between where it is placed and the next linked section, the removed sections up
   * to the last such one may come before or after it: their addresses are not known.
   */
  private markUncertainPlacement(s: InputSection): void {
    const ctx = this.ctx;
    const out = s.output;
    if (!out || out === 'discarded' || !out.statement) return;
    const placed = out.statement;
    const present = ctx.elfPresent!;
    let last: OutputSectionStatement | undefined;
    for (let look = placed.next; look && !present(look); look = look.next) {
      if (!look.isOrphan && look.children.some((c) => c.kind === 'wild')) last = look;
    }
    if (!last) return;
    const why = `cannot know whether ld placed the orphan ${s.name} before or after ${last.name}, which it removed (the flags its input sections gave it are not in the linked ELF)`;
    for (let look = placed.next; look; look = look.next) {
      look.elfUnknownDot ??= why;
      if (look === last) break;
    }
  }

  /** output_rel_find */
  private outputRelFind(isdyn: boolean, rela: boolean): OutputSectionStatement | undefined {
    let last: OutputSectionStatement | undefined;
    let lastAlloc: OutputSectionStatement | undefined;
    let lastRoAlloc: OutputSectionStatement | undefined;
    let lastRel: OutputSectionStatement | undefined;
    let lastRelAlloc: OutputSectionStatement | undefined;
    for (let look: OutputSectionStatement | undefined = this.ctx.absStatement; look; look = look.next) {
      if (look.constraint >= 0 && look.name.startsWith('.rel')) {
        const lookrela = look.name[4] === 'a';
        if (isdyn) break;
        if (look.name.slice(4 + (lookrela ? 1 : 0)) === '.plt') break;
        if (rela === lookrela || !lastRel) lastRel = look;
        if ((rela === lookrela || !lastRelAlloc) && look.bfdSection && (look.bfdSection.flags & SEC.ALLOC)) lastRelAlloc = look;
      }
      last = look;
      if (look.bfdSection && (look.bfdSection.flags & SEC.ALLOC)) {
        lastAlloc = look;
        if (look.bfdSection.flags & SEC.READONLY) lastRoAlloc = look;
      }
    }
    return lastRelAlloc ?? lastRel ?? lastRoAlloc ?? lastAlloc ?? last;
  }

  /** lang_output_section_find_by_flags with _bfd_elf_match_sections_by_type. */
  private findByFlags(sec: InputSection, secFlags: number, matchType: boolean): { result: OutputSectionStatement | undefined; exact?: OutputSectionStatement } {
    const first = this.ctx.absStatement.next;
    const flagsOf = (look: OutputSectionStatement): number | undefined => {
      if (look.bfdSection) {
        if (matchType && look.bfdSection.elfType !== sec.elfType) return undefined;
        return look.bfdSection.flags;
      }
      return look.flags;
    };
    let found: OutputSectionStatement | undefined;
    for (let look = first; look; look = look.next) {
      const lf = flagsOf(look);
      if (lf === undefined) continue;
      const differ = lf ^ secFlags;
      if (!(differ & (SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.READONLY | SEC.CODE | SEC.SMALL_DATA | SEC.THREAD_LOCAL))) found = look;
    }
    if (found) return { result: found, exact: found };

    if ((secFlags & SEC.CODE) && (secFlags & SEC.ALLOC)) {
      for (let look = first; look; look = look.next) {
        const lf = flagsOf(look);
        if (lf === undefined) continue;
        const differ = lf ^ secFlags;
        if (!(differ & (SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.CODE | SEC.SMALL_DATA | SEC.THREAD_LOCAL))) found = look;
      }
    } else if ((secFlags & SEC.READONLY) && (secFlags & SEC.ALLOC)) {
      for (let look = first; look; look = look.next) {
        const lf = flagsOf(look);
        if (lf === undefined) continue;
        const differ = lf ^ secFlags;
        if (
          !(differ & (SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.READONLY | SEC.SMALL_DATA)) ||
          (!(differ & (SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.READONLY)) && !(lf & SEC.SMALL_DATA))
        ) {
          found = look;
        }
      }
    } else if ((secFlags & SEC.THREAD_LOCAL) && (secFlags & SEC.ALLOC)) {
      let seenThreadLocal = false;
      for (let look = first; look; look = look.next) {
        const lf = look.bfdSection ? look.bfdSection.flags : look.flags;
        const differ = lf ^ (secFlags | SEC.LOAD | SEC.HAS_CONTENTS);
        if (!(differ & (SEC.THREAD_LOCAL | SEC.ALLOC))) {
          if (!(lf & SEC.LOAD) && secFlags & SEC.LOAD) break;
          found = look;
          seenThreadLocal = true;
        } else if (seenThreadLocal) {
          break;
        } else if (!(differ & (SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD))) {
          found = look;
        }
      }
      return { result: found };
    } else if ((secFlags & SEC.SMALL_DATA) && (secFlags & SEC.ALLOC)) {
      for (let look = first; look; look = look.next) {
        const lf = flagsOf(look);
        if (lf === undefined) continue;
        const differ = lf ^ secFlags;
        if (!(differ & (SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.THREAD_LOCAL)) || (lf & SEC.SMALL_DATA && !(secFlags & SEC.HAS_CONTENTS))) found = look;
      }
    } else if ((secFlags & SEC.HAS_CONTENTS) && (secFlags & SEC.ALLOC)) {
      for (let look = first; look; look = look.next) {
        const lf = flagsOf(look);
        if (lf === undefined) continue;
        const differ = lf ^ secFlags;
        if (!(differ & (SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.SMALL_DATA | SEC.THREAD_LOCAL))) found = look;
      }
    } else if (secFlags & SEC.ALLOC) {
      for (let look = first; look; look = look.next) {
        const lf = flagsOf(look);
        if (lf === undefined) continue;
        if (!((lf ^ secFlags) & SEC.ALLOC)) found = look;
      }
    } else {
      for (let look = first; look; look = look.next) {
        const lf = look.bfdSection ? look.bfdSection.flags : look.flags;
        if (!((lf ^ secFlags) & SEC.DEBUGGING)) found = look;
      }
      return { result: found };
    }
    if (found || !matchType) return { result: found };
    return this.findByFlags(sec, secFlags, false);
  }

  // --------------------------------------------------------------------------------------------

  /** lang_insert_orphan */
  private insertOrphan(
    s: InputSection,
    secname: string,
    constraint: number,
    after: OutputSectionStatement | undefined,
    place: OrphanSave | undefined,
  ): void {
    const ctx = this.ctx;
    const add: Statement[] = [];
    const address = (s.flags & (SEC.LOAD | SEC.ALLOC)) === 0 ? valueNode(0n) : undefined;
    const osTailBefore = ctx.osTail;
    // lang_enter_output_section_statement: a new statement (in ADD, or at the end of the list).
    const os = ctx.lookupOutputStatement(secname, constraint, 2, after ? add : ctx.statements);
    os.isOrphan = true;
    os.addrTree = address;
    os.sectype = 'normal';
    os.flags = 0;
    addSection(ctx, os.children, s, undefined, os);
    // lang_leave_output_section_statement: regions and phdrs follow the anchor.
    if (after && (s.flags & (SEC.LOAD | SEC.ALLOC)) !== 0) {
      os.region = ctx.regions.lookup(after.region ? after.region.name : DEFAULT_MEMORY_REGION, false);
      os.lmaRegion = after.lmaRegion ? ctx.regions.lookup(after.lmaRegion.name, false) : undefined;
      os.phdrs = after.phdrs;
    } else {
      os.region = ctx.regions.lookup(DEFAULT_MEMORY_REGION, false);
      os.lmaRegion = undefined;
      os.phdrs = undefined;
    }

    if (!after || !os.bfdSection || !place) return;
    const snew = os.bfdSection;
    let placeAfter = place.stmt === undefined;
    let insertAfter = true;
    let anchor: OutputSectionStatement = after;

    // The output section list ("cosmetic" in ld, but it decides note placement below).
    if (place.section === undefined && after !== ctx.absStatement) {
      let bfdSection = after.bfdSection;
      if (!bfdSection) bfdSection = this.outputPrevSecFind(after);
      if (bfdSection && bfdSection !== snew) place.section = bfdSection;
    }
    if (place.section === undefined) place.section = 'head';
    const list = ctx.sectionList;
    const as = place.section === 'head' ? list[0] : list[list.indexOf(place.section) + 1];
    const isLoadNote = (x: { elfType: number; flags: number }) => x.elfType === SHT.NOTE && (x.flags & SEC.LOAD) !== 0;

    if (!as) {
      move(list, snew, list.length);
    } else if (isLoadNote(s) || isLoadNote(as)) {
      let afterSec: OutputSection | undefined;
      let afterSecNote = false;
      if (isLoadNote(s)) {
        // Group output note sections, ordered by alignment.
        this.firstOrphanNote = undefined;
        for (const sec of list) {
          if (sec !== snew && isLoadNote(sec)) {
            this.firstOrphanNote ??= sec;
            if (sec.alignmentPower >= s.alignmentPower) afterSec = sec;
          } else if (this.firstOrphanNote) {
            break;
          }
        }
        afterSecNote = this.firstOrphanNote !== undefined;
        if (!afterSec && afterSecNote) {
          afterSec = this.firstOrphanNote;
          insertAfter = false;
        }
      } else if (this.firstOrphanNote) {
        // Do not put a non-note section among orphan note sections.
        afterSecNote = true;
        afterSec = as;
        for (let i = list.indexOf(as) + 1; i < list.length; i++) if (isLoadNote(list[i])) afterSec = list[i];
      }
      if (afterSecNote) {
        if (afterSec) {
          let found = false;
          for (let stmt: OutputSectionStatement | undefined = anchor; stmt; stmt = stmt.next) {
            const next = stmt.next;
            if (insertAfter ? stmt.bfdSection === afterSec : next?.bfdSection === afterSec) {
              placeAfter = true;
              found = true;
              anchor = stmt;
              break;
            }
          }
          if (!found) {
            for (let stmt: OutputSectionStatement | undefined = anchor; stmt; stmt = stmt.prev) {
              if (insertAfter ? stmt.bfdSection === afterSec : stmt.next?.bfdSection === afterSec) {
                placeAfter = true;
                anchor = stmt;
                break;
              }
            }
          }
        }
        const idx = list.indexOf(snew);
        if (!afterSec || (insertAfter && list[list.indexOf(afterSec) + 1] !== snew) || (!insertAfter && list[list.indexOf(afterSec) - 1] !== snew)) {
          list.splice(idx, 1);
          if (afterSec) list.splice(list.indexOf(afterSec) + (insertAfter ? 1 : 0), 0, snew);
          else list.unshift(snew);
        }
      } else if (as !== snew && list[list.indexOf(as) - 1] !== snew) {
        list.splice(list.indexOf(snew), 1);
        list.splice(list.indexOf(as), 0, snew);
      }
    } else if (as !== snew && list[list.indexOf(as) - 1] !== snew) {
      list.splice(list.indexOf(snew), 1);
      list.splice(list.indexOf(as), 0, snew);
    }
    place.section = snew;

    // The statement list: this decides the orphan's address.
    const top = ctx.statements;
    if (placeAfter) {
      const where = insertOsAfter(top, anchor, ctx);
      top.splice(where, 0, ...add);
      place.osTail = anchor;
    } else {
      const idx = top.indexOf(place.stmt!);
      top.splice(idx + 1, 0, ...add);
    }
    place.stmt = add[add.length - 1];

    // And the list of output section statements.
    if (osTailBefore !== os.prev) throw new Error('internal: orphan statement is not at the os-list tail');
    ctx.unlinkOutputStatement(os);
    ctx.linkOutputStatementAfter(os, place.osTail!);
    place.osTail = os;
  }

  /** output_prev_sec_find */
  private outputPrevSecFind(os: OutputSectionStatement): OutputSection | undefined {
    for (let look = os.prev; look; look = look.prev) {
      if (look.constraint < 0) continue;
      if (look.bfdSection && !look.bfdSection.isAbs) return look.bfdSection;
    }
    return undefined;
  }
}

/**
 * elf_orphan_compatible (final link): equal sh_info (an output section's is still 0 while ld
 * lays out) and equal section types.
 */
function orphanCompatible(input: InputSection, out: OutputSection): boolean {
  if (input.info !== 0) return false;
  return out.elfType === input.elfType;
}

function move<T>(list: T[], item: T, to: number): void {
  const i = list.indexOf(item);
  list.splice(i, 1);
  list.splice(Math.min(to, list.length), 0, item);
}

/**
 * insert_os_after: where a statement placed after AFTER goes — after the assignments that
 * follow AFTER, but before an assignment to `.` that precedes the next output section
 * (presumably setting that section's address), and never between the first `.` assignment
 * and what follows when AFTER is *ABS*.
 */
export function insertOsAfter(list: Statement[], after: OutputSectionStatement, ctx: LinkContext): number {
  let ignoreFirst = after === ctx.absStatement;
  let assign: number | undefined;
  let where = list.indexOf(after) + 1;
  for (; where < list.length; where++) {
    const st = list[where];
    switch (st.kind) {
      case 'assignment':
        if (assign === undefined && st.exp.k === 'assign' && st.exp.dst === '.') {
          if (!ignoreFirst) assign = where;
          ignoreFirst = false;
        }
        continue;
      case 'wild':
      case 'input-section':
      case 'object-symbols':
      case 'fill':
      case 'data':
        assign = undefined;
        ignoreFirst = false;
        continue;
      case 'output':
        if (assign !== undefined) {
          const s = st.bfdSection;
          if (!s || s.inputs.length === 0 || (s.flags & SEC.ALLOC) !== 0) where = assign;
        }
        break;
      default:
        continue;
    }
    break;
  }
  return where;
}
