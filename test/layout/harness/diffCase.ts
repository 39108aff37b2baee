/**
 * One differential case: GNU ld's layout of a generated link (ldOracle) against ldscope's,
 * from the same objects and script — every output section's name, VMA, LMA and size in
 * order, and every script symbol's value — plus --elf mode on the linked output (alone, and
 * with the objects), where each script symbol must be reproduced or declared unknowable,
 * never wrong.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readElf } from '../../../src/elf/readElf';
import { readObjectFileFast } from '../../../src/elf/fastRelocatable';
import type { ObjectFile } from '../../../src/elf/types';
import { layout } from '../../../src/layout/Linker';
import type { LayoutResult } from '../../../src/layout/LayoutResult';
import { defaultScriptFor } from '../../../src/layout/options/defaultScripts';
import { loadScript } from '../../../src/script/loadScript';
import type { LdResult, LinkCase } from '../../support/ldOracle/caseTypes';
import { drawAcceptedCase, DrawStats } from '../../support/ldOracle/drawAcceptedCase';
import { ldInputArgs } from '../../support/ldOracle/linkCase';
import { layoutOptionsForCase } from './ldArgs';

export interface ElfCheck {
  /** Script symbols reproduced exactly. */
  exact: number;
  /** Declared unknowable (with a "cannot know" diagnostic). */
  unknown: number;
  /** Wrong or missing values: must be zero. */
  wrong: string[];
}

export interface CaseOutcome {
  seed: number;
  family: string;
  constructs: string[];
  /** ld's own result was unusable (map and ELF disagree). */
  oracleProblem?: string;
  passed: boolean;
  mismatches: string[];
  elfAlone?: ElfCheck;
  elfWithObjects?: ElfCheck;
  /** The linked ELF could not be read for --elf mode (why). */
  elfUnreadable?: string;
  timing: { ldMs: number; evalMs: number };
  dir: string;
}

const hex = (v: bigint) => '0x' + v.toString(16);

async function readInputs(c: LinkCase, dir: string): Promise<Array<{ name: string; file: ObjectFile; data?: () => Uint8Array }>> {
  const objects: Array<{ name: string; file: ObjectFile; data?: () => Uint8Array }> = [];
  for (const arg of ldInputArgs(c)) {
    if (arg.startsWith('--')) continue;
    objects.push({ name: arg, file: await readObjectFileFast(path.join(dir, arg)), data: () => fs.readFileSync(path.join(dir, arg)) });
  }
  return objects;
}

export function compareWithLd(ld: LdResult, ours: LayoutResult): string[] {
  const problems: string[] = [];
  if (!ours.valid || ours.fatal) {
    problems.push(`ldscope reports the link invalid: ${ours.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message).join('; ')}`);
  }
  const n = Math.max(ld.sections.length, ours.sections.length);
  for (let i = 0; i < n; i++) {
    const a = ld.sections[i];
    const b = ours.sections[i];
    if (!a) {
      problems.push(`extra section #${i} ${b.name} vma ${hex(b.vma)} size ${hex(b.size)}`);
      continue;
    }
    if (!b) {
      problems.push(`missing section #${i} ${a.name} vma ${hex(a.vma)} size ${hex(a.size)}`);
      continue;
    }
    if (a.name !== b.name) {
      problems.push(`section #${i}: ld ${a.name}, ldscope ${b.name}`);
      continue;
    }
    if (a.vma !== b.vma) problems.push(`${a.name}: VMA ld ${hex(a.vma)} ldscope ${hex(b.vma)}`);
    if (a.lma !== b.lma) problems.push(`${a.name}: LMA ld ${hex(a.lma)} ldscope ${hex(b.lma)}`);
    if (a.size !== b.size) problems.push(`${a.name}: size ld ${hex(a.size)} ldscope ${hex(b.size)}`);
  }
  for (const [name, v] of ld.symbols) {
    const mine = ours.symbols.get(name);
    if (mine === undefined) problems.push(`symbol ${name}: ld ${hex(v)}, ldscope none`);
    else if (mine !== v) problems.push(`symbol ${name}: ld ${hex(v)} ldscope ${hex(mine)}`);
  }
  for (const [name, v] of ours.symbols) if (!ld.symbols.has(name)) problems.push(`symbol ${name}: ldscope ${hex(v)}, ld none`);
  return problems;
}

function checkElf(ld: LdResult, ours: LayoutResult): ElfCheck {
  const check: ElfCheck = { exact: 0, unknown: 0, wrong: [] };
  for (const [name, v] of ld.symbols) {
    const mine = ours.symbols.get(name);
    if (mine === v) check.exact++;
    else if (mine === undefined && ours.unknownSymbols.has(name)) check.unknown++;
    else check.wrong.push(`${name}: ld ${hex(v)} ldscope ${mine === undefined ? 'none' : hex(mine)}`);
  }
  for (const [name, v] of ours.symbols) if (!ld.symbols.has(name)) check.wrong.push(`${name}: ldscope ${hex(v)}, ld none`);
  return check;
}

export interface DiffOptions {
  elf: boolean;
  keep: boolean;
}

export async function runDiffCase(seed: number, root: string, stats: DrawStats, opts: DiffOptions): Promise<CaseOutcome> {
  const dir = path.join(root, `case-${seed}`);
  const { linkCase: c, result: ld } = drawAcceptedCase(seed, dir, {}, stats);
  const family = c.constructs.includes('xen') ? 'xen' : c.constructs.includes('INSERT') ? 'insert' : 'generic';
  const outcome: CaseOutcome = {
    seed: c.seed,
    family,
    constructs: c.constructs,
    passed: false,
    mismatches: [],
    timing: { ldMs: ld.timing.ldMs, evalMs: 0 },
    dir,
  };
  if (ld.inconsistencies.length > 0) {
    outcome.oracleProblem = ld.inconsistencies.join('; ');
    return outcome;
  }
  const options = layoutOptionsForCase(c);
  const script = loadScript(path.join(dir, 'script.ld'));
  const objects = await readInputs(c, dir);
  const t0 = performance.now();
  let ours: LayoutResult;
  try {
    ours = layout({ script, objects, options, defaultScript: () => defaultScriptFor(options) });
  } catch (e) {
    outcome.mismatches.push(`ldscope threw: ${(e as Error).stack ?? e}`);
    return outcome;
  }
  outcome.timing.evalMs = performance.now() - t0;
  outcome.mismatches = compareWithLd(ld, ours);
  outcome.passed = outcome.mismatches.length === 0;
  let elf: Awaited<ReturnType<typeof readElf>> | undefined;
  if (opts.elf) {
    try {
      elf = await readElf(ld.files.elf);
    } catch (e) {
      // src/elf cannot read every ELF ld writes (e.g. a p_memsz above 2^53): --elf mode is not
      // judged on this case.
      outcome.elfUnreadable = (e as Error).message;
    }
  }
  if (elf) {
    try {
      const alone = layout({ script: loadScript(path.join(dir, 'script.ld')), objects: [], options, defaultScript: () => defaultScriptFor(options), elf: { elf, withObjects: false } });
      outcome.elfAlone = checkElf(ld, alone);
    } catch (e) {
      outcome.elfAlone = { exact: 0, unknown: 0, wrong: [`threw: ${(e as Error).message}`] };
    }
    try {
      const both = layout({ script: loadScript(path.join(dir, 'script.ld')), objects, options, defaultScript: () => defaultScriptFor(options), elf: { elf, withObjects: true } });
      outcome.elfWithObjects = checkElf(ld, both);
    } catch (e) {
      outcome.elfWithObjects = { exact: 0, unknown: 0, wrong: [`threw: ${(e as Error).message}`] };
    }
  }
  if (outcome.passed && !opts.keep && (!outcome.elfAlone || outcome.elfAlone.wrong.length === 0) && (!outcome.elfWithObjects || outcome.elfWithObjects.wrong.length === 0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return outcome;
}
