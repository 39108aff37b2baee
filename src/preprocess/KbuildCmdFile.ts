import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../diagnostics/errors';
import { ShellSyntaxError, splitShellCommand } from './shellWords';

/**
 * The command a Kbuild-style build (Linux, Xen ≥ 4.14) recorded for one target in its
 * `.<target>.cmd` file, e.g. `arch/x86/.xen.lds.cmd`:
 *
 *     cmd_arch/x86/xen.lds := gcc -E -P -MMD -MP -MF arch/x86/.xen.lds.d … -o arch/x86/xen.lds arch/x86/xen.lds.S
 *
 * (`savedcmd_` instead of `cmd_` since Linux 6.2). The file is a makefile fragment written by
 * Kbuild's `make-cmd`, so `$` appears doubled (`$$`) and `#` as `$(pound)` (older trees: `\#`);
 * both are undone here. The command is already expanded: no other `$(…)` may remain.
 */
export interface KbuildCommand {
  /** The `.cmd` file, as the user named it. */
  cmdFile: string;
  /** The target the command built, relative to the build directory (e.g. `arch/x86/xen.lds`). */
  target: string;
  /** Absolute directory the build ran the command in (Kbuild's top: Xen's `xen/`). */
  buildDir: string;
  /** `NAME=value` words that preceded the program. */
  env: Record<string, string>;
  /** The program and its arguments, quotes removed (e.g. ['gcc', '-E', '-P', …]). */
  words: string[];
  /**
   * What the recorded line runs after the preprocessor (after `;`, `&&`, `|`), which ldscope
   * does not run: ldscope needs cpp's own output, with line markers, and reads it from a pipe.
   * Such trailing commands do bookkeeping on other files (Xen 4.7/4.8's xen.lds rule ran `sed`
   * over the `.d` dependency file); should one ever rewrite the generated script, ldscope
   * would not see that rewrite, which is why the text is kept here for callers to show.
   */
  ignoredCommands: string;
}

const COMMAND_LINE = /^(?:savedcmd|cmd)_(\S+?)\s*:=\s?(.*)$/;

export function readKbuildCmdFile(cmdFile: string, cwd: string = process.cwd()): KbuildCommand {
  const absolute = path.resolve(cwd, cmdFile);
  let text: string;
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (e) {
    throw new InputError(`ldscope: cannot read build command file ${cmdFile}: ${(e as Error).message}`);
  }
  return parseKbuildCmdText(text, cmdFile, path.dirname(absolute));
}

/**
 * Parses the text of a `.cmd` file. `cmdDir` is the absolute directory it lives in: Kbuild
 * writes `.T.cmd` next to target T, and T is relative to the build's top directory, so the
 * top directory is `cmdDir` with T's directory components removed.
 */
export function parseKbuildCmdText(text: string, cmdFile: string, cmdDir: string): KbuildCommand {
  // Makefile line continuations: backslash-newline plus the next line's indentation is one space.
  const logical = text.replace(/\\\r?\n[ \t]*/g, ' ').split(/\r?\n/);
  let match: RegExpMatchArray | null = null;
  let lineNo = 0;
  for (let i = 0; i < logical.length && !match; i++) {
    match = COMMAND_LINE.exec(logical[i]);
    lineNo = i + 1;
  }
  if (!match) {
    throw new InputError(
      `ldscope: ${cmdFile}: no 'cmd_TARGET := …' or 'savedcmd_TARGET := …' line; is this a Kbuild .cmd file?`,
    );
  }
  const target = match[1];
  const where = `${cmdFile}:${lineNo}`;
  const commandText = unescapeMakeValue(match[2], where);

  let split;
  try {
    split = splitShellCommand(commandText);
  } catch (e) {
    if (e instanceof ShellSyntaxError) {
      throw new InputError(`ldscope: ${where}: cannot take the recorded command apart: ${e.message}`);
    }
    throw e;
  }
  const env: Record<string, string> = {};
  let words = split.words;
  while (words.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
    const eq = words[0].indexOf('=');
    env[words[0].slice(0, eq)] = words[0].slice(eq + 1);
    words = words.slice(1);
  }
  if (words.length === 0) throw new InputError(`ldscope: ${where}: the recorded command is empty`);

  return {
    cmdFile,
    target,
    buildDir: buildDirOf(target, cmdDir, where),
    env,
    words,
    ignoredCommands: split.separator ? (split.separator + split.rest).trim() : '',
  };
}

/** Undoes Kbuild's make-cmd escaping: `$$` → `$`, `$(pound)` and `\#` → `#`. */
function unescapeMakeValue(value: string, where: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '$') {
      if (value[i + 1] === '$') {
        out += '$';
        i++;
        continue;
      }
      if (value.startsWith('$(pound)', i)) {
        out += '#';
        i += '$(pound)'.length - 1;
        continue;
      }
      throw new InputError(
        `ldscope: ${where}: unexpanded make reference '${value.slice(i, i + 16)}…'; ldscope only reads already expanded commands`,
      );
    }
    if (c === '\\' && value[i + 1] === '#') {
      out += '#';
      i++;
      continue;
    }
    out += c;
  }
  return out;
}

function buildDirOf(target: string, cmdDir: string, where: string): string {
  if (path.isAbsolute(target)) {
    // Out-of-tree builds can name targets absolutely; then nothing in the file says which
    // directory the relative flags (-I./include …) were meant for.
    throw new InputError(
      `ldscope: ${where}: target '${target}' is an absolute path, so the directory the build ran in cannot be derived`,
    );
  }
  const targetDir = path.dirname(path.normalize(target));
  const depth = targetDir === '.' ? 0 : targetDir.split(path.sep).filter((p) => p !== '.').length;
  let top = cmdDir;
  for (let i = 0; i < depth; i++) top = path.dirname(top);
  if (path.resolve(top, targetDir) !== path.resolve(cmdDir)) {
    throw new InputError(
      `ldscope: ${where}: target '${target}' does not live in the .cmd file's directory ${cmdDir}, so the build directory cannot be derived`,
    );
  }
  return top;
}
