/**
 * Seeded generation of differential cases: inputs (generateObjects.ts) plus a script drawn
 * from the generic, Xen-shaped or INSERT-into-the-default-script families.
 *
 * generateCase(seed) is a pure function of the seed (own PRNG, no clock, no environment):
 * the same seed yields the same case on every machine. Whether ld accepts it is checked by
 * drawAcceptedCase() (drawAcceptedCase.ts), which redraws with derived seeds when it does not.
 */
import { CaseArch, LinkCase } from './caseTypes';
import { SeededRandom } from '../SeededRandom';
import { InputModel, inputSpaceBound } from './inputModel';
import { generateInputModel, renderObjects, Vocabulary } from './generateObjects';
import { GeneratedScript, generateGenericScript } from './generateGenericScript';
import { generateXenScript } from './generateXenScript';
import { ScriptBuilder, alignUp, hex } from './scriptBuilder';

export type CaseFamily = 'generic' | 'xen' | 'insert';

export interface GenerateOptions {
  /** Force a script family (default: drawn, ~78% generic, 20% Xen, 2% INSERT). */
  family?: CaseFamily;
  /** Force an architecture (Xen cases are always x86_64). */
  arch?: CaseArch;
}

/** The drawn addresses do not fit the architecture; the caller should draw another seed. */
export class UnplaceableCaseError extends Error {}

export function generateCase(seed: number, opts: GenerateOptions = {}): LinkCase {
  const rng = new SeededRandom(seed);
  const family: CaseFamily = opts.family ?? rng.weighted([[78, 'generic'], [20, 'xen'], [2, 'insert']] as const);
  const arch: CaseArch = family === 'xen' ? 'x86_64' : (opts.arch ?? (rng.chance(0.15) ? 'i386' : 'x86_64'));
  const vocabulary: Vocabulary = family === 'xen' ? 'xen' : 'generic';
  const model = generateInputModel(rng.fork(), {
    vocabulary,
    allowHugeAlign: rng.chance(0.3),
    useArchive: rng.chance(0.25),
  });
  const scriptRng = rng.fork();
  const generated =
    family === 'xen' ? generateXenScript(scriptRng, model)
      : family === 'insert' ? generateInsertScript(scriptRng, model, arch)
        : generateGenericScript(scriptRng, model, arch);
  const b = generated.builder;
  model.references = b.references.slice();
  tagInputs(b, model);
  const { script, ldArgs } = resolvePlaceholders(generated, model, arch, rng.fork());
  return {
    seed,
    arch,
    objects: renderObjects(model, arch),
    script,
    ldArgs,
    constructs: [...b.tags].sort(),
  };
}

function tagInputs(b: ScriptBuilder, model: InputModel): void {
  for (const o of model.objects) {
    if (o.archive !== undefined) b.tag('archive');
    if (o.commons.length > 0) b.tag('COMMON-symbols');
    for (const s of o.sections) {
      if (s.alignLog2 >= 21) b.tag('input-align-2M');
      else if (s.alignLog2 >= 12) b.tag('input-align-4K+');
      if (s.size === 0 && s.body.every((i) => i.op !== 'refs')) b.tag('empty-input-section');
    }
  }
  if (model.references.length > 0) b.tag('object-references');
}

/**
 * Replaces `@VMAk@`, `@LMAk@`, `@ROM@`, `@RAM@`, `@LEN@` with addresses far enough apart that
 * whatever ld does with the inputs (orphans included) fits between them.
 */
function resolvePlaceholders(g: GeneratedScript, model: InputModel, arch: CaseArch, rng: SeededRandom): { script: string; ldArgs: string[] } {
  const b = g.builder;
  const bound = inputSpaceBound(model) + b.space + 0x10000n;
  const stride = alignUp(bound * 2n, 0x100000n);
  const vmaBase = alignUp(g.plan.base, 0x100000n);
  const vmaSpan = BigInt(b.vmaSlots + 2) * stride;
  const limit = arch === 'i386' ? 1n << 32n : 1n << 64n;
  const vma = (k: number): bigint => vmaBase + BigInt(k + 1) * stride + BigInt(rng.int(0, 15)) * 0x1000n;
  let lmaBase: bigint;
  if (arch === 'i386') lmaBase = alignUp(vmaBase + vmaSpan, 0x1000000n) + 0x1000000n;
  else {
    lmaBase = alignUp(vmaBase + vmaSpan, 0x10000000n);
    if (lmaBase < 0x100000000n) lmaBase = 0x100000000n;
  }
  const lmaStride = vmaSpan + stride;
  const lma = (k: number): bigint => lmaBase + BigInt(k) * lmaStride;
  const top = b.lmaSlots > 0 ? lma(b.lmaSlots) : vmaBase + vmaSpan + stride * 3n;
  if (!g.plan.highBase && top >= limit) throw new UnplaceableCaseError(`addresses up to ${hex(top)} do not fit ${arch}`);
  const values = new Map<string, bigint>();
  for (let k = 0; k < b.vmaSlots; k++) values.set(`@VMA${k}@`, vma(k));
  for (let k = 0; k < b.lmaSlots; k++) values.set(`@LMA${k}@`, lma(k));
  values.set('@ROM@', g.plan.base);
  values.set('@RAM@', g.plan.base + 2n * stride);
  values.set('@LEN@', stride);
  const resolve = (text: string): string => text.replace(/@(VMA\d+|LMA\d+|ROM|RAM|LEN)@/g, (m) => hex(values.get(m)!));
  return { script: resolve(b.text()), ldArgs: g.ldArgs.map(resolve) };
}

/**
 * INSERT: a -T script that only adds sections into ld's *default* script (the documented use
 * of INSERT). The evaluator must then know the default script (`ld --verbose`).
 */
function generateInsertScript(rng: SeededRandom, model: InputModel, arch: CaseArch): GeneratedScript {
  const b = new ScriptBuilder(rng, [], arch);
  b.tag('INSERT', 'default-script');
  if (arch === 'i386') b.tag('i386');
  const names = [...new Set(model.objects.flatMap((o) => o.sections.filter((s) => !s.discardable && s.kind !== 'nonalloc').map((s) => s.name)))];
  const chosen = rng.shuffle(names).slice(0, rng.int(1, 2));
  b.open('SECTIONS {');
  b.open('.inserted : {');
  b.line('ins_start = .;');
  for (const n of chosen) b.line(`*(${n})`);
  b.line('ins_end = .;');
  b.close();
  b.close();
  const where = rng.pick(['AFTER .text', 'AFTER .data', 'BEFORE .bss', 'AFTER .rodata']);
  b.line(`INSERT ${where};`);
  b.defineSymbol('ins_start');
  if (rng.chance(0.5)) b.reference('ins_start');
  return { builder: b, ldArgs: [], plan: { lmaStyle: 'same', base: 0x400000n, offset: 0n, highBase: false } };
}
