import type { Command } from '../Command';
import { checkCommand } from './check';
import { evalCommand } from './eval';
import { fmtCommand } from './fmt';
import { nmCommand } from './nm';
import { parseCommand } from './parse';
import { xenCommand } from './xen';

/** Every sub-command, in the order `ldscope --help` lists them. */
export const commands: Command[] = [parseCommand, fmtCommand, evalCommand, checkCommand, xenCommand, nmCommand];
