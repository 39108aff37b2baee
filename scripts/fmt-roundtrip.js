#!/usr/bin/env node
// `ldscope fmt` round trip over a directory of linker scripts: for every script ldscope
// parses, the AST of fmt(script) must equal the script's AST (locations aside), and fmt must
// be idempotent. Files that do not parse are skipped (counted). Ends with `N passed, M failed`;
// exits 1 on any failure.
//
//   node scripts/fmt-roundtrip.js DIR             DIR = an unpacked corpus (MANIFEST.tsv), or
//                                                 any directory (every file under it is tried)
//   node scripts/fmt-roundtrip.js DIR --ld        also run GNU ld (`ld -T`) on the original and
//                                                 the formatted text: fmt must not turn a script
//                                                 ld reads into one with a syntax error
//   node scripts/fmt-roundtrip.js DIR --verbose   list every failure
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseScript, parseScriptFile } = require('../dist/script/ScriptParser');
const { SourceFile } = require('../dist/diagnostics/SourceFile');
const { formatScript } = require('../dist/script/ScriptFormatter');
const { findAstDifference, describeAstDifference } = require('../dist/script/astEquality');

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const withLd = args.includes('--ld');
const dir = args.find((a) => !a.startsWith('--'));
if (!dir || !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('usage: node scripts/fmt-roundtrip.js DIR [--ld] [--verbose]');
  process.exit(2);
}

function readTsv(file) {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const cols = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])));
}

function walk(d) {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    return e.isDirectory() ? walk(p) : e.isFile() ? [p] : [];
  });
}

const manifest = path.join(dir, 'MANIFEST.tsv');
const cases = fs.existsSync(manifest)
  ? readTsv(manifest).map((r) => ({ file: path.join(dir, r.corpus_path), stubIncludes: r.ld_check === 'ok-stubinc' }))
  : walk(dir).map((file) => ({ file, stubIncludes: false }));

/** GNU ld's verdict on a script: does it report a syntax error? (No inputs: a clean parse ends
 *  with "no input files" or a later, non-syntax error.) */
function ldSyntaxError(scriptFile, includeDir) {
  const r = spawnSync('ld', ['-T', scriptFile, '-L', includeDir, '-o', '/dev/null'], { cwd: includeDir, encoding: 'latin1' });
  return /syntax error|ignoring invalid character/.test(r.stderr);
}

const tmp = withLd ? fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-fmt-')) : undefined;
let passed = 0;
let failed = 0;
let skipped = 0;
let ldChecked = 0;
const failures = [];
for (const c of cases) {
  const options = { libraryPaths: [path.dirname(c.file)], missingInclude: c.stubIncludes ? () => '' : undefined };
  let original;
  try {
    original = parseScriptFile(c.file, options);
  } catch {
    skipped++;
    continue;
  }
  let problem;
  try {
    const formatted = formatScript(original);
    // Parsed under the original's name so relative INCLUDEs resolve the same way.
    const reparsed = parseScript(new SourceFile(c.file, formatted), options);
    const d = findAstDifference(original, reparsed);
    if (d) problem = `AST differs at ${describeAstDifference(d)}`;
    else if (formatScript(reparsed) !== formatted) problem = 'not idempotent';
    else if (withLd && !c.stubIncludes) {
      const out = path.join(tmp, 'formatted.ld');
      fs.writeFileSync(out, formatted, 'latin1');
      const includeDir = path.dirname(c.file);
      ldChecked++;
      if (ldSyntaxError(out, includeDir) && !ldSyntaxError(c.file, includeDir)) problem = 'GNU ld reports a syntax error in the formatted script only';
    }
  } catch (e) {
    problem = String(e.message).split('\n')[0];
  }
  if (problem) {
    failed++;
    failures.push(`${c.file}\n    ${problem}`);
  } else passed++;
}
if (tmp) fs.rmSync(tmp, { recursive: true, force: true });

if (failures.length) {
  console.log(`Failures (${failures.length}):`);
  for (const f of verbose ? failures : failures.slice(0, 30)) console.log(`  ${f}`);
  if (!verbose && failures.length > 30) console.log(`  … ${failures.length - 30} more (--verbose)`);
}
if (skipped) console.log(`(${skipped} files skipped: ldscope does not parse them)`);
if (withLd) console.log(`(GNU ld checked ${ldChecked} formatted scripts)`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
