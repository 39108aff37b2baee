/**
 * A V8 code cache for the modules ldscope runs, so that a run does not parse and compile them
 * again: ldscope's own compiled modules (dist/**.js; for `ldscope xen` their compilation was
 * about a tenth of its instructions) and those of the packages it loads at run time (yargs and
 * its dependencies, elfinfo: scripts/build-code-cache.js names them).
 *
 * `npm run build` writes the cache (scripts/build-code-cache.js calls writeCodeCache) into one
 * file next to the modules, dist/code-cache.v8: for every module, V8's code for all of its
 * functions, made by compiling eagerly (a run calls most of them; code V8 compiles lazily
 * while running would not be in a cache made before any run). At start-up, useCodeCache makes
 * Node's CommonJS loader compile those modules with their cached code.
 *
 * Only the source the cache was made from uses it: each entry carries the SHA-1 of that
 * source, and a module whose source is different now (after a bare `tsc`, another version of a
 * package, a patch-package patch) is compiled as usual. The hash is of the content, not the
 * file's size and modification time, because package managers may give every file of a package
 * the same fixed modification time, and V8's own check of a cache is only the source's length.
 * V8 itself rejects code from another V8 version or with other flags, and then compiles the
 * source as usual. So a missing or stale cache only costs time, never changes what runs.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export const CODE_CACHE_FILE = 'code-cache.v8';

/** What dist/code-cache.v8 holds (v8.serialize of this). */
interface CodeCacheFile {
  format: typeof FORMAT;
  /** By path relative to the directory above dist (the package's root), with '/' separators. */
  modules: Map<string, CachedModule>;
}

interface CachedModule {
  /** sourceHash of the source the code was made from. */
  sha1: string;
  data: Uint8Array;
}

const FORMAT = 'ldscope-code-cache-2';

function sourceHash(source: string): string {
  return createHash('sha1').update(source).digest('base64');
}

/** A module's key in CodeCacheFile.modules. */
function keyOf(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

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
 * vm.Script has no loader for it) and the entry script with its `#!` line, which installs the
 * cache before anything else is loaded.
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
 * Writes `distDir`/code-cache.v8 for every cacheable module under `distDir` and every module
 * that loading `packages` (module ids as `require` takes them from `distDir`) loads, each
 * compiled with all its functions. Returns how many modules it holds.
 */
export function writeCodeCache(distDir: string, packages: readonly string[] = []): number {
  const root = path.dirname(distDir);
  const files = jsFiles(distDir).map((rel) => path.join(distDir, rel));
  files.push(...filesLoadedBy(distDir, packages).filter((f) => !files.includes(f)));
  const modules = new Map<string, CachedModule>();
  // V8 compiles a function's body when it is first called; --no-lazy compiles every body
  // now. It is switched back before the code is serialized, so the cache carries the flags
  // a normal run has (V8 rejects a cache made under other flags).
  v8.setFlagsFromString('--no-lazy');
  const scripts: Array<[string, vm.Script, string]> = [];
  try {
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8');
      if (!cacheable(source)) continue;
      scripts.push([keyOf(root, file), new vm.Script((Module as unknown as Loader).wrap(source), { filename: file }), sourceHash(source)]);
    }
  } finally {
    v8.setFlagsFromString('--lazy');
  }
  for (const [key, script, sha1] of scripts) {
    modules.set(key, { sha1, data: script.createCachedData() });
  }
  const cache: CodeCacheFile = { format: FORMAT, modules };
  const target = path.join(distDir, CODE_CACHE_FILE);
  fs.writeFileSync(target + '.tmp', v8.serialize(cache));
  fs.renameSync(target + '.tmp', target);
  return scripts.length;
}

/**
 * The CommonJS files (.js, .cjs) that requiring `packages` from `distDir` loads, found by
 * loading them: a package's files are those its entry point requires, which only its code
 * says. Loading yargs or elfinfo has no effect beyond defining their functions.
 */
function filesLoadedBy(distDir: string, packages: readonly string[]): string[] {
  const loaded = (Module as unknown as Loader)._cache as Record<string, unknown>;
  const before = new Set(Object.keys(loaded));
  const require = Module.createRequire(path.join(distDir, 'code-cache-loader.js'));
  for (const p of packages) require(p);
  return Object.keys(loaded).filter((f) => !before.has(f) && /\.c?js$/.test(f));
}

/** What useCodeCache did so far in this process (LDSCOPE_TIMING prints it). */
export const codeCacheUse = { fromCache: 0, rejectedByV8: 0, changedSince: 0 };

/**
 * Makes Node's CommonJS loader compile the modules the code cache in `distDir` has code for
 * from it, when there is one. Call it before loading them.
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
  const root = path.dirname(distDir);
  loader.prototype._compile = function (this: LoaderModule, content: string, filename: string) {
    const entry = cache.modules.get(keyOf(root, filename));
    if (!entry) return compile.apply(this, [content, filename]);
    if (sourceHash(content) !== entry.sha1) {
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
