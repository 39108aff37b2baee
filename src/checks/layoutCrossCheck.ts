/**
 * The cross-check (rule ids `layout.*` and `script.assert`): lay the script out the way GNU ld
 * would, on top of the linked ELF's section sizes and object symbols (`eval --elf`), and
 * compare every output section's VMA, LMA, size and segment and every symbol the script
 * assigns with what the ELF says. A difference means the script, the build's link command and
 * the binary disagree; each finding points at the script line.
 */
import { layout } from '../layout/Linker';
import type { LayoutResult } from '../layout/LayoutResult';
import { buildLayoutOptions } from '../layout/options/LayoutOptions';
import { PT } from '../elf/constants';
import type { CheckContext } from './CheckContext';
import { hex } from './CheckContext';
import type { Finding } from './Finding';

export interface CrossCheck {
  layout: LayoutResult;
  findings: Finding[];
}

export function crossCheckLayout(ctx: CheckContext, ldOptions: Parameters<typeof buildLayoutOptions>[0] = {}): CrossCheck {
  const options = buildLayoutOptions(ldOptions);
  const result = layout({
    script: ctx.script,
    objects: [],
    options,
    // Only a script with INSERT needs ld's default script: its module (ld's scripts as text,
    // 80 KB) is loaded then, not on every check.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    defaultScript: () => (require('../layout/options/defaultScripts') as typeof import('../layout/options/defaultScripts')).defaultScriptFor(options),
    elf: { elf: ctx.elf, withObjects: false },
  });
  const findings: Finding[] = [];
  const sectionPosition = (name: string) => {
    const s = ctx.facts.outputSections.get(name);
    return s && s.kind === 'OutputSection' ? s.range.position : undefined;
  };

  for (const d of result.diagnostics) {
    if (d.severity !== 'error') continue;
    findings.push({ rule: 'layout.error', severity: 'error', message: d.message, location: d.position ? { ...d.position, notes: [] } : undefined });
  }
  for (const a of result.asserts) {
    if (a.passed === false) {
      findings.push({ rule: 'script.assert', severity: 'error', message: `ASSERT fails: ${a.message}`, location: a.position ? { ...a.position, notes: [] } : undefined });
    }
  }

  const elfSections = new Map(ctx.elf.sections.filter((s) => s.name !== '').map((s) => [s.name, s]));
  for (const s of result.sections) {
    const e = elfSections.get(s.name);
    if (!e) {
      findings.push({ rule: 'layout.section-missing', severity: 'error', message: `the script creates output section ${s.name}, but the ELF has none`, location: sectionPosition(s.name) });
      continue;
    }
    if (s.unknown) {
      // The layout stops trusting a section whose computed address is not the linked one (its
      // addresses are unknown from there on); for the cross-check that disagreement is the
      // finding. The LMA's only when it says more than the VMA's: a different load offset.
      const d = s.elfDisagreement;
      const offset = (x: { computed: bigint; linked: bigint }, y: { computed: bigint; linked: bigint }) => x.computed - y.computed !== x.linked - y.linked;
      const moved: Array<['VMA' | 'LMA', { computed: bigint; linked: bigint }]> = [];
      if (d?.vma) moved.push(['VMA', d.vma]);
      if (d?.lma && (!d.vma || offset(d.lma, d.vma))) moved.push(['LMA', d.lma]);
      for (const [what, m] of moved) {
        findings.push({
          rule: what === 'VMA' ? 'layout.section-vma' : 'layout.section-lma',
          severity: 'error',
          message: `${s.name}: the script puts its ${what} at ${hex(m.computed)}, the ELF has ${hex(m.linked)}`,
          location: sectionPosition(s.name),
          expected: hex(m.computed),
          actual: hex(m.linked),
        });
      }
      if (moved.length === 0) {
        findings.push({ rule: 'layout.unknown', severity: 'note', message: `cannot know where ${s.name} goes: ${s.unknown}`, location: sectionPosition(s.name) });
      }
      continue;
    }
    const compare = (what: string, rule: string, expected: bigint, actual: bigint) => {
      if (expected === actual) return;
      findings.push({
        rule,
        severity: 'error',
        message: `${s.name}: the script puts its ${what} at ${hex(expected)}, the ELF has ${hex(actual)}`,
        location: sectionPosition(s.name),
        expected: hex(expected),
        actual: hex(actual),
      });
    };
    compare('VMA', 'layout.section-vma', s.vma, e.addr);
    if ((e.flags & 2n) !== 0n) compare('LMA', 'layout.section-lma', s.lma, ctx.loadAddress(e));
    if (s.size !== e.size) {
      findings.push({
        rule: 'layout.section-size',
        severity: 'error',
        message: `${s.name}: size ${hex(s.size)} in the layout, ${hex(e.size)} in the ELF`,
        location: sectionPosition(s.name),
        expected: hex(s.size),
        actual: hex(e.size),
      });
    }
  }

  // PHDRS: the i-th program header the script declares is the ELF's i-th.
  result.segments.forEach((seg, i) => {
    const p = ctx.elf.segments[i];
    for (const name of seg.sections) {
      const e = elfSections.get(name);
      if (!e || (e.flags & 2n) === 0n) continue;
      if (!p || !p.sectionIndices.includes(e.index)) {
        findings.push({
          rule: 'layout.section-segment',
          severity: 'error',
          message: `${name}: the script assigns it to program header ${seg.name} (number ${i}), but ELF program header ${i}${p ? ` (${p.typeName === undefined ? p.type : p.typeName})` : ''} does not contain it`,
          location: sectionPosition(name),
        });
      }
    }
  });
  void PT;

  for (const [name, value] of result.symbols) {
    if (name === '.') continue;
    const sym = ctx.symbol(name);
    if (!sym) {
      // PROVIDEd symbols nothing references are not in the ELF, as ld intends.
      if (result.providedSymbols.includes(name)) continue;
      findings.push({ rule: 'layout.symbol-missing', severity: 'warning', message: `the script assigns ${name} = ${hex(value)}, but the ELF has no such symbol`, location: ctx.assignmentPosition(name) });
      continue;
    }
    if (sym.value !== value) {
      findings.push({
        rule: 'layout.symbol-value',
        severity: 'error',
        message: `${name}: the script gives ${hex(value)}, the ELF has ${hex(sym.value)}`,
        location: ctx.assignmentPosition(name),
        expected: hex(value),
        actual: hex(sym.value),
      });
    }
  }
  for (const [name, why] of result.unknownSymbols) {
    findings.push({ rule: 'layout.unknown', severity: 'note', message: `cannot know ${name}: ${why}`, location: ctx.assignmentPosition(name) });
  }
  return { layout: result, findings };
}
