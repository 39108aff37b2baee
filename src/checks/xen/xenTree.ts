/**
 * Where a built Xen tree keeps what `ldscope xen` reads: the recorded preprocessor command
 * (`arch/x86/.xen.lds.cmd`), the script it preprocessed, the linked `xen-syms`, and the
 * Makefile whose mkelf32 rule sizes the boot image. Works for in-tree and `O=` builds: the
 * script is found through the recorded command, the Makefile next to the script.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../diagnostics/errors';
import { splitBuildFlags } from '../../preprocess/buildFlags';
import { readKbuildCmdFile } from '../../preprocess/KbuildCmdFile';

export interface XenTree {
  buildDir: string;
  cmdFile: string;
  script: string;
  elf: string;
  /** Undefined when neither arch/x86/Makefile nor a top-level Makefile exists. */
  makefile?: string;
}

export function locateXenTree(dir: string, overrides: { script?: string; elf?: string; makefile?: string } = {}): XenTree {
  const buildDir = path.resolve(dir);
  const cmdFile = path.join(buildDir, 'arch/x86/.xen.lds.cmd');
  if (!fs.existsSync(cmdFile)) {
    throw new InputError(`ldscope xen: ${dir} is not a built Xen tree: no arch/x86/.xen.lds.cmd (build it first, e.g. make -C ${dir})`);
  }
  const elf = overrides.elf ?? path.join(buildDir, 'xen-syms');
  if (!fs.existsSync(elf)) throw new InputError(`ldscope xen: ${elf}: no such file (is the build finished?)`);
  let script = overrides.script;
  if (!script) {
    const cmd = readKbuildCmdFile(cmdFile);
    const source = splitBuildFlags(cmd.words.slice(1)).inputs.find((i) => i.endsWith('.S'));
    if (!source) throw new InputError(`ldscope xen: ${cmdFile} names no .lds.S source`);
    script = path.resolve(cmd.buildDir, source);
  }
  const sourceRoot = path.resolve(path.dirname(script), '../..');
  const makefile =
    overrides.makefile ??
    [path.join(path.dirname(script), 'Makefile'), path.join(sourceRoot, 'Makefile')].find((m) => fs.existsSync(m));
  return { buildDir, cmdFile, script, elf, makefile };
}
