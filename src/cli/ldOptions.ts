import type { Argv } from 'yargs';
import type { LayoutOptionsInput } from '../layout/options/LayoutOptions';
import { argvList, argvSingle } from './argvValues';

/**
 * The ld options that change a layout, spelled as ld spells them, for every command that lays
 * a script out (eval, map, check): the link being described used them, so the layout must too.
 */
export function withLdOptions(y: Argv): Argv {
  const group = 'ld options:';
  return y
    .option('emulation', { alias: 'm', type: 'string', requiresArg: true, describe: 'ld emulation: elf_x86_64 (default) or elf_i386', group })
    .option('z', { type: 'string', requiresArg: true, describe: 'max-page-size=N, common-page-size=N, [no]separate-code, [no]relro (repeatable)', group })
    .option('defsym', { type: 'string', requiresArg: true, describe: 'SYMBOL=EXPRESSION (repeatable)', group })
    .option('Ttext', { type: 'string', requiresArg: true, describe: 'address of .text (hex)', group })
    .option('Tdata', { type: 'string', requiresArg: true, describe: 'address of .data (hex)', group })
    .option('Tbss', { type: 'string', requiresArg: true, describe: 'address of .bss (hex)', group })
    .option('Ttext-segment', { type: 'string', requiresArg: true, describe: 'SEGMENT_START("text-segment") (hex)', group })
    .option('Trodata-segment', { type: 'string', requiresArg: true, describe: 'SEGMENT_START("rodata-segment") (hex)', group })
    .option('Tldata-segment', { type: 'string', requiresArg: true, describe: 'SEGMENT_START("ldata-segment") (hex)', group })
    .option('section-start', { type: 'string', requiresArg: true, describe: 'SECTION=ADDRESS (hex, repeatable)', group })
    .option('sort-section', { type: 'string', requiresArg: true, describe: 'name or alignment', group })
    .option('omagic', { alias: 'N', type: 'boolean', describe: 'ld -N: text writable, not page-aligned', group })
    .option('nmagic', { alias: 'n', type: 'boolean', describe: 'ld -n: not page-aligned', group })
    .option('entry', { alias: 'e', type: 'string', requiresArg: true, describe: 'entry symbol', group })
    .option('undefined', { alias: 'u', type: 'string', requiresArg: true, describe: 'undefined symbol (repeatable)', group })
    .option('build-id', { type: 'string', describe: 'the link used --build-id[=STYLE] (a linker-made .note.gnu.build-id input)', group });
}

/** The values of withLdOptions' options, for buildLayoutOptions. */
export function ldOptionsFromArgv(argv: Record<string, unknown>): LayoutOptionsInput {
  return {
    emulation: argvSingle(argv, 'emulation'),
    z: argvList(argv, 'z'),
    defsym: argvList(argv, 'defsym'),
    Ttext: argvSingle(argv, 'Ttext'),
    Tdata: argvSingle(argv, 'Tdata'),
    Tbss: argvSingle(argv, 'Tbss'),
    TtextSegment: argvSingle(argv, 'Ttext-segment'),
    TrodataSegment: argvSingle(argv, 'Trodata-segment'),
    TldataSegment: argvSingle(argv, 'Tldata-segment'),
    sectionStart: argvList(argv, 'section-start'),
    sortSection: argvSingle(argv, 'sort-section'),
    omagic: Boolean(argv.omagic),
    nmagic: Boolean(argv.nmagic),
    entry: argvSingle(argv, 'entry'),
    undefined: argvList(argv, 'undefined'),
    buildId: argv['build-id'] === undefined ? undefined : String(argv['build-id']),
  };
}
