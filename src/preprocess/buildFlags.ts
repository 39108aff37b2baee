/**
 * Takes apart a compiler command line that a build used to preprocess a linker script
 * (`gcc -E -P … -o xen.lds xen.lds.S`) so ldscope can run the same preprocessing itself:
 * every flag that decides *what* cpp produces is kept, and only the flags that decide
 * *where* it writes are removed:
 *
 *  - `-P` (ldscope needs the line markers it suppresses to map locations back),
 *  - `-o FILE` (ldscope reads stdout; writing FILE would overwrite the build's own output),
 *  - dependency output (`-M`, `-MM`, `-MD`, `-MMD`, `-MP`, `-MG`, `-MF/-MT/-MQ X`, and the same
 *    inside `-Wp,…`): they would rewrite the build's `.d` files, and `-M`/`-MM` would even
 *    replace the preprocessed text by a dependency list,
 *  - `-save-temps*` (writes `.i`/`.s` files next to the sources).
 */

/** gcc options whose value is the next word when written alone (`-D FOO`, `-include f.h`). */
const OPTIONS_WITH_SEPARATE_VALUE = new Set([
  '-o', '-D', '-U', '-I', '-A', '-x', '-MF', '-MT', '-MQ', '-include', '-imacros', '-isystem',
  '-idirafter', '-iquote', '-iprefix', '-iwithprefix', '-iwithprefixbefore', '-isysroot',
  '-imultilib', '-Xpreprocessor', '-Xassembler', '-Xlinker', '--param', '-aux-info', '-T',
  '-u', '-z', '-L', '-l', '-B',
]);

/** Dependency-output options that stand alone. */
const DEPENDENCY_FLAGS = new Set(['-M', '-MM', '-MD', '-MMD', '-MP', '-MG']);
/** Dependency-output options that take a value (separate or attached: `-MFfile`). */
const DEPENDENCY_OPTIONS_WITH_VALUE = ['-MF', '-MT', '-MQ'];

export interface SplitBuildFlags {
  /** Flags to pass on, in their original order (option values stay next to their option). */
  kept: string[];
  /** Operands: the input file(s) the command preprocessed. */
  inputs: string[];
  /** The `-o` value, if any (tells where the build wrote its output). */
  output?: string;
  /** What was removed, for messages and tests. */
  dropped: string[];
}

/** Splits the words after the program name (`gcc`), see the file comment for what is dropped. */
export function splitBuildFlags(args: readonly string[]): SplitBuildFlags {
  const kept: string[] = [];
  const inputs: string[] = [];
  const dropped: string[] = [];
  let output: string | undefined;

  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-P' || a.startsWith('-save-temps')) {
      dropped.push(a);
      continue;
    }
    if (a === '-o') {
      output = args[i + 1];
      dropped.push(a, ...(i + 1 < args.length ? [args[i + 1]] : []));
      i++;
      continue;
    }
    if (a.startsWith('-o') && a.length > 2) {
      output = a.slice(2);
      dropped.push(a);
      continue;
    }
    if (DEPENDENCY_FLAGS.has(a)) {
      dropped.push(a);
      continue;
    }
    const depWithValue = DEPENDENCY_OPTIONS_WITH_VALUE.find((o) => a.startsWith(o));
    if (depWithValue) {
      if (a === depWithValue) {
        dropped.push(a, ...(i + 1 < args.length ? [args[i + 1]] : []));
        i++;
      } else {
        dropped.push(a);
      }
      continue;
    }
    if (a.startsWith('-Wp,')) {
      const rest = filterWpDependencyOptions(a.slice(4).split(','));
      if (rest.length === 0) {
        dropped.push(a);
      } else if (rest.length !== a.slice(4).split(',').length) {
        dropped.push(a);
        kept.push('-Wp,' + rest.join(','));
      } else {
        kept.push(a);
      }
      continue;
    }
    if (OPTIONS_WITH_SEPARATE_VALUE.has(a)) {
      kept.push(a);
      if (i + 1 < args.length) kept.push(args[++i]);
      continue;
    }
    if (a.startsWith('-') && a !== '-') {
      kept.push(a);
      continue;
    }
    inputs.push(a);
  }
  return { kept, inputs, output, dropped };
}

/** `-Wp,-MD,dep.d,-DX` lists preprocessor options separated by commas; drops the -M* ones. */
function filterWpDependencyOptions(parts: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    // -MD and -MMD given through -Wp take the dependency file as the next part.
    if (p === '-MD' || p === '-MMD' || p === '-MF' || p === '-MT' || p === '-MQ') {
      i++;
      continue;
    }
    if (DEPENDENCY_FLAGS.has(p) || DEPENDENCY_OPTIONS_WITH_VALUE.some((o) => p.startsWith(o))) continue;
    out.push(p);
  }
  return out;
}
