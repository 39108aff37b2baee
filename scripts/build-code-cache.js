#!/usr/bin/env node
// Last step of `npm run build`: V8's code for dist/ldscope.bundle.js in dist/ldscope.bundle.v8,
// which dist/cli.js loads it with (src/cli/bundleLoader.ts says how and why).
//
// The code is what real runs compile: this builds the mini-Xen sample (a second, with the
// machine's make, gcc and ld, which the tests need anyway) and has
// scripts/code-cache-training.js run ldscope on it and save V8's code afterwards. Where the
// sample cannot be built, the cache holds every function compiled eagerly instead (larger,
// and a little slower to load, but still far faster than compiling).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const sample = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-code-cache-'));
try {
  const make = spawnSync('make', ['-s', '-C', path.join(root, 'samples', 'mini-xen'), `O=${sample}`], { encoding: 'utf8' });
  if (make.status === 0) {
    const train = spawnSync(process.execPath, [path.join(__dirname, 'code-cache-training.js'), sample], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (train.status !== 0) throw new Error(`scripts/code-cache-training.js failed (status ${train.status})`);
  } else {
    const why = (make.error?.message ?? make.stderr).trim().split('\n').pop();
    const { writeEagerBundleCache } = require('../dist/cli/bundleLoader');
    const bytes = writeEagerBundleCache(dist);
    console.log(`code cache: the mini-Xen sample did not build (${why}); every function compiled instead, ${(bytes / 1024).toFixed(0)} KiB`);
  }
} finally {
  fs.rmSync(sample, { recursive: true, force: true });
}
