/**
 * Runs the shell pipeline of an image-end recipe (`$(NM) … | sort | head … | sed …`) without a
 * shell: nm is ldscope's own (byte-identical to GNU nm), the filters are the small models in
 * lineCommands.ts and sedCommand.ts. Each output line remembers the nm symbol it was printed
 * for, so the caller can name the symbol the end address came from.
 */
import { formatNmSymbols, selectNmSymbols, type NmOptions } from '../../elf/nmFormat';
import type { ObjectFile } from '../../elf/types';
import { grepCommand, headCommand, sortCommand, tailCommand, type LineCommand } from './lineCommands';
import { parseSedArguments, runSed } from './sedCommand';
import { parseShellPipeline } from './shellPipeline';
import { streamText, type TextStream } from './TextStream';
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

/** nm's output for one ELF file, a line per symbol, each line knowing its symbol. */
async function runNm(args: string[], openFile: OpenFile): Promise<TextStream<PickedSymbol>> {
  const { options, files } = parseNmArguments(args);
  if (files.length !== 1) {
    throw new UnsupportedIdiom(files.length === 0 ? 'nm without a file (it would read a.out)' : `nm of several files (${files.join(' ')})`);
  }
  const object = await openFile(files[0]);
  if (object.kind !== 'elf') throw new UnsupportedIdiom(`nm of the archive ${files[0]}`);
  const elf = object.elf;
  // With no symbols nm writes "no symbols" to standard error and nothing to the pipe.
  const symbols = elf.symbols.length === 0 ? [] : selectNmSymbols(elf, options);
  if (symbols.length === 0) return { lines: [], trailingNewline: true };
  const texts = formatNmSymbols(elf, symbols, options).slice(0, -1).split('\n');
  if (texts.length !== symbols.length) {
    // Then some line would not belong to one symbol.
    throw new UnsupportedIdiom(`nm output of ${files[0]}: a symbol name contains a newline`);
  }
  return {
    lines: symbols.map((s, k) => ({ text: texts[k], origin: { name: s.name, type: s.symbolClass, value: s.value } })),
    trailingNewline: true,
  };
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
      return { linePreserving, run: (input) => runSed(program, input) };
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
  let stream = await runNm(first.words.slice(1), openFile);
  filters.forEach((filter) => {
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
