import * as fs from 'node:fs';
import type { Argv } from 'yargs';
import { InputError } from '../../diagnostics/errors';
import { SourceFile } from '../../diagnostics/SourceFile';
import { describeAstDifference, findAstDifference } from '../../script/astEquality';
import { formatScript } from '../../script/ScriptFormatter';
import { parseScript, readText, type ScriptWarning } from '../../script/ScriptParser';
import type { Command } from '../Command';
import { libraryPathsFromArgv, withLibraryPathOption } from '../libraryPathOption';

/**
 * `ldscope fmt`: prints a linker script in ldscope's one canonical layout (see
 * src/script/ScriptFormatter.ts). Comments are dropped: the AST does not keep them. INCLUDE
 * lines stay INCLUDE lines. `--check` exits 1 when the file is not already in that layout,
 * `-w` rewrites the file. Before printing or writing, the output is parsed again and must give
 * the same AST as the input; anything else is a bug in ldscope and nothing is written.
 */
export const fmtCommand: Command = {
  command: 'fmt <file>',
  describe: 'print a linker script in the canonical layout (comments are dropped)',
  builder: (y: Argv) =>
    withLibraryPathOption(
      y
        .positional('file', { type: 'string', describe: 'linker script (plain, not .S)' })
        .option('check', { type: 'boolean', describe: 'print nothing; exit 1 if the file is not formatted' })
        .option('write', { alias: 'w', type: 'boolean', describe: 'rewrite the file in place' })
        .conflicts('check', 'write'),
    ),
  run: (argv) => {
    const file = String(argv.file);
    if (/\.S$/.test(file)) {
      throw new InputError(`ldscope fmt: ${file} is C-preprocessor source; fmt formats plain linker scripts only (its #directives and comments would be lost)`);
    }
    const libraryPaths = libraryPathsFromArgv(argv);
    // latin1 both ways: every byte comes back as it was (the parser reads scripts as latin1).
    const source = new SourceFile(file, readText(file));
    const warnings: ScriptWarning[] = [];
    const script = parseScript(source, { libraryPaths, warnings });
    for (const w of warnings) process.stderr.write(`${w.file}:${w.line}:${w.column}: warning: ${w.message}\n`);

    const formatted = formatScript(script);
    const difference = findAstDifference(script, parseScript(new SourceFile(file, formatted), { libraryPaths }));
    if (difference) {
      throw new Error(`fmt would change the script's meaning (${describeAstDifference(difference)}); nothing written`);
    }

    if (argv.check) {
      if (formatted === source.text) return 0;
      process.stderr.write(`${file}: not formatted (ldscope fmt -w ${file} rewrites it)\n`);
      return 1;
    }
    if (argv.write) {
      if (formatted !== source.text) {
        try {
          fs.writeFileSync(file, formatted, 'latin1');
        } catch (e) {
          throw new InputError(`ldscope: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
      }
      return 0;
    }
    process.stdout.write(formatted, 'latin1');
    return 0;
  },
};
