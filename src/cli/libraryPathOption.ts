import type { Argv } from 'yargs';

/** `-L DIR`, as ld takes it: directories searched for INCLUDE files (repeatable). */
export function withLibraryPathOption(y: Argv): Argv {
  return y.option('library-path', {
    alias: 'L',
    type: 'string',
    requiresArg: true,
    describe: 'search DIR for INCLUDE files, as ld -L does (repeatable)',
  });
}

export function libraryPathsFromArgv(argv: Record<string, unknown>): string[] {
  const v = argv['library-path'];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}
