#!/usr/bin/env node
// Checks `ldscope xen XEN` against the real binutils: every allocated section of xen-syms is in
// the summary with readelf's address and size, the image end is nm's __2M_rwdata_end (or
// __end_of_image__), the verdict is OK; then times the command (Node start-up included).
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');

const [xen] = process.argv.slice(2);
const cli = path.resolve(__dirname, '../../dist/cli.js');
const run = () => spawnSync(process.execPath, [cli, 'xen', xen], { encoding: 'utf8' });
const r = run();
process.stdout.write(r.stdout);
if (r.status !== 0) {
  process.stderr.write(r.stderr);
  throw new Error(`ldscope xen exited ${r.status}`);
}
const problems = [];
const readelf = execFileSync('readelf', ['-SW', path.join(xen, 'xen-syms')], { encoding: 'utf8' });
let sections = 0;
for (const m of readelf.matchAll(/^\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+\S+\s+([0-9a-f]+)\s+\S+\s+(\S*A\S*)\s/gm)) {
  const [, name, addr, size] = m;
  sections++;
  const row = r.stdout.split('\n').find((l) => l.trim().startsWith(name + ' '));
  const want = [`0x${BigInt('0x' + addr).toString(16)}`, `0x${BigInt('0x' + size).toString(16)}`];
  if (!row || !want.every((w) => row.includes(w))) problems.push(`section ${name}: readelf says ${want.join(' ')}, summary row: ${row}`);
}
const nm = execFileSync('nm', [path.join(xen, 'xen-syms')], { encoding: 'utf8' });
const sym = (n) => (new RegExp(`^([0-9a-f]+) . ${n}$`, 'm').exec(nm) || [])[1];
const endSym = sym('__end_of_image__') ? '__end_of_image__' : '__2M_rwdata_end';
const end = `0x${BigInt('0x' + sym(endSym)).toString(16)}`;
if (!new RegExp(`image end +${end} \\(${endSym}\\)`).test(r.stdout)) problems.push(`image end: nm says ${endSym} = ${end}`);
if (!/^verdict: OK/m.test(r.stdout)) problems.push('verdict is not OK');
if (problems.length) throw new Error(`ldscope xen disagrees with readelf/nm:\n  ${problems.join('\n  ')}`);
console.log(`ldscope xen agrees with readelf (${sections} allocated sections) and nm (${endSym})`);

const times = [];
for (let i = 0; i < 5; i++) {
  const t0 = process.hrtime.bigint();
  run();
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
const best = Math.min(...times);
console.log(`ldscope xen wall time: best ${best.toFixed(3)} s of 5 (median ${times.sort()[2].toFixed(3)} s), Node start-up included; target < 0.5 s: ${best < 0.5 ? 'MET' : 'NOT MET'}`);
