import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../diagnostics/errors';
import { SourceFile } from '../diagnostics/SourceFile';
import { timingMark } from '../diagnostics/timing';
import { splitBuildFlags } from './buildFlags';
import { CppInvocation, userCppFlags } from './CppInvocation';
import { CppOriginMap } from './CppOriginMap';
import { parseCppOutput } from './CppOutput';
import { FileNaming } from './FileNaming';
import { readKbuildCmdFile } from './KbuildCmdFile';
import { runCpp, runCppAsync, type CppRun } from './runCpp';
import { ShellSyntaxError, splitShellCommand } from './shellWords';
import { deriveXenTreeFlags } from './xenTreeFlags';

export interface PreprocessOptions {
  /** The preprocessor command, default "cpp"; may have words: "gcc -E". */
  cpp?: string;
  /** -D NAME[=VAL] */
  defines?: string[];
  /** -U NAME */
  undefines?: string[];
  /** -I DIR */
  includeDirs?: string[];
  /** -include FILE */
  includes?: string[];
  /** --cpp-arg passthrough, verbatim. */
  cppArgs?: string[];
  /** Path to a Kbuild-style .cmd file (e.g. arch/x86/.xen.lds.cmd): use the build's command. */
  fromBuild?: string;
  /** A Xen `xen/` dir: derive the flags like Xen's build does. */
  xenRoot?: string;
  /** The user's directory: relative file names are relative to it (default process.cwd()). */
  cwd?: string;
}

/** A preprocessed script and how it was made. */
export interface PreprocessedScript {
  source: SourceFile;
  /** The exact command run (`cd DIR && gcc -E … -dD file`). */
  commandLine: string;
  /** cpp's warnings (stderr of a successful run), '' when none. */
  cppWarnings: string;
  /** Commands recorded after the preprocessor in a .cmd file, which were not run. */
  ignoredBuildCommands: string;
}

/**
 * Reads a script: a `.S` (or `.lds.S`, or when fromBuild/xenRoot/cpp is given) goes through
 * cpp; anything else is read as is. cpp's warnings, if any, are passed on to stderr as the
 * build would show them, and so is a note naming commands a .cmd file runs after cpp.
 */
export function loadScriptSource(file: string, opts: PreprocessOptions = {}): SourceFile {
  if (!needsPreprocessing(file, opts)) return readPlainScript(file, opts);
  return reportPreprocessing(preprocessScript(file, opts), opts);
}

/**
 * loadScriptSource with cpp running in the background: call it first, do other work, then
 * await it. A plain script is read at once. Errors (including cpp's) come when it is awaited.
 */
export async function loadScriptSourceAsync(file: string, opts: PreprocessOptions = {}): Promise<SourceFile> {
  if (!needsPreprocessing(file, opts)) return readPlainScript(file, opts);
  return reportPreprocessing(await preprocessScriptAsync(file, opts), opts);
}

/** Passes cpp's warnings and a note on commands not run to stderr, as the build would show them. */
function reportPreprocessing(result: PreprocessedScript, opts: PreprocessOptions): SourceFile {
  if (result.cppWarnings) process.stderr.write(result.cppWarnings);
  if (result.ignoredBuildCommands) {
    process.stderr.write(
      `ldscope: note: ${opts.fromBuild} also runs '${result.ignoredBuildCommands.replace(/^\S+\s*/, '')}' after the preprocessor; ldscope read cpp's output and did not run it\n`,
    );
  }
  return result.source;
}

/**
 * Whether `file` goes through cpp: `.S` files, and any file when the flags must come from a
 * build (`fromBuild`, `xenRoot`) or a preprocessor was named explicitly (`cpp`).
 */
export function needsPreprocessing(file: string, opts: PreprocessOptions = {}): boolean {
  return file.endsWith('.S') || Boolean(opts.fromBuild || opts.xenRoot || opts.cpp);
}

/** Runs cpp on `file` and returns the text for the parser with its origin map. */
export function preprocessScript(file: string, opts: PreprocessOptions = {}): PreprocessedScript {
  const plan = planPreprocessing(file, opts);
  return preprocessed(file, plan, runCpp(plan.invocation));
}

/** preprocessScript with cpp running in the background (runCppAsync). */
export async function preprocessScriptAsync(file: string, opts: PreprocessOptions = {}): Promise<PreprocessedScript> {
  const plan = planPreprocessing(file, opts);
  return preprocessed(file, plan, await runCppAsync(plan.invocation));
}

interface PreprocessingPlan {
  userCwd: string;
  invocation: CppInvocation;
  ignoredBuildCommands: string;
}

function planPreprocessing(file: string, opts: PreprocessOptions): PreprocessingPlan {
  const userCwd = path.resolve(opts.cwd ?? process.cwd());
  if (opts.fromBuild && opts.xenRoot) {
    throw new InputError('ldscope: --from-build and --xen-root both say how to preprocess; give only one');
  }
  const scriptPath = path.resolve(userCwd, file);
  if (!fs.existsSync(scriptPath)) throw new InputError(`ldscope: ${file}: no such file`);
  return { userCwd, ...invocationFor(file, scriptPath, userCwd, opts) };
}

function preprocessed(file: string, plan: PreprocessingPlan, run: CppRun): PreprocessedScript {
  timingMark('cpp output received');
  const output = parseCppOutput(run.stdout);
  timingMark('cpp output taken apart');
  const files = new FileNaming(plan.invocation.cwd, plan.userCwd, plan.invocation.scriptArg, file);
  const source = new SourceFile(file, output.text, new CppOriginMap(output, files));
  return { source, commandLine: run.commandLine, cppWarnings: run.stderr, ignoredBuildCommands: plan.ignoredBuildCommands };
}

function invocationFor(
  file: string,
  scriptPath: string,
  userCwd: string,
  opts: PreprocessOptions,
): { invocation: CppInvocation; ignoredBuildCommands: string } {
  const override = opts.cpp !== undefined ? cppWords(opts.cpp) : undefined;

  if (opts.fromBuild) {
    const cmd = readKbuildCmdFile(opts.fromBuild, userCwd);
    const program = leadingNonOptions(cmd.words);
    const split = splitBuildFlags(cmd.words.slice(program.length));
    // Running a compile or link command in the build directory would write objects there.
    if (!split.kept.includes('-E') && !/(^|[-/])cpp$/.test(program[program.length - 1])) {
      throw new InputError(
        `ldscope: ${opts.fromBuild}: the recorded command for ${cmd.target} does not run the preprocessor (no -E): ${cmd.words.slice(0, 3).join(' ')} …`,
      );
    }
    if (split.inputs.length !== 1) {
      throw new InputError(
        `ldscope: ${opts.fromBuild}: expected the recorded command to preprocess exactly one file, found ${split.inputs.length}` +
          (split.inputs.length ? ` (${split.inputs.join(', ')})` : ''),
      );
    }
    // The user's script replaces the build's input, so the build's flags apply to the file
    // the user named (normally the same file: the .lds.S the .cmd was written for).
    return {
      invocation: {
        program: override ?? program,
        flags: [...split.kept, ...userCppFlags(opts, userCwd, cmd.buildDir)],
        scriptArg: scriptArgFor(scriptPath, cmd.buildDir),
        cwd: cmd.buildDir,
        env: cmd.env,
        source: opts.fromBuild,
      },
      ignoredBuildCommands: cmd.ignoredCommands,
    };
  }

  if (opts.xenRoot) {
    const xen = deriveXenTreeFlags(path.resolve(userCwd, opts.xenRoot));
    return {
      invocation: {
        program: override ?? xen.program,
        flags: [...xen.flags, ...userCppFlags(opts, userCwd, xen.cwd)],
        scriptArg: scriptArgFor(scriptPath, xen.cwd),
        cwd: xen.cwd,
        env: {},
        source: xen.description,
      },
      ignoredBuildCommands: '',
    };
  }

  const flags = userCppFlags(opts, userCwd, userCwd);
  // cpp picks the language from the extension; a script not named .S is still one that is
  // meant for the assembler-with-cpp rules (what .lds.S files get), unless told otherwise.
  if (!file.endsWith('.S') && !flags.some((f) => f === '-x' || f.startsWith('-x'))) {
    flags.push('-x', 'assembler-with-cpp');
  }
  return {
    invocation: {
      program: override ?? ['cpp'],
      flags,
      scriptArg: file,
      cwd: userCwd,
      env: {},
      source: 'the command line',
    },
    ignoredBuildCommands: '',
  };
}

/** The script's path as cpp in `cppCwd` should get it: relative when it is below, else absolute. */
function scriptArgFor(scriptPath: string, cppCwd: string): string {
  const rel = path.relative(cppCwd, scriptPath);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : scriptPath;
}

function cppWords(command: string): string[] {
  let words: string[];
  try {
    const split = splitShellCommand(command);
    if (split.separator) throw new ShellSyntaxError(`'${split.separator}' separates commands`);
    words = split.words;
  } catch (e) {
    if (e instanceof ShellSyntaxError) throw new InputError(`ldscope: --cpp '${command}': ${e.message}`);
    throw e;
  }
  if (words.length === 0) throw new InputError('ldscope: --cpp is empty');
  return words;
}

/** The program part of a command: the words before the first option (`ccache gcc`). */
function leadingNonOptions(words: string[]): string[] {
  const i = words.findIndex((w) => w.startsWith('-'));
  return i < 0 ? words.slice(0, 1) : words.slice(0, Math.max(1, i));
}

function readPlainScript(file: string, opts: PreprocessOptions): SourceFile {
  const given = [opts.defines, opts.undefines, opts.includeDirs, opts.includes, opts.cppArgs].some(
    (a) => a !== undefined && a.length > 0,
  );
  if (given) {
    // Ignoring them silently would answer for a different script than the user meant.
    throw new InputError(
      `ldscope: ${file}: preprocessor options given, but the file is not a .S file and is read as is; add --cpp cpp to preprocess it`,
    );
  }
  const userCwd = path.resolve(opts.cwd ?? process.cwd());
  try {
    // latin1: byte for byte, as the parser reads scripts (a column is a byte offset).
    return new SourceFile(file, fs.readFileSync(path.resolve(userCwd, file), 'latin1'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new InputError(`ldscope: ${file}: ${why}`);
  }
}
