#!/usr/bin/env node
/** Executable entry point (`bin.ldscope`); all the work is in cli/main. */
import { useCodeCache } from './cli/codeCache';

// Before anything else is loaded: ldscope's modules come with V8's code for them (cli/codeCache).
useCodeCache(__dirname);
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after the line above
const { main } = require('./cli/main') as typeof import('./cli/main');

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
