import type { Argv } from 'yargs';
import { InputError } from '../diagnostics/errors';
import { argvList, argvSingle } from './argvValues';

/** The Makefile image-end check's options (check and map). */
export function withMakefileOptions(y: Argv, makefileHelp: string): Argv {
  return y
    .option('makefile', { type: 'string', requiresArg: true, describe: makefileHelp })
    .option('make-target', { type: 'string', requiresArg: true, describe: 'the Makefile rule that runs mkelf32 (default: $(TARGET), i.e. xen)' })
    .option('make-var', { type: 'string', requiresArg: true, describe: "NAME=VALUE for the Makefile, as on make's command line (repeatable)" });
}

/** --make-var NAME=VALUE…, as make takes variables on its command line. */
export function makeVariablesFromArgv(argv: Record<string, unknown>, command: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const item of argvList(argv, 'make-var')) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new InputError(`ldscope ${command}: --make-var wants NAME=VALUE, not '${item}'`);
    vars[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return vars;
}

export function makeTargetFromArgv(argv: Record<string, unknown>): string | undefined {
  return argvSingle(argv, 'make-target');
}
