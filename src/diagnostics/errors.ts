import type { MappedPosition, SourcePosition } from './SourceFile';

/**
 * Errors ldscope reports to the user. The CLI prints `message` (already formatted with
 * file:line:col where there is one) and exits with `exitCode`; it never prints a stack.
 */
export class LdscopeError extends Error {
  constructor(
    message: string,
    /** 1: the input is valid but wrong (syntax error, failed check); 2: usage or I/O error. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command line, unreadable file, missing tool: exit status 2. */
export class InputError extends LdscopeError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** A linker-script syntax error at a position, rendered like gcc: file:line:col: error: … */
export class ScriptSyntaxError extends LdscopeError {
  constructor(
    readonly reason: string,
    readonly position: MappedPosition,
    /** The full rendered message: location, reason, source line and caret, notes. */
    rendered: string,
  ) {
    super(rendered, 1);
  }
}

export function formatPosition(pos: SourcePosition): string {
  return `${pos.file}:${pos.line}:${pos.column}`;
}

/**
 * gcc-style rendering: `file:line:col: severity: message`, the source line, a caret, and any
 * notes (each a `file:line:col: note: …` line).
 */
export function renderDiagnostic(
  severity: 'error' | 'warning' | 'note',
  message: string,
  pos: MappedPosition,
  sourceLine: string | undefined,
): string {
  const lines = [`${formatPosition(pos)}: ${severity}: ${message}`];
  if (sourceLine !== undefined) {
    lines.push(` ${sourceLine}`);
    // Keep tabs so the caret lines up under the same column in a terminal.
    const pad = sourceLine.slice(0, Math.max(0, pos.column - 1)).replace(/[^\t]/g, ' ');
    lines.push(` ${pad}^`);
  }
  for (const note of pos.notes) lines.push(`${formatPosition(note.position)}: note: ${note.message}`);
  return lines.join('\n');
}
