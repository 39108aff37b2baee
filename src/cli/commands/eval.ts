import type { Argv } from 'yargs';
import { InputError, LdscopeError } from '../../diagnostics/errors';
import { readElf, readInputFile } from '../../elf/readElf';
import { readObjectBufferFast } from '../../elf/fastRelocatable';
import { layout } from '../../layout/Linker';
import { buildLayoutOptions } from '../../layout/options/LayoutOptions';
import { defaultScriptFor } from '../../layout/options/defaultScripts';
import { addPreprocessOptions, preprocessOptionsFromArgv } from '../../preprocess/cliOptions';
import { layoutJsonText } from '../../report/layoutJson';
import { layoutText } from '../../report/layoutText';
import { loadScript } from '../../script/loadScript';
import type { ScriptWarning } from '../../script/ScriptParser';
import type { Command } from '../Command';
import { argvList, argvSingle } from '../argvValues';
import { ldOptionsFromArgv, withLdOptions } from '../ldOptions';
import { libraryPathsFromArgv, withLibraryPathOption } from '../libraryPathOption';

/**
 * `ldscope eval`: the layout GNU ld 2.40 would produce for a script and its inputs (objects
 * and archives), or on top of an already linked ELF (`--elf`). Exit 0 when the layout is
 * valid, 1 when ld would reject it (an error or failed ASSERT), 2 for bad input.
 */
export const evalCommand: Command = {
  command: 'eval <script> [objects..]',
  describe: 'compute the layout GNU ld would produce: section addresses and sizes, script symbols',
  builder: (y: Argv) =>
    withLdOptions(
      addPreprocessOptions(
        withLibraryPathOption(
          y
          .positional('script', { type: 'string', describe: 'linker script (.lds, or .lds.S through cpp)' })
          .positional('objects', { type: 'string', array: true, describe: 'relocatable objects and archives, in link order' })
          .option('elf', { type: 'string', requiresArg: true, describe: 'take section sizes and object symbols from this linked ELF' })
          .option('json', { type: 'boolean', describe: 'print the layout as JSON' }),
        ),
      ),
    ),
  run: async (argv) => {
    const scriptFile = String(argv.script);
    const objectNames = argvList(argv, 'objects');
    const options = buildLayoutOptions(ldOptionsFromArgv(argv));
    const warnings: ScriptWarning[] = [];
    const script = loadScript(scriptFile, { preprocess: preprocessOptionsFromArgv(argv), libraryPaths: libraryPathsFromArgv(argv), warnings });
    for (const w of warnings) process.stderr.write(`${w.file}:${w.line}:${w.column}: warning: ${w.message}\n`);
    const objects = [];
    for (const name of objectNames) {
      // (The bytes are kept for mergeable sections: ld's string/constant merging reads them.)
      const bytes = readInputFile(name);
      objects.push({ name, file: await readObjectBufferFast(bytes, name), data: () => bytes });
    }
    const elfFile = argvSingle(argv, 'elf');
    const elf = elfFile !== undefined ? await readElf(elfFile) : undefined;
    if (elf && elf.type !== 2 && elf.type !== 3) throw new InputError(`${elfFile}: --elf wants a linked executable (ELF type ${elf.typeName})`);
    if (!elf && objects.length === 0) {
      throw new InputError("ldscope eval: give the link's objects, or --elf with the linked ELF (see 'ldscope eval --help')");
    }
    let result;
    try {
      result = layout({
        script,
        objects,
        options,
        defaultScript: () => defaultScriptFor(options),
        elf: elf ? { elf, withObjects: objects.length > 0 } : undefined,
      });
    } catch (e) {
      if (e instanceof LdscopeError) throw e;
      throw e;
    }
    if (argv.json) process.stdout.write(layoutJsonText(result) + '\n');
    else process.stdout.write(layoutText(result) + '\n');
    for (const d of result.diagnostics) process.stderr.write(d.rendered + '\n');
    return result.valid ? 0 : 1;
  },
};
