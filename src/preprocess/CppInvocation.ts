import * as path from 'path';

/**
 * One run of the C preprocessor, as plain data: what to execute, in which directory, and which
 * argument is the script. Built from the command line, from a build's `.cmd` file or from a
 * Xen tree's makefiles; executed by runCpp.
 */
export interface CppInvocation {
  /** The program and any words that belong to it, e.g. ['gcc', '-E'] or ['cpp']. */
  program: string[];
  /** Every flag, in order, without the script; runCpp adds `-dD` and the script. */
  flags: string[];
  /** The script's path exactly as cpp gets it; cpp names it so in its line markers. */
  scriptArg: string;
  /** Absolute directory cpp runs in; relative names in cpp's output are relative to it. */
  cwd: string;
  /** Extra environment variables (from `VAR=value gcc …` in a recorded build command). */
  env: Record<string, string>;
  /** Where the flags came from, for messages ("the command line", "arch/x86/.xen.lds.cmd"). */
  source: string;
}

/** The preprocessor options a user gave on ldscope's command line (see PreprocessOptions). */
export interface UserCppFlags {
  defines?: string[];
  undefines?: string[];
  includeDirs?: string[];
  includes?: string[];
  cppArgs?: string[];
}

/**
 * The user's `-D/-U/-I/-include/--cpp-arg` as cpp flags. Paths the user typed are relative to
 * *their* directory; when cpp runs elsewhere (in a build directory) they are made absolute so
 * they still name the same files. `-D` comes before `-U` (cpp applies them in order, so
 * `-U X` wins over `-D X`), then `-I`, `-include`, and the verbatim `--cpp-arg`s last.
 */
export function userCppFlags(user: UserCppFlags, userCwd: string, cppCwd: string): string[] {
  const samePlace = path.resolve(userCwd) === path.resolve(cppCwd);
  const fixPath = (p: string) => (samePlace || path.isAbsolute(p) ? p : path.resolve(userCwd, p));
  return [
    ...(user.defines ?? []).map((d) => `-D${d}`),
    ...(user.undefines ?? []).map((u) => `-U${u}`),
    ...(user.includeDirs ?? []).map((d) => `-I${fixPath(d)}`),
    ...(user.includes ?? []).flatMap((f) => ['-include', fixPath(f)]),
    ...(user.cppArgs ?? []),
  ];
}

/**
 * `-P` removes the line markers every location mapping depends on, so it is never passed,
 * whoever asked for it (a `--cpp "gcc -E -P"`, a `--cpp-arg -P`, a recorded build command).
 */
export function withoutLineMarkerSuppression(words: string[]): string[] {
  return words.filter((w) => w !== '-P');
}
