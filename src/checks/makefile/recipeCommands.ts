/**
 * Takes a recipe command as written in the Makefile (make references still in it) apart into
 * the shell's simple commands and their words, keeping each word's written text and offset.
 * Make references are kept whole inside words (make expands them before the shell runs, and
 * their blanks do not split words here); quoting, back-quoted and `$$(…)` substitutions,
 * `\`-newline, operators and redirections are followed as the shell would.
 */

export interface RecipeWord {
  /** The word as written, make references and quotes included. */
  written: string;
  /** Offset of its first character in the recipe command's text. */
  start: number;
}

export interface SimpleCommand {
  /** Leading assignments and reserved words (`{`, `!`, `if` …) removed. */
  words: RecipeWord[];
}

const RESERVED = new Set(['{', '}', '!', 'if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'time']);

/** The index after a quoted or substituted span that starts at `text[i]`, or i if none starts there. */
function skipSpan(text: string, i: number): number {
  const c = text[i];
  if (c === "'") {
    const end = text.indexOf("'", i + 1);
    return end < 0 ? text.length : end + 1;
  }
  if (c === '`') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '`') return j + 1;
    }
    return text.length;
  }
  if (c === '"') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '$') j = skipSpan(text, j) - 1;
      else if (text[j] === '`') j = skipSpan(text, j) - 1;
      else if (text[j] === '"') return j + 1;
    }
    return text.length;
  }
  if (c === '$') {
    const next = text[i + 1];
    if (next === '$' && text[i + 2] === '(') {
      // The shell's $(…), written $$(…) in a Makefile.
      let depth = 0;
      for (let j = i + 2; j < text.length; j++) {
        if (text[j] === "'" || text[j] === '"' || text[j] === '`') j = skipSpan(text, j) - 1;
        else if (text[j] === '(') depth++;
        else if (text[j] === ')' && --depth === 0) return j + 1;
      }
      return text.length;
    }
    if (next === '(' || next === '{') {
      const close = next === '(' ? ')' : '}';
      let depth = 0;
      for (let j = i + 1; j < text.length; j++) {
        if (text[j] === next) depth++;
        else if (text[j] === close && --depth === 0) return j + 1;
      }
      return text.length;
    }
    return Math.min(i + 2, text.length);
  }
  return i;
}

/** Characters that splitRecipeCommand copies into a word without a second look (`#` is one inside a word). */
const ORDINARY_RUN = /[^\\ \t\n;&|()<>'"`$]*/y;

/** Splits a recipe command into simple commands (at `;`, `&&`, `||`, `|`, `&`, newlines, parens). */
export function splitRecipeCommand(text: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: RecipeWord[] = [];
  let word = '';
  let wordStart = -1;
  let skipNextWord = false;

  const endWord = () => {
    if (wordStart >= 0) {
      if (skipNextWord) skipNextWord = false;
      else words.push({ written: word, start: wordStart });
    }
    word = '';
    wordStart = -1;
  };
  const endCommand = () => {
    endWord();
    let k = 0;
    // Assignments and reserved words before the command name are not the command.
    while (k < words.length && (RESERVED.has(words[k].written) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k].written))) k++;
    if (k < words.length) commands.push({ words: words.slice(k) });
    words = [];
  };

  let i = 0;
  // make's recipe prefixes: @ (silent), - (ignore errors), + (always run).
  while (i < text.length && /[@+\-\s]/.test(text[i])) i++;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
      continue;
    }
    if (c === '#' && wordStart < 0) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '\n' || c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endCommand();
      i += text[i + 1] === c && (c === '&' || c === '|' || c === ';') ? 2 : 1;
      continue;
    }
    if (c === '<' || c === '>') {
      // A redirection: its target is not an argument. A digit before it (2>) was a word start.
      if (/^\d+$/.test(word)) {
        word = '';
        wordStart = -1;
      }
      endWord();
      i++;
      while (text[i] === '>' || text[i] === '&' || text[i] === '|') i++;
      // `>&2` names a descriptor, not a file word.
      const m = /^\s*\d+(?=[\s;|&)]|$)/.exec(text.slice(i));
      if (text[i - 1] === '&' && m) i += m[0].length;
      else skipNextWord = true;
      continue;
    }
    if (wordStart < 0) wordStart = i;
    const end = skipSpan(text, i);
    if (end > i) {
      word += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === '\\') {
      word += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    // The characters up to the next one the loop looks at, in one piece.
    ORDINARY_RUN.lastIndex = i + 1;
    ORDINARY_RUN.test(text);
    word += text.slice(i, ORDINARY_RUN.lastIndex);
    i = ORDINARY_RUN.lastIndex;
  }
  endCommand();
  return commands;
}
