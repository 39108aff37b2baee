/**
 * The layout driver: ld 2.40's lang_process for a static ELF link, phase by phase, on the
 * statement tree built from the command line and script (see the module docs of each phase).
 *
 * ld does not iterate its passes to a fixed point. It evaluates assignments while opening
 * inputs, once before sizing (mark phase), once in a mark-phase sizing pass that decides
 * which empty sections to drop, then sizes (plus the DATA_SEGMENT passes), maps sections to
 * segments and sizes again whenever the number of program headers changed (up to ten tries,
 * then "looping in map_segments"), and evaluates everything a last time. A script whose
 * values depend on forward references gets exactly the values this sequence gives, so the
 * sequence is reproduced as is.
 */
import { InputError } from '../diagnostics/errors';
import type { SourceRange } from '../diagnostics/SourceRange';
import type { ObjectFile } from '../elf/types';
import type { Script } from '../script/ast';
import { SEC } from './bfd/sectionFlags';
import { ExpressionFolder } from './expr/ExpressionFolder';
import { expGetVma } from './expr/constantExpressions';
import { allocateCommons, commonSectionOf } from './input/commonSymbols';
import type { InputFile, InputSection } from './input/InputFile';
import { addLinkerCreatedSections, excludeEmptyLinkerCreated } from './input/linkerCreatedSections';
import { mergeSections } from './input/mergeSections';
import { inputFilesFromObject, SectionIds } from './input/readInputs';
import { FatalLayoutError, makeDiagnostic } from './LayoutDiagnostic';
import type { AssertOutcome, LaidOutInput, LaidOutSection, LayoutResult, RegionUsage, SegmentAssignment } from './LayoutResult';
import { LinkContext } from './LinkContext';
import { mapInputToOutputSections } from './match/mapInputSections';
import { PrefixTree } from './match/PrefixTree';
import type { LayoutOptions } from './options/LayoutOptions';
import { OrphanPlacer } from './output/placeOrphans';
import { processInsertStatements } from './output/processInserts';
import { stripExcludedOutputSections } from './output/stripExcluded';
import { addInputStatements, addOptionStatements, addScript } from './script/buildStatements';
import type { OutputSectionStatement, Statement, WildStatement } from './script/statements';
import { checkSectionAddresses } from './size/checkSectionAddresses';
import { AssignmentWalk } from './size/doAssignments';
import { mapSectionsToSegmentsCount, sizeofHeaders } from './size/programHeaders';
import { resetMemoryRegions, sizeSections } from './size/sizeSections';
import { fileMatchesLookupName } from './match/fileMatch';
import type { ElfModeInput } from './elfMode/ElfModeInput';
import { ElfMode } from './elfMode/ElfMode';
import type { ElfDisagreement, ElfDistrust } from './LinkContext';

export interface LayoutRequest {
  script: Script;
  /** ld's default script, needed when the script uses INSERT. */
  defaultScript?: () => Script;
  /** Command-line input files in order: objects and archives (whole-archive). */
  objects: Array<{ name: string; file: ObjectFile; data?: () => Uint8Array }>;
  options: LayoutOptions;
  /** --elf mode: evaluate on top of an already linked ELF. */
  elf?: ElfModeInput;
}

export function layout(req: LayoutRequest): LayoutResult {
  if (!req.elf) return layoutOnce(req, undefined);
  // --elf with objects: the objects' own layout tells which sections' contents add up.
  let naturalSizes: Map<number, bigint> | undefined;
  let naturalAligns: Map<number, number> | undefined;
  let naturalOrder: Map<string, number[]> | undefined;
  if (req.elf.withObjects) {
    const natural = layoutOnce({ ...req, elf: undefined }, undefined);
    naturalSizes = new Map(natural.sections.map((s) => [s.statementIndex, s.size] as const));
    naturalAligns = new Map(natural.sections.map((s) => [s.statementIndex, s.alignmentPower] as const));
    naturalOrder = new Map();
    for (const s of natural.sections) {
      const list = naturalOrder.get(s.name) ?? [];
      list.push(s.statementIndex);
      naturalOrder.set(s.name, list);
    }
  }
  const base = { naturalSizes, naturalAligns, naturalOrder };
  const a = elfRounds(req, base);
  if (req.elf.withObjects || !a.result.elfCommonAmbiguous) return a.result;
  // From the ELF alone, a `.bss` no script statement names was either ld's section for COMMON
  // symbols (made at the end of the script when no `*(COMMON)` takes them) or an orphan `.bss`
  // placed by its flags. Lay out both ways: what the ELF contradicts is out, else what differs
  // is unknown.
  const b = elfRounds(req, { ...base, commonAtEnd: true });
  // (Only addresses the ELF contradicts count; a size taken from it does not.)
  const contradicted = (d: Map<number, ElfDistrust>) => new Set([...d].filter(([, e]) => e.vma || e.lma).map(([k]) => k));
  const aSet = contradicted(a.distrust);
  const bSet = contradicted(b.distrust);
  const aKeys = [...aSet];
  const bKeys = [...bSet];
  if (aKeys.length < bKeys.length && aKeys.every((k) => bSet.has(k))) return a.result;
  if (bKeys.length < aKeys.length && bKeys.every((k) => aSet.has(k))) return b.result;
  return mergeVariants(
    a.result,
    b.result,
    'cannot know whether the linked .bss was ld\'s section for COMMON symbols (made at the end of the script) or an orphan .bss placed by its flags, and the two give different values',
  );
}

/** The --elf layout repeated until nothing the linked ELF contradicts is left to correct. */
function elfRounds(
  req: LayoutRequest,
  base: { naturalSizes?: Map<number, bigint>; naturalAligns?: Map<number, number>; naturalOrder?: Map<string, number[]>; commonAtEnd?: boolean },
): { result: LayoutResult; distrust: Map<number, ElfDistrust> } {
  const elf = req.elf!;
  const objectDefined = new Set<string>();
  const distrust = new Map<number, ElfDistrust>();
  for (let round = 0; ; round++) {
    const result = layoutOnce(req, { ...base, objectDefinedProvides: new Set(objectDefined), distrust: new Map(distrust) });
    if (round >= 20) return { result, distrust };
    // A section whose computed address is not the linked one: the layout on top of this ELF
    // is wrong from there on (something the ELF does not show, such as an empty input section's
    // alignment, was different). Its addresses, and what depends on them, are not given.
    if (addDistrust(elf.elf, result, distrust)) continue;
    // A PROVIDE computed as taken whose value is not the linked one was not taken: an object
    // defined the symbol. Lay out again with that symbol as the object's.
    let changed = false;
    for (const name of result.providedSymbols) {
      const linked = linkedValue(elf.elf, name);
      const mine = result.symbols.get(name);
      if (linked !== undefined && mine !== undefined && mine !== (linked & (result.elfClass === 32 ? 0xffffffffn : (1n << 64n) - 1n))) {
        // One at a time: a PROVIDE taken wrongly moves what comes after it.
        objectDefined.add(name);
        changed = true;
        break;
      }
    }
    if (!changed) return { result, distrust };
  }
}

/** Two layouts the ELF cannot choose between: what they agree on, the rest unknown (WHY). */
function mergeVariants(a: LayoutResult, b: LayoutResult, why: string): LayoutResult {
  const symbols = new Map<string, bigint>();
  const unknownSymbols = new Map(a.unknownSymbols);
  for (const [k, why2] of b.unknownSymbols) if (!unknownSymbols.has(k)) unknownSymbols.set(k, why2);
  for (const [k, v] of a.symbols) {
    if (unknownSymbols.has(k)) continue;
    if (b.symbols.get(k) === v) symbols.set(k, v);
    else unknownSymbols.set(k, why);
  }
  const bSections = new Map(b.sections.map((s) => [s.name + '#' + s.vma.toString(16), s] as const));
  const sections = a.sections.map((s) => {
    const other = b.sections.find((x) => x.name === s.name && x.statementIndex === s.statementIndex) ?? bSections.get(s.name + '#' + s.vma.toString(16));
    if (other && other.vma === s.vma && other.lma === s.lma && other.size === s.size) return s;
    return { ...s, unknown: s.unknown ?? why, vmaUnknown: s.vmaUnknown ?? (other?.vma === s.vma ? undefined : why), lmaUnknown: s.lmaUnknown ?? (other?.lma === s.lma ? undefined : why) };
  });
  const asserts = a.asserts.map((x, i) => (b.asserts[i] && b.asserts[i].passed === x.passed ? x : { ...x, passed: undefined }));
  const diagnostics = a.diagnostics.filter((d) => !(d.code === 'cannot-know' && /^cannot know the value of /.test(d.message)));
  for (const [name, reason] of unknownSymbols) {
    diagnostics.push(makeDiagnostic('note', 'cannot-know', `cannot know the value of ${name} from the linked ELF alone: ${reason}`, undefined));
  }
  return { ...a, symbols, unknownSymbols, sections, asserts, diagnostics };
}

/**
 * Compares the laid-out addresses with the linked ones (section headers; LMAs through the
 * PT_LOAD segments of sections with contents) and records the first section that disagrees.
 */
function addDistrust(elf: import('../elf/types').ElfFile, result: LayoutResult, distrust: Map<number, ElfDistrust>): boolean {
  let added = false;
  const mask = result.elfClass === 32 ? 0xffffffffn : (1n << 64n) - 1n;
  for (const s of result.sections) {
    const index = result.elfMatches?.get(s.statementIndex);
    if (index === undefined) continue;
    const h = elf.sections[index];
    const entry = distrust.get(s.statementIndex) ?? {};
    if (!entry.vma && !s.vmaUnknown && (h.addr & mask) !== s.vma && (h.flags & 0x2n) !== 0n) {
      const why = `the layout computed from the script puts ${s.name} at 0x${s.vma.toString(16)}, the linked ELF has it at 0x${h.addr.toString(16)}: something the ELF does not show differs`;
      entry.vma = { computed: s.vma, linked: h.addr & mask, why };
      distrust.set(s.statementIndex, entry);
      added = true;
    }
    // A section laid out from its statements (no input section descriptions) whose size is not
    // the linked one: orphans ld appended make it bigger; anything else is not understood.
    if (!entry.size && !s.elfOpaque && s.size !== h.size) {
      entry.size = s.size < h.size ? 'appended' : 'unknown';
      distrust.set(s.statementIndex, entry);
      added = true;
    }
    const lma = segmentLma(elf, h);
    if (!entry.lma && !s.lmaUnknown && lma !== undefined && (lma & mask) !== s.lma) {
      const why = `the layout computed from the script loads ${s.name} at 0x${s.lma.toString(16)}, the linked ELF at 0x${lma.toString(16)}: something the ELF does not show differs`;
      entry.lma = { computed: s.lma, linked: lma & mask, why };
      distrust.set(s.statementIndex, entry);
      added = true;
    }
    // One section per round, the first in output order: what follows it was computed from its
    // addresses and size, so a later disagreement may be only its consequence (and would be
    // reported as a cause of its own).
    if (added) return true;
  }
  return false;
}

/** --elf mode: the statement's own addresses the linked ELF contradicted (see addDistrust). */
function elfDisagreementOf(ctx: LinkContext, os: OutputSectionStatement): LaidOutSection['elfDisagreement'] {
  const d = ctx.elfDistrust?.get(os.creationIndex);
  if (!d?.vma && !d?.lma) return undefined;
  const plain = (x: ElfDisagreement | undefined) => (x ? { computed: x.computed, linked: x.linked } : undefined);
  return { vma: plain(d.vma), lma: plain(d.lma) };
}

/** A section's load address from the PT_LOAD segment holding its contents (undefined: none). */
function segmentLma(elf: import('../elf/types').ElfFile, h: import('../elf/types').ElfSection): bigint | undefined {
  if ((h.flags & 0x2n) === 0n || h.type === 8 || h.size === 0n) return undefined;
  for (const p of elf.segments) {
    if (p.type !== 1) continue;
    // (Overlays share VMAs: the segment must hold the section's file bytes too.)
    if (h.addr >= p.vaddr && h.addr + h.size <= p.vaddr + p.filesz && h.offset - p.offset === h.addr - p.vaddr) return p.paddr + (h.addr - p.vaddr);
  }
  return undefined;
}

function linkedValue(elf: import('../elf/types').ElfFile, name: string): bigint | undefined {
  const sym = elf.symbols.find((s) => s.name === name && s.type !== 3 && s.type !== 4 && s.section.kind !== 'undefined');
  return sym?.value;
}

function layoutOnce(
  req: LayoutRequest,
  elfOptions: { objectDefinedProvides?: Set<string>; naturalSizes?: Map<number, bigint>; naturalAligns?: Map<number, number>; naturalOrder?: Map<string, number[]>; commonAtEnd?: boolean; distrust?: Map<number, ElfDistrust> } | undefined,
): LayoutResult {
  const ctx = new LinkContext(req.options);
  ctx.elfDistrust = elfOptions?.distrust;
  const walk = new AssignmentWalk(ctx);
  const asserts: AssertOutcome[] = [];
  const elfMode = req.elf && elfOptions ? new ElfMode(ctx, req.elf, elfOptions) : undefined;
  ctx.elfOnly = !!elfMode && req.objects.length === 0;
  ctx.folder = new ExpressionFolder(ctx, {
    sizeofHeaders: () => elfMode?.sizeofHeaders() ?? sizeofHeaders(ctx),
    sectionForDot: () => walk.sectionForDot(),
    elfProvide: elfMode ? (node) => elfMode.provideDecision(node) : undefined,
  });
  ctx.folder.onAssert = (message, passed, range, unknown) => {
    asserts.push(assertOutcome(message, passed, range));
    if (unknown) elfMode?.noteUnknownAssert(message, unknown, range);
  };
  let passes = 0;
  let fatal = false;
  try {
    ctx.statements.push(ctx.absStatement);
    if (req.options.entry !== undefined) {
      ctx.entrySymbol = req.options.entry;
      ctx.entryFromCommandLine = true;
    }
    addOptionStatements(ctx);
    const built = addScript(ctx, req.script);
    const ids = new SectionIds();
    const groups: InputFile[][] = req.objects.map((o) => inputFilesFromObject(o.file, o.name, ids, o.data));
    if (elfMode) groups.push(elfMode.standInFiles(ids));
    else if (req.elf) throw new Error('internal: --elf layout without its mode');
    // ctx.inputs becomes ld's file_chain: files in the order they are loaded (see openInputs).
    ctx.inputs = [];
    addInputStatements(ctx, groups);
    if (built.hasInsert) {
      if (!req.defaultScript) throw new InputError('ldscope: INSERT needs ld\'s default script, which is not available for this emulation');
      addScript(ctx, req.defaultScript());
    }
    passes = process(ctx, walk, ids, elfMode);
  } catch (e) {
    if (!(e instanceof FatalLayoutError)) throw e;
    fatal = true;
  }
  return collect(ctx, asserts, fatal, passes, elfMode);
}

/** lang_process, from lang_place_undefineds to the final assignments and checks. */
function process(ctx: LinkContext, walk: AssignmentWalk, ids: SectionIds, elfMode: ElfMode | undefined): number {
  let passes = 0;
  // lang_place_undefineds: -u symbols and the entry symbol are undefined references.
  for (const name of [...ctx.options.undefinedSymbols, ...(ctx.entrySymbol !== undefined && !/^(0[xX][0-9a-fA-F]+|[0-9]+)$/.test(ctx.entrySymbol) ? [ctx.entrySymbol] : [])]) {
    const h = ctx.hash.lookupOrCreate(name);
    if (h.state === 'new') h.state = 'undefined';
  }
  doMemoryRegions(ctx, false);
  ctx.statementIteration++;
  openInputs(ctx, ctx.statements, ids);
  doMemoryRegions(ctx, true);
  afterOpen(ctx, ids);
  elfMode?.afterOpen();

  walk.run('mark');
  ctx.phase = 'first';
  allocateCommons(ctx);
  resolveWilds(ctx);
  markKeptSections(ctx.statements);
  updateWildStatements(ctx, ctx.statements);
  ctx.statementIteration++;
  elfMode?.beforeMapping();
  mapInputToOutputSections(ctx, ctx.statements, undefined);
  processInsertStatements(ctx);
  elfMode?.beforeOrphans();
  // (--elf with objects: the objects' orphans first, then the linked sections they explain are
  // matched, then the linked sections nothing explains are placed as the orphans they were.)
  const placer = new OrphanPlacer(ctx);
  placer.placeAll((f) => !f.standIn);
  elfMode?.matchAfterObjectOrphans();
  placer.placeAll((f) => f.standIn);
  // bfd_merge_sections (final links only).
  const unmerged = mergeSections(ctx.inputs);
  if (unmerged.length > 0) {
    ctx.report(
      'warning',
      'merge-sections',
      `the contents of mergeable sections are not available (${unmerged.slice(0, 3).join(', ')}${unmerged.length > 3 ? ', …' : ''}): ld removes duplicate constants/strings from them (bfd_merge_sections), ldscope keeps their full sizes`,
      undefined,
    );
  }
  const text = ctx.sectionByName('.text');
  if (text) {
    if (!ctx.options.omagic) text.flags |= SEC.READONLY;
    else text.flags &= ~SEC.READONLY;
  }
  propagateLmaRegions(ctx);
  // ldemul_before_allocation: empty linker-created sections are excluded, then empty output
  // sections removed.
  excludeEmptyLinkerCreated(ctx.inputs);
  ctx.stackFlags = elfMode ? elfMode.stackFlags() : ctx.inputs.some((f) => f.hasGnuStackNote);
  elfMode?.beforeStrip();
  stripExcludedOutputSections(ctx);
  passes++;
  recordPhdrs(ctx);
  if (ctx.relro) {
    // (With objects, their own matches decide, as in ld.)
    if (elfMode && ctx.elfOnly) elfMode.findRelroSections(locate);
    else findRelroSections(ctx);
  }
  sizeSections(ctx, true);
  passes++;

  // ldelf_map_segments: size again while the number of program headers changes.
  let needLayout = false;
  let tries = 10;
  do {
    if (needLayout) {
      walk.run('assigning');
      resetMemoryRegions(ctx);
      sizeSections(ctx, true);
      passes++;
    }
    needLayout = false;
    const before = ctx.programHeaderSize;
    // (--elf: the linked ELF's program header count, a fact of the output like its sizes.)
    const count = ctx.phdrs ? ctx.phdrs.length : elfMode ? elfMode.programHeaderCount(mapSectionsToSegmentsCount(ctx)) : mapSectionsToSegmentsCount(ctx);
    const after = BigInt(count) * ctx.options.emulation.phdrSize;
    ctx.programHeaderSize = after;
    if (before !== after) {
      if (tries > 6) needLayout = true;
      else if (before === undefined || before < after) needLayout = true;
      else ctx.programHeaderSize = before;
    }
  } while (needLayout && --tries);
  if (tries === 0) ctx.fatal('map-segments', 'looping in map_segments (the number of program headers does not settle)', undefined);

  walk.run('final');
  checkSectionAddresses(ctx);
  return passes;
}

/** lang_do_memory_regions */
function doMemoryRegions(ctx: LinkContext, update: boolean): void {
  for (const r of ctx.regions.regions) {
    if (r.originExp) {
      ctx.folder.foldTreeNoDot(r.originExp);
      if (update) {
        if (ctx.folder.result.valid) {
          r.origin = ctx.folder.result.value;
          r.current = r.origin;
        } else ctx.report('warning', 'region-origin', `invalid origin for memory region ${r.name}`, r.range);
      }
    }
    if (r.lengthExp) {
      ctx.folder.foldTreeNoDot(r.lengthExp);
      if (update) {
        if (ctx.folder.result.valid) r.length = ctx.folder.result.value;
        else ctx.report('warning', 'region-length', `invalid length for memory region ${r.name}`, r.range);
      }
    }
  }
}

/** open_input_bfds: enter symbols of inputs and evaluate assignments, in statement order. */
function openInputs(ctx: LinkContext, list: Statement[], ids: SectionIds): void {
  for (const s of list) {
    switch (s.kind) {
      case 'output':
        openInputs(ctx, s.children, ids);
        break;
      case 'wild':
        // lookup_name: a file the script names without wildcards is loaded right here, before
        // the files ahead of it on the command line.
        if (s.filename !== undefined && !/[?*[]/.test(s.filename) && !s.filename.includes(':') && !ctx.elfOnly) {
          const file = allInputs(ctx).find((f) => fileMatchesLookupName(s.filename!, f));
          if (!file) {
            ctx.fatal(
              'missing-input',
              `cannot find ${s.filename}: the script names a file that is not among the link's inputs (ld would try to load it)`,
              s.range,
            );
          }
          loadFile(ctx, file!, ids);
        }
        break;
      case 'input-file':
        for (const f of s.files) loadFile(ctx, f, ids);
        break;
      case 'assignment':
        if (s.exp.k !== 'assert') ctx.folder.foldTreeNoDot(s.exp);
        break;
      default:
        break;
    }
  }
}

function allInputs(ctx: LinkContext): InputFile[] {
  return ctx.statements.flatMap((s) => (s.kind === 'input-file' ? s.files : []));
}

/** load_symbols: the file joins the file chain and its symbols the symbol table. */
function loadFile(ctx: LinkContext, f: InputFile, ids: SectionIds): void {
  if (f.loaded) return;
  f.loaded = true;
  ctx.inputs.push(f);
  ctx.hash.addObjectSymbols(f, (file) => commonSectionOf(file, ids));
}

/** ldelf_after_open and the x86 backend's setup: linker-created sections and symbols. */
function afterOpen(ctx: LinkContext, ids: SectionIds): void {
  // (--elf without objects: the stand-in file plays the first input, so orphans meet the same
  // linker-created sections as in the real link.)
  const dynobj = ctx.inputs.find((f) => f.sections.length > 0 && !f.standIn) ?? (ctx.elfOnly ? ctx.inputs.find((f) => f.standIn) : undefined);
  if (!dynobj) return;
  addLinkerCreatedSections(dynobj, ctx.options, ids);
  for (const f of ctx.inputs) {
    for (const s of f.sections) {
      if (s.name === '.note.gnu.build-id' && !s.linkerCreated) s.flags |= SEC.EXCLUDE;
    }
  }
  // _GLOBAL_OFFSET_TABLE_ is defined at the start of .got.plt (a linker-defined symbol).
  const gotplt = dynobj.sections.find((s) => s.name === '.got.plt' && s.linkerCreated);
  const h = ctx.hash.lookupOrCreate('_GLOBAL_OFFSET_TABLE_');
  if (gotplt && (h.state === 'new' || h.state === 'undefined' || h.state === 'undefweak')) {
    h.state = 'defined';
    h.section = gotplt;
    h.value = 0n;
    h.linkerDef = true;
    h.hidden = true;
  }
}

/** resolve_wilds: offer every input section to the descriptions its name can match. */
function resolveWilds(ctx: LinkContext): void {
  const tree = new PrefixTree();
  const visit = (list: Statement[]): void => {
    for (const s of list) {
      if (s.kind === 'wild') tree.insert(s);
      else if (s.kind === 'output') visit(s.children);
    }
  };
  visit(ctx.statements);
  for (const f of ctx.inputs) {
    // --elf stand-ins are placed where the ELF says, not by patterns (linker-created ones are).
    tree.resolveFile(f, f.standIn ? f.sections.filter((s) => s.linkerCreated) : f.sections);
  }
}

/**
 * lang_gc_sections_1, which runs even without --gc-sections: every section a KEEP description
 * matches (placed there or not) gets SEC_KEEP — and passes it on to its output section, which
 * is then never removed as empty.
 */
function markKeptSections(list: Statement[]): void {
  for (const s of list) {
    if (s.kind === 'output') markKeptSections(s.children);
    else if (s.kind === 'wild' && s.keep) for (const m of s.matching) m.section.flags |= SEC.KEEP;
  }
}

/** update_wild_statements for --sort-section. */
function updateWildStatements(ctx: LinkContext, list: Statement[]): void {
  const how = ctx.options.sortSection;
  if (how === 'none') return;
  for (const s of list) {
    if (s.kind === 'output') updateWildStatements(ctx, s.children);
    if (s.kind !== 'wild') continue;
    const w: WildStatement = s;
    for (const spec of w.sectionList) {
      if (spec.name === '.init' || spec.name === '.fini') continue;
      if (spec.sorted === 'none') spec.sorted = how;
      else if (spec.sorted === 'name' && how === 'alignment') spec.sorted = 'name-alignment';
      else if (spec.sorted === 'alignment' && how === 'name') spec.sorted = 'alignment-name';
      w.anySpecsSorted = true;
    }
  }
}

/** lang_propagate_lma_regions */
function propagateLmaRegions(ctx: LinkContext): void {
  for (const os of ctx.outputStatements()) {
    if (os.prev && !os.lmaRegion && os.loadBase === undefined && os.addrTree === undefined && os.region === os.prev.region) {
      os.lmaRegion = os.prev.lmaRegion;
    }
  }
}

/** bfd_merge_sections is not modelled: say so when it could change a size. */

/** lang_record_phdrs: which sections each PHDRS entry gets, and the names checked. */
function recordPhdrs(ctx: LinkContext): void {
  if (!ctx.phdrs) return;
  let last: string[] | undefined;
  const used = new Set<string>();
  ctx.segmentAssignments = [];
  for (const l of ctx.phdrs) {
    const secs: string[] = [];
    for (const os of ctx.outputStatements()) {
      if (os.constraint < 0) continue;
      let pl = os.phdrs;
      if (pl !== undefined) last = pl;
      else {
        if (os.sectype === 'noload' || !os.bfdSection || (os.bfdSection.flags & SEC.ALLOC) === 0) continue;
        if (l.type === 3n) continue;
        if (last === undefined) {
          for (let tmp: OutputSectionStatement | undefined = os; tmp; tmp = tmp.next) {
            if (tmp.phdrs) {
              last = tmp.phdrs;
              break;
            }
          }
          if (last === undefined) ctx.fatal('no-phdrs', 'no sections assigned to phdrs', l.range);
        }
        pl = last;
      }
      if (!os.bfdSection) continue;
      for (const name of pl) {
        if (name === l.name) {
          secs.push(os.name);
          used.add(`${os.name}\0${name}`);
        }
      }
    }
    if (l.flags) expGetVma(ctx, l.flags, 0n, 'phdr flags');
    if (l.at) expGetVma(ctx, l.at, 0n, 'phdr load address');
    ctx.segmentAssignments.push({ name: l.name, type: l.type, sections: secs });
  }
  for (const os of ctx.outputStatements()) {
    if (os.constraint < 0 || !os.bfdSection) continue;
    for (const name of os.phdrs ?? []) {
      if (name !== 'NONE' && !ctx.phdrs.some((p) => p.name === name)) {
        ctx.report('error', 'unknown-phdr', `section \`${os.name}' assigned to non-existent phdr \`${name}'`, os.range);
      }
    }
  }
}

/** lang_find_relro_sections: relro only counts when a non-empty section follows DATA_SEGMENT_ALIGN. */
function findRelroSections(ctx: LinkContext): void {
  const start = ctx.dataseg.relroStartStat;
  let found = false;
  const scan = (list: Statement[], from: number): boolean => {
    for (let i = from; i < list.length; i++) {
      const s = list[i];
      if (s === ctx.dataseg.relroEndStat) return true;
      if (s.kind === 'wild') {
        for (const m of s.matching) {
          const out = m.section.output;
          if (out !== undefined && out !== 'discarded' && (out.flags & SEC.EXCLUDE) === 0 && !LinkContext.ignoreSection(m.section.flags) && m.section.size !== 0n) {
            found = true;
            return true;
          }
        }
      } else if (s.kind === 'output') {
        if (scan(s.children, 0)) return true;
      }
    }
    return false;
  };
  if (start) {
    const where = locate(ctx.statements, start);
    if (where) scan(where.list, where.index);
  }
  if (!found) ctx.relro = false;
}

function locate(list: Statement[], target: Statement): { list: Statement[]; index: number } | undefined {
  for (let i = 0; i < list.length; i++) {
    if (list[i] === target) return { list, index: i };
    const s = list[i];
    if (s.kind === 'output') {
      const r = locate(s.children, target);
      if (r) return r;
    }
  }
  return undefined;
}

// ----------------------------------------------------------------------------------------------

/**
 * An ASSERT's outcome, its position worked out when asked: mapping a place in cpp's output
 * back to the .lds.S column takes a few hundred µs per line, and only failed assertions are
 * reported (Xen's script has dozens that pass on every run).
 */
function assertOutcome(message: string, passed: boolean | undefined, range: SourceRange | undefined): AssertOutcome {
  let position: AssertOutcome['position'] | null = null;
  return {
    message,
    passed,
    get position() {
      if (position === null) {
        const p = range?.position;
        position = p ? { file: p.file, line: p.line, column: p.column } : undefined;
      }
      return position;
    },
  };
}

function collect(ctx: LinkContext, asserts: AssertOutcome[], fatal: boolean, passes: number, elfMode: ElfMode | undefined): LayoutResult {
  const mask = ctx.addressMask;
  const sections: LaidOutSection[] = [];
  const visit = (list: Statement[]) => {
    for (const s of list) {
      if (s.kind !== 'output' || s === ctx.absStatement) continue;
      const sec = s.bfdSection;
      if (!sec || sec.removed || s.name === '/DISCARD/') continue;
      sections.push({
        name: sec.name,
        vma: sec.vma & mask,
        lma: sec.lma & mask,
        size: sec.size & mask,
        alignmentPower: sec.alignmentPower,
        flags: sec.flags,
        phdrs: s.phdrs ?? [],
        statementIndex: s.creationIndex,
        unknown: sec.vmaUnknown ?? sec.lmaUnknown,
        vmaUnknown: sec.vmaUnknown,
        lmaUnknown: sec.lmaUnknown,
        elfOpaque: s.elfOpaque,
        elfDisagreement: elfDisagreementOf(ctx, s),
        inputs: placedInputs(ctx, sec),
      });
    }
  };
  visit(ctx.statements);

  const symbols = new Map<string, bigint>();
  const unknownSymbols = new Map<string, string>();
  const providedSymbols: string[] = [];
  const seen = new Set<string>();
  const scan = (list: Statement[]) => {
    for (const s of list) {
      if (s.kind === 'output') scan(s.children);
      if (s.kind !== 'assignment' || s.exp.k !== 'assign' || s.exp.dst === '.') continue;
      const name = s.exp.dst;
      if (seen.has(name)) continue;
      if (s.exp.cls === 'provide') continue;
      const h = ctx.hash.lookup(name);
      if (!h || !h.isDefined || !h.ldscriptDef) continue;
      seen.add(name);
      if (s.exp.cls === 'provided') providedSymbols.push(name);
      if (h.unknown) {
        unknownSymbols.set(name, h.unknown);
        continue;
      }
      symbols.set(name, finalValue(ctx, h) & mask);
    }
  };
  scan(ctx.statements);

  const regions: RegionUsage[] = [];
  if (ctx.regions.hasUserRegions()) {
    // --print-memory-usage stops before the last region of the list (usually *default*).
    const list = ctx.regions.regions;
    for (let i = 0; i + 1 < list.length; i++) {
      const r = list[i];
      regions.push({ name: r.name, origin: r.origin, length: r.length, used: (r.current - r.origin) & ((1n << 64n) - 1n) });
    }
  }
  elfMode?.finish(symbols, unknownSymbols);
  return {
    valid: !ctx.failed,
    fatal,
    sections,
    symbols,
    unknownSymbols,
    asserts,
    regions,
    segments: ctx.segmentAssignments ?? [],
    diagnostics: ctx.diagnostics,
    elfClass: ctx.options.emulation.elfClass,
    sizingPasses: passes,
    providedSymbols,
    elfMatches: elfMode?.matches(),
    elfCommonAmbiguous: elfMode?.commonAmbiguous,
  };
}

/**
 * What ld's map file lists under an output section: its input sections with offset and size.
 * Not known when only a linked ELF was given, nor where a stand-in for the ELF's section is
 * among them (--elf mode took that section, or part of it, from the ELF).
 */
function placedInputs(ctx: LinkContext, sec: import('./output/OutputSection').OutputSection): LaidOutInput[] | undefined {
  if (ctx.elfOnly || sec.inputs.some((i) => i.file.standIn)) return undefined;
  return sec.inputs.map((i) => ({ file: i.file.displayName, section: i.name, offset: i.outputOffset, size: i.size, ...((i.flags & SEC.EXCLUDE) !== 0 ? { excluded: true } : {}) }));
}

/** A symbol's value once sections have their addresses. */
export function finalValue(ctx: LinkContext, h: import('./symbols/LinkSymbol').LinkSymbol): bigint {
  const sec = h.section;
  if (!sec) return h.value;
  if ((sec as InputSection).file !== undefined) {
    const is = sec as InputSection;
    const out = is.output;
    if (out === undefined || out === 'discarded') return h.value + is.outputOffset;
    return (h.value + is.outputOffset + out.vma) & ((1n << 64n) - 1n);
  }
  const os = sec as import('./output/OutputSection').OutputSection;
  return (h.value + os.vma) & ((1n << 64n) - 1n);
}

export type { SegmentAssignment };
