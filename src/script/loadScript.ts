/**
 * The front door every command uses to read a linker script: preprocess it if it is a `.S`
 * (or the flags say so), then parse it with ld's INCLUDE search.
 */
import { loadScriptSource, loadScriptSourceAsync, type PreprocessOptions } from '../preprocess/loadScript';
import type { SourceFile } from '../diagnostics/SourceFile';
import type { Script } from './ast';
import { parseScript, type ScriptWarning } from './ScriptParser';

export interface LoadScriptOptions {
  preprocess?: PreprocessOptions;
  /** `-L` directories for INCLUDE. */
  libraryPaths?: string[];
  warnings?: ScriptWarning[];
}

export function loadScript(file: string, options: LoadScriptOptions = {}): Script {
  return parseLoadedScript(loadScriptSource(file, options.preprocess ?? {}), options);
}

/**
 * loadScript in two steps, so that cpp runs while the caller does other work:
 * `const loading = startLoadingScript(…); …other work…; const script = await loading.script()`.
 * Errors (cpp's, the parser's) come from `script()`, in the order loadScript gives them.
 */
export function startLoadingScript(file: string, options: LoadScriptOptions = {}): { script: () => Promise<Script> } {
  const source = loadScriptSourceAsync(file, options.preprocess ?? {});
  source.catch(() => {}); // the caller may stop on another error before asking for the script
  return { script: async () => parseLoadedScript(await source, options) };
}

function parseLoadedScript(source: SourceFile, options: LoadScriptOptions): Script {
  return parseScript(source, { libraryPaths: options.libraryPaths, warnings: options.warnings });
}
