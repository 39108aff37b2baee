/**
 * INSERT AFTER/BEFORE (process_insert_statements): everything from the start of the statement
 * list up to an INSERT is moved after the named output section (skipping the assignments that
 * belong to it, as for orphans), and the moved output section statements are re-linked in the
 * output section list and the output file's section list at the same place.
 */
import type { LinkContext } from '../LinkContext';
import type { OutputSectionStatement, Statement } from '../script/statements';
import { insertOsAfter } from './placeOrphans';

export function processInsertStatements(ctx: LinkContext): void {
  const list = ctx.statements;
  // Start right after the *ABS* statement, so it is never moved.
  let start = list.indexOf(ctx.absStatement) + 1;
  let firstOs: OutputSectionStatement | undefined;
  let lastOs: OutputSectionStatement | undefined;
  let i = start;
  while (i < list.length) {
    const st = list[i];
    if (st.kind === 'output') {
      lastOs = st;
      // Negative constraint: lang_output_section_find must not see the statements being moved.
      st.constraint = -2 - st.constraint;
      firstOs ??= st;
    } else if (st.kind === 'insert') {
      let where = ctx.findOutputStatement(st.where);
      if (where && st.isBefore) {
        do where = where.prev;
        while (where && where.constraint < 0);
      }
      if (!where) ctx.fatal('insert', `${st.where} not found for insert`, st.range);
      if (lastOs) {
        // Re-link the moved statements in the os list after WHERE.
        const moved: OutputSectionStatement[] = [];
        for (let os: OutputSectionStatement | undefined = firstOs; os; os = os.next) {
          moved.push(os);
          if (os === lastOs) break;
        }
        for (const os of moved) ctx.unlinkOutputStatement(os);
        let anchor = where;
        for (const os of moved) {
          ctx.linkOutputStatementAfter(os, anchor);
          anchor = os;
        }
        // And their sections in the output file's section list.
        let firstSec;
        let lastSec;
        for (const os of moved) {
          os.constraint = -2 - os.constraint;
          if (os.bfdSection && !os.bfdSection.isAbs) {
            lastSec = os.bfdSection;
            firstSec ??= lastSec;
          }
        }
        if (firstSec && lastSec) {
          let sec = where.bfdSection;
          if (!sec) {
            for (let look = where.prev; look; look = look.prev) {
              if (look.constraint < 0) continue;
              if (look.bfdSection && !look.bfdSection.isAbs) {
                sec = look.bfdSection;
                break;
              }
            }
          }
          if (sec && sec !== lastSec) {
            const sl = ctx.sectionList;
            const a = sl.indexOf(firstSec);
            const b = sl.indexOf(lastSec);
            const block = sl.splice(a, b - a + 1);
            sl.splice(sl.indexOf(sec) + 1, 0, ...block);
          }
        }
        firstOs = undefined;
        lastOs = undefined;
      }
      // Move the statements before the INSERT (not the INSERT itself) after WHERE.
      const moving: Statement[] = list.slice(start, i);
      list.splice(start, i - start + 1);
      const at = insertOsAfter(list, where, ctx);
      list.splice(at, 0, ...moving);
      i = start;
      continue;
    }
    i++;
  }
  for (let os: OutputSectionStatement | undefined = firstOs; os; os = os.next) {
    os.constraint = -2 - os.constraint;
    if (os === lastOs) break;
  }
}
