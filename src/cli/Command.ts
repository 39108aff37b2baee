import type { Argv } from 'yargs';

/**
 * One `ldscope` sub-command. Handlers return the exit status; errors the user can fix are
 * thrown as LdscopeError and printed by main without a stack.
 */
export interface Command {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv;
  run: (argv: Record<string, unknown>) => Promise<number> | number;
}
