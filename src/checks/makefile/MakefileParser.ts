/**
 * Reads a GNU Makefile into its variable definitions and rules with their recipes, with the
 * line of each, without running make. Enough of make's reading rules are followed to find a
 * rule and its recipe exactly where make would: backslash-newline joining (a space between the
 * parts outside recipes, kept for the shell inside them), `#` comments, `define … endef`, the
 * conditional directives, target-specific variables and `target: prereqs ; recipe`.
 *
 * Conditionals are not evaluated (their conditions usually depend on the configuration): a
 * definition inside one is recorded with `conditional: true`, so a user of the value can say
 * that make might not have made it.
 */
import * as fs from 'fs';
import { InputError } from '../../diagnostics/errors';

export type AssignmentOperator = '=' | ':=' | '::=' | ':::=' | '?=' | '+=' | '!=';

export interface MakeVariableDefinition {
  /** The name as written (it may itself contain references, e.g. `efi-$(CONFIG_X)`). */
  name: string;
  operator: AssignmentOperator;
  /** The value as written: comment removed, continuation lines joined. */
  value: string;
  file: string;
  line: number;
  /** Inside ifeq/ifneq/ifdef/ifndef: make may or may not have made this definition. */
  conditional: boolean;
  /** For a target-specific variable: the targets as written. */
  targets?: string[];
}

/** One command of a recipe: a recipe line and its backslash-continued lines. */
export interface RecipeCommand {
  /**
   * The text make expands and hands to the shell: the physical lines with the recipe tab removed
   * from each, joined with '\n' (the backslash before each newline is kept, as make keeps it).
   */
  text: string;
  file: string;
  /** 1-based line of the first physical line. */
  line: number;
  /** The physical lines exactly as in the file. */
  sourceLines: string[];
  /** For each physical line, the 0-based index where its part of `text` starts (after the tab). */
  textStarts: number[];
}

export interface MakeRule {
  /** The targets as written. */
  targets: string[];
  /** The prerequisites as written. */
  prerequisites: string;
  file: string;
  line: number;
  doubleColon: boolean;
  recipe: RecipeCommand[];
}

export interface ParsedMakefile {
  file: string;
  definitions: MakeVariableDefinition[];
  rules: MakeRule[];
}

/** The position in a recipe command's source of an offset into its `text`. */
export function recipeOffsetPosition(command: RecipeCommand, offset: number): { line: number; column: number } {
  let start = 0;
  const last = command.sourceLines.length - 1;
  for (let k = 0; k <= last; k++) {
    const length = command.sourceLines[k].length - command.textStarts[k];
    if (offset <= start + length || k === last) {
      return { line: command.line + k, column: offset - start + command.textStarts[k] + 1 };
    }
    start += length + 1;
  }
  return { line: command.line, column: 1 };
}

/** Whether a line ends in an odd number of backslashes (make's continuation). */
function continues(line: string): boolean {
  if (!line.endsWith('\\')) return false;
  const m = /\\+$/.exec(line);
  return m !== null && m[0].length % 2 === 1;
}

/**
 * Removes a `#` comment (not escaped as `\#`) and turns `\#` into `#`. Whole runs of text are
 * copied, not characters one by one: this runs on every line, once, in V8's interpreter, where
 * building a string a character at a time allocates a string per character.
 */
function stripComment(text: string): string {
  let out = '';
  let from = 0;
  for (let hash = text.indexOf('#'); hash >= 0; hash = text.indexOf('#', hash + 1)) {
    if (hash === 0 || text[hash - 1] !== '\\') return out + text.slice(from, hash);
    out += `${text.slice(from, hash - 1)}#`;
    from = hash + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** The index after the reference starting at `text[start] === '$'` (make counts one kind of paren). */
export function skipReference(text: string, start: number): number {
  const open = text[start + 1];
  if (open !== '(' && open !== '{') return Math.min(start + 2, text.length);
  const close = open === '(' ? ')' : '}';
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === open) depth++;
    else if (text[i] === close && --depth === 0) return i + 1;
  }
  return text.length;
}

const SEPARATOR_START = /[$=?+!:]/g;

/**
 * Finds the first top-level `:` or assignment operator, skipping references. Returns the
 * operator and where it is, or undefined for a line with neither.
 */
function findSeparator(text: string): { op: AssignmentOperator | ':' | '::'; at: number } | undefined {
  for (let i = 0; i < text.length; i++) {
    // Straight to the next character that can start a reference or an operator.
    SEPARATOR_START.lastIndex = i;
    if (!SEPARATOR_START.test(text)) return undefined;
    i = SEPARATOR_START.lastIndex - 1;
    const c = text[i];
    if (c === '$') {
      i = skipReference(text, i) - 1;
      continue;
    }
    if (c === '=') return { op: '=', at: i };
    if ((c === '?' || c === '+' || c === '!') && text[i + 1] === '=') return { op: `${c}=` as AssignmentOperator, at: i };
    if (c === ':') {
      if (text.startsWith(':::=', i)) return { op: ':::=', at: i };
      if (text.startsWith('::=', i)) return { op: '::=', at: i };
      if (text[i + 1] === '=') return { op: ':=', at: i };
      if (text[i + 1] === ':') return { op: '::', at: i };
      return { op: ':', at: i };
    }
  }
  return undefined;
}

/** A run of characters that makeWords copies as they are. */
const PLAIN_RUN = /[^$ \t]+/y;

/** Splits on blanks, keeping references (which may contain blanks) whole. */
export function makeWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$') {
      const end = skipReference(text, i);
      word += text.slice(i, end);
      i = end - 1;
    } else if (c === ' ' || c === '\t') {
      if (word) words.push(word);
      word = '';
    } else {
      PLAIN_RUN.lastIndex = i;
      PLAIN_RUN.test(text);
      word += text.slice(i, PLAIN_RUN.lastIndex);
      i = PLAIN_RUN.lastIndex - 1;
    }
  }
  if (word) words.push(word);
  return words;
}

/** Finds the first top-level `;` (an inline recipe after the prerequisites). */
function findSemicolon(text: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '$') i = skipReference(text, i) - 1;
    else if (text[i] === ';') return i;
  }
  return -1;
}

const CONDITIONAL_START = /^(ifeq|ifneq|ifdef|ifndef)(\s|\(|$)/;
/**
 * How every directive the parser looks for begins. Most lines are assignments and rules: one
 * test of this says so, instead of a test per directive (each costs a regex run per line).
 */
const DIRECTIVE_START = /^(?:if|else|endif|define|export|override|private|-?include|sinclude|vpath|unexport|\.RECIPEPREFIX)/;

export function parseMakefileText(file: string, content: string): ParsedMakefile {
  const split = content.split('\n');
  const lines = content.includes('\r') ? split.map((l) => l.replace(/\r$/, '')) : split;
  const definitions: MakeVariableDefinition[] = [];
  const rules: MakeRule[] = [];
  let depth = 0;
  let rule: MakeRule | undefined;

  let n = 0;
  while (n < lines.length) {
    const lineNo = n + 1;
    const first = lines[n];

    // A recipe line: it starts with a tab and follows a rule line.
    if (rule && first.startsWith('\t')) {
      const sourceLines = [first];
      while (continues(sourceLines[sourceLines.length - 1]) && n + 1 < lines.length) sourceLines.push(lines[++n]);
      n++;
      // make removes one recipe-prefix tab from the start of each continuation line too.
      const text = sourceLines.map((l) => (l.startsWith('\t') ? l.slice(1) : l)).join('\n');
      const textStarts = sourceLines.map((l) => (l.startsWith('\t') ? 1 : 0));
      rule.recipe.push({ text, file, line: lineNo, sourceLines, textStarts });
      continue;
    }

    // Any other logical line: continuation lines joined with one space.
    const parts = [first];
    while (continues(parts[parts.length - 1]) && n + 1 < lines.length) parts.push(lines[++n]);
    n++;
    const joined =
      parts.length === 1
        ? first
        : parts
            .map((p, k) => {
              let s = k < parts.length - 1 ? p.slice(0, -1) : p;
              if (k > 0) s = s.replace(/^\s+/, '');
              if (k < parts.length - 1) s = s.replace(/\s+$/, '');
              return s;
            })
            .join(' ');
    // make keeps blanks before a comment in a value (`A = x # c` is "x "), so only the start is trimmed.
    const text = stripComment(joined).trimStart(); // the same blanks as /^\s+/
    if (text === '') continue;

    const directive = DIRECTIVE_START.test(text);
    // Conditional directives do not end a rule's recipe.
    if (directive && CONDITIONAL_START.test(text)) {
      depth++;
      continue;
    }
    if (directive && /^else(\s|$)/.test(text)) {
      // `else ifeq …` stays at the same depth.
      continue;
    }
    if (directive && /^endif(\s|$)/.test(text)) {
      depth = Math.max(0, depth - 1);
      continue;
    }

    rule = undefined;
    let rest = text;
    // `define NAME [op]` … `endef`: a multi-line (recursive) variable.
    const define = directive ? /^(?:(?:export|override|private)\s+)*define\s+(\S+)\s*(=|:=|::=|\?=|\+=)?\s*$/.exec(rest) : null;
    if (define) {
      const body: string[] = [];
      let nested = 0;
      while (n < lines.length) {
        const l = lines[n++];
        if (/^\s*define\s/.test(l)) nested++;
        if (/^\s*endef\s*(#.*)?$/.test(l)) {
          if (nested === 0) break;
          nested--;
        }
        body.push(l);
      }
      definitions.push({
        name: define[1],
        operator: (define[2] as AssignmentOperator | undefined) ?? '=',
        value: body.join('\n'),
        file,
        line: lineNo,
        conditional: depth > 0,
      });
      continue;
    }
    if (directive) {
      if (/^(-?include|sinclude|vpath|unexport|\.RECIPEPREFIX)(\s|$)/.test(rest)) continue;
      if (/^export(\s|$)/.test(rest) && !/[=:]/.test(rest)) continue; // `export NAME …` without a value
      rest = rest.replace(/^((export|override|private)\s+)+/, '');
    }

    const sep = findSeparator(rest);
    if (!sep) continue; // e.g. a bare function call such as $(eval …): nothing to record
    if (sep.op !== ':' && sep.op !== '::') {
      definitions.push({
        name: rest.slice(0, sep.at).trim(),
        operator: sep.op,
        value: rest.slice(sep.at + sep.op.length).replace(/^\s+/, ''),
        file,
        line: lineNo,
        conditional: depth > 0,
      });
      continue;
    }

    // A rule, or a target-specific variable (`targets: NAME op value`).
    const targets = makeWords(rest.slice(0, sep.at));
    const after = rest.slice(sep.at + sep.op.length);
    const inner = after.replace(/^\s*((export|override|private)\s+)+/, '');
    const innerSep = findSeparator(inner);
    if (innerSep && innerSep.op !== ':' && innerSep.op !== '::') {
      definitions.push({
        name: inner.slice(0, innerSep.at).trim(),
        operator: innerSep.op,
        value: inner.slice(innerSep.at + innerSep.op.length).replace(/^\s+/, ''),
        file,
        line: lineNo,
        conditional: depth > 0,
        targets,
      });
      continue;
    }
    const semicolon = findSemicolon(after);
    rule = {
      targets,
      prerequisites: (semicolon >= 0 ? after.slice(0, semicolon) : after).trim(),
      file,
      line: lineNo,
      doubleColon: sep.op === '::',
      recipe: [],
    };
    rules.push(rule);
    if (semicolon >= 0) {
      // The inline recipe: it is on the rule's own line, after the `;` (comments are not removed from it).
      const semicolonInLine = first.indexOf(';');
      const inline = first.slice(semicolonInLine + 1).replace(/^\s+/, '');
      const textStart = first.length - inline.length;
      if (semicolonInLine >= 0 && inline !== '') {
        rule.recipe.push({ text: inline, file, line: lineNo, sourceLines: [first], textStarts: [textStart] });
      }
    }
  }
  return { file, definitions, rules };
}

export function parseMakefile(file: string): ParsedMakefile {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new InputError(`${file}: cannot read: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
  return parseMakefileText(file, content);
}
