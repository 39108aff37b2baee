import type { MappedPosition } from '../diagnostics/SourceFile';

export type Severity = 'error' | 'warning' | 'note';

/**
 * One thing `ldscope check` found: a rule that failed (or a fact worth reporting), where in
 * the user's files it is, and the numbers behind it. Expected/actual are the values as the
 * user would write them (addresses as 0x… hex).
 */
export interface Finding {
  /** Stable rule id, e.g. `layout.section-vma`, `xen.image-end`. */
  rule: string;
  severity: Severity;
  message: string;
  /** Where to look: a script line (the .lds.S line after mapping), a Makefile line, … */
  location?: MappedPosition;
  expected?: string;
  actual?: string;
}

/** What a check run produced. */
export interface CheckReport {
  findings: Finding[];
  /** Tool-level facts for the summary (e.g. the image's virtual start), printed as key: value. */
  facts?: Record<string, string>;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
