#!/usr/bin/env node
// Step of `npm run build` after tsc: dist/cli/main.js and everything it loads (ldscope's
// modules, yargs, elfinfo as patched) in one file, dist/ldscope.bundle.js, which dist/cli.js
// loads (src/cli/bundleLoader.ts says why). esbuild does the bundling: a well-kept bundler,
// and the only thing here that knows CommonJS resolution and yargs' conditional exports.
//
// Whitespace and comments are dropped and syntax shortened (a smaller file reads and parses
// faster), but names are kept, so stack traces and profiles still say which function ran.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const dist = path.resolve(__dirname, '..', 'dist');
const outfile = path.join(dist, 'ldscope.bundle.js');
esbuild.buildSync({
  entryPoints: [path.join(dist, 'cli', 'main.js')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // Non-ASCII characters as escapes: the loader decodes the file as latin1, Node's cheapest.
  charset: 'ascii',
  sourcemap: 'linked',
  logLevel: 'warning',
});
const text = fs.readFileSync(outfile);
const nonAscii = text.findIndex((b) => b > 0x7f);
if (nonAscii >= 0) throw new Error(`${outfile}: byte ${nonAscii} is not ASCII; the loader reads the bundle as latin1`);
console.log(`bundle: dist/ldscope.bundle.js, ${(text.length / 1024).toFixed(0)} KiB`);
