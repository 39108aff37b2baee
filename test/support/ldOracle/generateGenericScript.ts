/**
 * Draws a general-purpose linker script for an InputModel: output sections for the text,
 * rodata, data and bss families with the full menu of output section attributes, symbol
 * assignments of every kind between and inside them, and the special shapes ld treats
 * specially (empty sections, data-only sections, OVERLAY, MEMORY/REGION_ALIAS, PHDRS,
 * DATA_SEGMENT_*, /DISCARD/, orphans left unmentioned).
 *
 * Addresses: every explicit address is either relative to `.` (always forward) or a
 * placeholder slot resolved to "beyond everything before it" (scriptBuilder.ts), so the
 * generator never needs to know the layout to stay valid.
 */
import { CaseArch } from './caseTypes';
import { InputModel, ObjectModel, SectionKind, allSections } from './inputModel';
import { SeededRandom } from '../SeededRandom';
import { ScriptBuilder, drawAlignment, hex } from './scriptBuilder';
import { generateExpression, numberLiteral } from './generateExpression';
import { generatePatterns, holdersByName } from './generatePatterns';
import { ENTRY_SYMBOL } from './generateObjects';

export type LmaStyle = 'same' | 'offset' | 'memory';

export interface GenericScriptPlan {
  lmaStyle: LmaStyle;
  /** Initial location counter (low bases allow far-away slots). */
  base: bigint;
  /** For 'offset': VMA - LMA of every section. */
  offset: bigint;
  highBase: boolean;
}

export interface GeneratedScript {
  builder: ScriptBuilder;
  ldArgs: string[];
  plan: GenericScriptPlan;
}

interface OutputSpec {
  name: string;
  family: SectionKind;
  inputs: string[];
  /** Gets `*(COMMON)`. */
  common: boolean;
}

const OUTPUT_NAMES: Record<'text' | 'rodata' | 'data' | 'bss', Array<readonly [number, string]>> = {
  text: [[7, '.text'], [1, '.code'], [1, 'text']],
  rodata: [[7, '.rodata'], [1, '.rdata'], [1, '.const']],
  data: [[7, '.data'], [1, '.rwdata'], [1, 'data']],
  bss: [[7, '.bss'], [1, '.zbss'], [1, 'bss']],
};

export function generateGenericScript(rng: SeededRandom, model: InputModel, arch: CaseArch): GeneratedScript {
  const objectSymbols = allSections(model)
    .filter(({ section }) => !section.discardable)
    .flatMap(({ section }) => section.symbols)
    .concat(model.objects.flatMap((o) => o.commons.map((c) => c.name)));
  const b = new ScriptBuilder(rng, objectSymbols, arch);
  const ldArgs: string[] = [];
  const holders = holdersByName(model);

  // ---- modes ----
  const memory = rng.chance(0.15);
  const lmaStyle: LmaStyle = memory ? 'memory' : rng.weighted([[8, 'same'], [1.5, 'offset']] as const);
  const plan = pickBase(rng, arch, lmaStyle);
  const phdrs = lmaStyle === 'same' && rng.chance(0.1);
  const dataSegment = lmaStyle === 'same' && !phdrs && !plan.highBase && rng.chance(0.06);
  const slots = lmaStyle === 'same' && !phdrs && !dataSegment && !plan.highBase;
  // Overlay members get consecutive LMAs: they need an LMA slot of their own.
  const overlay = slots && rng.chance(0.12);
  const orphanRate = rng.chance(0.15) ? 0.4 : 0.08;
  b.tag(`lma-${lmaStyle}`);
  if (arch === 'i386') b.tag('i386');

  drawLdOptions(b, ldArgs);

  // ---- families and output plan ----
  const byKind = new Map<SectionKind, string[]>();
  const discardable: string[] = [];
  for (const { section } of allSections(model)) {
    if (section.discardable) {
      if (!discardable.includes(section.name)) discardable.push(section.name);
      continue;
    }
    const list = byKind.get(section.kind) ?? [];
    if (!list.includes(section.name)) list.push(section.name);
    byKind.set(section.kind, list);
  }
  const covered = (kind: SectionKind): string[] => {
    const names = byKind.get(kind) ?? [];
    const rate = kind === 'note' || kind === 'nonalloc' ? 0.5 : orphanRate;
    return names.filter((n) => {
      if (rng.chance(rate)) {
        b.tag('orphan');
        if (kind === 'note') b.tag('orphan-note');
        if (kind === 'nonalloc') b.tag('orphan-nonalloc');
        return false;
      }
      return true;
    });
  };
  const hasCommons = model.objects.some((o) => o.commons.length > 0);
  const outputs: OutputSpec[] = [];
  for (const family of ['text', 'rodata', 'data', 'bss'] as const) {
    let names = covered(family);
    if (family === 'rodata') names = names.concat(covered('note'));
    const common = family === 'bss' && hasCommons && !rng.chance(orphanRate);
    if (family === 'bss' && hasCommons && !common) b.tag('orphan-COMMON');
    if (names.length === 0 && !common) continue;
    // Sometimes give one input name an output section of its own name (Xen's `.init.text`).
    if (names.length > 1 && rng.chance(0.3)) {
      const own = rng.pick(names);
      names = names.filter((n) => n !== own);
      outputs.push({ name: rng.weighted(OUTPUT_NAMES[family]), family, inputs: names, common });
      outputs.push({ name: own.startsWith('.') ? own : `.${own}`, family, inputs: [own], common: false });
      b.tag('split-family');
    } else {
      outputs.push({ name: rng.weighted(OUTPUT_NAMES[family]), family, inputs: names, common });
    }
  }
  // Overlay members come out of the data/rodata families.
  let overlayInputs: string[] = [];
  if (overlay) {
    const pool = outputs.filter((o) => o.family === 'data' || o.family === 'rodata').flatMap((o) => o.inputs);
    overlayInputs = rng.shuffle(pool).slice(0, rng.int(2, 3));
    if (overlayInputs.length >= 2) {
      for (const o of outputs) o.inputs = o.inputs.filter((n) => !overlayInputs.includes(n));
    } else overlayInputs = [];
  }
  const nonAlloc = covered('nonalloc');
  const discard = discardable.length > 0 && rng.chance(0.7);
  // Discardable inputs without /DISCARD/ are orphans too.
  if (discardable.length > 0 && !discard) b.tag('orphan');
  const uniqueOutputs = dedupeNames(outputs);

  // ---- header: ENTRY, MEMORY, PHDRS, early assignments ----
  if (rng.chance(0.6)) {
    b.line(`ENTRY(${ENTRY_SYMBOL})`);
    b.tag('ENTRY');
  }
  if (memory) emitMemory(b);
  if (phdrs) {
    b.tag('PHDRS');
    b.open('PHDRS {');
    b.line(`text PT_LOAD${rng.chance(0.5) ? ' FLAGS(5)' : ''};`);
    b.line(`data PT_LOAD${rng.chance(0.5) ? ' FLAGS(6)' : ''};`);
    b.close();
  }
  if (rng.chance(0.2)) emitSymbolAssignment(b, false);

  // ---- SECTIONS ----
  b.open('SECTIONS {');
  if (memory) {
    // No initial `.`: sections go where their regions say.
  } else if (!plan.highBase && rng.chance(0.12)) {
    b.tag('SEGMENT_START', 'SIZEOF_HEADERS');
    b.line(`. = SEGMENT_START("text-segment", ${hex(plan.base)}) + SIZEOF_HEADERS;`);
    b.addSpace(0x1000);
  } else if (plan.base !== 0n) {
    b.line(`. = ${hex(plan.base)};`);
  } else {
    b.tag('no-initial-dot');
  }

  let first = true;
  let phdrData = false;
  // An LMA chain `AT(LOADADDR(prev) + SIZEOF(prev))` is only safe right after `prev`: any
  // section in between would inherit prev's LMA offset and overlap it.
  let prevWithAtSlot: { name: string; sectionCount: number } | undefined;
  const specials = drawSpecialSections(rng);
  const emitBetween = (): void => {
    if (rng.chance(0.45)) emitBetweenStatement(b, { slots, memory });
    while (specials.length > 0 && rng.chance(0.35)) emitSpecialSection(b, specials.shift()!, memory);
  };
  for (const spec of uniqueOutputs) {
    if (dataSegment && spec.family === 'data' && !b.tags.has('DATA_SEGMENT_ALIGN')) {
      b.tag('DATA_SEGMENT_ALIGN');
      b.line('. = DATA_SEGMENT_ALIGN(CONSTANT(MAXPAGESIZE), CONSTANT(COMMONPAGESIZE));');
      b.addSpace(0x400000);
    }
    emitBetween();
    let phdr: string | undefined;
    if (phdrs && first) phdr = 'text';
    else if (phdrs && !phdrData && (spec.family === 'data' || spec.family === 'bss')) {
      phdr = 'data';
      phdrData = true;
    } else if (phdrs && rng.chance(0.3)) phdr = phdrData ? 'data' : 'text';
    const chainFrom = prevWithAtSlot && prevWithAtSlot.sectionCount === b.sections.length ? prevWithAtSlot.name : undefined;
    const orphansPossible = ['orphan', 'orphan-COMMON', 'EXCLUDE_FILE', 'INPUT_SECTION_FLAGS', 'file-pattern'].some((t) => b.tags.has(t));
    const at = emitOutputSection(b, spec, holders, { plan, slots, memory, phdr, prevWithAtSlot: chainFrom, orphansPossible, ldArgs });
    prevWithAtSlot = at ? { name: spec.name, sectionCount: b.sections.length } : undefined;
    first = false;
    if (dataSegment && spec.family === 'data' && !b.tags.has('DATA_SEGMENT_RELRO_END') && rng.chance(0.5)) {
      b.tag('DATA_SEGMENT_RELRO_END');
      b.line('. = DATA_SEGMENT_RELRO_END(0, .);');
    }
    if (overlayInputs.length > 0 && (spec.family === 'data' || spec.family === 'rodata')) {
      emitOverlay(b, overlayInputs, holders, slots);
      overlayInputs = [];
    }
  }
  if (overlayInputs.length > 0) emitOverlay(b, overlayInputs, holders, slots);
  while (specials.length > 0) {
    emitBetween();
    if (specials.length > 0) emitSpecialSection(b, specials.shift()!, memory);
  }
  if (dataSegment) {
    b.tag('DATA_SEGMENT_END');
    b.line('. = DATA_SEGMENT_END(.);');
  }
  emitBetween();
  for (const name of nonAlloc) {
    b.tag('nonalloc-section');
    const addr = rng.chance(0.6) ? ' 0' : '';
    b.open(`${name}${addr} : {`);
    for (const p of generatePatterns(b, [name], holders)) b.line(p);
    b.close();
    b.sections.push(name);
  }
  if (discard) {
    b.tag('/DISCARD/');
    b.open('/DISCARD/ : {');
    for (const n of discardable) b.line(`*(${rng.chance(0.5) && n.startsWith('.discard') ? '.discard.*' : n})`);
    b.close();
  }
  for (let k = rng.int(0, 2); k > 0; k--) emitAssert(b);
  b.close();
  // Top-level assignments after SECTIONS (no `.` there: ld rejects it outside SECTIONS).
  if (rng.chance(0.25)) emitSymbolAssignment(b, false);
  return { builder: b, ldArgs, plan };
}

function pickBase(rng: SeededRandom, arch: CaseArch, style: LmaStyle): GenericScriptPlan {
  if (style === 'offset') {
    // A higher-half kernel: linked high, loaded low.
    const base = arch === 'i386' ? 0xc0100000n : 0xffffffff81000000n;
    const load = arch === 'i386' ? 0x100000n : 0x1000000n;
    return { lmaStyle: style, base, offset: base - load, highBase: true };
  }
  const bases = arch === 'i386'
    ? [[5, 0x8048000n], [2, 0x100000n], [1, 0x10000n], [0.5, 0n]] as const
    : [[5, 0x400000n], [1, 0x10000n], [2, 0x100000n], [1, 0x1000000n], [0.5, 0n]] as const;
  // MEMORY bases stay clear of 0: sections ld puts in no region go to *default*, from 0 up.
  const base = style === 'memory' ? rng.pick([0x8000000n, 0x10000000n, 0x20000000n]) : rng.weighted(bases);
  return { lmaStyle: style, base, offset: 0n, highBase: false };
}

function drawLdOptions(b: ScriptBuilder, ldArgs: string[]): void {
  const rng = b.rng;
  if (rng.chance(0.04)) {
    b.tag('-z max-page-size');
    ldArgs.push('-z', `max-page-size=${rng.pick(['0x200000', '0x1000', '0x10000'])}`);
  }
  if (rng.chance(0.03)) {
    b.tag('-z common-page-size');
    ldArgs.push('-z', 'common-page-size=0x1000');
  }
  if (rng.chance(0.06)) {
    const opt = rng.pick(['separate-code', 'noseparate-code']);
    b.tag(`-z ${opt}`);
    ldArgs.push('-z', opt);
  }
  if (rng.chance(0.05)) {
    const how = rng.pick(['name', 'alignment']);
    b.tag(`--sort-section=${how}`);
    ldArgs.push(`--sort-section=${how}`);
  }
  if (rng.chance(0.06)) {
    b.tag('--defsym');
    const name = b.fresh('dsym');
    const value = rng.chance(0.5) ? hex(rng.int(0, 0xffffff)) : `${ENTRY_SYMBOL}+${hex(rng.int(0, 0x40))}`;
    ldArgs.push('--defsym', `${name}=${value}`);
    b.defineSymbol(name);
  }
}

function dedupeNames(outputs: OutputSpec[]): OutputSpec[] {
  // Two statements with one name would be merged by ld; keep names distinct so each is a
  // separate output section (merging is exercised deliberately elsewhere, not by accident).
  const seen = new Set<string>();
  const out: OutputSpec[] = [];
  for (const o of outputs) {
    let name = o.name;
    for (let k = 2; seen.has(name); k++) name = `${o.name}${k}`;
    seen.add(name);
    out.push({ ...o, name });
  }
  return out;
}

function emitMemory(b: ScriptBuilder): void {
  const rng = b.rng;
  b.tag('MEMORY');
  const abbrev = rng.chance(0.2);
  if (abbrev) b.tag('MEMORY-abbrev');
  // Every region has attributes: with MEMORY, an orphan that matches no region's attributes
  // is an error ("no memory region specified for loadable section").
  const romAttr = rng.pick(['(rx)', '(rx)', '(r!w)', '(ax)']);
  const ramAttr = rng.pick(['(rwx)', '(rw)', '(!rx)', '(w!x)']);
  if (romAttr.includes('!') || ramAttr.includes('!')) b.tag('MEMORY-negated-attr');
  const o = abbrev ? 'org' : 'ORIGIN';
  const l = abbrev ? 'len' : 'LENGTH';
  b.open('MEMORY {');
  b.line(`ROM ${romAttr} : ${o} = @ROM@, ${l} = @LEN@`);
  b.line(`RAM ${ramAttr} : ${o} = @RAM@, ${l} = @LEN@`);
  b.close();
  b.regions.push('ROM', 'RAM');
  if (rng.chance(0.4)) {
    b.tag('REGION_ALIAS');
    b.line('REGION_ALIAS("REGION_TEXT", ROM);');
    b.line('REGION_ALIAS("REGION_DATA", RAM);');
    b.regions.push('REGION_TEXT', 'REGION_DATA');
  }
}

function regionFor(b: ScriptBuilder, family: SectionKind): { vma: string; lma?: string } {
  const alias = b.regions.includes('REGION_TEXT') && b.rng.chance(0.6);
  const rom = alias ? 'REGION_TEXT' : 'ROM';
  const ram = alias ? 'REGION_DATA' : 'RAM';
  if (family === 'text' || family === 'rodata' || family === 'note') return { vma: rom };
  if (family === 'bss') return { vma: ram };
  return b.rng.chance(0.75) ? { vma: ram, lma: rom } : { vma: ram };
}

interface SectionContext {
  plan: GenericScriptPlan;
  slots: boolean;
  memory: boolean;
  phdr?: string;
  prevWithAtSlot?: string;
  /** Some allocatable input may stay unmatched (orphan), so ld may insert sections anywhere. */
  orphansPossible: boolean;
  ldArgs: string[];
}

/** Emits one output section; returns true when it was given an LMA slot (AT). */
function emitOutputSection(b: ScriptBuilder, spec: OutputSpec, holders: Map<string, ObjectModel[]>, ctx: SectionContext): boolean {
  const rng = b.rng;
  const parts: string[] = [spec.name];
  // Address.
  if (!ctx.memory) {
    const addrForm = rng.weighted([[12, 'none'], [ctx.slots ? 1.5 : 0, 'slot'], [1.5, 'dot-relative'], [ctx.slots && spec.name === '.text' ? 0.5 : 0, '-Ttext']] as const);
    if (addrForm === 'slot') {
      b.tag('explicit-vma');
      parts.push(b.vmaSlot());
    } else if (addrForm === 'dot-relative') {
      b.tag('explicit-vma-dot');
      const a = drawAlignment(rng);
      b.addSpace(a + 0x100n);
      parts.push(rng.pick([`ALIGN(${hex(a)})`, `(. + ${hex(rng.int(0, 0x100))})`, `ALIGN(., ${hex(a)})`]));
    } else if (addrForm === '-Ttext') {
      b.tag('-Ttext');
      ctx.ldArgs.push(`-Ttext=${b.vmaSlot()}`);
    }
  }
  const noload = (spec.family === 'bss' && rng.chance(0.2)) || rng.chance(0.03);
  if (noload) {
    b.tag('NOLOAD');
    parts.push('(NOLOAD)');
  }
  parts.push(':');
  let atSlot = false;
  if (ctx.plan.lmaStyle === 'offset') {
    b.tag('AT', 'AT-ADDR-offset');
    parts.push(`AT(ADDR(${spec.name}) - ${hex(ctx.plan.offset)})`);
  } else if (ctx.plan.lmaStyle === 'same' && !ctx.phdr && ctx.slots) {
    // The chain is only safe when no orphan can land between prev and this section (an
    // orphan placed there inherits prev's LMA offset and overlaps the chained LMA).
    if (ctx.prevWithAtSlot && !ctx.orphansPossible && rng.chance(0.5)) {
      b.tag('AT', 'AT-LOADADDR-chain');
      parts.push(`AT(LOADADDR(${ctx.prevWithAtSlot}) + SIZEOF(${ctx.prevWithAtSlot}))`);
      atSlot = true;
    } else if (rng.chance(0.12)) {
      b.tag('AT');
      parts.push(`AT(${b.lmaSlot()})`);
      atSlot = true;
    }
  }
  // ALIGN(n) and ALIGN_WITH_INPUT together are an error in ld ("align with input and
  // explicit align specified").
  const withInput = rng.chance(0.05);
  if (!withInput && rng.chance(0.1)) {
    b.tag('section-ALIGN');
    const a = drawAlignment(rng);
    b.addSpace(a);
    parts.push(`ALIGN(${hex(a)})`);
  }
  if (rng.chance(0.07)) {
    b.tag('SUBALIGN');
    const a = 1n << BigInt(rng.int(0, 6));
    b.addSpace(a * 64n);
    parts.push(`SUBALIGN(${hex(a)})`);
  } else if (withInput) {
    b.tag('ALIGN_WITH_INPUT');
    parts.push('ALIGN_WITH_INPUT');
  }
  b.open(`${parts.join(' ')} {`);
  b.sections.push(spec.name);

  const startSym = rng.chance(0.4) ? b.fresh(`__${spec.name.replace(/[^A-Za-z0-9]/g, '')}_start`) : undefined;
  if (rng.chance(0.04)) {
    b.tag('dot-offset-in-section');
    b.line(`. = ${hex(rng.int(0, 0x80))};`);
    b.addSpace(0x80);
  }
  if (startSym) {
    b.tag('sym-dot');
    b.line(`${startSym} = .;`);
  }
  const patterns = generatePatterns(b, spec.inputs, holders);
  if (spec.common) {
    b.tag('COMMON');
    patterns.splice(rng.int(0, patterns.length), 0, rng.chance(0.8) ? '*(COMMON)' : 'KEEP(*(COMMON))');
  }
  for (const p of patterns) {
    b.line(p);
    if (rng.chance(0.25)) emitInsideStatement(b);
  }
  if (startSym) b.defineSymbol(startSym);
  if (rng.chance(0.4)) {
    const endSym = b.fresh(`__${spec.name.replace(/[^A-Za-z0-9]/g, '')}_end`);
    b.line(`${endSym} = .;`);
    b.defineSymbol(endSym);
    b.tag('sym-dot');
  }
  const tail: string[] = ['}'];
  if (ctx.memory) {
    const r = regionFor(b, spec.family);
    b.tag('>region');
    tail.push(`>${r.vma}`);
    if (r.lma) {
      b.tag('AT>region');
      tail.push(`AT>${r.lma}`);
    }
  }
  if (ctx.phdr) tail.push(`:${ctx.phdr}`);
  if (rng.chance(0.08)) {
    b.tag('=fill');
    tail.push(`=${hex(rng.int(0, 0xffffffff))}`);
  }
  b.close(tail.join(' '));
  return atSlot;
}

/** A statement inside an output section, between input section descriptions. */
function emitInsideStatement(b: ScriptBuilder): void {
  const rng = b.rng;
  switch (rng.weighted([[3, 'align'], [3, 'symbol'], [2, 'data'], [1, 'advance'], [1, 'fill'], [1, 'provide']] as const)) {
    case 'align': {
      b.tag('dot-align');
      const a = drawAlignment(rng);
      b.addSpace(a);
      b.line(`. = ALIGN(${hex(a)});`);
      break;
    }
    case 'symbol':
      emitSymbolAssignment(b, true);
      break;
    case 'data':
      emitDataCommands(b);
      break;
    case 'advance': {
      b.tag('dot-advance');
      const n = rng.int(1, 0x200);
      b.addSpace(n);
      b.line(rng.chance(0.5) ? `. += ${hex(n)};` : `. = . + ${hex(n)};`);
      break;
    }
    case 'fill':
      b.tag('FILL');
      b.line(`FILL(${hex(rng.int(0, 0xffffffff))});`);
      break;
    case 'provide':
      emitProvide(b, true);
      break;
  }
}

function emitDataCommands(b: ScriptBuilder): void {
  const rng = b.rng;
  b.tag('data-cmd');
  for (let k = rng.int(1, 3); k > 0; k--) {
    const [cmd, size] = rng.pick([['BYTE', 1], ['SHORT', 2], ['LONG', 4], ['QUAD', 8], ['SQUAD', 8]] as const);
    b.tag(cmd);
    b.addSpace(size + 8);
    const value = rng.chance(0.6) ? hex(rng.int(0, 0xff)) : generateExpression(b, { allowDot: true });
    b.line(`${cmd}(${value})`);
  }
}

/** `sym = expr;`, `HIDDEN(…)`, or a compound assignment to an existing script symbol. */
function emitSymbolAssignment(b: ScriptBuilder, allowDot: boolean): void {
  const rng = b.rng;
  const form = rng.weighted([
    [allowDot ? 4 : 0, 'dot'], [4, 'expr'], [1, 'hidden'], [b.scriptSymbols.length > 0 ? 1.5 : 0, 'compound'], [1.5, 'provide'],
  ] as const);
  if (form === 'provide') return emitProvide(b, allowDot);
  if (form === 'compound') {
    const target = rng.pick(b.scriptSymbols);
    const op = rng.pick(['+=', '-=', '*=', '<<=', '>>=', '&=', '|=']);
    b.tag('assign-op');
    const rhs = op === '<<=' || op === '>>=' ? String(rng.int(0, 8)) : op === '*=' ? String(rng.int(1, 4)) : generateExpression(b, { allowDot });
    b.line(`${target} ${op} ${rhs};`);
    return;
  }
  const name = b.fresh(form === 'hidden' ? 'h' : 's');
  const value = form === 'dot' ? '.' : generateExpression(b, { allowDot });
  if (form === 'dot') b.tag('sym-dot');
  else b.tag('sym-expr');
  if (form === 'hidden') {
    b.tag('HIDDEN');
    b.line(`HIDDEN(${name} = ${value});`);
  } else b.line(`${name} = ${value};`);
  b.defineSymbol(name);
  if (rng.chance(0.15)) b.reference(name);
}

function emitProvide(b: ScriptBuilder, allowDot: boolean): void {
  const rng = b.rng;
  const hidden = rng.chance(0.3);
  const kw = hidden ? 'PROVIDE_HIDDEN' : 'PROVIDE';
  b.tag(kw);
  // Sometimes PROVIDE a name an object already defines: ld must ignore it.
  if (b.objectSymbols.length > 0 && rng.chance(0.1)) {
    b.tag('PROVIDE-object-defined');
    b.line(`${kw}(${rng.pick(b.objectSymbols)} = ${numberLiteral(b)});`);
    return;
  }
  const name = b.fresh(hidden ? 'ph' : 'p');
  b.line(`${kw}(${name} = ${rng.chance(0.4) && allowDot ? '.' : generateExpression(b, { allowDot })});`);
  if (rng.chance(0.5) && b.reference(name)) {
    b.tag('PROVIDE-referenced');
    b.defineSymbol(name);
  } else if (rng.chance(0.3)) {
    // Referenced later by the script only (ld then defines it too).
    b.tag('PROVIDE-script-referenced');
    b.defineSymbol(name);
  } else b.tag('PROVIDE-unreferenced');
  // (A 'script-referenced' PROVIDE is only taken if a later expression happens to use it.)
}

function emitAssert(b: ScriptBuilder): void {
  const rng = b.rng;
  b.tag('ASSERT');
  const syms = b.scriptSymbols;
  const cond = rng.pick([
    () => '1',
    () => (b.sections.length > 0 ? `SIZEOF(${rng.pick(b.sections)}) >= 0` : '1'),
    () => {
      if (syms.length === 0) return '1';
      const s = rng.pick(syms);
      return `${s} == ${s}`;
    },
    () => (b.sections.length > 0 ? `ADDR(${b.sections[0]}) <= ADDR(${b.sections[0]}) + SIZEOF(${b.sections[0]})` : '1'),
  ])();
  b.line(`ASSERT(${cond}, "generated assertion ${b.fresh('a')}")`);
}

/** A statement between output sections (inside SECTIONS). */
function emitBetweenStatement(b: ScriptBuilder, opts: { slots: boolean; memory: boolean }): void {
  const rng = b.rng;
  const form = rng.weighted([
    [opts.memory ? 0 : 3, 'align'], [4, 'symbol'], [opts.slots ? 1 : 0, 'jump'], [opts.memory ? 0 : 1, 'advance'], [0.7, 'assert'],
  ] as const);
  switch (form) {
    case 'align': {
      b.tag('dot-align');
      const a = drawAlignment(rng);
      b.addSpace(a);
      b.line(`. = ALIGN(${hex(a)});`);
      break;
    }
    case 'jump':
      b.tag('dot-assign-abs');
      b.line(`. = ${b.vmaSlot()};`);
      break;
    case 'advance': {
      b.tag('dot-advance');
      const n = rng.int(1, 0x1000);
      b.addSpace(n);
      b.line(`. += ${hex(n)};`);
      break;
    }
    case 'assert':
      emitAssert(b);
      break;
    default:
      emitSymbolAssignment(b, true);
  }
}

type SpecialKind = 'never-created' | 'symbol-only' | 'dot-zero' | 'dot-align-only' | 'data-only' | 'pad';

function drawSpecialSections(rng: SeededRandom): SpecialKind[] {
  const all: SpecialKind[] = ['never-created', 'symbol-only', 'dot-zero', 'dot-align-only', 'data-only', 'pad'];
  return rng.subset(all, 0.15);
}

function emitSpecialSection(b: ScriptBuilder, kind: SpecialKind, memory: boolean): void {
  const rng = b.rng;
  const name = b.fresh(`.${kind.replace(/-/g, '_')}`);
  const region = memory ? ` >${rng.pick(['ROM', 'RAM'])}` : '';
  b.tag(`special-${kind}`);
  b.open(`${name} : {`);
  switch (kind) {
    case 'never-created':
      b.line(`*(${name}.nomatch)`);
      break;
    case 'symbol-only': {
      const s = b.fresh('e');
      b.line(`${s} = .;`);
      b.defineSymbol(s);
      break;
    }
    case 'dot-zero':
      b.line('. = . + 0;');
      break;
    case 'dot-align-only': {
      const a = drawAlignment(rng);
      b.addSpace(a);
      b.line(`. = ALIGN(${hex(a)});`);
      break;
    }
    case 'data-only':
      emitDataCommands(b);
      break;
    case 'pad': {
      const a = 1n << BigInt(rng.int(12, 20));
      b.addSpace(a);
      const s = b.fresh('pad_end');
      b.line(`. = ALIGN(${hex(a)});`);
      b.line(`${s} = .;`);
      b.defineSymbol(s);
      break;
    }
  }
  b.close(`}${region}`);
  // Never-created sections may still be named in ADDR()/SIZEOF(): ld then creates them.
  if (kind !== 'never-created' || rng.chance(0.3)) b.sections.push(name);
}

function emitOverlay(b: ScriptBuilder, inputs: string[], holders: Map<string, ObjectModel[]>, slots: boolean): void {
  const rng = b.rng;
  b.tag('OVERLAY');
  const start = slots && rng.chance(0.4) ? ` ${b.vmaSlot()}` : '';
  if (start) b.tag('OVERLAY-start');
  b.open(`OVERLAY${start} : ${slots ? `AT(${b.lmaSlot()}) ` : ''}{`);
  inputs.forEach((input, k) => {
    const name = `.ov${k}`;
    b.open(`${name} {`);
    for (const p of generatePatterns(b, [input], holders)) b.line(p);
    if (rng.chance(0.3)) emitSymbolAssignment(b, true);
    b.close();
    b.sections.push(name);
    for (const which of ['start', 'stop']) {
      if (rng.chance(0.4)) {
        const sym = `__load_${which}_ov${k}`;
        if (b.reference(sym)) b.tag('OVERLAY-load-symbols');
      }
    }
  });
  b.close();
  b.addSpace(0x1000);
}
