import type { Command } from '../Command';
import { nmCommand } from './nm';
import { parseCommand } from './parse';

/** Every sub-command, in the order `ldscope --help` lists them. */
export const commands: Command[] = [parseCommand, nmCommand];
