/**
 * The facts of a Xen image that the Xen rules and `ldscope xen` talk about, read from the
 * linked xen-syms and the script: where the hypervisor's virtual range starts, where the image
 * starts and ends, and the alignment of its superpage regions.
 */
import type { MappedPosition } from '../../diagnostics/SourceFile';
import type { CheckContext } from '../CheckContext';
import { constantValue } from '../scriptFacts';

export const MIB = 1n << 20n;
export const PAD_RESERVATION = 16n * MIB;

export interface Located<T> {
  value: T;
  /** Where it comes from: an ELF symbol's name, or a script construct. */
  source: string;
  position?: MappedPosition;
}

export interface XenImage {
  virtualStart?: Located<bigint>;
  start?: Located<bigint>;
  imageEnd?: Located<bigint>;
  /** `_end`: the end of .bss, before the 2 MiB / .pad rounding. */
  end?: Located<bigint>;
  /** The alignment in force for the __2M_* boundaries (SECTION_ALIGN after cpp). */
  sectionAlign?: Located<bigint>;
  /** The image is padded by a `.pad` section (the era-2 design). */
  padded: boolean;
  /** Why a value could not be known, for the report. */
  unknown: string[];
}

/** The Xen profile applies when the script or the ELF defines one of Xen's marker symbols. */
export function looksLikeXen(ctx: CheckContext): boolean {
  return ['__XEN_VIRT_START', '__image_base__'].some((n) => ctx.symbol(n) !== undefined || ctx.facts.assignments.has(n));
}

export function readXenImage(ctx: CheckContext): XenImage {
  const image: XenImage = { padded: ctx.facts.outputSections.has('.pad') || ctx.symbol('__end_of_image__') !== undefined, unknown: [] };
  const fromSymbol = (name: string): Located<bigint> | undefined => {
    const s = ctx.symbol(name);
    return s ? { value: s.value, source: name, position: ctx.assignmentPosition(name) } : undefined;
  };
  image.virtualStart = fromSymbol('__XEN_VIRT_START') ?? fromSymbol('__image_base__') ?? firstLocationAssignment(ctx);
  if (!image.virtualStart) image.unknown.push('the virtual start: no __XEN_VIRT_START or __image_base__ symbol and no constant `. =` in SECTIONS');
  image.start = fromSymbol('_start');
  if (!image.start) image.unknown.push('the image start: no _start symbol');
  image.end = fromSymbol('_end');
  image.imageEnd = image.padded ? fromSymbol('__end_of_image__') : fromSymbol('__2M_rwdata_end');
  if (!image.imageEnd) image.unknown.push(`the image end: no ${image.padded ? '__end_of_image__' : '__2M_rwdata_end'} symbol`);
  image.sectionAlign = sectionAlignment(ctx);
  if (!image.sectionAlign) image.unknown.push('the section alignment: no constant `. = ALIGN(…)` next to a __2M_* boundary');
  return image;
}

/** The first `. = <constant>` at the top of SECTIONS: Xen's `. = __XEN_VIRT_START;`. */
function firstLocationAssignment(ctx: CheckContext): Located<bigint> | undefined {
  for (const c of ctx.facts.sectionsSequence) {
    if (c.kind !== 'Assignment' || c.symbol !== '.' || c.operator !== '=') continue;
    const v = constantValue(c.value);
    if (v !== undefined) return { value: v, source: 'the first `. =` in SECTIONS', position: c.range.position };
    return undefined;
  }
  return undefined;
}

/**
 * SECTION_ALIGN as the script uses it: the constant of a `. = ALIGN(c)` just before a
 * `__2M_*` assignment, or of `__2M_x = ALIGN(c)` itself. The largest one wins (Xen aligns every
 * boundary to the same SECTION_ALIGN; smaller ALIGNs nearby are cache-line or page rounding).
 */
function sectionAlignment(ctx: CheckContext): Located<bigint> | undefined {
  let best: Located<bigint> | undefined;
  const consider = (value: bigint | undefined, position: MappedPosition) => {
    if (value !== undefined && value > 0n && (!best || value > best.value)) best = { value, source: 'ALIGN before a __2M_* boundary', position };
  };
  const seq = ctx.facts.sectionsSequence;
  for (let i = 0; i < seq.length; i++) {
    const c = seq[i];
    if (c.kind !== 'Assignment' || !c.symbol.startsWith('__2M_')) continue;
    if (c.value.kind === 'Call' && c.value.function === 'ALIGN' && c.value.args.length === 1) {
      consider(constantValue(c.value.args[0]), c.range.position);
    }
    // Walk back over the run of plain assignments to the `. = ALIGN(c)` that starts it.
    for (let j = i - 1; j >= 0; j--) {
      const p = seq[j];
      if (p.kind !== 'Assignment') break;
      if (p.symbol === '.') {
        if (p.value.kind === 'Call' && p.value.function === 'ALIGN' && p.value.args.length === 1) {
          consider(constantValue(p.value.args[0]), p.range.position);
        }
        break;
      }
    }
  }
  return best;
}
