/**
 * Every macro definition cpp reported with `-dD`, in output order, so the question "what was
 * NAME at output line N" has the answer cpp itself had: the last `#define NAME` before line N,
 * unless an `#undef NAME` came after it.
 */

export interface MacroDefinition {
  name: string;
  /** `#define F(x) …` (needs parentheses to expand) rather than `#define X …`. */
  functionLike: boolean;
  /** The replacement text as cpp printed it. */
  body: string;
  /** Where the `#define` is: the file as cpp named it (may be `<command-line>`) and its line. */
  file: string;
  line: number;
}

interface TimelineEntry {
  /** 1-based line of cpp's output where the #define / #undef was printed. */
  outputLine: number;
  /** undefined for an #undef. */
  definition: MacroDefinition | undefined;
}

export class MacroTable {
  private readonly timelines = new Map<string, TimelineEntry[]>();

  /** Records `#define`s and `#undef`s in output order (callers add them as they read). */
  define(outputLine: number, definition: MacroDefinition): void {
    this.timeline(definition.name).push({ outputLine, definition });
  }

  undefine(outputLine: number, name: string): void {
    this.timeline(name).push({ outputLine, definition: undefined });
  }

  /** The definition of `name` in effect for text at `outputLine`, if it is a macro there. */
  lookup(name: string, outputLine: number): MacroDefinition | undefined {
    const entries = this.timelines.get(name);
    if (!entries) return undefined;
    let found: MacroDefinition | undefined;
    for (const e of entries) {
      if (e.outputLine >= outputLine) break;
      found = e.definition;
    }
    return found;
  }

  /** Number of distinct macro names ever defined (for tests and statistics). */
  get size(): number {
    return this.timelines.size;
  }

  private timeline(name: string): TimelineEntry[] {
    let t = this.timelines.get(name);
    if (!t) {
      t = [];
      this.timelines.set(name, t);
    }
    return t;
  }
}

/** Parses the text after `#define ` as cpp -dD prints it: `NAME(a, b) body` or `NAME body`. */
export function parseDefineDirective(rest: string, file: string, line: number): MacroDefinition | undefined {
  const m = /^([A-Za-z_$][A-Za-z0-9_$]*)(\()?/.exec(rest);
  if (!m) return undefined;
  const name = m[1];
  if (m[2]) {
    const close = rest.indexOf(')', name.length);
    const body = close < 0 ? '' : rest.slice(close + 1).replace(/^ /, '');
    return { name, functionLike: true, body, file, line };
  }
  return { name, functionLike: false, body: rest.slice(name.length).replace(/^ /, ''), file, line };
}
