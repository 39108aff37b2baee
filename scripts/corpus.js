#!/usr/bin/env node
// Measures the parser against GNU ld's verdicts on the real-world corpus (../shared/corpus):
// every script ld accepts must parse, every script in rejected/ must fail. Prints a table per
// source and ends with `N passed, M failed`; exits 1 on any disagreement.
//
//   npm run corpus -- DIR            DIR = an unpacked corpus.tar.xz (has MANIFEST.tsv)
//   npm run corpus -- DIR --verbose  also lists every disagreement with ldscope's message
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { parseScriptFile } = require('../dist/script/ScriptParser');

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const dir = args.find((a) => !a.startsWith('--'));
if (!dir || !fs.existsSync(path.join(dir, 'MANIFEST.tsv'))) {
  console.error('usage: npm run corpus -- DIR   (DIR holds MANIFEST.tsv from ../shared/corpus/corpus.tar.xz)');
  process.exit(2);
}

function readTsv(file) {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const cols = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])));
}

// Classes the corpus README defines as "ld accepts"; `fragment` files are only valid inside
// the script that INCLUDEs them, so they are not judged on their own.
const ACCEPTED = new Set(['ok', 'ok-semantic', 'ok-noarch', 'ok-stubinc', 'arch']);

const cases = [
  ...readTsv(path.join(dir, 'MANIFEST.tsv')).map((r) => ({ ...r, expect: ACCEPTED.has(r.ld_check) ? 'accept' : r.ld_check === 'fragment' ? 'skip' : 'accept' })),
  ...readTsv(path.join(dir, 'EXCLUDED.tsv')).map((r) => ({ ...r, expect: 'reject' })),
];

const perSource = new Map();
const failures = [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const c of cases) {
  if (c.expect === 'skip') {
    skipped++;
    continue;
  }
  const file = path.join(dir, c.corpus_path);
  let ok;
  let message = '';
  try {
    // As the corpus' ld check did: -L <dir of script>, and an empty stand-in for INCLUDE
    // files that are not shipped (class ok-stubinc).
    parseScriptFile(file, {
      libraryPaths: [path.dirname(file)],
      missingInclude: c.ld_check === 'ok-stubinc' ? () => '' : undefined,
    });
    ok = true;
  } catch (e) {
    ok = false;
    message = String(e.message).split('\n')[0];
  }
  const agrees = (c.expect === 'accept') === ok;
  const row = perSource.get(c.source) || { accept: 0, acceptOk: 0, reject: 0, rejectOk: 0 };
  if (c.expect === 'accept') {
    row.accept++;
    if (agrees) row.acceptOk++;
  } else {
    row.reject++;
    if (agrees) row.rejectOk++;
  }
  perSource.set(c.source, row);
  if (agrees) passed++;
  else {
    failed++;
    failures.push(`${c.expect === 'accept' ? 'should parse' : 'should fail'}: ${c.corpus_path}${message ? `\n    ${message}` : ''}`);
  }
}

const pct = (a, b) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)}%`);
console.log('| source | ld accepts | ldscope parses | ld rejects | ldscope rejects | agreement |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const [source, r] of [...perSource].sort()) {
  console.log(`| ${source} | ${r.accept} | ${r.acceptOk} | ${r.reject} | ${r.rejectOk} | ${pct(r.acceptOk + r.rejectOk, r.accept + r.reject)} |`);
}
if (skipped) console.log(`(${skipped} INCLUDE fragments not judged on their own)`);
if (failures.length) {
  console.log(`\nDisagreements (${failures.length}):`);
  for (const f of verbose ? failures : failures.slice(0, 40)) console.log(`  ${f}`);
  if (!verbose && failures.length > 40) console.log(`  … ${failures.length - 40} more (--verbose)`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
