#!/usr/bin/env node
// Issue 5, acceptance 3 on the real Xen build: `ldscope eval` against the real xen-syms.
//
// The build deletes the inputs of its final link (.xen-syms.1.o, the symbol table made from the
// previous link's nm output), so they are rebuilt first: nm of xen-syms through the tree's own
// tools/symbols gives the same .xen-syms.1.S (the last two links put every symbol at the same
// address, that is why the build stops there), assembled with the flags the build used for its
// other .S files. Linking prelink.o and it with the Makefile's final command must give a file
// byte-identical to xen-syms — else the inputs are not the link's and the step fails. That link
// also writes ld's -Map, whose load addresses are the reference LMAs.
//
// Then three evaluations, each compared with readelf (VMA, size), the map (LMA) and nm (every
// symbol the script assigns):
//   1. from the objects, as ld laid them out — everything exact;
//   2. from the objects with --elf xen-syms — everything exact;
//   3. from xen-syms alone (--elf) — every section exact; every symbol exact or declared
//      unknowable with the reason (a symbol between two input-section descriptions cannot be
//      known from the output section's total size); none wrong.
// Usage: check-eval.js XEN_DIR WORK_DIR
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const [xen, work] = process.argv.slice(2);
if (!xen || !work) throw new Error('usage: check-eval.js XEN_DIR WORK_DIR');
const repo = path.resolve(__dirname, '../..');
const cli = path.join(repo, 'dist/cli.js');
// A directory of this run's own (concurrent runs share WORK), removed when everything agreed.
const dir = fs.mkdtempSync(path.join(work, 'final-link-'));
const elf = path.join(xen, 'xen-syms');
const script = path.join(xen, 'arch/x86/xen.lds.S');
const cppFlags = ['--from-build', path.join(xen, 'arch/x86/.xen.lds.cmd')];

// --- the final link's inputs -------------------------------------------------------------------
const symbolsS = path.join(dir, 'xen-syms.1.S');
const symbolsO = path.join(dir, 'xen-syms.1.o');
const nmSysv = execFileSync('nm', ['-pa', '--format=sysv', elf], { maxBuffer: 1 << 28 });
// The arguments are those of arch/x86/Makefile's second symbol-table pass (CONFIG_LIVEPATCH with
// CONFIG_FAST_SYMBOL_LOOKUP and CONFIG_ENFORCE_UNIQUE_SYMBOLS, as Debian's config has them).
fs.writeFileSync(
  symbolsS,
  execFileSync(path.join(xen, 'tools/symbols'), ['--all-symbols', '--sort-by-name', '--sysv', '--sort', '--error-dup'], { input: nmSysv, maxBuffer: 1 << 28 }),
);
// The build's own compiler command for an arch/x86 .S file, pointed at the symbol table.
const cmdFile = fs.readFileSync(path.join(xen, 'arch/x86/.clear_page.o.cmd'), 'utf8');
const cmd = /^cmd_arch\/x86\/clear_page\.o := (.*)$/m.exec(cmdFile);
if (!cmd) throw new Error('arch/x86/.clear_page.o.cmd has no cmd_ line');
const compile = cmd[1]
  .replace(/-MMD -MP -MF \S+/, '')
  .replace(/'-D__OBJECT_LABEL__=[^']*'/, "'-D__OBJECT_LABEL__=.xen-syms.1.o'")
  .replace(/ -c arch\/x86\/clear_page\.S -o arch\/x86\/clear_page\.o/, ` -c ${symbolsS} -o ${symbolsO}`);
execFileSync('sh', ['-c', compile], { cwd: xen, stdio: 'inherit' });

// arch/x86/Makefile's final link ($(TARGET)-syms), as the build log shows it.
const ldOptions = ['-melf_x86_64', '-N', '--build-id=sha1'];
const relinked = path.join(dir, 'xen-syms');
const mapFile = path.join(dir, 'xen-syms.map');
execFileSync(
  'ld',
  ['-melf_x86_64', '--no-warn-rwx-segments', '-T', 'arch/x86/xen.lds', '-N', 'prelink.o', '--build-id=sha1', '--orphan-handling=warn', symbolsO, '-o', relinked, '-Map', mapFile],
  { cwd: xen, stdio: 'inherit' },
);
if (!fs.readFileSync(relinked).equals(fs.readFileSync(elf))) {
  throw new Error(`relinking prelink.o with the rebuilt ${symbolsO} did not reproduce xen-syms byte for byte: the inputs are not the link's`);
}
console.log('final link inputs rebuilt: prelink.o + .xen-syms.1.o relink to a byte-identical xen-syms');

// --- the reference: readelf, ld's map, nm ----------------------------------------------------
const want = new Map(); // name -> { vma, size, lma }
const readelf = execFileSync('readelf', ['-SW', elf], { encoding: 'utf8' });
for (const m of readelf.matchAll(/^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+\S+\s+([0-9a-f]+)\s+\S+\s+(\S*)\s/gm)) {
  const [, name, type, addr, size, flags] = m;
  if (!flags.includes('A') && name !== '.comment') continue;
  want.set(name, { type, vma: BigInt('0x' + addr), size: BigInt('0x' + size), lma: undefined });
}
const map = fs.readFileSync(mapFile, 'utf8');
for (const m of map.matchAll(/^(\.\S+|\/\S+)\s*\n?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)(?: load address 0x([0-9a-f]+))?$/gm)) {
  const w = want.get(m[1]);
  if (w && w.lma === undefined && BigInt('0x' + m[2]) === w.vma) w.lma = m[4] ? BigInt('0x' + m[4]) : w.vma;
}
for (const [name, w] of want) if (w.lma === undefined) throw new Error(`ld's map has no line for ${name}`);
const nmValues = new Map();
for (const line of execFileSync('nm', [elf], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n')) {
  const m = /^([0-9a-f]+) (\S) (\S+)$/.exec(line);
  if (!m) continue;
  if (!nmValues.has(m[3])) nmValues.set(m[3], []);
  nmValues.get(m[3]).push(BigInt('0x' + m[1]));
}

// --- the three evaluations -------------------------------------------------------------------
function evaluate(label, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'eval', script, ...cppFlags, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${label}: ldscope eval exited ${r.status}:\n${r.stderr}`);
  return { result: JSON.parse(r.stdout), ms };
}

function compare(label, { result, ms }, allowUnknown) {
  const problems = [];
  const seen = new Set();
  for (const s of result.sections) {
    seen.add(s.name);
    const w = want.get(s.name);
    if (!w) {
      problems.push(`section ${s.name}: not in xen-syms`);
      continue;
    }
    const got = { vma: BigInt(s.vma), lma: BigInt(s.lma), size: BigInt(s.size) };
    for (const k of ['vma', 'lma', 'size']) {
      if (got[k] !== w[k]) problems.push(`section ${s.name} ${k}: ld 0x${w[k].toString(16)}, ldscope 0x${got[k].toString(16)}`);
    }
  }
  for (const name of want.keys()) if (!seen.has(name)) problems.push(`section ${name}: in xen-syms, missing from ldscope's layout`);
  let exact = 0;
  for (const [name, value] of Object.entries(result.symbols)) {
    const linked = nmValues.get(name);
    if (!linked) problems.push(`symbol ${name}: ldscope 0x${BigInt(value).toString(16)}, not in xen-syms`);
    else if (linked.length !== 1) problems.push(`symbol ${name}: ${linked.length} symbols of that name in xen-syms`);
    else if (linked[0] !== BigInt(value)) problems.push(`symbol ${name}: ld 0x${linked[0].toString(16)}, ldscope 0x${BigInt(value).toString(16)}`);
    else exact++;
  }
  const unknown = result.diagnostics.filter((d) => d.code === 'cannot-know' && /^cannot know the value of /.test(d.message));
  if (unknown.length && !allowUnknown) problems.push(`${unknown.length} symbols declared unknowable (expected none): ${unknown.map((d) => d.message).slice(0, 3).join('; ')}`);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  for (const d of errors) problems.push(`error: ${d.message}`);
  const failed = result.asserts.filter((a) => a.passed === false);
  for (const a of failed) problems.push(`ASSERT failed: ${a.message}`);
  console.log(
    `${label}: ${result.sections.length} sections match readelf/map (VMA, LMA, size): ${problems.some((p) => p.startsWith('section')) ? 'NO' : 'yes'}; ` +
      `symbols exact ${exact}, declared unknowable ${unknown.length}, wrong ${problems.filter((p) => p.startsWith('symbol')).length}; ${ms.toFixed(0)} ms`,
  );
  return problems.map((p) => `${label}: ${p}`);
}

const problems = [
  ...compare('eval OBJECTS', evaluate('eval OBJECTS', ['prelink.o', symbolsO, ...ldOptions].map((a) => (a === 'prelink.o' ? path.join(xen, a) : a))), false),
  ...compare('eval OBJECTS --elf xen-syms', evaluate('eval OBJECTS --elf', [path.join(xen, 'prelink.o'), symbolsO, ...ldOptions, '--elf', elf]), false),
  ...compare('eval --elf xen-syms (alone)', evaluate('eval --elf', ['--elf', elf]), true),
];
if (problems.length) throw new Error(`ldscope eval disagrees with the real link:\n  ${problems.join('\n  ')}`);
console.log('ldscope eval agrees with the real Xen link');
fs.rmSync(dir, { recursive: true, force: true });
