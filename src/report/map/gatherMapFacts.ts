/**
 * Turns what the map command computed — ldscope's layout of the script, the linked ELF, the
 * check findings — into MapFacts, deciding for every number where it comes from:
 * - sections and symbols from the layout whenever it knows them;
 * - from the ELF where the layout cannot know a value (in --elf mode some symbols depend on
 *   where input sections end inside an output section), or when the layout failed;
 * - program headers from the ELF when there is one (exact extents and flags), named after the
 *   script's PHDRS; from the layout's PHDRS assignment otherwise;
 * - the input sections of each output section from the layout, which knows them only when it
 *   was given the objects; otherwise the section says why they are not known.
 */
import { CheckContext } from '../../checks/CheckContext';
import type { Finding } from '../../checks/Finding';
import { collectScriptFacts, type ScriptFacts } from '../../checks/scriptFacts';
import type { SourcePosition } from '../../diagnostics/SourceFile';
import { PT, SHF, SHT } from '../../elf/constants';
import type { ElfFile, ElfSection } from '../../elf/types';
import type { LaidOutInput, LayoutResult } from '../../layout/LayoutResult';
import type { Script } from '../../script/ast';
import { anchorFinding } from './findingAnchor';
import { contributedBytes, type InputContribution, type MapFacts, type MapFinding, type MapSection, type MapSegment, type MapSymbol } from './MapFacts';
import { sectionKind, traitsFromBfdFlags, traitsFromElf } from './sectionKind';

export interface MapSources {
  scriptFile: string;
  script: Script;
  /** ldscope's layout; absent when it failed (then `layoutError` says why). */
  layout?: LayoutResult;
  layoutError?: string;
  elf?: ElfFile;
  elfFile?: string;
  objectFiles: string[];
  /**
   * What to mark: `ldscope check`'s findings (its cross-check of the layout against the ELF
   * included) and the Makefile image-end check when an ELF was given; the layout's own errors
   * and failed ASSERTs (layoutFindings) when not.
   */
  findings: Finding[];
}

/** ELF section types BFD keeps out of objdump's section list (and ld never lays out). */
const HIDDEN_ELF_TYPES = new Set<number>([SHT.NULL, SHT.SYMTAB, SHT.STRTAB, SHT.RELA, SHT.REL, SHT.GROUP, 18 /* SYMTAB_SHNDX */]);

const MASK64 = (1n << 64n) - 1n;

export function gatherMapFacts(src: MapSources): MapFacts {
  const facts = collectScriptFacts(src.script);
  const placed = outputSectionPositions(facts);
  const ctx = src.elf ? new CheckContext(src.script, src.elf) : undefined;
  const provenance: string[] = [];
  const layout = src.layout && !src.layout.fatal ? src.layout : undefined;
  const elfClass = layout?.elfClass ?? src.elf?.class ?? 64;
  const mask = elfClass === 32 ? 0xffffffffn : MASK64;

  const inputsUnknown = src.objectFiles.length === 0
    ? 'only the linked ELF was given: which input sections filled it is not known (give the objects to see them)'
    : layout
      ? "laid out whole from the linked ELF's section: which input sections filled it is not known"
      : "the layout failed: these are the ELF's own sections, which input sections filled them is not known";

  const sections: MapSection[] = [];
  if (layout) {
    const linked = new Map((src.elf?.sections ?? []).map((s) => [s.name, s]));
    for (const s of layout.sections) {
      const traits = traitsFromBfdFlags(s.flags);
      const fromElf = s.unknown !== undefined ? linked.get(s.name) : undefined;
      const inputs = s.inputs ? largestFirst(s.inputs) : undefined;
      sections.push({
        name: s.name,
        vma: fromElf ? fromElf.addr : s.vma,
        lma: fromElf && ctx ? ctx.loadAddress(fromElf) : s.lma,
        size: s.size,
        alignment: 1n << BigInt(s.alignmentPower),
        kind: sectionKind(s.name, traits),
        traits,
        phdrs: s.phdrs,
        placedAt: placed.get(s.name),
        ...(inputs ? { inputs } : { inputsUnknown }),
        source: fromElf ? 'elf' : 'layout',
        ...(s.unknown !== undefined ? { addressNote: `the layout cannot know its address (${s.unknown})${fromElf ? '; the ELF\'s is shown' : ''}` } : {}),
      });
    }
    provenance.push(
      src.elf
        ? `Addresses and sizes: ldscope's layout of the script on top of ${src.elfFile ?? 'the ELF'} (section sizes from the ELF${src.objectFiles.length ? ', contents from the objects' : ''}).`
        : `Addresses and sizes: ldscope's layout of the script with ${src.objectFiles.length} input file${src.objectFiles.length === 1 ? '' : 's'} (no linked ELF to compare with).`,
    );
  } else if (src.elf && ctx) {
    for (const s of src.elf.sections) {
      if (HIDDEN_ELF_TYPES.has(s.type)) continue;
      const traits = traitsFromElf(s.type, s.flags);
      sections.push({
        name: s.name,
        vma: s.addr,
        lma: (s.flags & SHF.ALLOC) !== 0n ? ctx.loadAddress(s) : s.addr,
        size: s.size,
        alignment: s.addralign === 0n ? 1n : s.addralign,
        kind: sectionKind(s.name, traits),
        traits,
        phdrs: [],
        placedAt: placed.get(s.name),
        inputsUnknown,
        source: 'elf',
      });
    }
    provenance.push(
      `Every number comes from ${src.elfFile ?? 'the ELF'} (readelf's view): ldscope's layout of the script failed${src.layoutError ? `: ${firstLine(src.layoutError)}` : ''}.`,
    );
  }

  const symbols: MapSymbol[] = [];
  const elfValue = (name: string) => ctx?.symbol(name)?.value;
  const assignedAt = (name: string): SourcePosition | undefined => plain(facts.assignments.get(name)?.[0]?.range.position);
  if (layout) {
    for (const [name, value] of layout.symbols) symbols.push({ name, value: value & mask, source: 'layout', assignedAt: assignedAt(name) });
    let fromElf = 0;
    for (const [name, why] of layout.unknownSymbols) {
      const v = elfValue(name);
      if (v === undefined) continue;
      fromElf++;
      symbols.push({ name, value: v, source: 'elf', assignedAt: assignedAt(name), layoutUnknown: why });
    }
    if (fromElf > 0) {
      provenance.push(`${fromElf} symbol value${fromElf === 1 ? '' : 's'} (marked ᴱ) come from the ELF's symbol table: the layout cannot know ${fromElf === 1 ? 'it' : 'them'} from the linked ELF alone.`);
    }
  } else if (ctx) {
    for (const name of facts.assignments.keys()) {
      const v = elfValue(name);
      if (v !== undefined) symbols.push({ name, value: v, source: 'elf', assignedAt: assignedAt(name) });
    }
  }

  const segments = src.elf ? segmentsFromElf(src.elf, layout) : layout ? segmentsFromLayout(layout, sections) : [];
  if (src.elf && segments.length > 0) provenance.push(`Program headers: from ${src.elfFile ?? 'the ELF'} (readelf -l)${layout?.segments.length ? ', named after the script\'s PHDRS' : ''}.`);

  const findings: MapFinding[] = src.findings
    // What the layout cannot know from the ELF alone is on the picture already: those values
    // are the ELF's, marked ᴱ, and the provenance note says why.
    .filter((f) => f.rule !== 'layout.unknown')
    .map((f, i) => ({ id: `finding-${i + 1}`, rule: f.rule, severity: f.severity, message: f.message, location: plain(f.location), expected: f.expected, actual: f.actual }));

  const result: MapFacts = {
    title: src.scriptFile,
    scriptFile: src.scriptFile,
    elfFile: src.elfFile,
    objectFiles: src.objectFiles,
    elfClass,
    sections,
    symbols,
    segments,
    regions: layout?.regions.map((r) => ({ ...r })) ?? [],
    findings,
    provenance,
  };
  for (const f of result.findings) if (!f.anchor) f.anchor = anchorFinding(f, result, facts);
  return result;
}

/** The inputs by the bytes they contribute; a stable sort keeps equal ones in output order. */
function largestFirst(inputs: LaidOutInput[]): InputContribution[] {
  return inputs
    .map((i): InputContribution => ({ ...i }))
    .sort((a, b) => {
      const x = contributedBytes(a);
      const y = contributedBytes(b);
      return x > y ? -1 : x < y ? 1 : 0;
    });
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

function plain(p: SourcePosition | undefined): SourcePosition | undefined {
  return p ? { file: p.file, line: p.line, column: p.column } : undefined;
}

/** The script line of each output section statement (the first one, for a name used twice). */
function outputSectionPositions(facts: ScriptFacts): Map<string, SourcePosition> {
  const out = new Map<string, SourcePosition>();
  for (const [name, node] of facts.outputSections) {
    if ('range' in node && node.range) out.set(name, plain(node.range.position)!);
  }
  return out;
}

const PT_NAMES = new Map<number, string>(Object.entries(PT).map(([k, v]) => [v as number, k]));

function ptName(type: number | bigint): string {
  return PT_NAMES.get(Number(type)) ?? `0x${type.toString(16)}`;
}

function flagLetters(f: number): string {
  return `${f & 4 ? 'R' : ''}${f & 2 ? 'W' : ''}${f & 1 ? 'X' : ''}` || '—';
}

function segmentsFromElf(elf: ElfFile, layout: LayoutResult | undefined): MapSegment[] {
  // With PHDRS, ld writes exactly the script's program headers, in order.
  const named = layout && layout.segments.length === elf.segments.length ? layout.segments : undefined;
  const byIndex = new Map<number, ElfSection>(elf.sections.map((s) => [s.index, s]));
  const out: MapSegment[] = [];
  elf.segments.forEach((p, i) => {
    if (p.memsz === 0n && p.filesz === 0n) return; // PT_GNU_STACK and friends: no extent
    out.push({
      name: named ? named[i].name : `${p.typeName}[${i}]`,
      type: p.typeName,
      flags: flagLetters(p.flags),
      vaddr: p.vaddr,
      paddr: p.paddr,
      memsz: p.memsz,
      filesz: p.filesz,
      sections: p.sectionIndices.map((k) => byIndex.get(k)?.name ?? `#${k}`),
      source: 'elf',
    });
  });
  return out;
}

function segmentsFromLayout(layout: LayoutResult, sections: MapSection[]): MapSegment[] {
  const out: MapSegment[] = [];
  for (const seg of layout.segments) {
    const members = sections.filter((s) => seg.sections.includes(s.name) && s.traits.alloc);
    if (members.length === 0) continue;
    const vaddr = members.reduce((m, s) => (s.vma < m ? s.vma : m), members[0].vma);
    const paddr = members.reduce((m, s) => (s.lma < m ? s.lma : m), members[0].lma);
    const end = members.reduce((m, s) => (s.vma + s.size > m ? s.vma + s.size : m), 0n);
    out.push({ name: seg.name, type: ptName(seg.type), vaddr, paddr, memsz: end - vaddr, sections: members.map((s) => s.name), source: 'layout' });
  }
  return out;
}
