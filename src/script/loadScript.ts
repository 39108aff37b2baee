/**
 * The front door every command uses to read a linker script: preprocess it if it is a `.S`
 * (or the flags say so), then parse it with ld's INCLUDE search.
 */
import { loadScriptSource, type PreprocessOptions } from '../preprocess/loadScript';
import type { Script } from './ast';
import { parseScript, type ScriptWarning } from './ScriptParser';

export interface LoadScriptOptions {
  preprocess?: PreprocessOptions;
  /** `-L` directories for INCLUDE. */
  libraryPaths?: string[];
  warnings?: ScriptWarning[];
}

export function loadScript(file: string, options: LoadScriptOptions = {}): Script {
  const source = loadScriptSource(file, options.preprocess ?? {});
  return parseScript(source, { libraryPaths: options.libraryPaths, warnings: options.warnings });
}
