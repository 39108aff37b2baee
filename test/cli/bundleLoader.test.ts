/**
 * The one-file build `npm run build` makes and the V8 code cache for it
 * (src/cli/bundleLoader.ts): the built CLI runs from them, and code made for other source is
 * never run — a bundle changed after its cache was written runs its new text.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const dist = path.resolve(__dirname, '../../dist');
const loader = path.join(dist, 'cli/bundleLoader.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-bundle-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function node(code: string) {
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the built CLI runs from the bundle with its code cache, which V8 accepts', () => {
  expect(fs.existsSync(path.join(dist, 'ldscope.bundle.js'))).toBe(true);
  const script = path.join(dir, 'x.ld');
  fs.writeFileSync(script, 'SECTIONS { .text : { *(.text) } }\n');
  const r = spawnSync(process.execPath, [path.join(dist, 'cli.js'), 'parse', script], { encoding: 'utf8', env: { ...process.env, LDSCOPE_TIMING: '1' } });
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/ldscope timing: bundle loaded \(code cache used\)/);
});

/** A dist/ directory whose bundle's main() says `word`, built after its cli/main.js. */
function fakeDist(name: string, word: string): string {
  const d = path.join(dir, name);
  fs.mkdirSync(path.join(d, 'cli'), { recursive: true });
  fs.writeFileSync(path.join(d, 'cli', 'main.js'), 'exports.main = async () => "modules";\n');
  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(path.join(d, 'cli', 'main.js'), past, past);
  writeBundle(d, word);
  return d;
}

function writeBundle(d: string, word: string): void {
  // Same length for every word of the same length: V8's own check of a cache is the length.
  fs.writeFileSync(path.join(d, 'ldscope.bundle.js'), `exports.main = function () { return ${JSON.stringify(word)}; };\n`);
}

const load = (d: string) =>
  `const b = require(${JSON.stringify(loader)}).loadBundle(${JSON.stringify(d)});
   console.log(b ? b.exports.main() + ' ' + b.codeCache : 'no bundle');`;
const train = (d: string) =>
  `const l = require(${JSON.stringify(loader)}); const b = l.loadBundle(${JSON.stringify(d)}, false);
   b.exports.main(); l.writeBundleCache(${JSON.stringify(d)}, b);`;

test('the cache is used for the text it was made from, and only for that', () => {
  const d = fakeDist('changed', 'red');
  expect(node(load(d)).stdout).toBe('red absent\n');
  expect(node(train(d)).status).toBe(0);
  expect(node(load(d)).stdout).toBe('red used\n');
  writeBundle(d, 'tan');
  expect(node(load(d)).stdout).toBe('tan for other source\n');
});

test('code V8 rejects (another V8, other flags, damaged) is not used, and the bundle still runs', () => {
  const d = fakeDist('rejected', 'red');
  expect(node(train(d)).status).toBe(0);
  const file = path.join(d, 'ldscope.bundle.v8');
  const cache = fs.readFileSync(file);
  cache.fill(0x5a, cache.indexOf(0x0a) + 1); // the header line stays, V8's code is garbage
  fs.writeFileSync(file, cache);
  expect(node(load(d)).stdout).toBe('red rejected by V8\n');
});

test('a bundle older than the modules (a bare tsc since the build) is not used', () => {
  const d = fakeDist('old', 'red');
  fs.writeFileSync(path.join(d, 'cli', 'main.js'), 'exports.main = async () => "modules";\n');
  const past = new Date(Date.now() - 120_000);
  fs.utimesSync(path.join(d, 'ldscope.bundle.js'), past, past);
  expect(node(load(d)).stdout).toBe('no bundle\n');
});

test('without a bundle there is nothing to load (dist/cli.js then requires the modules)', () => {
  const d = path.join(dir, 'none');
  fs.mkdirSync(d);
  expect(node(load(d)).stdout).toBe('no bundle\n');
});
