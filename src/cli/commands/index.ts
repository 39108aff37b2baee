import type { Command } from '../Command';

/** Every sub-command, in the order `ldscope --help` lists them. */
export const commands: Command[] = [];
