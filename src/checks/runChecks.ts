/**
 * `ldscope check`: runs every rule that applies to a script and its linked ELF and returns the
 * findings, plus the facts a summary prints.
 */
import type { LayoutOptionsInput } from '../layout/options/LayoutOptions';
import { CheckContext, hex, sizeText } from './CheckContext';
import { crossCheckLayout } from './layoutCrossCheck';
import type { CheckReport, Finding } from './Finding';
import { checkBoundaryAlignment } from './rules/boundaryAlignment';
import { checkOrphanSections } from './rules/orphanSections';
import { checkSectionOverlaps } from './rules/sectionOverlap';
import { checkUnusedProvides } from './rules/unusedProvide';
import { checkWritableExecutableSegments } from './rules/writableExecutableSegment';
import { looksLikeXen, readXenImage, type XenImage } from './xen/xenImage';
import { checkXenImage } from './xen/xenRules';

export type Profile = 'auto' | 'xen' | 'generic';

export interface CheckRun {
  report: CheckReport;
  /** Set when the Xen profile ran. */
  xen?: XenImage;
}

export interface CheckOptions {
  /** Lay the script out on top of the ELF and compare (rules layout.*, script.assert). */
  crossCheck?: boolean;
  /** ld's layout options of the build's link (-m, -z, -N …), for the cross-check. */
  ld?: LayoutOptionsInput;
}

export function runChecks(ctx: CheckContext, profile: Profile = 'auto', options: CheckOptions = {}): CheckRun {
  const xenProfile = profile === 'xen' || (profile === 'auto' && looksLikeXen(ctx));
  const findings: Finding[] = [
    ...(options.crossCheck === false ? [] : crossCheckLayout(ctx, options.ld).findings),
    ...checkSectionOverlaps(ctx),
    ...checkOrphanSections(ctx),
    ...checkWritableExecutableSegments(ctx),
    ...checkUnusedProvides(ctx),
    // Under the Xen profile the __2M_* boundaries follow SECTION_ALIGN, not their name.
    ...checkBoundaryAlignment(ctx, xenProfile ? (n) => n.startsWith('__2M_') : undefined),
  ];
  const facts: Record<string, string> = {};
  let xen: XenImage | undefined;
  if (xenProfile) {
    xen = readXenImage(ctx);
    findings.push(...checkXenImage(ctx, xen));
    if (xen.virtualStart) facts['virtual start'] = `${hex(xen.virtualStart.value)} (${xen.virtualStart.source})`;
    if (xen.virtualStart && xen.start) facts['image offset'] = hex(xen.start.value - xen.virtualStart.value);
    if (xen.sectionAlign) facts['section alignment'] = sizeText(xen.sectionAlign.value);
    if (xen.imageEnd) facts['image end'] = `${hex(xen.imageEnd.value)} (${xen.imageEnd.source})`;
    if (xen.imageEnd && xen.start) facts['image size'] = sizeText(xen.imageEnd.value - xen.start.value);
  }
  return { report: { findings: sortFindings(findings), facts }, xen };
}

const ORDER = { error: 0, warning: 1, note: 2 } as const;

/**
 * Errors first, then by file and line, so the first line of output is the one to fix. Files
 * compare by code unit, not localeCompare: the order must not depend on the machine's locale,
 * and the first localeCompare of a run builds ICU's collator (~10 ms, a fiftieth of
 * `ldscope xen`).
 */
function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      ORDER[a.severity] - ORDER[b.severity] ||
      compareCodeUnits(a.location?.file ?? '', b.location?.file ?? '') ||
      (a.location?.line ?? 0) - (b.location?.line ?? 0),
  );
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
