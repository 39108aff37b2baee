/**
 * Test support: link a small hand-written case with the real GNU as/ld (through the ldOracle)
 * and lay it out with ldscope from the same files, so a test can compare the two.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readElf } from '../../../src/elf/readElf';
import { readObjectFileFast } from '../../../src/elf/fastRelocatable';
import { layout } from '../../../src/layout/Linker';
import type { LayoutResult } from '../../../src/layout/LayoutResult';
import { defaultScriptFor } from '../../../src/layout/options/defaultScripts';
import { loadScript } from '../../../src/script/loadScript';
import type { AsmObject, LdResult, LinkCase } from '../../support/ldOracle/caseTypes';
import { ldInputArgs, linkCase } from '../../support/ldOracle/linkCase';
import { layoutOptionsForCase } from '../harness/ldArgs';

export interface SmallCase {
  script: string;
  objects: AsmObject[];
  ldArgs?: string[];
  arch?: 'x86_64' | 'i386';
}

export interface Linked {
  ld: LdResult;
  ours: LayoutResult;
  dir: string;
  /** ldscope on the linked ELF alone (only when ld succeeded). */
  elf?: () => Promise<LayoutResult>;
}

const hex = (v: bigint) => '0x' + v.toString(16);

/** A one-section object in GNU as syntax. */
export function asm(name: string, body: string, archive?: string): AsmObject {
  return archive === undefined ? { name, asm: body } : { name, asm: body, archive };
}

/** `.section NAME,"FLAGS",@TYPE` + `.p2align` + SIZE bytes (optionally a global label first). */
export function section(name: string, opts: { flags?: string; type?: string; align?: number; size?: number; label?: string } = {}): string {
  const flags = opts.flags ?? 'a';
  const type = opts.type ?? (flags.includes('w') && name.includes('bss') ? 'nobits' : 'progbits');
  const lines = [`\t.section ${name},"${flags}",@${type}`, `\t.p2align ${opts.align ?? 0}`];
  if (opts.label) lines.push(`\t.globl ${opts.label}`, `${opts.label}:`);
  const size = opts.size ?? 16;
  if (size > 0) lines.push(type === 'nobits' ? `\t.skip ${size}` : `\t.fill ${size},1,0x90`);
  return lines.join('\n') + '\n';
}

let counter = 0;

export async function linkBoth(c: SmallCase): Promise<Linked> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ldscope-unit-${counter++}-`));
  const lc: LinkCase = { seed: 0, arch: c.arch ?? 'x86_64', objects: c.objects, script: c.script, ldArgs: c.ldArgs ?? [], constructs: [] };
  const ld = linkCase(lc, dir);
  const options = layoutOptionsForCase(lc);
  const objects = [];
  for (const arg of ldInputArgs(lc)) {
    if (arg.startsWith('--')) continue;
    objects.push({ name: arg, file: await readObjectFileFast(path.join(dir, arg)), data: () => fs.readFileSync(path.join(dir, arg)) });
  }
  const script = loadScript(path.join(dir, 'script.ld'));
  const ours = layout({ script, objects, options, defaultScript: () => defaultScriptFor(options) });
  const linked: Linked = { ld, ours, dir };
  if (ld.ok) {
    linked.elf = async () => {
      const elf = await readElf(ld.files.elf);
      return layout({ script: loadScript(path.join(dir, 'script.ld')), objects: [], options, defaultScript: () => defaultScriptFor(options), elf: { elf, withObjects: false } });
    };
  }
  return linked;
}

/** Every difference between ld's output and ldscope's (sections in order, script symbols). */
export function differences(l: Linked): string[] {
  const out: string[] = [];
  const { ld, ours } = l;
  const a = ld.sections.map((s) => `${s.name} vma=${hex(s.vma)} lma=${hex(s.lma)} size=${hex(s.size)}`);
  const b = ours.sections.map((s) => `${s.name} vma=${hex(s.vma)} lma=${hex(s.lma)} size=${hex(s.size)}`);
  if (a.join('\n') !== b.join('\n')) out.push(`sections:\n ld:      ${a.join('\n          ')}\n ldscope: ${b.join('\n          ')}`);
  for (const [k, v] of ld.symbols) if (ours.symbols.get(k) !== v) out.push(`${k}: ld ${hex(v)}, ldscope ${ours.symbols.has(k) ? hex(ours.symbols.get(k)!) : 'none'}`);
  for (const k of ours.symbols.keys()) if (!ld.symbols.has(k)) out.push(`${k}: only ldscope defines it`);
  return out;
}

/** Expects ld to have succeeded and ldscope to agree exactly. */
export function expectSameAsLd(l: Linked): void {
  if (!l.ld.ok) throw new Error(`ld failed: ${l.ld.stderr}`);
  expect(l.ld.inconsistencies).toEqual([]);
  expect(differences(l)).toEqual([]);
  expect(l.ours.valid).toBe(true);
}
