/**
 * Two layouts side by side (`eval --json` results, e.g. before and after a change): for each
 * output section whether it moved, grew, shrank, appeared or went away, and the same for
 * the script's symbols — the question every "why did my image grow" review asks.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../../diagnostics/errors';
import type { LayoutJson } from '../../layoutJson';

export interface ComparedValues {
  vma: bigint;
  lma: bigint;
  size: bigint;
}

export type ChangeKind = 'added' | 'removed' | 'grew' | 'shrank' | 'moved' | 'unchanged';

export interface SectionChange {
  name: string;
  before?: ComparedValues;
  after?: ComparedValues;
  change: ChangeKind;
  /** after.size − before.size (0 for added/removed: see the sides). */
  sizeDelta: bigint;
  vmaDelta: bigint;
  /** Drawn on the address lanes (not at address 0: see `unplacedNote`). */
  placed: boolean;
}

export interface SymbolChange {
  name: string;
  before?: bigint;
  after?: bigint;
}

export interface LayoutComparison {
  beforeName: string;
  afterName: string;
  sections: SectionChange[];
  /** Symbols whose value differs, or that exist on one side only. */
  symbols: SymbolChange[];
  unchangedSymbols: number;
  /** Total bytes of the placed sections, each side. */
  totalBefore: bigint;
  totalAfter: bigint;
  unplacedNote: string;
}

/** A layout as `ldscope eval --json` wrote it; a clear error for anything else. */
export function readLayoutJson(file: string): LayoutJson {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`ldscope map: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${file}: not JSON (${(e as Error).message}); --compare wants the output of 'ldscope eval --json'`);
  }
  const d = data as Partial<LayoutJson>;
  if (!d || typeof d !== 'object' || !Array.isArray(d.sections) || typeof d.symbols !== 'object' || d.symbols === null) {
    throw new InputError(`${file}: not an 'ldscope eval --json' result (no "sections" list and "symbols" object)`);
  }
  d.sections.forEach((s, i) => {
    for (const k of ['vma', 'lma', 'size'] as const) {
      if (typeof s?.name !== 'string' || typeof s[k] !== 'string' || !/^0x[0-9a-f]+$/i.test(s[k])) {
        throw new InputError(`${file}: sections[${i}].${typeof s?.name === 'string' ? k : 'name'} is not what 'ldscope eval --json' writes (a name and 0x… numbers)`);
      }
    }
  });
  for (const [name, v] of Object.entries(d.symbols)) {
    if (typeof v !== 'string' || !/^0x[0-9a-f]+$/i.test(v)) throw new InputError(`${file}: symbols.${name} is not a 0x… number`);
  }
  return d as LayoutJson;
}

const values = (s: LayoutJson['sections'][number]): ComparedValues => ({ vma: BigInt(s.vma), lma: BigInt(s.lma), size: BigInt(s.size) });

/** Sections at address 0 on both sides: debug and comment sections (the JSON has no flags). */
const atZero = (v: ComparedValues | undefined) => v === undefined || (v.vma === 0n && v.lma === 0n);

export function compareLayouts(before: LayoutJson, after: LayoutJson, beforeName: string, afterName: string): LayoutComparison {
  const b = new Map(before.sections.map((s) => [s.name, values(s)]));
  const a = new Map(after.sections.map((s) => [s.name, values(s)]));
  const names = [...after.sections.map((s) => s.name), ...before.sections.map((s) => s.name).filter((n) => !a.has(n))];
  const sections: SectionChange[] = [];
  for (const name of new Set(names)) {
    const x = b.get(name);
    const y = a.get(name);
    let change: ChangeKind;
    if (!x) change = 'added';
    else if (!y) change = 'removed';
    else if (y.size > x.size) change = 'grew';
    else if (y.size < x.size) change = 'shrank';
    else if (y.vma !== x.vma || y.lma !== x.lma) change = 'moved';
    else change = 'unchanged';
    sections.push({
      name,
      before: x,
      after: y,
      change,
      sizeDelta: x && y ? y.size - x.size : 0n,
      vmaDelta: x && y ? y.vma - x.vma : 0n,
      placed: !(atZero(x) && atZero(y)),
    });
  }
  const symbols: SymbolChange[] = [];
  let unchangedSymbols = 0;
  const symNames = new Set([...Object.keys(after.symbols), ...Object.keys(before.symbols)]);
  for (const name of symNames) {
    const x = before.symbols[name] !== undefined ? BigInt(before.symbols[name]) : undefined;
    const y = after.symbols[name] !== undefined ? BigInt(after.symbols[name]) : undefined;
    if (x === y) unchangedSymbols++;
    else symbols.push({ name, before: x, after: y });
  }
  const total = (side: 'before' | 'after') => sections.reduce((n, s) => (s.placed && s[side] ? n + s[side]!.size : n), 0n);
  return {
    beforeName,
    afterName,
    sections,
    symbols,
    unchangedSymbols,
    totalBefore: total('before'),
    totalAfter: total('after'),
    unplacedNote: "eval --json carries no section flags: sections at address 0 on both sides (debug info, .comment) are taken as not allocated — compared in the table, not drawn",
  };
}
