/**
 * A V8 code cache for ldscope's own compiled modules (dist/**.js), so that a run does not
 * parse and compile them again: for `ldscope xen` that was about a tenth of its instructions.
 *
 * `npm run build` writes the cache (scripts/build-code-cache.js calls writeCodeCache) into one
 * file next to the modules, dist/code-cache.v8: for every module, V8's code for all of its
 * functions, made by compiling eagerly (a run calls most of them; code V8 compiles lazily
 * while running would not be in a cache made before any run). At start-up, useCodeCache makes
 * Node's CommonJS loader compile those modules with their cached code.
 *
 * Only what the cache was made for uses it: a module whose file has changed since (another
 * size or modification time, e.g. after a bare `tsc`) is compiled as usual, and so is
 * everything outside dist (yargs and its ESM modules are never touched). V8 itself rejects
 * code from another V8 version or with other flags, and then compiles the source as usual. So
 * a missing or stale cache only costs time, never changes what runs.
 */
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export const CODE_CACHE_FILE = 'code-cache.v8';

/** What dist/code-cache.v8 holds (v8.serialize of this). */
interface CodeCacheFile {
  format: typeof FORMAT;
  /** By path relative to dist, with '/' separators. */
  modules: Record<string, CachedModule>;
}

interface CachedModule {
  /** The file the code was made from: it must still have this size and modification time. */
  size: number;
  mtimeMs: number;
  data: Uint8Array;
}

const FORMAT = 'ldscope-code-cache-1';

/** Node's CommonJS loader, as far as it is used here (these members are not in @types/node). */
interface LoaderModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}
interface Loader {
  prototype: LoaderModule;
  wrap(content: string): string;
  _resolveFilename(request: string, parent: LoaderModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: LoaderModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
}

/**
 * Modules that cannot be compiled through vm.Script: one with a dynamic `import()` (Node 20's
 * vm.Script has no loader for it: cli/main.js loads yargs so) and the entry script with its
 * `#!` line, which installs the cache before anything else is loaded.
 */
function cacheable(source: string): boolean {
  return !source.startsWith('#!') && !/\bimport\(/.test(source);
}

function jsFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...jsFiles(dir, r));
    else if (e.name.endsWith('.js')) out.push(r);
  }
  return out;
}

/**
 * Writes `distDir`/code-cache.v8 for every cacheable module under `distDir`, each compiled
 * with all its functions. Returns how many modules it holds.
 */
export function writeCodeCache(distDir: string): number {
  const modules: Record<string, CachedModule> = {};
  // V8 compiles a function's body when it is first called; --no-lazy compiles every body
  // now. It is switched back before the code is serialized, so the cache carries the flags
  // a normal run has (V8 rejects a cache made under other flags).
  v8.setFlagsFromString('--no-lazy');
  const scripts: Array<[string, vm.Script, fs.Stats]> = [];
  try {
    for (const rel of jsFiles(distDir)) {
      const file = path.join(distDir, rel);
      const stat = fs.statSync(file);
      const source = fs.readFileSync(file, 'utf8');
      if (!cacheable(source)) continue;
      scripts.push([rel, new vm.Script((Module as unknown as Loader).wrap(source), { filename: file }), stat]);
    }
  } finally {
    v8.setFlagsFromString('--lazy');
  }
  for (const [rel, script, stat] of scripts) {
    modules[rel] = { size: stat.size, mtimeMs: stat.mtimeMs, data: script.createCachedData() };
  }
  const cache: CodeCacheFile = { format: FORMAT, modules };
  const target = path.join(distDir, CODE_CACHE_FILE);
  fs.writeFileSync(target + '.tmp', v8.serialize(cache));
  fs.renameSync(target + '.tmp', target);
  return scripts.length;
}

/** What useCodeCache did so far in this process (LDSCOPE_TIMING prints it). */
export const codeCacheUse = { fromCache: 0, rejectedByV8: 0, changedSince: 0 };

/**
 * Makes Node's CommonJS loader compile the modules under `distDir` from the code cache, when
 * there is one. Call it before loading them.
 */
export function useCodeCache(distDir: string): void {
  let cache: CodeCacheFile;
  try {
    cache = v8.deserialize(fs.readFileSync(path.join(distDir, CODE_CACHE_FILE))) as CodeCacheFile;
  } catch {
    return; // not built (or unreadable): compile as usual
  }
  if (cache?.format !== FORMAT) return;
  const loader = Module as unknown as Loader;
  const compile = loader.prototype._compile;
  const prefix = distDir + path.sep;
  loader.prototype._compile = function (this: LoaderModule, content: string, filename: string) {
    const rel = filename.startsWith(prefix) ? filename.slice(prefix.length).split(path.sep).join('/') : undefined;
    const entry = rel !== undefined ? cache.modules[rel] : undefined;
    if (!entry) return compile.apply(this, [content, filename]);
    if (!unchanged(filename, entry)) {
      codeCacheUse.changedSince++;
      return compile.apply(this, [content, filename]);
    }
    const script = new vm.Script(loader.wrap(content), { filename, cachedData: Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength) });
    if (script.cachedDataRejected) codeCacheUse.rejectedByV8++;
    else codeCacheUse.fromCache++;
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(loader, this), this, filename, path.dirname(filename));
  };
}

function unchanged(file: string, entry: CachedModule): boolean {
  try {
    const stat = fs.statSync(file);
    return stat.size === entry.size && stat.mtimeMs === entry.mtimeMs;
  } catch {
    return false;
  }
}

/** The program's main module (dist/cli.js), as every module's `require.main` gives it. */
function mainModule(): NodeJS.Module | undefined {
  return require.main;
}

/** The `require` a module gets, as Node's loader makes it (lib/internal/modules/helpers.js). */
function requireFor(loader: Loader, module: LoaderModule): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) => loader._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => loader._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = mainModule();
  require.extensions = loader._extensions as NodeJS.Require['extensions'];
  require.cache = loader._cache as NodeJS.Require['cache'];
  return require;
}
