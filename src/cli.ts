#!/usr/bin/env node
/** Executable entry point (`bin.ldscope`); all the work is in cli/main. */
import { main } from './cli/main';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 70;
  },
);
