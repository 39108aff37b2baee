#!/usr/bin/env node
// Last step of `npm run build`: V8's code for every compiled module, and for the packages the
// CLI loads at run time, in dist/code-cache.v8, which dist/cli.js loads them with
// (src/cli/codeCache.ts says how and why).
'use strict';
const path = require('node:path');
const { writeCodeCache, CODE_CACHE_FILE } = require('../dist/cli/codeCache');

const dist = path.resolve(__dirname, '..', 'dist');
// What dist/cli/main.js and dist/elf require from node_modules.
const packages = ['yargs/yargs', 'elfinfo'];
const n = writeCodeCache(dist, packages);
console.log(`code cache: ${n} modules in dist/${CODE_CACHE_FILE}`);
