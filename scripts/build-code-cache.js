#!/usr/bin/env node
// Last step of `npm run build`: V8's code for every compiled module, in dist/code-cache.v8,
// which dist/cli.js loads them with (src/cli/codeCache.ts says how and why).
'use strict';
const path = require('node:path');
const { writeCodeCache, CODE_CACHE_FILE } = require('../dist/cli/codeCache');

const dist = path.resolve(__dirname, '..', 'dist');
const n = writeCodeCache(dist);
console.log(`code cache: ${n} modules in dist/${CODE_CACHE_FILE}`);
