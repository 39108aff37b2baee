/**
 * Independent checks of an oracle result: the ELF as `objdump -h -w` and `nm` see it, and
 * what the script's own text says ld must (or must not) define. Used by the tests and by the
 * demo run over hundreds of cases.
 *
 * Where objdump is not right: it rebuilds LMAs from program headers, so an empty section
 * (which lies in no segment) gets its VMA or a neighbour's offset; LMAs are compared only
 * for non-empty ALLOC+LOAD sections.
 */
import { execFileSync } from 'node:child_process';
import { LdResult, LinkCase } from './caseTypes';

interface ObjdumpSection {
  name: string;
  size: bigint;
  vma: bigint;
  lma: bigint;
  flags: string[];
}

export function objdumpSections(elf: string): ObjdumpSection[] {
  const text = execFileSync('objdump', ['-h', '-w', elf], { encoding: 'utf8' });
  const rows: ObjdumpSection[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\d+\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+2\*\*\d+\s*(.*)$/.exec(line);
    if (m) rows.push({ name: m[1], size: BigInt('0x' + m[2]), vma: BigInt('0x' + m[3]), lma: BigInt('0x' + m[4]), flags: m[5].split(/,\s*/) });
  }
  return rows;
}

export function nmSymbols(elf: string): Map<string, bigint[]> {
  const text = execFileSync('nm', ['-P', elf], { encoding: 'utf8' });
  const out = new Map<string, bigint[]>();
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 3) continue;
    out.set(f[0], [...(out.get(f[0]) ?? []), BigInt('0x' + f[2])]);
  }
  return out;
}

/**
 * Checks one linked case against the ELF as objdump and nm see it, and against what the
 * script's own text says ld must define. Returns problems (empty when all agree).
 */
export function crossCheckWithTools(c: LinkCase, r: LdResult): string[] {
  const problems: string[] = [...r.inconsistencies];
  const od = objdumpSections(r.files.elf);
  // Same set of sections (objdump -h lists all headers but .symtab/.strtab/.shstrtab).
  const ours = r.sections.map((s) => s.name).sort();
  const theirs = od.map((s) => s.name).sort();
  if (JSON.stringify(ours) !== JSON.stringify(theirs)) problems.push(`section set differs: ours ${ours} objdump ${theirs}`);
  for (const s of r.sections) {
    const o = od.find((x) => x.name === s.name && x.vma === s.vma);
    if (!o) {
      problems.push(`${s.name}@${s.vma.toString(16)} not in objdump -h`);
      continue;
    }
    if (o.size !== s.size) problems.push(`${s.name}: size ${s.size} vs objdump ${o.size}`);
    // objdump's LMA comes from program headers; it is right for non-empty loaded sections
    // (empty ones lie in no segment, and then objdump falls back to the VMA or a neighbour).
    if (s.size > 0n && o.flags.includes('ALLOC') && o.flags.includes('LOAD') && o.lma !== s.lma) {
      problems.push(`${s.name}: LMA ${s.lma.toString(16)} vs objdump ${o.lma.toString(16)}`);
    }
  }
  const nm = nmSymbols(r.files.elf);
  const mask = c.arch === 'i386' ? 0xffffffffn : 0xffffffffffffffffn;
  for (const [name, value] of r.symbols) {
    const values = nm.get(name);
    if (!values) problems.push(`symbol ${name} not in nm`);
    else if (!values.includes(value & mask)) problems.push(`symbol ${name}: ${value.toString(16)} vs nm ${values.map((v) => v.toString(16))}`);
  }
  // Plain and HIDDEN assignments always define their symbol.
  for (const m of c.script.matchAll(/^\s*(?:HIDDEN\()?([A-Za-z_][A-Za-z0-9_]*)\s*=[^=]/gm)) {
    if (!r.symbols.has(m[1])) problems.push(`script assigns ${m[1]} but the oracle has no such symbol`);
  }
  // Symbols the objects reference (`.quad sym`) must be defined by the script.
  const asm = c.objects.map((o) => o.asm).join('\n');
  for (const m of asm.matchAll(/^\s*\.(?:quad|long)\s+([A-Za-z_][A-Za-z0-9_]*)\s*$/gm)) {
    if (!r.symbols.has(m[1])) problems.push(`object references ${m[1]} but the oracle has no such symbol`);
  }
  // A PROVIDE nobody references (object or script) must stay undefined.
  for (const m of c.script.matchAll(/PROVIDE(?:_HIDDEN)?\(([A-Za-z_][A-Za-z0-9_]*) =/g)) {
    const name = m[1];
    const mentions = c.script.split(/[^A-Za-z0-9_]/).filter((w) => w === name).length;
    const referenced = new RegExp(`\\.(quad|long)\\s+${name}$`, 'm').test(asm);
    const objectDefined = c.objects.some((o) => o.asm.includes(`\n${name}:`));
    if (mentions === 1 && !referenced && !objectDefined && r.symbols.has(name)) problems.push(`unreferenced PROVIDE ${name} got defined`);
  }
  return problems;
}
