/**
 * The V8 code cache `npm run build` writes for dist and the packages it loads
 * (src/cli/codeCache.ts): the built CLI compiles its modules from it, and a module that changed
 * after the cache was written runs its new source, never the cached code.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const dist = path.resolve(__dirname, '../../dist');
const codeCache = path.join(dist, 'cli/codeCache.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-code-cache-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function node(code: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the built CLI loads its modules from the cache, none rejected by V8', () => {
  expect(fs.existsSync(path.join(dist, 'code-cache.v8'))).toBe(true);
  const script = path.join(dir, 'x.ld');
  fs.writeFileSync(script, 'SECTIONS { .text : { *(.text) } }\n');
  const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'parse', script], { encoding: 'utf8', env: { ...process.env, LDSCOPE_TIMING: '1' } });
  expect(r.status).toBe(0);
  const m = /code cache: (\d+) modules from it, (\d+) rejected, (\d+) changed since/.exec(r.stderr);
  expect(m).not.toBeNull();
  expect(Number(m![1])).toBeGreaterThan(20);
  expect([m![2], m![3]]).toEqual(['0', '0']);
});

test('a module changed after the cache was written runs its new source', () => {
  // A package's root: dist/ with ldscope's modules, node_modules/ with a package dist requires.
  const root = path.join(dir, 'pkg');
  const lib = path.join(root, 'dist');
  const dep = path.join(root, 'node_modules', 'dep');
  fs.mkdirSync(lib, { recursive: true });
  fs.mkdirSync(dep, { recursive: true });
  const a = path.join(lib, 'a.js');
  const helper = path.join(dep, 'helper.cjs');
  // Same length before and after: V8's own check of a cache is the source's length.
  fs.writeFileSync(a, "module.exports = () => 'one';\n");
  fs.writeFileSync(path.join(lib, 'b.js'), "const a = require('./a');\nconst dep = require('dep');\nmodule.exports = () => `b sees ${a()} and ${dep()}`;\n");
  fs.writeFileSync(path.join(dep, 'index.js'), "module.exports = require('./helper.cjs');\n");
  fs.writeFileSync(helper, "module.exports = () => 'red';\n");
  // npm packs every file with this modification time; some package managers keep it.
  const packed = new Date('1985-10-26T08:15:00Z');
  fs.utimesSync(helper, packed, packed);
  const written = `console.log(require(${JSON.stringify(codeCache)}).writeCodeCache(${JSON.stringify(lib)}, ['dep']))`;
  expect(node(written).stdout).toBe('4\n');

  const run = `const c = require(${JSON.stringify(codeCache)}); c.useCodeCache(${JSON.stringify(lib)});
    console.log(require(${JSON.stringify(path.join(lib, 'b.js'))})(), JSON.stringify(c.codeCacheUse));`;
  expect(node(run).stdout).toBe('b sees one and red {"fromCache":4,"rejectedByV8":0,"changedSince":0}\n');

  fs.writeFileSync(a, "module.exports = () => 'two';\n");
  expect(node(run).stdout).toBe('b sees two and red {"fromCache":3,"rejectedByV8":0,"changedSince":1}\n');

  // A package manager may give every file the same modification time: a file with other
  // content, the same length and the same time is still not given the old code.
  fs.writeFileSync(helper, "module.exports = () => 'tan';\n");
  fs.utimesSync(helper, packed, packed);
  expect(node(run).stdout).toBe('b sees two and tan {"fromCache":2,"rejectedByV8":0,"changedSince":2}\n');
});

test('without a cache file modules load as usual', () => {
  const lib = path.join(dir, 'nocache');
  fs.mkdirSync(lib);
  fs.writeFileSync(path.join(lib, 'm.js'), "module.exports = require('node:path').basename(__filename) + ' ' + typeof require.resolve;\n");
  const r = node(`const c = require(${JSON.stringify(codeCache)}); c.useCodeCache(${JSON.stringify(lib)});
    console.log(require(${JSON.stringify(path.join(lib, 'm.js'))}), JSON.stringify(c.codeCacheUse));`);
  expect(r.stdout).toBe('m.js function {"fromCache":0,"rejectedByV8":0,"changedSince":0}\n');
});
