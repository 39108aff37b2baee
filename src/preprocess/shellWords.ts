/**
 * Reads POSIX shell command lines into words, the way `sh -c` would before running them, for
 * the places ldscope reads a command someone else wrote: `--cpp "gcc -E"`, the command a Kbuild
 * `.cmd` file recorded, and the `$(NM) … | sed …` pipelines of a Makefile's image-end recipe
 * (src/checks/makefile/shellPipeline.ts). One simple command is read at a time, up to the
 * first unquoted operator; what follows is not looked at.
 *
 * Anything whose value only the shell could know at run time (`$VAR`, `$(...)`, backquotes,
 * redirections) is refused rather than passed through literally: running it differently from
 * the build would be a silent guess.
 */

export interface SplitCommand {
  /** The words of the first command, quotes removed. */
  words: string[];
  /** Everything after the separator that ended the first command ('' when none). */
  rest: string;
  /** The separator that ended the first command (';', '&&', '||', '|', '&', '\n'), if any. */
  separator?: string;
}

/** What made a command line unreadable without running a shell. */
export type ShellSyntaxProblem = 'expansion' | 'expansion-in-quotes' | 'backquote' | 'unterminated-single' | 'unterminated-double';

export class ShellSyntaxError extends Error {
  constructor(
    message: string,
    readonly problem?: ShellSyntaxProblem,
  ) {
    super(message);
  }
}

/** One word of a simple command, quotes removed, with what its unquoted characters were. */
export interface ShellWord {
  text: string;
  /** The word's first character when it was not quoted (sh gives `#`, `~` meaning there). */
  unquotedFirst?: string;
  /** The first glob character (`*`, `?`, `[`) outside quotes, if any. */
  unquotedGlob?: string;
  /** `NAME=…` with NAME and `=` unquoted: an assignment when it leads a command. */
  assignment: boolean;
}

/** The words of one simple command and the unquoted operator that ended it. */
export interface SimpleCommand {
  words: ShellWord[];
  /** ';', '&&', '||', '|', '&', '\n', '<', '>', '(' or ')' (undefined: the end of the text). */
  operator?: string;
  /** Where the text after the operator starts. */
  end: number;
}

/** A `$` that starts an expansion in sh (a lone `$` is literal). */
const EXPANSION_START = /[A-Za-z_{(0-9@*#?$!-]/;

/**
 * Reads the words of one simple command from `line` at `start`, up to the first unquoted
 * operator, the way sh splits words and removes quotes. Nothing after that operator is read:
 * a caller that wants only the first command is not refused for what follows it. Expansions
 * (`$NAME`, `$(…)`, backquotes) are refused: their value is only known when a shell runs them.
 */
export function readSimpleCommand(line: string, start = 0): SimpleCommand {
  const words: ShellWord[] = [];
  let word: ShellWord | undefined;
  let i = start;
  const n = line.length;

  const current = (): ShellWord => (word ??= { text: '', assignment: false });
  const endWord = () => {
    if (word) words.push(word);
    word = undefined;
  };
  const refuse = (at: number, problem: ShellSyntaxProblem) => {
    throw new ShellSyntaxError(`shell expansion '${line.slice(at, at + 12)}…' at character ${at + 1}: its value is only known when the shell runs it`, problem);
  };

  while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
      continue;
    }
    if (c === '\\' && line[i + 1] === '\n') {
      // Line continuation: no character at all.
      i += 2;
      continue;
    }
    if (c === ';' || c === '\n' || c === '|' || c === '&' || c === '<' || c === '>' || c === '(' || c === ')') {
      endWord();
      const two = line.slice(i, i + 2);
      const operator = two === '&&' || two === '||' ? two : c;
      return { words, operator, end: i + operator.length };
    }
    if (c === '`') refuse(i, 'backquote');
    if (c === '$' && EXPANSION_START.test(line[i + 1] ?? '')) refuse(i, 'expansion');
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new ShellSyntaxError(`unterminated single quote at character ${i + 1}`, 'unterminated-single');
      current().text += line.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === '"') {
      const w = current();
      i++;
      for (;;) {
        if (i >= n) throw new ShellSyntaxError('unterminated double quote', 'unterminated-double');
        const d = line[i];
        if (d === '"') {
          i++;
          break;
        }
        if (d === '\\') {
          // Inside double quotes a backslash only escapes these characters.
          const e = line[i + 1];
          if (e === '\n') {
            i += 2;
            continue;
          }
          if (e === '"' || e === '\\' || e === '$' || e === '`') {
            w.text += e;
            i += 2;
            continue;
          }
          w.text += d;
          i++;
          continue;
        }
        if (d === '`' || (d === '$' && EXPANSION_START.test(line[i + 1] ?? ''))) refuse(i, 'expansion-in-quotes');
        w.text += d;
        i++;
      }
      continue;
    }
    if (c === '\\') {
      if (i + 1 < n) current().text += line[i + 1];
      i += 2;
      continue;
    }
    // An unquoted character.
    const w = current();
    if (w.text === '' && w.unquotedFirst === undefined) w.unquotedFirst = c;
    if ((c === '*' || c === '?' || c === '[') && w.unquotedGlob === undefined) w.unquotedGlob = c;
    if (c === '=' && !w.assignment && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.text) && w.unquotedFirst !== undefined) w.assignment = true;
    w.text += c;
    i++;
  }
  endWord();
  return { words, end: n };
}

/**
 * Splits a command line into the words of its first command, the way `sh -c` would, and
 * returns the rest untouched. Glob characters are kept literally: preprocessor command lines
 * use `*` and `?` only inside quoted -D values.
 */
export function splitShellCommand(line: string): SplitCommand {
  const cmd = readSimpleCommand(line);
  if (cmd.operator === '<' || cmd.operator === '>') {
    throw new ShellSyntaxError(`redirection '${cmd.operator}' at character ${cmd.end} is not supported`);
  }
  if (cmd.operator === '(' || cmd.operator === ')') {
    throw new ShellSyntaxError(`'${cmd.operator}' at character ${cmd.end} is not supported`);
  }
  const words = cmd.words.map((w) => w.text);
  return cmd.operator === undefined ? { words, rest: '' } : { words, rest: line.slice(cmd.end), separator: cmd.operator };
}

/** Quotes a word for display so the printed command can be pasted into a shell. */
export function quoteShellWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function formatShellCommand(words: string[]): string {
  return words.map(quoteShellWord).join(' ');
}
