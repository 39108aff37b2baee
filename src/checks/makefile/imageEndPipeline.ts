/**
 * Runs the shell pipeline of an image-end recipe (`$(NM) … | sort | head … | sed …`) without a
 * shell: nm is ldscope's own (byte-identical to GNU nm), the filters are the small models in
 * lineCommands.ts and sedCommand.ts. Each output line remembers the nm symbol it was printed
 * for, so the caller can name the symbol the end address came from.
 */
import { formatNmLine, nmListsSymbol, nmValueWidth, sortNmSymbols, type NmOptions } from '../../elf/nmFormat';
import { nmSymbolReader, type NmSymbol } from '../../elf/nmSymbolClass';
import type { ObjectFile } from '../../elf/types';
import { grepCommand, headCommand, sortCommand, tailCommand, type LineCommand } from './lineCommands';
import { parseSedArguments, runSed, sedLine, sedRequiredTexts } from './sedCommand';
import { parseShellPipeline } from './shellPipeline';
import { streamText, type TextLine, type TextStream } from './TextStream';
import { UnsupportedIdiom } from './UnsupportedIdiom';

/** The nm line a value came from. */
export interface PickedSymbol {
  name: string;
  /** nm's type letter (A, T, B, …). */
  type: string;
  value: bigint;
}

export interface PipelineStageRun {
  /** The command's words as the shell passes them. */
  words: string[];
  /** The stage prints one line per input line (e.g. a `sed` without -n): it only reformats. */
  linePreserving: boolean;
}

export interface PipelineRun {
  stages: PipelineStageRun[];
  /** What the pipeline writes to standard output. */
  output: string;
  stream: TextStream<PickedSymbol>;
  /** Ways the result could differ from a real run (locale and the like). */
  notes: string[];
}

/** Opens a file named on nm's command line (a word of the pipeline). */
export type OpenFile = (word: string) => Promise<ObjectFile>;

/** GNU nm under its own name, a cross prefix (x86_64-linux-gnu-nm) or SunOS's gnm; not llvm-nm. */
const NM_COMMAND = /^(?:.*\/)?(?:(?!llvm-)[A-Za-z0-9_]+(?:-[A-Za-z0-9_.]+)+-)?g?nm$/;

/** nm's options that ldscope's nm implements; anything else is unsupported. */
function parseNmArguments(args: string[]): { options: NmOptions; files: string[] } {
  const options: NmOptions = {};
  const files: string[] = [];
  const long: Record<string, keyof NmOptions> = {
    '--numeric-sort': 'numericSort',
    '--reverse-sort': 'reverseSort',
    '--no-sort': 'noSort',
    '--print-size': 'printSize',
    '--extern-only': 'externOnly',
    '--defined-only': 'definedOnly',
  };
  const short: Record<string, keyof NmOptions> = {
    n: 'numericSort',
    v: 'numericSort',
    r: 'reverseSort',
    p: 'noSort',
    S: 'printSize',
    g: 'externOnly',
  };
  let optionsEnded = false;
  for (const a of args) {
    if (!optionsEnded && a === '--') optionsEnded = true;
    else if (!optionsEnded && a in long) options[long[a]] = true;
    else if (!optionsEnded && (a === '-B' || a === '--format=bsd')) {
      // BSD format is the default.
    } else if (!optionsEnded && a.startsWith('-') && a.length > 1) {
      if (a.startsWith('--')) throw new UnsupportedIdiom(`nm option ${a}`);
      for (const o of a.slice(1)) {
        const key = short[o];
        if (!key && o !== 'B') throw new UnsupportedIdiom(`nm option -${o}`);
        if (key) options[key] = true;
      }
    } else files.push(a);
  }
  return { options, files };
}

/**
 * Texts one of which a symbol's name must contain for its nm line to get through `filter`, or
 * undefined when that cannot be told. An nm line is `VALUE [SIZE] LETTER NAME`: before the name
 * there are only lowercase hex digits, blanks and one letter, and a blank just before it. So a
 * blank-free part of a text the line must contain, if it is longer than one character and not
 * all hex digits, cannot lie before the name, nor reach across the blank into it: it is in the name.
 */
function nameMustContain(filter: LineCommand | undefined): string[] | undefined {
  if (!filter?.requiredTexts) return undefined;
  const pieces: string[] = [];
  for (const text of filter.requiredTexts) {
    const inName = text.split(' ').filter((p) => p.length > 1 && /[^0-9a-f]/.test(p));
    if (inName.length === 0) return undefined;
    pieces.push(inName.reduce((a, b) => (b.length > a.length ? b : a)));
  }
  return pieces;
}

function containsAny(text: string, pieces: string[]): boolean {
  for (let i = 0; i < pieces.length; i++) if (text.includes(pieces[i])) return true;
  return false;
}

/**
 * nm's output for one ELF file, a line per symbol, each line knowing its symbol, passed through
 * `lineFilters`: the stages right after nm that treat each line on its own (sed, grep).
 *
 * nm sorts its whole listing before the filters see it. The filters here see the lines in
 * symbol-table order instead, and only the lines they write are then sorted, by the symbols
 * they were written for. That is the same output: what a filter writes for a line does not
 * depend on the other lines, and the sort is stable, so each symbol's lines stay together and
 * in order, and symbols that compare equal keep table order as in nm's own sort. On Xen's
 * `$(NM) $(TARGET)-syms | sed -ne 's/…__2M_rwdata_end$$/…/p'` it sorts one line instead of
 * thousands; and as sed's regex needs `__2M_rwdata_end` in the name, only the lines of the
 * symbols so named are made at all.
 */
async function runNm(args: string[], openFile: OpenFile, lineFilters: LineCommand[]): Promise<TextStream<PickedSymbol>> {
  const { options, files } = parseNmArguments(args);
  if (files.length !== 1) {
    throw new UnsupportedIdiom(files.length === 0 ? 'nm without a file (it would read a.out)' : `nm of several files (${files.join(' ')})`);
  }
  const object = await openFile(files[0]);
  if (object.kind !== 'elf') throw new UnsupportedIdiom(`nm of the archive ${files[0]}`);
  const elf = object.elf;
  // With no symbols nm writes "no symbols" to standard error and nothing to the pipe: no line here either.
  const nameNeeds = nameMustContain(lineFilters[0]);
  const readSymbol = nmSymbolReader(elf);
  const width = nmValueWidth(elf);
  const written: { symbol: NmSymbol; texts: string[] }[] = [];
  let texts: string[] = [];
  let next: string[] = [];
  // Indexed loops: this code runs once, in V8's interpreter, where `for…of` allocates a result
  // object for every element.
  const all = elf.symbols;
  for (let i = 0; i < all.length; i++) {
    const sym = all[i];
    // A line the first filter drops need not be made (but a name with a newline stops nm below).
    if (nameNeeds && !containsAny(sym.name, nameNeeds) && !sym.name.includes('\n')) continue;
    const symbol = readSymbol(sym);
    if (!nmListsSymbol(symbol, options)) continue;
    // Such a line would be several lines, not all belonging to one symbol.
    if (symbol.name.includes('\n')) throw new UnsupportedIdiom(`nm output of ${files[0]}: a symbol name contains a newline`);
    texts.push(formatNmLine(symbol, width, options));
    for (const filter of lineFilters) {
      for (const text of texts) filter.eachLine!(text, next);
      [texts, next] = [next, texts];
      next.length = 0;
    }
    if (texts.length > 0) {
      written.push({ symbol, texts });
      texts = [];
    }
  }
  const lines: TextLine<PickedSymbol>[] = [];
  for (const { symbol, texts } of sortNmSymbols(written, (w) => w.symbol, options)) {
    const origin: PickedSymbol = { name: symbol.name, type: symbol.symbolClass, value: symbol.value };
    for (const text of texts) lines.push({ text, origin });
  }
  return { lines, trailingNewline: true };
}

/** The model of a filter command (a stage after nm). */
function filterCommand(words: string[]): LineCommand {
  const [name, ...args] = words;
  switch (name.replace(/^.*\//, '')) {
    case 'sort':
      return sortCommand(args);
    case 'head':
      return headCommand(args);
    case 'tail':
      return tailCommand(args);
    case 'grep':
      return grepCommand(args);
    case 'sed': {
      const program = parseSedArguments(args);
      const linePreserving = !program.quiet && program.commands.every((c) => !c.print);
      return {
        linePreserving,
        run: (input) => runSed(program, input),
        eachLine: (text, out) => sedLine(program, text, out),
        requiredTexts: sedRequiredTexts(program),
      };
    }
    default:
      throw new UnsupportedIdiom(`the command \`${name}\` in the pipeline`);
  }
}

/**
 * Runs `shellText` (the command inside the substitution, as the shell sees it); nm's file
 * operands are opened with `openFile`. Throws UnsupportedIdiom for what it cannot model.
 */
export async function runImageEndPipeline(shellText: string, openFile: OpenFile): Promise<PipelineRun> {
  const stages = parseShellPipeline(shellText);
  const [first, ...rest] = stages;
  if (!NM_COMMAND.test(first.words[0])) {
    throw new UnsupportedIdiom(`a pipeline that starts with \`${first.words[0]}\` rather than nm`);
  }
  const filters = rest.map((s) => filterCommand(s.words)); // parse every stage before running any
  const notes: string[] = [];
  // The stages right after nm that treat each line on its own run inside nm's listing.
  let direct = 0;
  while (direct < filters.length && filters[direct].eachLine) direct++;
  let stream = await runNm(first.words.slice(1), openFile, filters.slice(0, direct));
  filters.slice(direct).forEach((filter) => {
    stream = filter.run(stream, notes);
  });
  return {
    stages: [
      { words: first.words, linePreserving: false },
      ...rest.map((s, k) => ({ words: s.words, linePreserving: filters[k].linePreserving })),
    ],
    output: streamText(stream),
    stream,
    notes: [...new Set(notes)],
  };
}
