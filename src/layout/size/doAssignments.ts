/**
 * lang_do_assignments: a pass over the statement tree that only evaluates assignments (and
 * data statements), with `.` following the sizes sizing computed. ld runs it before sizing
 * (mark phase: which sections are kept), between relaxation passes, and once at the end (the
 * final phase, which gives symbols their values and reports failed ASSERTs).
 */
import { isTbss, SEC } from '../bfd/sectionFlags';
import { add64, wrap } from '../expr/arithmetic';
import type { LinkContext, Phase } from '../LinkContext';
import type { OutputSection } from '../output/OutputSection';
import { DATA_SIZES, OutputSectionStatement, Statement } from '../script/statements';
import { elfDots } from '../elfMode/elfSectionDots';

/** State section_for_dot needs from the walk. */
export class AssignmentWalk {
  currentSection: OutputSectionStatement | undefined;
  currentAssignIndex: { list: Statement[]; index: number } | undefined;
  preferNextSection = false;
  foundEnd = false;

  constructor(private readonly ctx: LinkContext) {}

  /** lang_do_assignments */
  run(phase: Phase): void {
    const ctx = this.ctx;
    this.currentSection = undefined;
    this.preferNextSection = false;
    this.foundEnd = false;
    ctx.phase = phase;
    ctx.statementIteration++;
    this.walk(ctx.statements, ctx.absStatement, 0n, undefined);
  }

  private walk(list: Statement[], currentOs: OutputSectionStatement, dot: bigint, dotUnknown: string | undefined): { dot: bigint; unknown: string | undefined } {
    const ctx = this.ctx;
    const dots = currentOs !== ctx.absStatement && currentOs.bfdSection ? elfDots(ctx, currentOs, list) : undefined;
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (dots && dotUnknown && dots.backward[i] !== undefined) {
        dot = dots.backward[i]!;
        dotUnknown = undefined;
      }
      switch (s.kind) {
        case 'output': {
          const os = s;
          os.afterEnd = this.foundEnd;
          let newdot = dot;
          let newUnknown = dotUnknown;
          if (os.bfdSection) {
            if (!os.ignored && (os.bfdSection.flags & SEC.ALLOC) !== 0) {
              this.currentSection = os;
              this.preferNextSection = false;
            }
            newdot = os.bfdSection.vma;
            newUnknown = os.bfdSection.vmaUnknown;
          }
          const r = this.walk(os.children, os, newdot, newUnknown ?? os.elfStartUnknown);
          newdot = r.dot;
          newUnknown = r.unknown;
          if (!os.ignored) {
            if (os.bfdSection) {
              newdot = os.bfdSection.vma;
              newUnknown = os.bfdSection.vmaUnknown;
              if (!isTbss(os.bfdSection.flags)) newdot = wrap(newdot + os.bfdSection.size);
              if (os.updateDotTree) {
                ctx.folder.foldTree(os.updateDotTree, ctx.abs, newdot, newUnknown);
                newdot = ctx.folder.dot;
                newUnknown = ctx.folder.dotUnknown;
              }
            }
            dot = newdot;
            dotUnknown = newUnknown;
          }
          break;
        }
        case 'wild': {
          if (dots?.opaque) {
            dotUnknown ??= dots.opaqueReason;
            break;
          }
          // Input sections only: from where sizing started them, they end where sizing did.
          if (s.sizedStart !== undefined && s.sizedStart === dot) {
            dot = s.sizedEnd!;
            break;
          }
          const r = this.walk(s.children, currentOs, dot, dotUnknown);
          dot = r.dot;
          dotUnknown = r.unknown;
          break;
        }
        case 'data': {
          ctx.folder.foldTree(s.exp, ctx.abs, dot, dotUnknown);
          const res = ctx.folder.result;
          if (res.valid) {
            s.value = res.value;
            if (res.section !== null) s.value = wrap(s.value + res.section.vma);
          } else if (ctx.phase === 'final') {
            ctx.fatal('invalid-data', 'invalid data statement', s.range);
          }
          dot = wrap(dot + DATA_SIZES[s.size]);
          break;
        }
        case 'input-section':
          if (s.section.file.standIn) break;
          if (dots?.opaque) {
            dotUnknown ??= dots.opaqueReason;
            break;
          }
          if (s.pad) dot = add64(dot, s.pad);
          if ((s.section.flags & SEC.EXCLUDE) === 0) dot = add64(dot, s.section.size);
          break;
        case 'assignment': {
          this.currentAssignIndex = { list, index: i };
          const e = s.exp;
          if (e.k === 'assign') {
            if (currentOs === ctx.absStatement && e.dst === '.') this.preferNextSection = true;
            if (e.dst.replace(/^_+/, '') === 'end') this.foundEnd = true;
          }
          const section = currentOs.bfdSection ?? ctx.und;
          ctx.folder.foldTree(e, section, dot, dotUnknown);
          dot = ctx.folder.dot;
          dotUnknown = ctx.folder.dotUnknown;
          // The padding statement sizing put after it.
          if (currentOs !== ctx.absStatement && s.pad) dot = wrap(dot + s.pad);
          break;
        }
        default:
          break;
      }
    }
    return { dot, unknown: dotUnknown };
  }

  /**
   * section_for_dot: the section a symbol assigned from `.` outside any output section
   * belongs to — the previous allocated section, or after an assignment to `.` (which sets up
   * the next section's address) the next one.
   */
  sectionForDot(): OutputSection {
    const ctx = this.ctx;
    const usable = (s: OutputSection) => (s.flags & SEC.ALLOC) !== 0 && (s.flags & SEC.THREAD_LOCAL) === 0;
    if (this.currentSection === undefined || this.preferNextSection) {
      let os: OutputSectionStatement | undefined;
      if (this.currentAssignIndex) {
        const { list, index } = this.currentAssignIndex;
        for (let k = index; k < list.length; k++) {
          const st = list[k];
          if (st.kind === 'output') {
            os = st;
            break;
          }
        }
      }
      while (os && !os.afterEnd && (!os.bfdSection || (os.bfdSection.flags & SEC.EXCLUDE) !== 0 || os.bfdSection.removed)) os = os.next;
      if (this.currentSection === undefined || !os || !os.afterEnd) {
        const list = ctx.sectionList;
        let idx = os?.bfdSection ? list.indexOf(os.bfdSection) : list.length - 1;
        if (os?.bfdSection && idx < 0) idx = list.length - 1;
        while (idx >= 0 && !usable(list[idx])) idx--;
        return idx >= 0 ? list[idx] : ctx.abs;
      }
    }
    const list = ctx.sectionList;
    let s: OutputSection | undefined = this.currentSection!.bfdSection;
    let idx = s ? list.indexOf(s) : -1;
    while (idx >= 0 && ((list[idx].flags & SEC.EXCLUDE) !== 0 || !usable(list[idx]))) idx--;
    if (idx < 0) idx = 0;
    while (idx < list.length && !usable(list[idx])) idx++;
    s = list[idx];
    return s ?? ctx.abs;
  }
}
