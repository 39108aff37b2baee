/**
 * How the built CLI starts quickly: `npm run build` puts all of ldscope's modules and the
 * packages they load (yargs, elfinfo) in one file, dist/ldscope.bundle.js
 * (scripts/build-bundle.js), and V8's compiled code for it in dist/ldscope.bundle.v8
 * (scripts/build-code-cache.js). dist/cli.js loads the bundle with that code.
 *
 * Why: `ldscope xen` runs in the Xen build and must be done in well under half a second,
 * Node's own start-up included. Loading ~135 separate modules cost ~100 ms of that (path
 * lookups, a read and a compile for each); one file and its code cost ~20 ms.
 *
 * The code cache holds the functions a typical run compiles (scripts/code-cache-training.js
 * runs ldscope on the mini-Xen sample and saves V8's code afterwards), so a run neither parses
 * nor compiles them. It is keyed by the SHA-1 of the bundle's text: V8's own check is only the
 * source's length, and code for other source must never run. V8 itself rejects code from
 * another V8 version or made under other flags, and then compiles the source as usual. So a
 * missing, stale or rejected cache only costs time, never changes what runs.
 *
 * The bundle is used only when it is at least as new as dist/cli/main.js: after a bare `tsc`
 * (which rewrites every module) the CLI runs the fresh modules, not an older bundle.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

export const BUNDLE_FILE = 'ldscope.bundle.js';
export const CODE_CACHE_FILE = 'ldscope.bundle.v8';

/**
 * dist/ldscope.bundle.v8 is this header as one line of JSON, then V8's code as it is. (Not
 * v8.serialize: loading node:v8 and copying the code out of it cost ~8 ms of a run.)
 */
interface CodeCacheHeader {
  format: typeof FORMAT;
  /** sourceHash of the bundle text the code was made from. */
  sha1: string;
}

const FORMAT = 'ldscope-bundle-code-cache-2';

/** What happened to the code cache when the bundle was loaded. */
export type CodeCacheUse = 'used' | 'rejected by V8' | 'for other source' | 'absent';

export interface LoadedBundle {
  /** The bundle's exports: those of dist/cli/main.js. */
  exports: typeof import('./main');
  /** The compiled bundle and the file's bytes, for writeBundleCache after a training run. */
  script: vm.Script;
  bytes: Buffer;
  codeCache: CodeCacheUse;
}

/** Of the file's bytes: hashing the JS string would first encode a copy of it. */
function sourceHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}

interface BundleSource {
  bytes: Buffer;
  text: string;
}

/** The bundle in `distDir`, or undefined when there is none or it is older than the modules. */
function bundleSource(distDir: string): BundleSource | undefined {
  try {
    const bundle = fs.statSync(path.join(distDir, BUNDLE_FILE));
    const modules = fs.statSync(path.join(distDir, 'cli', 'main.js'));
    if (bundle.mtimeMs < modules.mtimeMs) return undefined;
    return readBundle(distDir);
  } catch {
    return undefined;
  }
}

function readBundle(distDir: string): BundleSource {
  const bytes = fs.readFileSync(path.join(distDir, BUNDLE_FILE));
  // The bundle is ASCII (scripts/build-bundle.js checks), and latin1 is the cheapest decoding
  // of ASCII Node has.
  return { bytes, text: bytes.toString('latin1') };
}

/** The code for `bundleBytes` in the cache file, if the file is there and made from them. */
function readCodeCache(distDir: string, bundleBytes: Uint8Array): { data?: Buffer; use: CodeCacheUse } {
  let file: Buffer;
  let headerEnd: number;
  let header: CodeCacheHeader;
  try {
    file = fs.readFileSync(path.join(distDir, CODE_CACHE_FILE));
    headerEnd = file.indexOf(0x0a);
    header = JSON.parse(file.toString('latin1', 0, Math.max(0, headerEnd)));
  } catch {
    return { use: 'absent' };
  }
  if (header?.format !== FORMAT) return { use: 'absent' };
  if (header.sha1 !== sourceHash(bundleBytes)) return { use: 'for other source' };
  return { data: file.subarray(headerEnd + 1), use: 'used' };
}

/**
 * Loads dist/ldscope.bundle.js with its code cache (`useCache` false: without, as the training
 * run does), or returns undefined when the bundle is missing or older than the modules.
 */
export function loadBundle(distDir: string, useCache = true): LoadedBundle | undefined {
  const source = bundleSource(distDir);
  if (source === undefined) return undefined;
  const filename = path.join(distDir, BUNDLE_FILE);
  const cache = useCache ? readCodeCache(distDir, source.bytes) : { use: 'absent' as const };
  const script = new vm.Script(Module.wrap(source.text), { filename, cachedData: cache.data });
  const codeCache: CodeCacheUse = cache.data && script.cachedDataRejected ? 'rejected by V8' : cache.use;
  const module = { exports: {} as LoadedBundle['exports'] };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  // The bundle requires only Node's built-in modules; `require.main` stays dist/cli.js.
  wrapper.call(module.exports, module.exports, Module.createRequire(filename), module, filename, distDir);
  return { exports: module.exports, script, bytes: source.bytes, codeCache };
}

/** Writes the code V8 has for the bundle now (every function compiled so far) as its cache. */
export function writeBundleCache(distDir: string, bundle: Pick<LoadedBundle, 'script' | 'bytes'>): number {
  const header: CodeCacheHeader = { format: FORMAT, sha1: sourceHash(bundle.bytes) };
  const data = bundle.script.createCachedData();
  const target = path.join(distDir, CODE_CACHE_FILE);
  fs.writeFileSync(target + '.tmp', Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'latin1'), data]));
  fs.renameSync(target + '.tmp', target);
  return data.byteLength;
}

/**
 * Writes a cache with every function of the bundle compiled, for when no training run is
 * possible: V8 compiles a function's body when it is first called, and --no-lazy compiles
 * them all now. The flag is switched back before the code is serialized, so the cache carries
 * the flags a normal run has (V8 rejects a cache made under other flags).
 */
export function writeEagerBundleCache(distDir: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only at build time
  const v8 = require('node:v8') as typeof import('node:v8');
  const source = readBundle(distDir);
  v8.setFlagsFromString('--no-lazy');
  let script: vm.Script;
  try {
    script = new vm.Script(Module.wrap(source.text), { filename: path.join(distDir, BUNDLE_FILE) });
  } finally {
    v8.setFlagsFromString('--lazy');
  }
  return writeBundleCache(distDir, { script, bytes: source.bytes });
}
