/**
 * Splits the command of a `` `…` `` or `$(shell …)` substitution into the stages of a plain
 * pipeline (`cmd args | cmd args | …`), with quotes removed. That is the only shell syntax the
 * image-end recipes use; anything whose meaning depends on the shell's state or the file system
 * (variables, nested substitutions, redirections, lists, unquoted globs, `~`, assignments) is
 * an unsupported idiom.
 */
import { readSimpleCommand, ShellSyntaxError, type SimpleCommand } from '../../preprocess/shellWords';
import { UnsupportedIdiom } from './UnsupportedIdiom';

export interface PipelineStage {
  /** The words of the command, quotes removed; words[0] is the command name. */
  words: string[];
}

/**
 * The stages of `text`, a pipeline of simple commands, or UnsupportedIdiom naming the first
 * construct that makes it more than that.
 */
export function parseShellPipeline(text: string): PipelineStage[] {
  const stages: PipelineStage[] = [];
  let at = 0;
  for (;;) {
    const cmd = readCommand(text, at);
    for (const w of cmd.words) {
      if (w.unquotedFirst === '#') throw new UnsupportedIdiom(`a shell comment in \`${text}\``);
      if (w.unquotedFirst === '~') throw new UnsupportedIdiom(`tilde expansion in \`${text}\``);
      if (w.unquotedGlob) throw new UnsupportedIdiom(`the unquoted glob character \`${w.unquotedGlob}\` in \`${text}\``);
    }
    if (cmd.words[0]?.assignment) throw new UnsupportedIdiom(`the environment assignment \`${cmd.words[0].text.split('=')[0]}=…\` in \`${text}\``);
    if (cmd.words.length === 0) throw new UnsupportedIdiom(`an empty command in the pipeline \`${text}\``);
    stages.push({ words: cmd.words.map((w) => w.text) });
    // The end: of the text, or a newline with nothing but blanks after it.
    if (cmd.operator === undefined || (cmd.operator === '\n' && text.slice(cmd.end).trim() === '')) return stages;
    if (cmd.operator === '|') {
      at = cmd.end;
      continue;
    }
    if (cmd.operator === '\n') throw new UnsupportedIdiom(`several commands (a newline) in \`${text}\``);
    if (cmd.operator === '||') throw new UnsupportedIdiom(`the shell operator || in \`${text}\``);
    throw new UnsupportedIdiom(`the shell operator \`${cmd.operator[0]}\` in \`${text}\``);
  }
}

function readCommand(text: string, at: number): SimpleCommand {
  try {
    return readSimpleCommand(text, at);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    const what =
      e.problem === 'backquote' ? 'a nested command substitution'
      : e.problem === 'expansion-in-quotes' ? 'an expansion inside double quotes'
      : e.problem === 'unterminated-single' ? 'an unterminated single quote'
      : e.problem === 'unterminated-double' ? 'an unterminated double quote'
      : `the ${e.message}`;
    throw new UnsupportedIdiom(`${what} in \`${text}\``);
  }
}
