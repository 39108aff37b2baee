#!/usr/bin/env node
/** Executable entry point (`bin.ldscope`); all the work is in cli/main. */
import { loadBundle } from './cli/bundleLoader';
import { timingMark } from './diagnostics/timing';

// cli/main and everything it loads, from the one-file build with V8's code for it
// (cli/bundleLoader), or as separate modules when there is no current bundle.
const bundle = loadBundle(__dirname);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- only without a bundle
const { main } = bundle?.exports ?? (require('./cli/main') as typeof import('./cli/main'));
timingMark(bundle ? `bundle loaded (code cache ${bundle.codeCache})` : 'modules loaded (no bundle)');

// `ldscope … | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // main() reports every error itself; only a failure to start (e.g. yargs not loading)
    // gets here, and it must not exit silently.
    process.stderr.write(`ldscope: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = 70;
  },
);
