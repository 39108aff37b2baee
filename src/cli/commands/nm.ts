import type { Argv } from 'yargs';
import type { Command } from '../Command';
import { LdscopeError } from '../../diagnostics/errors';
import { readObjectFile } from '../../elf/readElf';
import { formatNm, type NmOptions } from '../../elf/nmFormat';

/**
 * `ldscope nm`: the symbol listing of GNU nm (default format) for ELF files and archives,
 * byte for byte, so that Makefile recipes built on `$(NM)` can be evaluated without binutils.
 * Like nm, a file that cannot be read is reported and the others are still listed; the exit
 * status is then 2.
 */
export const nmCommand: Command = {
  command: 'nm [files..]',
  describe: 'list symbols of ELF files and archives, as GNU nm does',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'ELF files or archives (default a.out)' })
      .option('numeric-sort', { alias: 'n', type: 'boolean', describe: 'sort by address' })
      .option('reverse-sort', { alias: 'r', type: 'boolean', describe: 'reverse the sort' })
      .option('no-sort', { alias: 'p', type: 'boolean', describe: 'symbol-table order' })
      .option('print-size', { alias: 'S', type: 'boolean', describe: 'print the size of defined symbols' })
      .option('extern-only', { alias: 'g', type: 'boolean', describe: 'only external symbols' })
      .option('defined-only', { type: 'boolean', describe: 'only defined symbols' }) as unknown as Argv,
  run: async (argv) => {
    const files = ((argv.files as string[] | undefined) ?? []).map(String);
    const names = files.length > 0 ? files : ['a.out'];
    const options: NmOptions = {
      numericSort: Boolean(argv['numeric-sort']),
      reverseSort: Boolean(argv['reverse-sort']),
      noSort: Boolean(argv['no-sort']),
      printSize: Boolean(argv['print-size']),
      externOnly: Boolean(argv['extern-only']),
      definedOnly: Boolean(argv['defined-only']),
    };
    let status = 0;
    for (const name of names) {
      try {
        const file = await readObjectFile(name);
        for (const piece of formatNm(file, name, names.length > 1, options)) {
          if (piece.stream === 'stdout') process.stdout.write(piece.text);
          else {
            process.stderr.write(`ldscope: ${piece.message}\n`);
            // nm carries on past a member it does not recognise; so do we, but it is bad input.
            if (piece.bad) status = 2;
          }
        }
      } catch (e) {
        if (!(e instanceof LdscopeError)) throw e;
        process.stderr.write(`ldscope: ${e.message}\n`);
        status = 2;
      }
    }
    return status;
  },
};
