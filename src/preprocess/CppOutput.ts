import { MacroTable, parseDefineDirective } from './MacroTable';

/**
 * cpp's output (run with line markers and `-dD`) taken apart into what the parser reads and
 * where each line came from.
 *
 * A line marker `# 12 "file" 1 3` says the next line is line 12 of "file"; every other line,
 * including a `#define`/`#undef` that -dD printed where the directive stood, is one more line
 * of the same file. (cpp resynchronises after a directive that spanned several lines by
 * printing empty lines or a new marker, so counting is exact.)
 *
 * The parser's text has marker and #define/#undef lines replaced by empty lines, so line N of
 * the parser's text is line N of cpp's output and `lineOrigins[N - 1]` says where it came from.
 */
export interface LineOrigin {
  /** The file as cpp named it in its marker (relative to cpp's directory, or `<built-in>`). */
  file: string;
  line: number;
  /** A marker or -dD line, empty in the parser's text: it holds no text of the source. */
  synthetic?: true;
}

export interface CppOutput {
  text: string;
  lineOrigins: LineOrigin[];
  macros: MacroTable;
}

/** `# 12 "name" 1 3 4`; the name uses C escapes for `"`, `\` and unprintable bytes. */
const LINE_MARKER = /^# (\d+) "((?:[^"\\]|\\.)*)"((?: \d+)*)\s*$/;

export function parseCppOutput(output: string): CppOutput {
  const rawLines = output.split('\n');
  // A final newline ends the last line; it does not start another one.
  if (rawLines.length > 0 && rawLines[rawLines.length - 1] === '') rawLines.pop();

  const macros = new MacroTable();
  const lineOrigins: LineOrigin[] = [];
  const textLines: string[] = [];
  let file = '';
  let line = 1;

  for (let i = 0; i < rawLines.length; i++) {
    const raw = rawLines[i];
    const outputLine = i + 1;
    if (raw.startsWith('#')) {
      const marker = LINE_MARKER.exec(raw);
      if (marker) {
        file = unescapeCString(marker[2]);
        line = Number(marker[1]);
        lineOrigins.push({ file, line, synthetic: true });
        textLines.push('');
        continue;
      }
      if (raw.startsWith('#define ')) {
        const def = parseDefineDirective(raw.slice('#define '.length), file, line);
        if (def) macros.define(outputLine, def);
        lineOrigins.push({ file, line: line++, synthetic: true });
        textLines.push('');
        continue;
      }
      if (raw.startsWith('#undef ')) {
        macros.undefine(outputLine, raw.slice('#undef '.length).trim());
        lineOrigins.push({ file, line: line++, synthetic: true });
        textLines.push('');
        continue;
      }
    }
    lineOrigins.push({ file, line: line++ });
    textLines.push(raw);
  }
  // Keep the text's final newline so offsets past the last line still exist for the parser.
  const text = textLines.join('\n') + (output.endsWith('\n') ? '\n' : '');
  return { text, lineOrigins, macros };
}

function unescapeCString(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\([0-7]{1,3}|.)/g, (_m, e: string) =>
    /^[0-7]+$/.test(e) ? String.fromCharCode(parseInt(e, 8)) : e === 'n' ? '\n' : e,
  );
}
