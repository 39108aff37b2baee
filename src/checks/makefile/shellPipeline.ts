/**
 * Splits the command of a `` `…` `` or `$(shell …)` substitution into the stages of a plain
 * pipeline (`cmd args | cmd args | …`), with quotes removed. That is the only shell syntax the
 * image-end recipes use; anything whose meaning depends on the shell's state or the file system
 * (variables, nested substitutions, redirections, lists, unquoted globs, `~`, assignments) is
 * an unsupported idiom.
 */
import { UnsupportedIdiom } from './UnsupportedIdiom';

export interface PipelineStage {
  /** The words of the command, quotes removed; words[0] is the command name. */
  words: string[];
}

const GLOB = /[*?[]/;

export function parseShellPipeline(text: string): PipelineStage[] {
  const stages: PipelineStage[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;

  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endStage = () => {
    endWord();
    if (words.length === 0) throw new UnsupportedIdiom(`an empty command in the pipeline \`${text}\``);
    stages.push({ words });
    words = [];
  };

  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2; // a line continuation is no character at all
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
      continue;
    }
    if (c === '\n') {
      if (text.slice(i).trim() === '') break;
      throw new UnsupportedIdiom(`several commands (a newline) in \`${text}\``);
    }
    if (c === '|') {
      if (text[i + 1] === '|') throw new UnsupportedIdiom(`the shell operator || in \`${text}\``);
      endStage();
      i++;
      continue;
    }
    if (/[;&<>()]/.test(c)) throw new UnsupportedIdiom(`the shell operator \`${c}\` in \`${text}\``);
    if (c === '`') throw new UnsupportedIdiom(`a nested command substitution in \`${text}\``);
    if (c === '$' && /[A-Za-z_{(0-9@*#?$!-]/.test(text[i + 1] ?? '')) {
      throw new UnsupportedIdiom(`the shell expansion \`${text.slice(i, i + 8)}…\` in \`${text}\``);
    }
    if (!inWord && c === '#') throw new UnsupportedIdiom(`a shell comment in \`${text}\``);
    if (!inWord && c === '~') throw new UnsupportedIdiom(`tilde expansion in \`${text}\``);
    if (GLOB.test(c)) throw new UnsupportedIdiom(`the unquoted glob character \`${c}\` in \`${text}\``);
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new UnsupportedIdiom(`an unterminated single quote in \`${text}\``);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      inWord = true;
      i++;
      for (;;) {
        if (i >= text.length) throw new UnsupportedIdiom(`an unterminated double quote in \`${text}\``);
        const d = text[i];
        if (d === '"') {
          i++;
          break;
        }
        if (d === '`' || (d === '$' && /[A-Za-z_{(0-9@*#?$!-]/.test(text[i + 1] ?? ''))) {
          throw new UnsupportedIdiom(`an expansion inside double quotes in \`${text}\``);
        }
        if (d === '\\' && /[$`"\\\n]/.test(text[i + 1] ?? '')) {
          if (text[i + 1] !== '\n') word += text[i + 1];
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
      continue;
    }
    if (c === '\\') {
      if (i + 1 < text.length) word += text[i + 1];
      inWord = true;
      i += 2;
      continue;
    }
    if (c === '=' && words.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) {
      throw new UnsupportedIdiom(`the environment assignment \`${word}=…\` in \`${text}\``);
    }
    word += c;
    inWord = true;
    i++;
  }
  endStage();
  return stages;
}
