import type { Argv } from 'yargs';
import { CheckContext } from '../../checks/CheckContext';
import { checkMakefileImageEnd } from '../../checks/makefileImageEnd';
import { countBySeverity } from '../../checks/Finding';
import { runChecks, type Profile } from '../../checks/runChecks';
import { InputError } from '../../diagnostics/errors';
import { readElf } from '../../elf/readElf';
import { addPreprocessOptions, preprocessOptionsFromArgv } from '../../preprocess/cliOptions';
import { renderFindingsJson } from '../../report/findingsJson';
import { renderFindingsSarif } from '../../report/findingsSarif';
import { renderFindingsText } from '../../report/findingsText';
import { loadScript } from '../../script/loadScript';
import type { Command } from '../Command';
import { ldOptionsFromArgv, withLdOptions } from '../ldOptions';
import { libraryPathsFromArgv, withLibraryPathOption } from '../libraryPathOption';
import { makeTargetFromArgv, makeVariablesFromArgv, withMakefileOptions } from '../makefileOptions';
import { ldscopeVersion } from '../version';

const FORMATS = ['text', 'json', 'sarif'] as const;

/**
 * `ldscope check SCRIPT --elf ELF`: the build step. Exit 0 when nothing is wrong, 1 when a
 * rule found an error, 2 on bad input.
 */
export const checkCommand: Command = {
  command: 'check <script>',
  describe: 'cross-check a linker script against the ELF it produced, and lint the image',
  builder: (y: Argv) =>
    withLdOptions(
      withMakefileOptions(
        addPreprocessOptions(
          withLibraryPathOption(
            y
          .positional('script', { type: 'string', describe: 'the linker script (.lds, or .lds.S through cpp)' })
          .option('elf', { type: 'string', requiresArg: true, describe: 'the linked ELF (e.g. xen-syms)' })
          .option('profile', { choices: ['auto', 'xen', 'generic'], default: 'auto', describe: 'rule set (auto: xen when the script or ELF looks like Xen)' })
          .option('format', { choices: [...FORMATS], default: 'text', describe: 'output format' }),
          ),
        ),
        "check the image end the Makefile's mkelf32 recipe computes (e.g. xen/arch/x86/Makefile)",
      ),
    ),
  run: async (argv) => {
    const elfPath = argv.elf as string | undefined;
    if (!elfPath) throw new InputError("ldscope check: name the linked ELF with --elf (see 'ldscope check --help')");
    const script = loadScript(String(argv.script), { preprocess: preprocessOptionsFromArgv(argv), libraryPaths: libraryPathsFromArgv(argv) });
    const ctx = new CheckContext(script, await readElf(elfPath));
    const { report, xen } = runChecks(ctx, argv.profile as Profile, { ld: ldOptionsFromArgv(argv) });
    const makefile = argv.makefile as string | undefined;
    if (makefile !== undefined) {
      const mk = await checkMakefileImageEnd(ctx, xen, makefile, elfPath, { variables: makeVariablesFromArgv(argv, 'check'), target: makeTargetFromArgv(argv) });
      report.findings.push(...mk.findings);
      if (mk.fact) (report.facts ??= {})['Makefile image end'] = mk.fact;
    }
    const format = argv.format as (typeof FORMATS)[number];
    if (format === 'json') process.stdout.write(renderFindingsJson(report));
    else if (format === 'sarif') process.stdout.write(renderFindingsSarif(report, ldscopeVersion()));
    else process.stdout.write(renderFindingsText(report));
    return countBySeverity(report.findings).error > 0 ? 1 : 0;
  },
};
