#!/usr/bin/env node
// Compiles grammar/*.peggy into src/generated/ (git-ignored) with peggy's typed output, so the
// TypeScript sources can import the parsers and tsc checks how they are used.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'src', 'generated');
fs.mkdirSync(outDir, { recursive: true });
const peggy = require.resolve('peggy/bin/peggy.js');
for (const file of fs.readdirSync(path.join(root, 'grammar'))) {
  if (!file.endsWith('.peggy')) continue;
  const base = path.basename(file, '.peggy');
  const out = path.join(outDir, base + '.js');
  const src = path.join(root, 'grammar', file);
  // Skip when up to date: the grammar is large and `npm test` rebuilds often.
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= fs.statSync(src).mtimeMs) continue;
  // A grammar lists the start rules it offers on its first line: `// start: A, B, C`.
  const first = fs.readFileSync(src, 'utf8').split('\n', 1)[0];
  const starts = /^\/\/ start: (.*)$/.exec(first);
  const startArgs = starts ? ['--allowed-start-rules', starts[1].replace(/\s+/g, '')] : [];
  execFileSync(process.execPath, [peggy, '--format', 'commonjs', '--dts', ...startArgs, '-o', out, src], { stdio: 'inherit' });
}
