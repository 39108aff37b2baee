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
import { libraryPathsFromArgv, withLibraryPathOption } from '../libraryPathOption';

function list(argv: Record<string, unknown>, name: string): string[] {
  const v = argv[name];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

function single(argv: Record<string, unknown>, name: string): string | undefined {
  const v = argv[name];
  if (v === undefined || v === null) return undefined;
  return String(Array.isArray(v) ? v[v.length - 1] : v);
}

/**
 * `ldscope eval`: the layout GNU ld 2.40 would produce for a script and its inputs (objects
 * and archives), or on top of an already linked ELF (`--elf`). Exit 0 when the layout is
 * valid, 1 when ld would reject it (an error or failed ASSERT), 2 for bad input.
 */
export const evalCommand: Command = {
  command: 'eval <script> [objects..]',
  describe: 'compute the layout GNU ld would produce: section addresses and sizes, script symbols',
  builder: (y: Argv) =>
    addPreprocessOptions(
      withLibraryPathOption(
        y
          .positional('script', { type: 'string', describe: 'linker script (.lds, or .lds.S through cpp)' })
          .positional('objects', { type: 'string', array: true, describe: 'relocatable objects and archives, in link order' })
          .option('elf', { type: 'string', requiresArg: true, describe: 'take section sizes and object symbols from this linked ELF' })
          .option('json', { type: 'boolean', describe: 'print the layout as JSON' })
          .option('emulation', { alias: 'm', type: 'string', requiresArg: true, describe: 'ld emulation: elf_x86_64 (default) or elf_i386', group: 'ld options:' })
          .option('z', { type: 'string', requiresArg: true, describe: 'max-page-size=N, common-page-size=N, [no]separate-code, [no]relro (repeatable)', group: 'ld options:' })
          .option('defsym', { type: 'string', requiresArg: true, describe: 'SYMBOL=EXPRESSION (repeatable)', group: 'ld options:' })
          .option('Ttext', { type: 'string', requiresArg: true, describe: 'address of .text (hex)', group: 'ld options:' })
          .option('Tdata', { type: 'string', requiresArg: true, describe: 'address of .data (hex)', group: 'ld options:' })
          .option('Tbss', { type: 'string', requiresArg: true, describe: 'address of .bss (hex)', group: 'ld options:' })
          .option('Ttext-segment', { type: 'string', requiresArg: true, describe: 'SEGMENT_START("text-segment") (hex)', group: 'ld options:' })
          .option('Trodata-segment', { type: 'string', requiresArg: true, describe: 'SEGMENT_START("rodata-segment") (hex)', group: 'ld options:' })
          .option('Tldata-segment', { type: 'string', requiresArg: true, describe: 'SEGMENT_START("ldata-segment") (hex)', group: 'ld options:' })
          .option('section-start', { type: 'string', requiresArg: true, describe: 'SECTION=ADDRESS (hex, repeatable)', group: 'ld options:' })
          .option('sort-section', { type: 'string', requiresArg: true, describe: 'name or alignment', group: 'ld options:' })
          .option('omagic', { alias: 'N', type: 'boolean', describe: 'ld -N: text writable, not page-aligned', group: 'ld options:' })
          .option('nmagic', { alias: 'n', type: 'boolean', describe: 'ld -n: not page-aligned', group: 'ld options:' })
          .option('entry', { alias: 'e', type: 'string', requiresArg: true, describe: 'entry symbol', group: 'ld options:' })
          .option('undefined', { alias: 'u', type: 'string', requiresArg: true, describe: 'undefined symbol (repeatable)', group: 'ld options:' })
          .option('build-id', { type: 'string', describe: 'the link used --build-id[=STYLE] (a linker-made .note.gnu.build-id input)', group: 'ld options:' }),
      ),
    ),
  run: async (argv) => {
    const scriptFile = String(argv.script);
    const objectNames = list(argv, 'objects');
    const options = buildLayoutOptions({
      emulation: single(argv, 'emulation'),
      z: list(argv, 'z'),
      defsym: list(argv, 'defsym'),
      Ttext: single(argv, 'Ttext'),
      Tdata: single(argv, 'Tdata'),
      Tbss: single(argv, 'Tbss'),
      TtextSegment: single(argv, 'Ttext-segment'),
      TrodataSegment: single(argv, 'Trodata-segment'),
      TldataSegment: single(argv, 'Tldata-segment'),
      sectionStart: list(argv, 'section-start'),
      sortSection: single(argv, 'sort-section'),
      omagic: Boolean(argv.omagic),
      nmagic: Boolean(argv.nmagic),
      entry: single(argv, 'entry'),
      undefined: list(argv, 'undefined'),
      buildId: argv['build-id'] === undefined ? undefined : String(argv['build-id']),
    });
    const warnings: ScriptWarning[] = [];
    const script = loadScript(scriptFile, { preprocess: preprocessOptionsFromArgv(argv), libraryPaths: libraryPathsFromArgv(argv), warnings });
    for (const w of warnings) process.stderr.write(`${w.file}:${w.line}:${w.column}: warning: ${w.message}\n`);
    const objects = [];
    for (const name of objectNames) {
      // (The bytes are kept for mergeable sections: ld's string/constant merging reads them.)
      const bytes = readInputFile(name);
      objects.push({ name, file: await readObjectBufferFast(bytes, name), data: () => bytes });
    }
    const elfFile = single(argv, 'elf');
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
