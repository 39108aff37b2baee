/**
 * strip_excluded_output_sections: after a sizing pass in the mark phase, output sections that
 * came out empty are removed — unless an assignment to `.` or CREATE_OBJECT_SYMBOLS marked
 * them SEC_KEEP, or they hold a linker-created input section that is not itself excluded.
 * A removed section whose statement assigns symbols still takes part in sizing (its symbols
 * need an address); one that does not is ignored from then on.
 */
import { SEC } from '../bfd/sectionFlags';
import type { LinkContext } from '../LinkContext';
import { freshDataSegment } from '../LinkContext';
import { oneSizingPass, resetMemoryRegions } from '../size/sizeSections';

export function stripExcludedOutputSections(ctx: LinkContext): void {
  if (ctx.phase !== 'mark') {
    ctx.phase = 'mark';
    ctx.dataseg.phase = 'none';
    oneSizingPass(ctx, false);
    resetMemoryRegions(ctx);
  }
  for (const os of ctx.outputStatements()) {
    if (os.constraint < 0) continue;
    const out = os.bfdSection;
    if (!out) continue;
    let exclude = (out.rawsize === 0n && (out.flags & SEC.KEEP) === 0 && !out.removed) || (os.elfAbsent && !out.removed);
    if (exclude && out.inputs.length > 0 && !os.elfAbsent) {
      for (const s of out.inputs) {
        if ((s.flags & SEC.EXCLUDE) === 0 && (s.flags & SEC.LINKER_CREATED) !== 0) {
          exclude = false;
          break;
        }
      }
    }
    if (exclude) {
      if (!os.updateDot) os.ignored = true;
      out.flags |= SEC.EXCLUDE;
      ctx.removeFromSectionList(out);
    }
  }
}

export { freshDataSegment };
