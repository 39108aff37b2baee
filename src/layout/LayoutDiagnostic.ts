/**
 * What the layout reports besides addresses: the errors and warnings GNU ld would print for
 * the same link (with the script location ld would name, rendered like gcc), and in --elf
 * mode the statements of what cannot be known from a linked ELF alone.
 */
import { renderDiagnostic } from '../diagnostics/errors';
import type { MappedPosition } from '../diagnostics/SourceFile';
import type { SourceRange } from '../diagnostics/SourceRange';

export type LayoutSeverity = 'error' | 'warning' | 'note';

export interface LayoutDiagnostic {
  severity: LayoutSeverity;
  /** The message without location, e.g. "cannot move location counter backwards (from 0x… to 0x…)". */
  message: string;
  /** Where in the script, when ld names a place. */
  position?: { file: string; line: number; column: number };
  /** The full text: `file:line:col: error: …`, source line and caret, notes. */
  rendered: string;
  /** A stable machine-readable kind, e.g. 'backwards-dot', 'region-overflow', 'cannot-know'. */
  code: string;
}

export function makeDiagnostic(
  severity: LayoutSeverity,
  code: string,
  message: string,
  range: SourceRange | undefined,
): LayoutDiagnostic {
  if (!range) return { severity, code, message, rendered: `ldscope: ${severity}: ${message}` };
  const pos: MappedPosition = range.position;
  const line = range.source.displayLine(pos);
  return {
    severity,
    code,
    message,
    position: { file: pos.file, line: pos.line, column: pos.column },
    rendered: renderDiagnostic(severity, message, pos, line),
  };
}

/**
 * An error that ends the link the way ld's %F messages do: nothing after it is computed.
 * The layout catches it and reports what was known up to then.
 */
export class FatalLayoutError extends Error {
  constructor(readonly diagnostic: LayoutDiagnostic) {
    super(diagnostic.rendered);
  }
}
