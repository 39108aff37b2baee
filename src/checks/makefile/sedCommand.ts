/**
 * The part of GNU sed the image-end recipes use: `sed [-n] -e 's/RE/REPLACEMENT/[gp]'` (one or
 * more substitutions, any delimiter), reading standard input. Addresses, other commands, the
 * `w`/`e`/`I`/`M`/number flags, `-E`, `-i` and input files are refused as unsupported idioms.
 */
import { translateBasicRegex } from './basicRegex';
import type { TextLine, TextStream } from './TextStream';
import { UnsupportedIdiom } from './UnsupportedIdiom';

/** One `s` command, ready to run. */
export interface SedSubstitution {
  regex: RegExp;
  /** The replacement as parts: literal text or a group number (0 for `&`). */
  replacement: (string | number)[];
  global: boolean;
  print: boolean;
  /** A text every match of `regex` contains, or '' (see TranslatedRegex). */
  requiredText: string;
}

export interface SedProgram {
  /** -n: print only what `p` prints. */
  quiet: boolean;
  commands: SedSubstitution[];
}

/** Parses sed's command-line arguments (GNU getopt: options may follow operands). */
export function parseSedArguments(args: string[]): SedProgram {
  let quiet = false;
  const scripts: string[] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--quiet' || arg === '--silent') {
      quiet = true;
      continue;
    }
    if (arg.startsWith('--expression=')) {
      scripts.push(arg.slice('--expression='.length));
      continue;
    }
    if (arg === '--expression') {
      if (i + 1 >= args.length) throw new UnsupportedIdiom('sed --expression without a script');
      scripts.push(args[++i]);
      continue;
    }
    if (arg.startsWith('--')) throw new UnsupportedIdiom(`sed option ${arg}`);
    if (arg.startsWith('-') && arg !== '-') {
      // A cluster of short options: -n, and -e whose script is the rest of the cluster or the next word.
      for (let j = 1; j < arg.length; j++) {
        const o = arg[j];
        if (o === 'n') quiet = true;
        else if (o === 'e') {
          const rest = arg.slice(j + 1);
          if (rest !== '') scripts.push(rest);
          else {
            if (i + 1 >= args.length) throw new UnsupportedIdiom('sed -e without a script');
            scripts.push(args[++i]);
          }
          break;
        } else throw new UnsupportedIdiom(`sed option -${o}`);
      }
      continue;
    }
    operands.push(arg);
  }
  if (scripts.length === 0) {
    const script = operands.shift();
    if (script === undefined) throw new UnsupportedIdiom('sed without a script');
    scripts.push(script);
  }
  if (operands.length > 0) throw new UnsupportedIdiom(`sed reading files (${operands.join(' ')}) instead of its input`);
  return { quiet, commands: parseSedScript(scripts.join('\n')) };
}

/** Reads text up to an unescaped delimiter; `\` + delimiter becomes the delimiter. */
function readDelimited(script: string, start: number, delimiter: string, what: string, keepEscapes: boolean) {
  let text = '';
  let i = start;
  for (;;) {
    if (i >= script.length) throw new UnsupportedIdiom(`unterminated sed s command \`${script}\``);
    const c = script[i];
    if (c === delimiter) return { text, end: i + 1 };
    if (c === '\\') {
      const e = script[i + 1];
      if (e === undefined) throw new UnsupportedIdiom(`unterminated sed s command \`${script}\``);
      if (e === delimiter && delimiter !== '\n') {
        if (what === 'regex' && /[.*[\]^$]/.test(e)) {
          // GNU sed and POSIX disagree on whether an escaped special delimiter is literal.
          throw new UnsupportedIdiom(`the escaped delimiter \\${e} in sed regex \`${script}\``);
        }
        text += keepEscapes && what === 'replacement' && (e === '&' || /\d/.test(e)) ? `\\${e}` : e;
      } else if (e === '\n') {
        text += what === 'regex' ? '\\n' : '\n';
      } else {
        text += keepEscapes ? `\\${e}` : e;
      }
      i += 2;
      continue;
    }
    text += c;
    i++;
  }
}

/** Splits a replacement into literal text and group references. */
function parseReplacement(text: string, groups: number, script: string): (string | number)[] {
  const parts: (string | number)[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push(literal);
    literal = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '&') {
      flush();
      parts.push(0);
      continue;
    }
    if (c !== '\\') {
      literal += c;
      continue;
    }
    const e = text[++i];
    if (e === undefined) throw new UnsupportedIdiom(`a trailing backslash in sed replacement \`${script}\``);
    if (e >= '0' && e <= '9') {
      const g = Number(e);
      if (g > groups) throw new UnsupportedIdiom(`invalid reference \\${e} on the s command's right-hand side in \`${script}\``);
      flush();
      parts.push(g);
    } else if (e === 'n') literal += '\n';
    else if (e === 't') literal += '\t';
    else if (/[LUluE]/.test(e)) throw new UnsupportedIdiom(`the GNU case conversion \\${e} in sed replacement \`${script}\``);
    else if (/[A-Za-z]/.test(e)) throw new UnsupportedIdiom(`the GNU escape \\${e} in sed replacement \`${script}\``);
    else literal += e;
  }
  flush();
  return parts;
}

/** Parses a script of `s` commands separated by `;` or newlines. */
export function parseSedScript(script: string): SedSubstitution[] {
  const commands: SedSubstitution[] = [];
  let i = 0;
  while (i < script.length) {
    const c = script[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === ';') {
      i++;
      continue;
    }
    if (c !== 's') {
      if (/[0-9/$\\]/.test(c)) throw new UnsupportedIdiom(`a sed address in \`${script}\``);
      throw new UnsupportedIdiom(`the sed command \`${c}\` in \`${script}\``);
    }
    const delimiter = script[i + 1];
    if (delimiter === undefined || delimiter === '\n' || delimiter === '\\') {
      throw new UnsupportedIdiom(`a sed s command without a delimiter in \`${script}\``);
    }
    const re = readDelimited(script, i + 2, delimiter, 'regex', true);
    const rep = readDelimited(script, re.end, delimiter, 'replacement', true);
    i = rep.end;
    let global = false;
    let print = false;
    while (i < script.length && script[i] !== ';' && script[i] !== '\n') {
      const f = script[i];
      if (f === 'g' && !global) global = true;
      else if (f === 'p' && !print) print = true;
      else if (f === ' ' || f === '\t') {
        // Blanks may follow the flags.
      } else throw new UnsupportedIdiom(`the sed s flag \`${f}\` in \`${script}\``);
      i++;
    }
    const translated = translateBasicRegex(re.text);
    commands.push({
      regex: new RegExp(translated.source, 'g'),
      replacement: parseReplacement(rep.text, translated.groups, script),
      global,
      print,
      requiredText: translated.requiredText,
    });
  }
  if (commands.length === 0) throw new UnsupportedIdiom(`an empty sed script`);
  return commands;
}

/**
 * Runs one substitution on a pattern space. Returns undefined when nothing matched. With `g`,
 * an empty match right where the previous match ended is skipped, as GNU sed does
 * (`echo abc | sed 's/b*\/-/g'` prints `-a-c-`).
 */
export function substitute(command: SedSubstitution, text: string): string | undefined {
  const re = command.regex;
  let out = '';
  let pos = 0;
  let previousEnd = -1;
  let replaced = false;
  while (pos <= text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    if (start === end && start === previousEnd) {
      if (start >= text.length) break;
      out += text.slice(pos, start + 1);
      pos = start + 1;
      continue;
    }
    out += text.slice(pos, start);
    for (const part of command.replacement) out += typeof part === 'number' ? (m[part] ?? '') : part;
    replaced = true;
    previousEnd = end;
    if (!command.global) {
      pos = end;
      break;
    }
    if (start === end) {
      out += text.slice(start, start + 1);
      pos = start + 1;
    } else pos = end;
  }
  if (!replaced) return undefined;
  return out + text.slice(pos);
}

/**
 * Texts one of which is in every line for which `program` writes anything, if that can be told:
 * with -n, sed writes only for a line some `s` command matches, and the first command that
 * matches sees the line as read. Undefined when some command's regex has no required text.
 */
export function sedRequiredTexts(program: SedProgram): string[] | undefined {
  if (!program.quiet || program.commands.some((c) => c.requiredText === '')) return undefined;
  return program.commands.map((c) => c.requiredText);
}

/**
 * Runs a sed program on one line, pushing the lines it writes to `out`. What sed writes for a
 * line depends on that line alone (the program has only `s` commands: no hold space, no
 * addresses, no `N`).
 */
export function sedLine(program: SedProgram, text: string, out: string[]): void {
  let space = text;
  for (const command of program.commands) {
    const result = substitute(command, space);
    if (result === undefined) continue;
    space = result;
    if (command.print) pushLines(space, out);
  }
  if (!program.quiet) pushLines(space, out);
}

/** A replacement may contain newlines: downstream tools see several lines. */
function pushLines(text: string, out: string[]): void {
  if (!text.includes('\n')) out.push(text);
  else for (const t of text.split('\n')) out.push(t);
}

/** Runs a sed program over a stream; output lines keep the origin of the input line. */
export function runSed<Origin>(program: SedProgram, input: TextStream<Origin>): TextStream<Origin> {
  const lines: TextLine<Origin>[] = [];
  const written: string[] = [];
  let lastFromLastInput = false;
  input.lines.forEach((line, index) => {
    written.length = 0;
    sedLine(program, line.text, written);
    for (const text of written) lines.push({ text, origin: line.origin });
    if (written.length > 0) lastFromLastInput = index === input.lines.length - 1;
  });
  // GNU sed leaves the newline off only when the last input line had none.
  return { lines, trailingNewline: !(lastFromLastInput && !input.trailingNewline) };
}
