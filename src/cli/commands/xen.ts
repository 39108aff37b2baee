import type { Argv } from 'yargs';
import { CheckContext } from '../../checks/CheckContext';
import { countBySeverity } from '../../checks/Finding';
import { evaluateMakefileImageEnd, judgeMakefileImageEnd } from '../../checks/makefileImageEnd';
import { runChecks } from '../../checks/runChecks';
import { locateXenTree } from '../../checks/xen/xenTree';
import { readElf } from '../../elf/readElf';
import { renderFindingsJson } from '../../report/findingsJson';
import { renderXenSummary } from '../../report/xenSummary';
import { startLoadingScript } from '../../script/loadScript';
import { timingMark } from '../../diagnostics/timing';
import type { Command } from '../Command';

/**
 * `ldscope xen XEN_DIR`: everything `check` does, on a built Xen tree's own files, with a
 * one-screen summary of the image. Exit 0 when nothing is wrong, 1 on an error finding.
 */
export const xenCommand: Command = {
  command: 'xen <dir>',
  describe: "check a built Xen tree: xen.lds.S (as its build preprocessed it), xen-syms and the Makefile's image end",
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', describe: "the built Xen `xen/` directory (the O= directory for out-of-tree builds)" })
      .option('script', { type: 'string', requiresArg: true, describe: 'the .lds.S (default: the source named in arch/x86/.xen.lds.cmd)' })
      .option('elf', { type: 'string', requiresArg: true, describe: 'the linked ELF (default: DIR/xen-syms)' })
      .option('makefile', { type: 'string', requiresArg: true, describe: 'the Makefile with the mkelf32 rule (default: arch/x86/Makefile next to the script)' })
      .option('make-target', { type: 'string', requiresArg: true, describe: 'the rule that runs mkelf32 (default: $(TARGET), i.e. xen)' })
      .option('json', { type: 'boolean', describe: 'print the findings as JSON instead of the summary' }),
  run: async (argv) => {
    const tree = locateXenTree(String(argv.dir), {
      script: argv.script as string | undefined,
      elf: argv.elf as string | undefined,
      makefile: argv.makefile as string | undefined,
    });
    timingMark('xen: handler');
    // cpp runs while the ELF is read and the Makefile's recipe is evaluated against it (they
    // need nothing from the script): on two cores that hides cpp's time. Errors keep the order
    // of doing one thing after another: a cpp or parse error is reported before a bad ELF,
    // and both before a Makefile error.
    const loading = startLoadingScript(tree.script, { preprocess: { fromBuild: tree.cmdFile } });
    const elf = await readElf(tree.elf).catch((e: unknown) => ({ error: e }));
    timingMark('xen: ELF read');
    const makefileEnd =
      tree.makefile && !('error' in elf)
        ? evaluateMakefileImageEnd(elf, tree.makefile, tree.elf, { target: argv['make-target'] as string | undefined })
        : undefined;
    // Awaited below, after the script's and the ELF's errors; the mark says when it was done.
    makefileEnd?.then(() => timingMark('xen: Makefile evaluated'), () => {});
    const script = await loading.script();
    timingMark('xen: script loaded');
    if ('error' in elf) throw elf.error;
    const ctx = new CheckContext(script, elf);
    const { report, xen } = runChecks(ctx, 'xen');
    timingMark('xen: checks run');
    if (makefileEnd) {
      const mk = judgeMakefileImageEnd(await makefileEnd, xen);
      report.findings.push(...mk.findings);
      if (mk.fact) (report.facts ??= {})['Makefile image end'] = mk.fact;
    }
    timingMark('xen: Makefile checked');
    process.stdout.write(argv.json ? renderFindingsJson(report) : renderXenSummary(tree, ctx, xen, report));
    return countBySeverity(report.findings).error > 0 ? 1 : 0;
  },
};
