/**
 * Splits a POSIX shell command line into words, the way `sh -c` would before running it, for
 * the two places ldscope reads a command someone else wrote: `--cpp "gcc -E"` and the command
 * a Kbuild `.cmd` file recorded. Only the first simple command is taken apart; what follows
 * an unquoted `;`, `&&`, `||`, `|` or `&` is returned untouched as `rest`.
 *
 * Anything whose value only the shell could know at run time (`$VAR`, `$(...)`, backquotes,
 * redirections) is refused rather than passed through literally: running it differently from
 * the build would be a silent guess. Glob characters are kept literally: preprocessor command
 * lines use `*` and `?` only inside quoted -D values.
 */

export interface SplitCommand {
  /** The words of the first command, quotes removed. */
  words: string[];
  /** Everything after the separator that ended the first command ('' when none). */
  rest: string;
  /** The separator that ended the first command (';', '&&', '||', '|', '&', '\n'), if any. */
  separator?: string;
}

export class ShellSyntaxError extends Error {}

export function splitShellCommand(line: string): SplitCommand {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const n = line.length;

  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const refuseExpansion = (at: number) => {
    throw new ShellSyntaxError(
      `shell expansion '${line.slice(at, at + 12)}…' at character ${at + 1}: its value is only known when the shell runs it`,
    );
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
    if (c === ';' || c === '\n' || c === '|' || c === '&') {
      endWord();
      const two = line.slice(i, i + 2);
      const separator = two === '&&' || two === '||' ? two : c;
      return { words, rest: line.slice(i + separator.length), separator };
    }
    if (c === '<' || c === '>') {
      throw new ShellSyntaxError(`redirection '${c}' at character ${i + 1} is not supported`);
    }
    if (c === '`') refuseExpansion(i);
    if (c === '$') {
      // A '$' not followed by a name, '{' or '(' is literal in sh.
      if (/[A-Za-z_{(0-9@*#?$!-]/.test(line[i + 1] ?? '')) refuseExpansion(i);
      word += c;
      inWord = true;
      i++;
      continue;
    }
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError(`unterminated single quote at character ${i + 1}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      inWord = true;
      i++;
      for (;;) {
        if (i >= n) throw new ShellSyntaxError('unterminated double quote');
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
            word += e;
            i += 2;
            continue;
          }
          word += d;
          i++;
          continue;
        }
        if (d === '`') refuseExpansion(i);
        if (d === '$' && /[A-Za-z_{(0-9@*#?$!-]/.test(line[i + 1] ?? '')) refuseExpansion(i);
        word += d;
        i++;
      }
      continue;
    }
    if (c === '\\') {
      if (i + 1 < n) word += line[i + 1];
      inWord = true;
      i += 2;
      continue;
    }
    word += c;
    inWord = true;
    i++;
  }
  endWord();
  return { words, rest: '' };
}

/** Quotes a word for display so the printed command can be pasted into a shell. */
export function quoteShellWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function formatShellCommand(words: string[]): string {
  return words.map(quoteShellWord).join(' ');
}
