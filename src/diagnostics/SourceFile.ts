/**
 * A text that ldscope reads (a linker script, possibly after the C preprocessor) and the
 * means to name any offset in it the way a user wants to see it: the file they edit, its line
 * and column. Line and column are 1-based, as in gcc's and ld's messages.
 */

/** A point in a file the user can open. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** Extra context for a position, e.g. "in expansion of macro X defined at hdr.h:12". */
export interface PositionNote {
  message: string;
  position: SourcePosition;
}

/** A position after mapping, with any notes that explain where the text came from. */
export interface MappedPosition extends SourcePosition {
  notes: PositionNote[];
}

/**
 * Maps a line/column of the text the parser saw back to where that text came from. The C
 * preprocessor stage provides one built from cpp's line markers; plain files need none.
 */
export interface OriginMap {
  map(line: number, column: number): MappedPosition;
  /** The text of an original line, for carets in diagnostics (undefined if unreadable). */
  originalLine?(file: string, line: number): string | undefined;
}

export class SourceFile {
  private lineStarts: number[] | undefined;

  constructor(
    /** Name as given by the user (or as cpp named it). */
    readonly name: string,
    /** The exact text the parser reads. */
    readonly text: string,
    /** Present when `text` is not what the user edits (preprocessed output). */
    readonly origin?: OriginMap,
  ) {}

  /** 1-based line and column of an offset in `text` (not mapped). */
  lineColumn(offset: number): { line: number; column: number } {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  /** Where an offset is for the user: mapped through the origin map when there is one. */
  position(offset: number): MappedPosition {
    const { line, column } = this.lineColumn(offset);
    if (this.origin) return this.origin.map(line, column);
    return { file: this.name, line, column, notes: [] };
  }

  /** The text of a 1-based line of `text`, without its newline. */
  lineText(line: number): string {
    const starts = this.starts();
    const begin = starts[line - 1] ?? this.text.length;
    let end = this.text.indexOf('\n', begin);
    if (end < 0) end = this.text.length;
    return this.text.slice(begin, end).replace(/\r$/, '');
  }

  /** The line the user sees at a mapped position, for carets. */
  displayLine(pos: SourcePosition): string | undefined {
    if (this.origin) return this.origin.originalLine?.(pos.file, pos.line);
    return this.lineText(pos.line);
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const text = this.text;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}
