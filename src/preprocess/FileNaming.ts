import * as fs from 'fs';
import * as path from 'path';
import { blankComments } from './ppTokens';

/**
 * The files named in cpp's line markers, seen from the user's side: the name to print and the
 * file to read for carets.
 *
 * cpp names files relative to the directory it ran in (or as the -I path spelled them:
 * `./include/xen/config.h`). When cpp ran where the user is, its names are printed as they
 * are; when it ran elsewhere (a build directory), relative names are re-expressed relative to
 * the user's directory so they can still be opened. The script itself is always printed as
 * the user named it. `<built-in>` and `<command-line>` are not files and are never read.
 */
export class FileNaming {
  private readonly displayNames = new Map<string, string>();
  /** Display name → absolute path, to read a file by the name a diagnostic shows. */
  private readonly realPaths = new Map<string, string>();
  private readonly contents = new Map<string, FileLines | undefined>();

  constructor(
    /** Directory cpp ran in. */
    private readonly cppCwd: string,
    /** Directory the user is in (their relative names are relative to it). */
    private readonly userCwd: string,
    /** The script as cpp was given it, and as the user named it. */
    scriptArg: string,
    scriptName: string,
  ) {
    this.displayNames.set(scriptArg, scriptName);
    this.realPaths.set(scriptName, path.resolve(cppCwd, scriptArg));
  }

  static isPseudoFile(cppName: string): boolean {
    return cppName.startsWith('<') && cppName.endsWith('>');
  }

  /** How to print a file cpp named `cppName`. */
  display(cppName: string): string {
    let shown = this.displayNames.get(cppName);
    if (shown !== undefined) return shown;
    if (FileNaming.isPseudoFile(cppName) || path.isAbsolute(cppName)) {
      shown = cppName;
    } else if (path.resolve(this.cppCwd) === path.resolve(this.userCwd)) {
      shown = cppName;
    } else {
      shown = path.relative(this.userCwd, path.resolve(this.cppCwd, cppName)) || '.';
    }
    this.displayNames.set(cppName, shown);
    if (!FileNaming.isPseudoFile(cppName) && !this.realPaths.has(shown)) {
      this.realPaths.set(shown, path.resolve(this.cppCwd, cppName));
    }
    return shown;
  }

  /** The text of a 1-based line of a file by its display name; undefined if unreadable. */
  line(displayName: string, line: number): string | undefined {
    return this.read(displayName)?.lines[line - 1];
  }

  /** The same line with comments blanked out (a line may start inside a comment). */
  codeLine(displayName: string, line: number): string | undefined {
    const entry = this.read(displayName);
    if (!entry) return undefined;
    entry.code ??= splitLines(blankComments(entry.text));
    return entry.code[line - 1];
  }

  private read(displayName: string): FileLines | undefined {
    if (this.contents.has(displayName)) return this.contents.get(displayName);
    let entry: FileLines | undefined;
    const real = this.realPaths.get(displayName) ?? (FileNaming.isPseudoFile(displayName) ? undefined : path.resolve(this.userCwd, displayName));
    if (real !== undefined) {
      try {
        const text = fs.readFileSync(real, 'latin1'); // byte columns, as in the parser's text
        entry = { text, lines: splitLines(text) };
      } catch {
        entry = undefined;
      }
    }
    this.contents.set(displayName, entry);
    return entry;
  }
}

/** A file's text and lines; `code` (comments blanked) is made when first asked for. */
interface FileLines {
  text: string;
  lines: string[];
  code?: string[];
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  return text.includes('\r') ? lines.map((l) => l.replace(/\r$/, '')) : lines;
}
