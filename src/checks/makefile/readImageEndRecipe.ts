/**
 * Finds the command in a Makefile that turns `xen-syms` into the image a boot loader loads —
 * the `mkelf32` command of the `$(TARGET)` rule in Xen's `xen/arch/x86/Makefile` — and takes
 * its arguments apart: the input image, the physical load base and, in Xen before late 2025,
 * the end address, a back-quoted pipeline such as
 *
 *     `$(NM) $(TARGET)-syms | sed -ne 's/^\([^ ]*\) . __2M_rwdata_end$$/0x\1/p'`
 *
 * Nothing is run here; evaluateImageEnd.ts runs the pipeline against the ELF.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../../diagnostics/errors';
import type { SourcePosition } from '../../diagnostics/SourceFile';
import { splitShellCommand } from '../../preprocess/shellWords';
import { makeWords, parseMakefile, recipeOffsetPosition, type MakeRule, type ParsedMakefile, type RecipeCommand } from './MakefileParser';
import { MakeVariables, type RuleContext, type VariableUse } from './MakeVariables';
import { readMkelf32MemorySizeRule, type Mkelf32MemorySizeRule } from './mkelf32Model';
import { splitRecipeCommand, type RecipeWord, type SimpleCommand } from './recipeCommands';

/** Where the mkelf32 command is, for diagnostics. */
export interface RecipeLocation {
  file: string;
  /** 1-based line and column of the command's first word (mkelf32 itself). */
  line: number;
  column: number;
  /** The recipe command as written, continuation lines joined with single spaces. */
  text: string;
}

/** An argument of the mkelf32 command. */
export interface RecipeArgument {
  written: string;
  /** The word the shell passes, when make can expand it here. */
  value?: string;
  /** References make would expand that this reading cannot (undefined variables, functions). */
  unresolved?: string[];
}

/** The end-address argument. */
export interface EndArgument {
  /** `` `…` ``, make's `$(shell …)`, the shell's `$$(…)`, or a literal address. */
  form: 'backquote' | 'make-shell' | 'shell-substitution' | 'literal';
  /** As written in the Makefile (inside the substitution), continuation lines joined. */
  written: string;
  /** The command the shell runs, after make's expansion (and back-quote unescaping). */
  shell?: string;
  /** References that could not be expanded; `shell` is then not what make would run. */
  unresolved?: string[];
  /** Where the argument starts in the Makefile. */
  position: SourcePosition;
}

export interface ImageEndRecipe {
  makefile: string;
  /** The target whose rule was read (expanded), e.g. `xen`. */
  target: string;
  rule: { file: string; line: number; targets: string[] };
  recipe: RecipeLocation;
  /** The mkelf32 command as make hands it to the shell (unexpandable references left as written). */
  command: string;
  /** `--notes` was passed (a PT_NOTE is written too). */
  notes: boolean;
  inImage?: RecipeArgument;
  outImage?: RecipeArgument;
  loadBase?: RecipeArgument;
  /** The end address argument (Xen before 4.19.4/4.20.2/4.21). */
  end?: EndArgument;
  /** mkelf32 is not given an end address (Xen 4.19.4, 4.20.2, 4.21 and later): it pads p_memsz itself. */
  noEndArgument?: true;
  /** How mkelf32 computes the memory size, from boot/mkelf32.c when it can be read. */
  memorySizeRule: Mkelf32MemorySizeRule;
  /** The variables the command read, with their values and where they were defined. */
  variables: VariableUse[];
  /** The command's arguments could not be understood; says why. */
  unsupported?: string;
}

export interface ReadImageEndRecipeOptions {
  /** Make variables, as on make's command line: they override the Makefile's definitions. */
  variables?: Record<string, string>;
  /** The target whose rule to read (after expansion); default: the value of `$(TARGET)` (`xen`). */
  target?: string;
  /**
   * Makefiles whose definitions make has read before this one. Default: `arch.mk` next to the
   * Makefile, when it exists (Xen's xen/Makefile includes arch/$(ARCH)/arch.mk, which sets
   * XEN_IMG_OFFSET).
   */
  includeMakefiles?: string[];
  /** mkelf32's source, to learn how it sizes the image. Default: boot/mkelf32.c next to the Makefile. */
  mkelf32Source?: string;
}

const MKELF32 = /(?:^|\/)mkelf32$/;

/** Joins backslash-continued lines for display: one blank where there were blanks, none where the shell joins words. */
function collapseContinuations(text: string): string {
  return text.replace(/([ \t]*)\\\n([ \t]*)/g, (_m, before: string, after: string) => (before || after ? ' ' : '')).trim();
}

/** The shell words an argument expands to (quotes removed), or undefined when it cannot be split. */
function shellWords(text: string): string[] | undefined {
  try {
    const split = splitShellCommand(text);
    return split.rest === '' && split.separator === undefined ? split.words : undefined;
  } catch {
    return undefined;
  }
}

/** The rule make uses for `target` among those that run mkelf32 (the last recipe wins in make). */
function findMkelf32Command(
  makefile: ParsedMakefile,
  variables: MakeVariables,
  target: string,
): { rule: MakeRule; command: RecipeCommand; simple: SimpleCommand } {
  const found: { rule: MakeRule; command: RecipeCommand; simple: SimpleCommand }[] = [];
  const others: string[] = [];
  for (const rule of makefile.rules) {
    for (const command of rule.recipe) {
      for (const simple of splitRecipeCommand(command.text)) {
        const program = simple.words[0].written;
        if (!MKELF32.test(program) && !MKELF32.test(variables.expand(program).text)) continue;
        const names = rule.targets.flatMap((t) => makeWords(variables.expand(t).text));
        if (names.includes(target) || rule.targets.includes(target)) found.push({ rule, command, simple });
        else others.push(`${names.join(' ')} (line ${rule.line})`);
      }
    }
  }
  if (found.length === 0) {
    const hint = others.length > 0 ? `; rules that do: ${others.join(', ')}` : '';
    throw new InputError(`${makefile.file}: no rule for \`${target}\` runs mkelf32${hint}`);
  }
  return found[found.length - 1];
}

/**
 * mkelf32's source: the program's path + `.c` under the Makefile's directory when make can
 * expand it there (`arch/x86/boot/mkelf32` in mini-Xen), else `boot/mkelf32.c` next to the
 * Makefile (Xen: the program is `$(obj)/boot/mkelf32`, obj being the Makefile's directory).
 */
function findMkelf32Source(dir: string, program: { text: string; unresolved: string[] }): string {
  const fallback = path.join(dir, 'boot', 'mkelf32.c');
  if (program.unresolved.length > 0 || path.isAbsolute(program.text)) return fallback;
  const candidate = path.join(dir, `${program.text}.c`);
  return fs.existsSync(candidate) ? candidate : fallback;
}

/** Classifies a word as the end-address substitution, if it is one. */
function substitution(word: RecipeWord): { form: EndArgument['form']; inner: string; innerOffset: number } | undefined {
  const w = word.written;
  let m = /^`([\s\S]*)`$/.exec(w);
  if (m) return { form: 'backquote', inner: m[1], innerOffset: 1 };
  m = /^\$\(shell[ \t]+([\s\S]*)\)$/.exec(w);
  if (m) return { form: 'make-shell', inner: m[1], innerOffset: w.length - 1 - m[1].length };
  m = /^\$\$\(([\s\S]*)\)$/.exec(w);
  if (m) return { form: 'shell-substitution', inner: m[1], innerOffset: 3 };
  return undefined;
}

/** Each variable once, with the value it had (the first use). */
function uniqueUses(uses: VariableUse[]): VariableUse[] {
  const seen = new Map<string, VariableUse>();
  for (const u of uses) if (!seen.has(u.name)) seen.set(u.name, u);
  return [...seen.values()];
}

/** Inside `…`, a backslash keeps its meaning only before $, ` and \ (POSIX 2.6.3). */
function unescapeBackquoted(text: string): string {
  return text.replace(/\\([$`\\])/g, '$1');
}

export function readImageEndRecipe(makefilePath: string, options: ReadImageEndRecipeOptions = {}): ImageEndRecipe {
  const makefile = parseMakefile(makefilePath);
  const dir = path.dirname(makefilePath);
  const includePaths =
    options.includeMakefiles ?? [path.join(dir, 'arch.mk')].filter((p) => fs.existsSync(p) && fs.statSync(p).isFile());
  const includes = includePaths.map((p) => parseMakefile(p));
  const all = [...includes, makefile];
  const variables = new MakeVariables(all, options.variables ?? {});
  const target = options.target ?? variables.expand('$(TARGET)').text.trim();

  const { rule, command, simple } = findMkelf32Command(makefile, variables, target);
  const context: RuleContext = {
    target,
    prerequisites: makeWords(variables.expand(rule.prerequisites).text),
    definitions: variables.targetDefinitions(all, target),
  };
  const uses: VariableUse[] = [];
  const expand = (text: string, keep = false) => {
    const e = variables.expand(text, context, keep);
    uses.push(...e.uses);
    return e;
  };

  const programWord = simple.words[0];
  const start = recipeOffsetPosition(command, programWord.start);
  const lastWord = simple.words[simple.words.length - 1];
  const commandText = command.text.slice(programWord.start, lastWord.start + lastWord.written.length);
  const recipe: RecipeLocation = {
    file: command.file,
    line: start.line,
    column: start.column,
    text: collapseContinuations(command.text),
  };

  const mkelf32Source = options.mkelf32Source ?? findMkelf32Source(dir, expand(programWord.written));
  const result: ImageEndRecipe = {
    makefile: makefilePath,
    target,
    rule: { file: rule.file, line: rule.line, targets: rule.targets },
    recipe,
    command: collapseContinuations(expand(commandText, true).text),
    notes: false,
    memorySizeRule: readMkelf32MemorySizeRule(mkelf32Source),
    variables: [],
  };
  const done = (): ImageEndRecipe => {
    result.variables = uniqueUses(uses);
    return result;
  };

  const args = simple.words.slice(1);
  const subIndex = args.findIndex((w) => substitution(w) !== undefined);
  const argument = (w: RecipeWord): RecipeArgument => {
    const e = expand(w.written);
    const words = shellWords(e.text);
    return {
      written: w.written,
      value: e.unresolved.length === 0 && words?.length === 1 ? words[0] : undefined,
      ...(e.unresolved.length > 0 ? { unresolved: e.unresolved } : {}),
    };
  };

  let positional: RecipeWord[];
  if (subIndex >= 0) {
    if (subIndex !== args.length - 1) {
      result.unsupported = `mkelf32 arguments after the end-address substitution (${args.slice(subIndex + 1).map((w) => w.written).join(' ')})`;
      return done();
    }
    const sub = substitution(args[subIndex])!;
    const e = expand(sub.inner);
    const shell = sub.form === 'backquote' ? unescapeBackquoted(e.text) : e.text;
    const pos = recipeOffsetPosition(command, args[subIndex].start);
    result.end = {
      form: sub.form,
      written: collapseContinuations(sub.inner),
      shell: collapseContinuations(shell) === '' ? undefined : shell,
      ...(e.unresolved.length > 0 ? { unresolved: e.unresolved } : {}),
      position: { file: command.file, line: pos.line, column: pos.column },
    };
    positional = args.slice(0, subIndex);
  } else {
    positional = args;
  }

  // Leading options (--notes, possibly from a variable such as $(notes_phdrs)).
  while (positional.length > 0) {
    const e = expand(positional[0].written);
    const words = shellWords(e.text) ?? [];
    if (e.unresolved.length > 0 || !(words.length === 0 || words.every((w) => w.startsWith('-')))) break;
    if (words.includes('--notes')) result.notes = true;
    positional = positional.slice(1);
  }
  if (args.some((w) => /`|\$\$\(|\$\(shell[ \t]/.test(w.written) && substitution(w) === undefined)) {
    result.unsupported = `a command substitution inside a longer mkelf32 argument in \`${result.command}\``;
    return done();
  }

  const expected = result.end ? 3 : positional.length === 4 ? 4 : 3;
  if (positional.length !== expected) {
    result.unsupported =
      `mkelf32 is given ${positional.length} arguments besides options in \`${result.command}\`; ` +
      `expected <in-image> <out-image> <load-base> [<final-exec-addr>]`;
    return done();
  }
  result.inImage = argument(positional[0]);
  result.outImage = argument(positional[1]);
  result.loadBase = argument(positional[2]);
  if (!result.end && positional.length === 4) {
    const literal = argument(positional[3]);
    const pos = recipeOffsetPosition(command, positional[3].start);
    result.end = {
      form: 'literal',
      written: literal.written,
      shell: literal.value,
      ...(literal.unresolved ? { unresolved: literal.unresolved } : {}),
      position: { file: command.file, line: pos.line, column: pos.column },
    };
  }
  if (!result.end) result.noEndArgument = true;
  if (result.end && result.memorySizeRule.kind === 'unknown' && !result.memorySizeRule.source) {
    // Every mkelf32 that takes an end address computes the size from it (2005–2025).
    result.memorySizeRule = { kind: 'end-argument' };
  }
  return done();
}
