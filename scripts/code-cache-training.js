#!/usr/bin/env node
// Run by scripts/build-code-cache.js with a built mini-Xen sample (make -C samples/mini-xen
// O=DIR): loads the bundle without a cache, runs the commands the Xen build runs on the
// sample, and writes the code V8 compiled for them as dist/ldscope.bundle.v8. Their output
// is not wanted (stdout is /dev/null); what matters is which functions ran.
'use strict';
const path = require('node:path');
const { loadBundle, writeBundleCache } = require('../dist/cli/bundleLoader');

const sample = process.argv[2];
const dist = path.resolve(__dirname, '..', 'dist');
const bundle = loadBundle(dist, false);
if (!bundle) throw new Error('dist/ldscope.bundle.js is missing or older than dist/cli/main.js; run scripts/build-bundle.js first');
const runs = [
  ['xen', sample, '--make-target', 'xen-era3'],
  ['xen', sample, '--make-target', 'xen-era1'],
  ['nm', '-n', path.join(sample, 'xen-syms')],
];
(async () => {
  for (const args of runs) await bundle.exports.main(args);
  process.exitCode = 0; // the era-1 run's error is the point of that run, not a failure here
  const bytes = writeBundleCache(dist, bundle);
  process.stderr.write(`code cache: dist/ldscope.bundle.v8, ${(bytes / 1024).toFixed(0)} KiB, trained on: ${runs.map((r) => r[0]).join(', ')}\n`);
})();
