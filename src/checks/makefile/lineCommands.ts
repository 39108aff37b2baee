/**
 * `head`, `tail`, `sort` and `grep` as the image-end recipes use them, on standard input only:
 * `head -n N`/`head -N`, `tail -n N`/`tail -n +N`/`tail -N`, `sort [-r]` and
 * `grep [-v] [-e] PATTERN`. Every other option is an unsupported idiom.
 */
import { translateBasicRegex } from './basicRegex';
import type { TextStream } from './TextStream';
import { UnsupportedIdiom } from './UnsupportedIdiom';

/** A pipeline stage that transforms its input. */
export interface LineCommand {
  /** Whether every input line gives exactly one output line (the stage only reformats). */
  linePreserving: boolean;
  /** Runs the stage; `notes` collects ways the result could differ from a real run (e.g. locale). */
  run<Origin>(input: TextStream<Origin>, notes: string[]): TextStream<Origin>;
  /**
   * Present when the command treats each line on its own (grep, sed's `s` commands): the lines
   * it writes for one input line, pushed to `out`. Then its output for any reordering of the
   * input is the same reordering of its output, which lets the pipeline filter nm's lines
   * before sorting the few that are left (see imageEndPipeline.ts).
   */
  eachLine?: (text: string, out: string[]) => void;
  /** With eachLine: texts one of which is in every line the command writes anything for, if known. */
  requiredTexts?: string[];
}

/** A decimal line count (GNU's K/M/b suffixes are not modelled). */
function lineCount(command: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UnsupportedIdiom(`${command} line count \`${text}\``);
  return Number(text);
}

/** Reads the count of `head`/`tail`: -n N, -nN, --lines=N, -N; `tail` also accepts +N. */
function parseCountOption(command: 'head' | 'tail', args: string[]): { count: number; fromStart: boolean } {
  let countText: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-n' || a === '--lines') {
      if (i + 1 >= args.length) throw new UnsupportedIdiom(`${command} ${a} without a count`);
      countText = args[++i];
    } else if (a.startsWith('--lines=')) countText = a.slice('--lines='.length);
    else if (/^-n./.test(a)) countText = a.slice(2);
    else if (/^-\d+$/.test(a)) countText = a.slice(1);
    else if (a.startsWith('-') && a !== '-') throw new UnsupportedIdiom(`${command} option ${a}`);
    else throw new UnsupportedIdiom(`${command} reading the file ${a} instead of its input`);
  }
  if (countText === undefined) return { count: 10, fromStart: false };
  if (command === 'tail' && countText.startsWith('+')) return { count: lineCount(command, countText.slice(1)), fromStart: true };
  if (countText.startsWith('-')) throw new UnsupportedIdiom(`${command} with a negative count (${countText})`);
  return { count: lineCount(command, countText), fromStart: false };
}

export function headCommand(args: string[]): LineCommand {
  const { count } = parseCountOption('head', args);
  return {
    linePreserving: false,
    run: (input) => ({
      lines: input.lines.slice(0, count),
      trailingNewline: count >= input.lines.length ? input.trailingNewline : true,
    }),
  };
}

export function tailCommand(args: string[]): LineCommand {
  const { count, fromStart } = parseCountOption('tail', args);
  return {
    linePreserving: false,
    run: (input) => ({
      lines: fromStart ? input.lines.slice(Math.max(0, count - 1)) : count === 0 ? [] : input.lines.slice(-count),
      trailingNewline: input.trailingNewline,
    }),
  };
}

/** Byte order of two strings (strcmp on their UTF-8 encodings). */
function compareBytes(a: string, b: string): number {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}

/**
 * `sort` compares whole lines with strcoll(); this follows the C locale (byte order). Under a
 * locale such as en_US.UTF-8 blanks are ignored at first, so lines with a blank address
 * (undefined symbols) can land elsewhere; the note says so when such lines are present.
 */
export function sortCommand(args: string[]): LineCommand {
  let reverse = false;
  for (const a of args) {
    if (/^-r+$/.test(a) || a === '--reverse') reverse = true;
    else if (a.startsWith('-') && a !== '-') throw new UnsupportedIdiom(`sort option ${a}`);
    else throw new UnsupportedIdiom(`sort reading the file ${a} instead of its input`);
  }
  return {
    linePreserving: true,
    run: (input, notes) => {
      if (input.lines.some((l) => /^\s/.test(l.text))) {
        notes.push(
          'sort was modelled in the C locale (byte order); under another locale the lines with a blank address sort differently',
        );
      }
      const lines = [...input.lines].sort((a, b) => (reverse ? -1 : 1) * compareBytes(a.text, b.text));
      return { lines, trailingNewline: true };
    },
  };
}

export function grepCommand(args: string[]): LineCommand {
  let invert = false;
  let pattern: string | undefined;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-v' || a === '--invert-match') invert = true;
    else if (a === '-e') {
      if (i + 1 >= args.length || pattern !== undefined) throw new UnsupportedIdiom('grep -e used other than once');
      pattern = args[++i];
    } else if (a.startsWith('-') && a !== '-') throw new UnsupportedIdiom(`grep option ${a}`);
    else operands.push(a);
  }
  if (pattern === undefined) pattern = operands.shift();
  if (pattern === undefined) throw new UnsupportedIdiom('grep without a pattern');
  if (operands.length > 0) throw new UnsupportedIdiom(`grep reading files (${operands.join(' ')}) instead of its input`);
  if (pattern.includes('\n')) throw new UnsupportedIdiom('grep with several patterns');
  // Only whether a line matches matters here, so alternation is safe.
  const translated = pattern === '' ? undefined : translateBasicRegex(pattern, { allowAlternation: true });
  const regex = translated ? new RegExp(translated.source) : /(?:)/;
  const keeps = (text: string) => regex.test(text) !== invert;
  return {
    linePreserving: false,
    run: (input) => ({ lines: input.lines.filter((l) => keeps(l.text)), trailingNewline: true }),
    eachLine: (text, out) => {
      if (keeps(text)) out.push(text);
    },
    requiredTexts: !invert && translated?.requiredText ? [translated.requiredText] : undefined,
  };
}
