import { LdscopeError } from '../diagnostics/errors';
import { normalizePreprocessArgs } from '../preprocess/cliOptions';
import { commandsFor } from './commands';

/** Writes to stdout and waits for it to drain, so piped output is never cut short. */
export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

export function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : text + '\n');
}

/**
 * Runs the CLI and resolves to the exit status. yargs 18 is ESM-only, so it is loaded with a
 * dynamic import here and nowhere else; everything below the command handlers is plain
 * CommonJS that jest can load.
 */
export async function main(args: string[]): Promise<number> {
  const { default: yargs } = await import('yargs');
  let status = 0;
  // cpp spellings (-DNAME, -IDIR, -include FILE) and ld's (-LDIR, -mEMUL, -zKEYWORD) become
  // forms yargs reads (it would take `-melf_x86_64` for a group of one-letter flags).
  const words = normalizePreprocessArgs(args).flatMap(splitAttachedLdOption);
  let parser = yargs(words)
    .scriptName('ldscope')
    .strict()
    .demandCommand(1, 'name a command (see --help)')
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((msg: string | undefined, e: Error | undefined) => {
      // yargs routes both its own usage errors and errors thrown by handlers here.
      if (e) throw e;
      throw new LdscopeError(`ldscope: ${msg ?? 'bad usage'}\nTry 'ldscope --help'.`, 2);
    });
  for (const c of commandsFor(words)) {
    parser = parser.command(c.command, c.describe, c.builder, async (argv: Record<string, unknown>) => {
      status = await c.run(argv);
    });
  }
  try {
    await parser.parseAsync();
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

/** `-LDIR` → `-L DIR`, `-mEMUL` → `-m EMUL`, `-zKEYWORD` → `-z KEYWORD`, as ld accepts both. */
function splitAttachedLdOption(arg: string): string[] {
  return /^-[Lmz]./.test(arg) ? [arg.slice(0, 2), arg.slice(2)] : [arg];
}
