import { LdscopeError } from '../diagnostics/errors';
import { normalizePreprocessArgs } from '../preprocess/cliOptions';
import { timingMark } from '../diagnostics/timing';
import { commandsFor } from './commands';
import { ldscopeVersion } from './version';

/** Writes to stdout and waits for it to drain, so piped output is never cut short. */
export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
}

/**
 * Runs the CLI and resolves to the exit status. yargs is loaded here and nowhere else (the
 * command modules import only its types), after the 'main' mark so that LDSCOPE_TIMING shows
 * what loading it costs. It is yargs 17, whose CommonJS build Node loads several times faster
 * than yargs 18's ESM-only one and which the bundle includes (src/cli/bundleLoader.ts).
 */
export async function main(args: string[]): Promise<number> {
  timingMark('main');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the mark above
  const yargs = require('yargs/yargs') as typeof import('yargs/yargs');
  timingMark('yargs loaded');
  let status = 0;
  // cpp spellings (-DNAME, -IDIR, -include FILE) and ld's (-LDIR, -mEMUL, -zKEYWORD) become
  // forms yargs reads (it would take `-melf_x86_64` for a group of one-letter flags).
  const words = normalizePreprocessArgs(args).flatMap(splitAttachedLdOption);
  let parser = yargs(words)
    .scriptName('ldscope')
    .version(ldscopeVersion())
    .strict()
    .demandCommand(1, 'name a command (see --help)')
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg: string | undefined, e: Error | undefined) => {
      // yargs routes both its own usage errors and errors thrown by handlers here.
      if (e) throw e;
      throw new LdscopeError(`ldscope: ${msg ?? 'bad usage'}\nTry 'ldscope --help'.`, 2);
    });
  skipHelpCaching(parser);
  const commands = commandsFor(words);
  timingMark('command loaded');
  for (const c of commands) {
    parser = parser.command(c.command, c.describe, c.builder, async (argv: Record<string, unknown>) => {
      status = await c.run(argv);
    });
  }
  try {
    await parser.parseAsync();
    timingMark('done');
    return status;
  } catch (e) {
    if (e instanceof LdscopeError) {
      err(e.message);
      return e.exitCode;
    }
    // A bug in ldscope, not in the user's input: say so, still without a stack unless asked.
    err(`ldscope: internal error: ${(e as Error)?.message ?? String(e)}`);
    if (process.env.LDSCOPE_DEBUG) err(String((e as Error)?.stack));
    return 70;
  }
}

/**
 * After running a command's handler, yargs renders the whole help text and keeps it
 * (usage.cacheHelpMessage), for a failure that comes later to show it. ldscope never shows help
 * on a failure (its .fail() throws), so the text is never used; and rendering it costs about a
 * tenth of `ldscope xen`'s time, mostly ICU building its emoji tables for string-width's
 * \p{RGI_Emoji}. usage is internal to yargs: if a later yargs no longer has it, nothing is
 * skipped and everything still works.
 */
function skipHelpCaching(parser: object): void {
  type Internal = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (parser as Internal).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}

/** `-LDIR` → `-L DIR`, `-mEMUL` → `-m EMUL`, `-zKEYWORD` → `-z KEYWORD`, as ld accepts both. */
function splitAttachedLdOption(arg: string): string[] {
  return /^-[Lmz]./.test(arg) ? [arg.slice(0, 2), arg.slice(2)] : [arg];
}
