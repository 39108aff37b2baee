/**
 * --elf mode: where `.` is inside an output section whose contents are only known as a whole
 * (its size, from the linked ELF). Statements before the first input section description see
 * `.` from the section start; statements after the last one can see it from the section end
 * when nothing in between moves `.` by an amount that depends on where it is (data commands
 * and `. += constant` can be undone from the end, `. = ALIGN(n)` cannot). Everything else is
 * unknown: the split of a section's size between two input descriptions is not in the ELF.
 */
import type { LinkContext } from '../LinkContext';
import type { OutputSectionStatement, Statement } from '../script/statements';
import { DATA_SIZES } from '../script/statements';

export interface ElfDots {
  /** The section's input descriptions contribute sizes nobody knows separately. */
  opaque: boolean;
  opaqueReason: string;
  /** `.` before statement i, known from the section's end (undefined: not known that way). */
  backward: (bigint | undefined)[];
}

export function elfDots(ctx: LinkContext, os: OutputSectionStatement, list: Statement[]): ElfDots | undefined {
  if (!os.elfOpaque || list !== os.children) return undefined;
  const sec = os.bfdSection!;
  const backward: (bigint | undefined)[] = new Array(list.length).fill(undefined);
  if (!sec.vmaUnknown && os.elfEndKnown) {
    let d = (sec.vma + sec.size) & ((1n << 64n) - 1n);
    for (let i = list.length - 1; i >= 0; i--) {
      const s = list[i];
      const delta = constantAdvance(s);
      if (delta === undefined) break;
      d = (d - delta) & ((1n << 64n) - 1n);
      backward[i] = d;
    }
  }
  void ctx;
  return {
    opaque: true,
    opaqueReason: `cannot know where in ${os.name} the input sections before this point end: the linked ELF gives only the section's total size`,
    backward,
  };
}

/** How far S moves `.` whatever `.` is, or undefined when that depends on `.` or is unknown. */
function constantAdvance(s: Statement): bigint | undefined {
  switch (s.kind) {
    case 'data':
      return DATA_SIZES[s.size];
    case 'fill':
    case 'object-symbols':
      return 0n;
    case 'input-section':
      // The --elf stand-in of an orphan section takes no room of its own.
      return s.section.file.standIn ? 0n : undefined;
    case 'assignment': {
      const e = s.exp;
      if (e.k !== 'assign') return 0n;
      if (e.dst !== '.') return 0n;
      // `. = . + N` (also what `. += N` became).
      const src = e.src;
      if (src.k === 'binary' && src.code === '+' && src.lhs.k === 'name' && src.lhs.code === 'NAME' && src.lhs.name === '.' && src.rhs.k === 'value') {
        return src.rhs.value;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
