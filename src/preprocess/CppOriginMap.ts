import type { MappedPosition, OriginMap, PositionNote } from '../diagnostics/SourceFile';
import type { CppOutput, LineOrigin } from './CppOutput';
import { FileNaming } from './FileNaming';
import { LineAlignment } from './LineAlignment';
import type { MacroDefinition } from './MacroTable';

/**
 * Maps a line/column of the preprocessed text back to the file the user edits.
 *
 * The line comes from cpp's line markers (exact). The column is best effort (see
 * LineAlignment): exact where cpp left the text alone, the macro's name where the text came
 * from a macro expansion. In the second case a note says which macro and where it is defined,
 * e.g. `include/xen/xen.lds.h:12:9: note: in expansion of macro 'DECL_SECTION' defined at
 * include/xen/xen.lds.h:12`; cpp always attributes an expansion to the line that uses the macro,
 * so the position itself is that line of the `.lds.S`.
 */
export class CppOriginMap implements OriginMap {
  /** Alignments already computed, by output line (a parser may map many nodes per line). */
  private readonly alignments = new Map<number, LineAlignment | undefined>();
  private lineStarts: number[] | undefined;

  constructor(
    private readonly output: CppOutput,
    private readonly files: FileNaming,
  ) {}

  map(line: number, column: number): MappedPosition {
    const origins = this.output.lineOrigins;
    if (origins[line - 1]?.synthetic) {
      // A marker or #define line holds no source text (a parser may start a node's range in
      // the blank lines before its first token): it stands for the first token that follows,
      // or for the end of the last text when nothing follows.
      const hasText = (l: number) => !origins[l - 1].synthetic && this.outputLine(l).trim() !== '';
      let next = line + 1;
      while (next <= origins.length && !hasText(next)) next++;
      if (next <= origins.length) return this.map(next, this.outputLine(next).search(/\S/) + 1);
      let prev = line - 1;
      while (prev > 0 && !hasText(prev)) prev--;
      if (prev > 0) return this.map(prev, this.outputLine(prev).length + 1);
    }
    const origin = this.originOf(line);
    const file = this.files.display(origin.file);
    const position: MappedPosition = { file, line: Math.max(1, origin.line), column, notes: [] };
    if (FileNaming.isPseudoFile(origin.file) || line > this.output.lineOrigins.length) return position;

    const alignment = this.alignment(line, file, origin.line);
    if (!alignment) return position;
    const aligned = alignment.map(column);
    position.column = aligned.column;
    if (aligned.macro) {
      const def = this.output.macros.lookup(aligned.macro.name, line);
      const note = def && this.definitionNote(def);
      if (note) position.notes.push(note);
    }
    return position;
  }

  originalLine(file: string, line: number): string | undefined {
    return this.files.line(file, line);
  }

  private alignment(line: number, file: string, sourceLineNo: number): LineAlignment | undefined {
    if (this.alignments.has(line)) return this.alignments.get(line);
    const sourceLine = this.files.codeLine(file, sourceLineNo);
    const macros = this.output.macros;
    const alignment =
      sourceLine === undefined
        ? undefined
        : new LineAlignment(sourceLine, this.outputLine(line), (name) => macros.lookup(name, line));
    this.alignments.set(line, alignment);
    return alignment;
  }

  private outputLine(line: number): string {
    const text = this.output.text;
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const start = this.lineStarts[line - 1];
    if (start === undefined) return '';
    const end = text.indexOf('\n', start);
    return text.slice(start, end < 0 ? text.length : end);
  }

  /** Where a line of the text came from; past the end, counting on from the last line. */
  private originOf(line: number): LineOrigin {
    const origins = this.output.lineOrigins;
    if (origins.length === 0) return { file: '<empty>', line: 1 };
    if (line <= origins.length) return origins[Math.max(1, line) - 1];
    const last = origins[origins.length - 1];
    return { file: last.file, line: last.line + (line - origins.length) };
  }

  private definitionNote(def: MacroDefinition): PositionNote | undefined {
    const message = `in expansion of macro '${def.name}'`;
    if (def.file === '<command-line>') {
      // gcc names such definitions `<command-line>` without a line; 0:0 says "no line".
      return {
        message: `${message} defined on the command line`,
        position: { file: '<command-line>', line: 0, column: 0 },
      };
    }
    if (FileNaming.isPseudoFile(def.file)) return undefined; // <built-in>: the compiler's own
    const file = this.files.display(def.file);
    const text = this.files.line(file, def.line);
    const at = text === undefined ? -1 : text.search(new RegExp(`\\bdefine\\s+${escapeRegExp(def.name)}\\b`));
    const column = at < 0 ? 1 : text!.indexOf(def.name, at + 'define'.length) + 1;
    return {
      message: `${message} defined at ${file}:${def.line}`,
      position: { file, line: def.line, column },
    };
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[$.*+?^()[\]{}|\\]/g, '\\$&');
}
