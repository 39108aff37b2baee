import type { Command } from '../Command';

/**
 * Every sub-command, in the order `ldscope --help` lists them, by name. Each is loaded only
 * when it is run (or when help lists them all): loading every command's stage — parser, layout
 * engine, ELF reader — cost a third of a second of start-up, more than most commands' work.
 */
export const commandLoaders: ReadonlyArray<readonly [name: string, load: () => Command]> = [
  ['parse', () => require('./parse').parseCommand],
  ['fmt', () => require('./fmt').fmtCommand],
  ['eval', () => require('./eval').evalCommand],
  ['check', () => require('./check').checkCommand],
  ['xen', () => require('./xen').xenCommand],
  ['nm', () => require('./nm').nmCommand],
  ['map', () => require('./map').mapCommand],
];

/** The commands to register for this command line: just the one named, or all of them. */
export function commandsFor(args: readonly string[]): Command[] {
  const first = args.find((a) => !a.startsWith('-'));
  const named = commandLoaders.find(([name]) => name === first);
  const wantsHelp = args.includes('--help') || args.includes('-h');
  if (named && !(wantsHelp && first === undefined)) return [named[1]()];
  return commandLoaders.map(([, load]) => load());
}
