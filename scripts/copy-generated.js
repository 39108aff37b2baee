#!/usr/bin/env node
// tsc does not copy the peggy-generated JavaScript; put it next to the compiled code.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const from = path.join(root, 'src', 'generated');
const to = path.join(root, 'dist', 'generated');
fs.mkdirSync(to, { recursive: true });
for (const f of fs.readdirSync(from)) if (f.endsWith('.js')) fs.copyFileSync(path.join(from, f), path.join(to, f));
