/**
 * COMMON symbols: BFD gives each file that declares the winning common definition a section
 * named COMMON (at the end of the file's section list), and ld's lang_common later allocates
 * every still-common symbol in its file's COMMON section, in the order it walks the symbol
 * table (bfd_define_common_symbol: align, define at the current end, grow).
 */
import { SEC } from '../bfd/sectionFlags';
import type { LinkContext } from '../LinkContext';
import { InputFile, InputSection } from './InputFile';
import type { SectionIds } from './readInputs';

/** bfd_make_section_old_way(file, "COMMON"): the file's COMMON section, made once. */
export function commonSectionOf(file: InputFile, ids: SectionIds): InputSection {
  let s = file.sections.find((x) => x.isCommonSection);
  if (!s) {
    s = new InputSection(file, 'COMMON', SEC.ALLOC | SEC.IS_COMMON, 0n, 0, 0, 0n, 0, 0n, ids.take());
    s.isCommonSection = true;
    file.sections.push(s);
  }
  return s;
}

/** lang_common (no --sort-common). */
export function allocateCommons(ctx: LinkContext): void {
  const commons = new Set<string>();
  for (const h of ctx.hash.all()) if (h.state === 'common') commons.add(h.name);
  if (commons.size === 0) return;
  for (const name of ctx.hash.order.traversalOf(commons)) {
    const h = ctx.hash.lookup(name)!;
    const section = h.commonFile!.sections.find((s) => s.isCommonSection)!;
    const power = h.commonAlignmentPower;
    const alignment = power ? 1n << BigInt(power) : 1n;
    section.size = (section.size + alignment - 1n) & -alignment;
    if (power > section.alignmentPower) section.alignmentPower = power;
    h.state = 'defined';
    h.section = section;
    h.value = section.size;
    section.size += h.commonSize;
    section.flags |= SEC.ALLOC;
    section.flags &= ~(SEC.IS_COMMON | SEC.HAS_CONTENTS);
  }
}
