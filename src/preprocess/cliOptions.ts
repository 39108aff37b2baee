import type { Argv } from 'yargs';
import type { PreprocessOptions } from './loadScript';

/**
 * The preprocessor options every command that reads a script shares (parse, fmt, eval,
 * check …). Only yargs' types are imported: yargs itself is loaded by src/cli/main.ts alone.
 *
 * Repeatable options are plain string options, not yargs arrays: an array option swallows
 * every following word, so `-D X script.lds.S` would take the script as a second define.
 * yargs collects a repeated option into an array by itself. A value that starts with '-'
 * must be attached: `--cpp-arg=-C`.
 */
export function addPreprocessOptions(y: Argv): Argv {
  return y
    .option('cpp', {
      type: 'string',
      describe: 'C preprocessor command for .S scripts (default "cpp"; may have words: "gcc -E")',
      group: 'Preprocessing:',
    })
    .option('define', {
      alias: 'D',
      type: 'string',
      requiresArg: true,
      describe: 'cpp -D NAME[=VALUE] (repeatable; -DNAME works too)',
      group: 'Preprocessing:',
    })
    .option('undefine', {
      alias: 'U',
      type: 'string',
      requiresArg: true,
      describe: 'cpp -U NAME (repeatable; -UNAME works too)',
      group: 'Preprocessing:',
    })
    .option('include-dir', {
      alias: 'I',
      type: 'string',
      requiresArg: true,
      describe: 'cpp -I DIR (repeatable; -IDIR works too)',
      group: 'Preprocessing:',
    })
    .option('include', {
      type: 'string',
      requiresArg: true,
      describe: 'cpp -include FILE (repeatable; -include FILE works too)',
      group: 'Preprocessing:',
    })
    .option('cpp-arg', {
      type: 'string',
      requiresArg: true,
      describe: 'pass one argument to cpp verbatim, e.g. --cpp-arg=-C (repeatable; -P is never passed)',
      group: 'Preprocessing:',
    })
    .option('from-build', {
      type: 'string',
      requiresArg: true,
      describe: "preprocess exactly as the build did, from its Kbuild .cmd file (e.g. xen/arch/x86/.xen.lds.cmd)",
      group: 'Preprocessing:',
    })
    .option('xen-root', {
      type: 'string',
      requiresArg: true,
      describe: "derive the flags Xen's build uses from a configured Xen tree's xen/ directory",
      group: 'Preprocessing:',
    })
    .conflicts('from-build', 'xen-root');
}

/** The options addPreprocessOptions declared, as loadScriptSource takes them. */
export function preprocessOptionsFromArgv(argv: Record<string, unknown>): PreprocessOptions {
  const opts: PreprocessOptions = {};
  const cpp = stringOption(argv, 'cpp');
  if (cpp !== undefined) opts.cpp = cpp;
  const lists: [keyof PreprocessOptions, string][] = [
    ['defines', 'define'],
    ['undefines', 'undefine'],
    ['includeDirs', 'include-dir'],
    ['includes', 'include'],
    ['cppArgs', 'cpp-arg'],
  ];
  for (const [key, name] of lists) {
    const values = stringList(argv, name);
    if (values.length > 0) (opts as Record<string, unknown>)[key] = values;
  }
  const fromBuild = stringOption(argv, 'from-build');
  if (fromBuild !== undefined) opts.fromBuild = fromBuild;
  const xenRoot = stringOption(argv, 'xen-root');
  if (xenRoot !== undefined) opts.xenRoot = xenRoot;
  return opts;
}

function stringOption(argv: Record<string, unknown>, name: string): string | undefined {
  const v = argv[name];
  if (v === undefined || v === null) return undefined;
  // A repeated single-valued option arrives as an array; the last one wins, as with cpp.
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return last === undefined ? undefined : String(last);
}

function stringList(argv: Record<string, unknown>, name: string): string[] {
  const v = argv[name];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => String(x));
}

/**
 * Rewrites cpp's own spellings that yargs cannot read into the forms addPreprocessOptions
 * declares: `-DNAME=1` → `-D NAME=1`, `-UNAME`, `-IDIR` likewise, and the single-dash long
 * option `-include FILE` → `--include FILE` (yargs would read `-DNAME` and `-include` as groups
 * of one-letter flags). Meant to be applied to the raw arguments before yargs sees them; stops
 * at `--`.
 */
export function normalizePreprocessArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (a === '-include') out.push('--include');
    else if (/^-[DUI]./.test(a)) out.push(a.slice(0, 2), a.slice(2));
    else out.push(a);
  }
  return out;
}
