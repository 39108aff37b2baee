import * as fs from 'node:fs';
import type { Argv } from 'yargs';
import { InputError, LdscopeError } from '../../diagnostics/errors';
import { addPreprocessOptions, preprocessOptionsFromArgv } from '../../preprocess/cliOptions';
import { astToJson } from '../../report/astJson';
import { loadScript } from '../../script/loadScript';
import type { ScriptWarning } from '../../script/ScriptParser';
import type { Command } from '../Command';
import { libraryPathsFromArgv, withLibraryPathOption } from '../libraryPathOption';

/**
 * `ldscope parse`: checks that scripts parse as GNU ld 2.40 parses them. One file: the error
 * in full (gcc style, with the line and a caret), or the AST with --json. Several files: one
 * line per failure and a closing `N passed, M failed`. Exit 0 when all parse, 1 when one has
 * a syntax error, 2 when one cannot be read (or the usage is wrong).
 */
export const parseCommand: Command = {
  command: 'parse [files..]',
  describe: 'parse linker scripts (.lds, or .lds.S through cpp) and report syntax errors',
  builder: (y: Argv) =>
    addPreprocessOptions(
      withLibraryPathOption(
        y
          .positional('files', { type: 'string', array: true, describe: 'linker scripts' })
          .option('files-from', { type: 'string', requiresArg: true, describe: 'read more file names, one per line, from this file' })
          .option('json', { type: 'boolean', describe: 'print the AST as JSON' }),
      ),
    ),
  run: (argv) => {
    const files = ((argv.files as string[] | undefined) ?? []).map(String);
    const listFile = argv['files-from'] as string | undefined;
    if (listFile !== undefined) files.push(...readFileList(listFile));
    if (files.length === 0) throw new InputError("ldscope parse: name a script (see 'ldscope parse --help')");
    const preprocess = preprocessOptionsFromArgv(argv);
    const libraryPaths = libraryPathsFromArgv(argv);
    const json = Boolean(argv.json);
    const single = files.length === 1;
    let passed = 0;
    let syntaxErrors = 0;
    let inputErrors = 0;
    const asts: unknown[] = [];
    for (const file of files) {
      const warnings: ScriptWarning[] = [];
      const printWarnings = () => {
        for (const w of warnings) process.stderr.write(`${w.file}:${w.line}:${w.column}: warning: ${w.message}\n`);
      };
      try {
        asts.push(loadScript(file, { preprocess, libraryPaths, warnings }));
        printWarnings();
        passed++;
      } catch (e) {
        if (!(e instanceof LdscopeError)) throw e;
        printWarnings();
        if (e.exitCode === 2) inputErrors++;
        else syntaxErrors++;
        process.stderr.write(`${single ? e.message : e.message.split('\n')[0]}\n`);
      }
    }
    if (json && asts.length > 0) process.stdout.write(astToJson(single ? asts[0] : asts) + '\n');
    if (!single) process.stdout.write(`${passed} passed, ${syntaxErrors + inputErrors} failed\n`);
    return inputErrors > 0 ? 2 : syntaxErrors > 0 ? 1 : 0;
  },
};

function readFileList(listFile: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(listFile, 'utf8');
  } catch (e) {
    throw new InputError(`ldscope: cannot read ${listFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
}
