import type { MappedPosition, SourceFile } from './SourceFile';

/**
 * Where an AST node came from: offsets into the text the parser read. Line, column and the
 * user's file are computed on demand (through the preprocessor's map when there is one), so
 * parsing a 30 MB corpus does not pay for positions nobody asks for.
 */
export class SourceRange {
  constructor(
    readonly source: SourceFile,
    /** Offset of the first character, in the parsed text. */
    readonly start: number,
    /** Offset one past the last character. */
    readonly end: number,
  ) {}

  /** The start, as the user sees it (file they edit, 1-based line and column). */
  get position(): MappedPosition {
    return this.source.position(this.start);
  }

  get file(): string {
    return this.position.file;
  }

  get line(): number {
    return this.position.line;
  }

  get column(): number {
    return this.position.column;
  }

  /** JSON carries the user's position, not the parser's text. */
  toJSON(): { file: string; line: number; column: number; offset: number; length: number } {
    const p = this.position;
    return { file: p.file, line: p.line, column: p.column, offset: this.start, length: this.end - this.start };
  }
}
