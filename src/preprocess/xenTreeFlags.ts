import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InputError } from '../diagnostics/errors';

/**
 * The preprocessor flags Xen's own build passes when it turns `arch/x86/xen.lds.S` into
 * `xen.lds`, derived from a Xen tree (`--xen-root DIR`, DIR being the tree's `xen/`) for when
 * the build has not run yet and there is no `.xen.lds.cmd` to read (`--from-build`).
 *
 * Only the flags that can change the script's text are derived; compiler-only flags (-O2,
 * -Wall, -m64, -fno-builtin …) are left out because xen.lds.S does not depend on them. Two
 * eras of Xen's makefiles are known, told apart by what the tree contains:
 *
 *  - Xen ≥ 4.17 ("arch include" era): `arch/x86/include/asm/` and `arch/x86/arch.mk` exist.
 *    `Rules.mk`'s `cmd_cpp_lds_S` runs `$(CPP) -P $(a_flags) -D<LINKER> …` in DIR with
 *    `-D__ASSEMBLY__ -D__XEN__ -include ./include/xen/config.h -I./include
 *    -I./arch/x86/include`, arch.mk's mach-generic/mach-default includes and
 *    `-DXEN_IMG_OFFSET=…`, and flags that depend on the toolchain (probed here the way the
 *    makefiles probe them): `-DBUILD_ID`, `-DXEN_BUILD_EFI`, `-DBUILD_ID_EFI`,
 *    `-DHAVE_LD_SORT_BY_INIT_PRIORITY`. For 4.17 on gcc 12 / binutils 2.40 this reproduces
 *    the build's `xen.lds` byte for byte (checked against a real build), and works right
 *    after `make defconfig`, which writes the include/generated/autoconf.h config.h needs.
 *  - Xen 4.7/4.8 ("asm-x86" era): `include/asm-x86/` exists and `arch/x86/Makefile` has the
 *    rule `$(CC) -P -E -Ui386 $(AFLAGS) -o $@ $<`, run in `arch/x86` with AFLAGS holding
 *    `-D__ASSEMBLY__ -D__XEN__ -include $(BASEDIR)/include/xen/config.h -I$(BASEDIR)/include`,
 *    the asm-x86 mach-* includes and `-DBUILD_ID`/`-DBUILD_ID_EFI` from the same probes.
 *    (Checked against 4.7.0's and 4.8.0's own xen.lds rule on gcc 12.) These trees need
 *    more than `make defconfig`: the build's `include/asm` link and autoconf.h.
 *
 * Anything else (another layout, a makefile that no longer says what is expected, a tree that
 * was never configured) is an error naming what is missing: flags that are merely plausible
 * would make every later answer look authoritative when it is not.
 *
 * `efi.lds` is the same source with `-DEFI`: pass `-D EFI` to get it.
 */
export interface XenTreeFlags {
  /** Directory cpp runs in (DIR for ≥ 4.17, DIR/arch/x86 for 4.7/4.8). */
  cwd: string;
  /** Program words: Xen's `$(CPP)` is `$(CC) -E`. */
  program: string[];
  flags: string[];
  /** "Xen 4.17 (arch include era)" and the like, for messages. */
  description: string;
}

/** The toolchain the makefiles probe; Xen's defaults are `gcc` and `ld` (no CROSS_COMPILE). */
export interface XenToolchain {
  cc: string;
  ld: string;
}

export function deriveXenTreeFlags(xenRoot: string, toolchain: XenToolchain = { cc: 'gcc', ld: 'ld' }): XenTreeFlags {
  const root = path.resolve(xenRoot);
  const has = (rel: string) => fs.existsSync(path.join(root, rel));
  const read = (rel: string) => readTreeFile(root, rel, xenRoot);

  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new InputError(`ldscope: --xen-root ${xenRoot}: not a directory`);
  }
  if (!has('Makefile') && fs.existsSync(path.join(root, 'xen', 'Makefile'))) {
    throw new InputError(
      `ldscope: --xen-root ${xenRoot}: this looks like the top of a Xen source tree; pass its xen/ directory (${path.join(xenRoot, 'xen')})`,
    );
  }
  const version = xenVersion(read('Makefile'), xenRoot);

  if (has('arch/x86/include/asm') && has('arch/x86/arch.mk')) {
    return archIncludeEra(root, xenRoot, version, read, has, toolchain);
  }
  if (has('include/asm-x86')) {
    return asmX86Era(root, xenRoot, version, read, has, toolchain);
  }
  throw new InputError(
    `ldscope: --xen-root ${xenRoot}: Xen ${version} with neither arch/x86/include/asm (Xen ≥ 4.17) nor include/asm-x86 (Xen 4.7/4.8); ` +
      `ldscope cannot tell how this tree preprocesses xen.lds.S. Build it once and use --from-build arch/x86/.xen.lds.cmd`,
  );
}

type Reader = (rel: string) => string;
type Exists = (rel: string) => boolean;

function archIncludeEra(
  root: string,
  shown: string,
  version: string,
  read: Reader,
  has: Exists,
  tc: XenToolchain,
): XenTreeFlags {
  const what = `Xen ${version} (arch/x86/include era)`;
  const need = (ok: boolean, expectation: string) => {
    if (!ok) throw new InputError(`ldscope: --xen-root ${shown}: ${what}: ${expectation}; ldscope cannot derive the build's flags (use --from-build)`);
  };
  const rules = read('Rules.mk');
  const lds = /^cmd_cpp_lds_S\s*=\s*(.*)$/m.exec(rules);
  need(lds !== null, "Rules.mk has no 'cmd_cpp_lds_S = …' rule");
  need(/\$\(CPP\)/.test(lds![1]) && /\$\(a_flags\)/.test(lds![1]), `Rules.mk's cmd_cpp_lds_S is not '$(CPP) … $(a_flags) …' (it is '${lds![1]}')`);
  const ldsDefines = [...lds![1].matchAll(/(?:^|\s)(-D\S+)/g)].map((m) => m[1]);

  const makefile = read('Makefile');
  need(/AFLAGS\s*\+=\s*-D__ASSEMBLY__/.test(makefile), "Makefile does not add -D__ASSEMBLY__ to AFLAGS");
  need(/-D__XEN__ -include \$\(srctree\)\/include\/xen\/config\.h/.test(makefile), "Makefile does not pass '-D__XEN__ -include $(srctree)/include/xen/config.h'");
  need(has('include/xen/config.h'), 'include/xen/config.h is missing');

  const archMk = read('arch/x86/arch.mk');
  const offset = /^\s*(?:export\s+)?XEN_IMG_OFFSET\s*:?=\s*(\S+)/m.exec(archMk);
  need(offset !== null && /-DXEN_IMG_OFFSET=\$\(XEN_IMG_OFFSET\)/.test(archMk), 'arch/x86/arch.mk does not define and pass XEN_IMG_OFFSET');
  const machDirs = ['mach-generic', 'mach-default'].filter((d) =>
    archMk.includes(`-I$(srctree)/arch/x86/include/asm/${d}`),
  );

  const config = readConfig(root);
  need(config !== undefined, '.config is missing (run make defconfig first)');
  need(has('include/generated/autoconf.h'), 'include/generated/autoconf.h is missing (include/xen/config.h needs it; make defconfig writes it)');

  const buildId = ldHasBuildId([tc.ld]);
  const shimOnly = config!.get('CONFIG_PV_SHIM_EXCLUSIVE') === 'y';
  // arch.mk: the MS-ABI compile check (skipped for a PV-shim-only build).
  const buildEfi = !shimOnly && compiles(tc.cc, path.join(root, 'arch/x86/efi/check.c'));
  // arch/x86/Makefile: BUILD_ID_EFI when ld makes build-ids in PE too (-mi386pep from EFI_LDFLAGS).
  const buildIdEfi = buildId && ldHasBuildId(shimOnly ? [tc.ld] : [tc.ld, '-mi386pep']);
  // arch.mk: GNU ld has SORT_BY_INIT_PRIORITY since the release that added --print-output-format; LLD always.
  const sortByInitPriority =
    config!.get('CONFIG_LD_IS_GNU') === 'y' ? succeeds(tc.ld, ['-v', '--print-output-format']) : true;
  need(/HAVE_LD_SORT_BY_INIT_PRIORITY/.test(archMk), 'arch/x86/arch.mk does not decide HAVE_LD_SORT_BY_INIT_PRIORITY');

  const flags = [
    '-D__ASSEMBLY__',
    ...ldsDefines,
    '-D__XEN__',
    '-include', './include/xen/config.h',
    '-I./include',
    '-I./arch/x86/include',
    ...machDirs.map((d) => `-I./arch/x86/include/asm/${d}`),
    `-DXEN_IMG_OFFSET=${offset![1]}`,
    ...(buildId ? ['-DBUILD_ID'] : []),
    ...(buildEfi ? ['-DXEN_BUILD_EFI'] : []),
    ...(buildIdEfi ? ['-DBUILD_ID_EFI'] : []),
    ...(sortByInitPriority ? ['-DHAVE_LD_SORT_BY_INIT_PRIORITY'] : []),
  ];
  return { cwd: root, program: [tc.cc, '-E'], flags, description: `${what} at ${shown}` };
}

function asmX86Era(
  root: string,
  shown: string,
  version: string,
  read: Reader,
  has: Exists,
  tc: XenToolchain,
): XenTreeFlags {
  const what = `Xen ${version} (include/asm-x86 era)`;
  const need = (ok: boolean, expectation: string) => {
    if (!ok) throw new InputError(`ldscope: --xen-root ${shown}: ${what}: ${expectation}; ldscope cannot derive the build's flags`);
  };
  const archMakefile = read('arch/x86/Makefile');
  const rule = /^xen\.lds:\s*xen\.lds\.S\s*\n\t\$\(CC\)((?:\s+-[^\s$]+)*)\s+\$\(AFLAGS\)\s+-o \$@ \$<\s*$/m.exec(archMakefile);
  need(rule !== null, "arch/x86/Makefile has no 'xen.lds: xen.lds.S' rule of the form '$(CC) -P -E … $(AFLAGS) -o $@ $<'");
  const ruleFlags = rule![1].trim().split(/\s+/);

  const rules = read('Rules.mk');
  need(/-D__XEN__ -include \$\(BASEDIR\)\/include\/xen\/config\.h/.test(rules), "Rules.mk does not pass '-D__XEN__ -include $(BASEDIR)/include/xen/config.h'");
  need(/AFLAGS-y\s*\+=\s*-D__ASSEMBLY__/.test(rules), 'Rules.mk does not add -D__ASSEMBLY__ to AFLAGS');
  const archRules = read('arch/x86/Rules.mk');
  need(archRules.includes('CFLAGS += -I$(BASEDIR)/include\n'), "arch/x86/Rules.mk does not add -I$(BASEDIR)/include");
  const machDirs = ['mach-generic', 'mach-default'].filter((d) =>
    archRules.includes(`-I$(BASEDIR)/include/asm-x86/${d}`),
  );
  // The build links include/asm to include/asm-x86 before compiling anything.
  need(has('include/asm'), 'include/asm (the build\'s link to asm-x86) is missing; run make once');
  need(has('include/xen/config.h'), 'include/xen/config.h is missing');

  const buildId = ldHasBuildId([tc.ld]);
  const buildIdEfi = buildId && /-DBUILD_ID_EFI/.test(archMakefile) && ldHasBuildId([tc.ld, '-mi386pep']);
  const flags = [
    ...ruleFlags,
    '-D__ASSEMBLY__',
    '-D__XEN__',
    '-include', path.join(root, 'include/xen/config.h'),
    `-I${path.join(root, 'include')}`,
    ...machDirs.map((d) => `-I${path.join(root, 'include/asm-x86', d)}`),
    ...(buildId ? ['-DBUILD_ID'] : []),
    ...(buildIdEfi ? ['-DBUILD_ID_EFI'] : []),
  ];
  // `$(CC) -P -E …`: the rule's own words; -P is dropped later like everywhere else.
  return { cwd: path.join(root, 'arch/x86'), program: [tc.cc], flags, description: `${what} at ${shown}` };
}

function readTreeFile(root: string, rel: string, shown: string): string {
  try {
    return fs.readFileSync(path.join(root, rel), 'utf8');
  } catch {
    throw new InputError(`ldscope: --xen-root ${shown}: cannot read ${rel}; is this a Xen tree's xen/ directory?`);
  }
}

function xenVersion(makefile: string, shown: string): string {
  const major = /^\s*export\s+XEN_VERSION\s*=\s*(\d+)/m.exec(makefile);
  const minor = /^\s*export\s+XEN_SUBVERSION\s*=\s*(\d+)/m.exec(makefile);
  if (!major || !minor) {
    throw new InputError(`ldscope: --xen-root ${shown}: Makefile does not set XEN_VERSION/XEN_SUBVERSION; is this a Xen tree's xen/ directory?`);
  }
  return `${major[1]}.${minor[1]}`;
}

function readConfig(root: string): Map<string, string> | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, '.config'), 'utf8');
  } catch {
    return undefined;
  }
  const config = new Map<string, string>();
  for (const m of text.matchAll(/^(CONFIG_\w+)=(.*)$/gm)) config.set(m[1], m[2]);
  return config;
}

/** Config.mk's `ld-ver-build-id`: `ld --build-id` that does not complain about build-id. */
function ldHasBuildId(ld: string[]): boolean {
  const r = spawnSync(ld[0], [...ld.slice(1), '--build-id'], { encoding: 'utf8' });
  if (r.error) throw new InputError(`ldscope: cannot run the linker '${ld[0]}' to probe it like Xen's build does: ${r.error.message}`);
  return !/build-id/.test((r.stdout ?? '') + (r.stderr ?? ''));
}

/** Kbuild's `success`: the command exits 0. */
function succeeds(program: string, args: string[]): boolean {
  const r = spawnSync(program, args, { encoding: 'utf8' });
  if (r.error) throw new InputError(`ldscope: cannot run '${program}' to probe it like Xen's build does: ${r.error.message}`);
  return r.status === 0;
}

function compiles(cc: string, source: string): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-xen-probe-'));
  try {
    return succeeds(cc, ['-c', source, '-o', path.join(dir, 'check.o')]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
