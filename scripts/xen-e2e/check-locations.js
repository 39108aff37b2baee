#!/usr/bin/env node
// Checks that every source location in an ldscope JSON result points at a real line of a real
// file inside the source tree the user edits (the `.lds.S` or one of its headers), never at
// cpp's output or a temporary file. Used by scripts/xen-e2e.sh on `ldscope parse --json`.
//
//   node check-locations.js RESULT.json TREE_DIR
//
// A location is any object with a string `file` and a numeric `line` (and optionally `column`,
// a 1-based byte column), wherever it sits in the JSON, so the check does not depend on the
// shape of the AST. Exits 1 listing the first bad locations; finding no location at all is a
// failure too, so the check cannot pass vacuously.
'use strict';
const fs = require('fs');
const path = require('path');

const [resultFile, treeArg] = process.argv.slice(2);
if (!resultFile || !treeArg) {
  process.stderr.write('usage: check-locations.js RESULT.json TREE_DIR\n');
  process.exit(2);
}
const tree = path.resolve(treeArg) + path.sep;
const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));

/** Lines of each file as byte strings (latin1), read once. */
const linesOf = new Map();
function lines(file) {
  if (!linesOf.has(file)) {
    let text = null;
    try {
      text = fs.readFileSync(file, 'latin1');
    } catch {
      // Reported below as a missing file.
    }
    linesOf.set(file, text === null ? null : text.split('\n'));
  }
  return linesOf.get(file);
}

let count = 0;
const perFile = new Map();
const bad = [];
function check(loc, where) {
  count++;
  const file = path.resolve(loc.file);
  perFile.set(file, (perFile.get(file) || 0) + 1);
  const at = `${loc.file}:${loc.line}${loc.column !== undefined ? ':' + loc.column : ''} (at ${where})`;
  if (!file.startsWith(tree)) return bad.push(`${at}: outside ${tree}`);
  const text = lines(file);
  if (text === null) return bad.push(`${at}: no such file`);
  if (!Number.isInteger(loc.line) || loc.line < 1 || loc.line > text.length) {
    return bad.push(`${at}: line out of range (file has ${text.length} lines)`);
  }
  if (typeof loc.column === 'number') {
    const width = text[loc.line - 1].replace(/\r$/, '').length;
    if (!Number.isInteger(loc.column) || loc.column < 1 || loc.column > width + 1) {
      bad.push(`${at}: column out of range (line has ${width} bytes)`);
    }
  }
}

function walk(value, where) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${where}[${i}]`));
  } else if (value && typeof value === 'object') {
    if (typeof value.file === 'string' && typeof value.line === 'number') check(value, where);
    for (const [k, v] of Object.entries(value)) walk(v, `${where}.${k}`);
  }
}
walk(result, '$');

for (const [file, n] of [...perFile].sort()) {
  process.stdout.write(`  ${n} locations in ${path.relative(tree, file)}\n`);
}
if (count === 0) {
  process.stderr.write(`check-locations: no source location found in ${resultFile}\n`);
  process.exit(1);
}
if (bad.length > 0) {
  process.stderr.write(`check-locations: ${bad.length} of ${count} locations do not map into the tree:\n`);
  for (const b of bad.slice(0, 20)) process.stderr.write(`  ${b}\n`);
  process.exit(1);
}
process.stdout.write(`  all ${count} locations map to lines of files in ${tree}\n`);
