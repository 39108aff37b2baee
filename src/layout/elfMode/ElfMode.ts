/**
 * --elf mode: lay the script out on top of an already linked ELF. What the ELF gives is
 * taken as input, never as an answer:
 * - every output section's size, alignment, flags and type (the section headers);
 * - which output sections exist (ld removed the others), and the orphans ld made;
 * - the object symbols (global symbols the script does not assign), as offsets into their
 *   output sections, so they move with the section addresses ldscope computes;
 * - whether an input had .note.GNU-stack (a PT_GNU_STACK header), which SIZEOF_HEADERS counts.
 * Addresses and script symbols are computed by the same layout as for objects. What the ELF
 * cannot tell — where inside an output section one input section description ends and the
 * next begins — is unknown, and symbols that depend on it are reported as such ("cannot know
 * …"), unless the objects are given too and add up to the ELF's sizes.
 *
 * A PROVIDE whose symbol the ELF defines was either taken (the value is the script's) or not
 * needed because an object defined the symbol; ldscope computes it as taken, and takes the
 * object's definition instead when the computed value differs from the linked one (the only
 * use made of a script symbol's linked value, and reported).
 */
import type { SourceRange } from '../../diagnostics/SourceRange';
import { PT, SHT } from '../../elf/constants';
import type { ElfFile, ElfSection } from '../../elf/types';
import { bfdFlagsFromElf, SEC } from '../bfd/sectionFlags';
import type { AssignNode } from '../expr/Etree';
import { InputFile, InputSection } from '../input/InputFile';
import type { SectionIds } from '../input/readInputs';
import { log2ceil } from '../input/readInputs';
import { makeDiagnostic } from '../LayoutDiagnostic';
import type { LinkContext } from '../LinkContext';
import { initOs } from '../match/mapInputSections';
import type { OutputSectionStatement, Statement, WildStatement } from '../script/statements';
import { specMatches } from '../match/specMatch';
import { specialSectionType } from '../bfd/specialSections';
import type { ElfModeInput } from './ElfModeInput';

/** Sections ld's ELF writer makes after layout: not output sections of the link. */
const SYNTHESISED = new Set(['.symtab', '.strtab', '.shstrtab']);

const STB_LOCAL = 0;
const STT_SECTION = 3;
const STT_FILE = 4;

/** Offsets wrap as in ld's 64-bit bfd_vma arithmetic. */
const ADDRESS_MASK = (1n << 64n) - 1n;

/**
 * The ELF type ld's output section has while ld places orphans: the name's special type unless
 * that is PROGBITS/NOTE/NOBITS, else the first input's type — which a NOLOAD section does not
 * take (its flags differ from the input's by SEC_NEVER_LOAD). The linked type stands in for the
 * first input's.
 */
function inflightType(os: OutputSectionStatement, linked: number, x86_64: boolean): number {
  const special = specialSectionType(os.name, x86_64);
  if (special !== SHT.NULL && special !== SHT.PROGBITS && special !== SHT.NOTE && special !== SHT.NOBITS) return special;
  if (os.sectype === 'noload') return SHT.NULL;
  return linked;
}

export class ElfMode {
  private readonly elf: ElfFile;
  private readonly headers: ElfSection[];
  /** Stand-in input sections, one per ELF output section, by section index. */
  private readonly standIns = new Map<number, InputSection>();
  private standInFile: InputFile | undefined;
  /** Names the script assigns with plain assignments, and with PROVIDE. */
  private readonly assigned = new Set<string>();
  private readonly provided = new Set<string>();
  /** PROVIDE_HIDDEN targets: ld makes an object's global of that name local in the output. */
  private readonly hiddenProvided = new Set<string>();
  /** PROVIDE targets ld did not take because an object defines them (decided by a first run). */
  private readonly objectDefined: Set<string>;
  /** Output statements matched to ELF sections. */
  private readonly matched = new Map<OutputSectionStatement, ElfSection>();
  /** Natural sizes from a layout of the objects alone (with objects): decides opacity. */
  /** With objects: the sizes of the sections the objects' own layout keeps, by statement. */
  private readonly naturalSizes: Map<number, bigint> | undefined;
  /** With objects: the alignments of the sections the objects' own layout keeps. */
  private readonly naturalAligns: Map<number, number> | undefined;
  /** With objects: the statements the objects' own layout keeps, by name, in output order. */
  private readonly naturalOrder: Map<string, number[]> | undefined;
  /** Place an unclaimed linked `.bss` as ld's COMMON section (the second reading of the ELF). */
  private readonly commonAtEnd: boolean;
  /** Statements whose BFD section was made from a linked section's stand-in (not by ld's rules). */
  private readonly fromStandIn = new Set<OutputSectionStatement>();

  constructor(
    private readonly ctx: LinkContext,
    private readonly input: ElfModeInput,
    options: { objectDefinedProvides?: Set<string>; naturalSizes?: Map<number, bigint>; naturalAligns?: Map<number, number>; naturalOrder?: Map<string, number[]>; commonAtEnd?: boolean } = {},
  ) {
    this.elf = input.elf;
    this.headers = this.elf.sections.filter((s) => s.index !== 0 && !SYNTHESISED.has(s.name));
    this.objectDefined = options.objectDefinedProvides ?? new Set();
    this.naturalSizes = options.naturalSizes;
    this.naturalAligns = options.naturalAligns;
    this.naturalOrder = options.naturalOrder;
    this.commonAtEnd = options.commonAtEnd ?? false;
  }

  /** Records which names the script assigns (called once the statements exist). */
  private collectAssigned(list: Statement[]): void {
    for (const s of list) {
      if (s.kind === 'output') this.collectAssigned(s.children);
      if (s.kind !== 'assignment' || s.exp.k !== 'assign' || s.exp.dst === '.') continue;
      if (s.exp.cls === 'assign') this.assigned.add(s.exp.dst);
      else {
        this.provided.add(s.exp.dst);
        if (s.exp.hidden) this.hiddenProvided.add(s.exp.dst);
      }
    }
  }

  /**
   * The stand-in input file: a section per ELF output section (placed where ld placed its
   * output section) and the object symbols.
   */
  standInFiles(ids: SectionIds): InputFile[] {
    if (this.standInFile) return [this.standInFile];
    this.collectAssigned(this.ctx.statements);
    const file = new InputFile(`(linked ${this.elf.name})`);
    file.standIn = true;
    for (const h of this.headers) {
      const flags = bfdFlagsFromElf(h.name, h.type, h.flags);
      const s = new InputSection(file, h.name, flags, h.size, log2ceil(h.addralign === 0n ? 1n : h.addralign), h.type, h.flags, h.info, h.entsize, ids.take());
      file.sections.push(s);
      this.standIns.set(h.index, s);
    }
    // An indexed loop: this runs once per link, interpreted, where `for…of` allocates an
    // iterator result per symbol (Xen's xen-syms has 7,477).
    const symbols = this.elf.symbols;
    for (let i = 0; i < symbols.length; i++) {
      const sym = symbols[i];
      if (sym.type === STT_SECTION || sym.type === STT_FILE || sym.name === '') continue;
      if (sym.bind === STB_LOCAL && sym.visibility === 0 && !this.hiddenProvided.has(sym.name)) continue;
      if (this.assigned.has(sym.name)) continue;
      if (this.provided.has(sym.name) && !this.objectDefined.has(sym.name)) continue;
      if (sym.section.kind === 'undefined' || sym.section.kind === 'common') continue;
      if (sym.section.kind === 'section') {
        const sec = this.standIns.get(sym.section.index);
        const hdr = this.elf.sections[sym.section.index];
        if (!sec) continue;
        // A symbol past the end of its linked section (or before it) may have been in a section
        // ld removed there: its address is right, its offset from a section start is not known.
        const inside = sym.value >= hdr.addr && (sym.value < hdr.addr + hdr.size || (hdr.size === 0n && sym.value === hdr.addr));
        const relUnknown = inside ? undefined : `cannot know which section ${sym.name} was in (at 0x${sym.value.toString(16)}, outside the linked ${hdr.name}, where a section ld removed may have been), and the expression uses its offset in it`;
        file.symbols.push({ name: sym.name, kind: 'defined', weak: sym.bind === 2, value: (sym.value - hdr.addr) & ADDRESS_MASK, section: sec, size: sym.size, commonAlignmentPower: 0, hidden: false, relUnknown });
      } else {
        file.symbols.push({ name: sym.name, kind: 'defined', weak: sym.bind === 2, value: sym.value, size: sym.size, commonAlignmentPower: 0, hidden: false });
      }
    }
    this.standInFile = file;
    return [file];
  }

  afterOpen(): void {}

  /** Which linked section each matched statement took (creation index → header index). */
  matches(): Map<number, number> {
    return new Map([...this.matched].map(([os, h]) => [os.creationIndex, h.index] as const));
  }

  /**
   * Before input sections are mapped: each ELF section goes to the first script statement of
   * its name (which then exists, with the ELF's flags); the others stay to be placed as the
   * orphans they were.
   */
  beforeMapping(): void {
    for (const h of this.headers) {
      const os = this.candidate(h, this.ctx.outputStatements(), true);
      if (os) this.matched.set(os, h);
    }
    // A `.bss` no statement takes, in a link whose script does not take every COMMON: ld's
    // section for COMMON symbols (lookup at the end of the script) or an orphan `.bss`?
    if (!this.input.withObjects && !this.scriptTakesAllCommons()) {
      const matchedHeaders = new Set(this.matched.values());
      for (const h of this.headers) {
        if (h.name !== '.bss' || h.type !== SHT.NOBITS || matchedHeaders.has(h)) continue;
        this.commonAmbiguous = true;
        if (this.commonAtEnd) this.standIns.get(h.index)!.placeAsCommon = true;
        break;
      }
    }
  }

  /** Whether an input section description takes COMMON from every file. */
  private scriptTakesAllCommons(): boolean {
    const visit = (list: Statement[]): boolean =>
      list.some((s) => {
        if (s.kind === 'output') return visit(s.children);
        if (s.kind !== 'wild' || (s.filename !== undefined && s.filename !== '*') || s.excludeNameList) return false;
        return s.sectionList.some((spec) => !spec.excludeNameList && (spec.name === undefined || specMatches(spec, 'COMMON')));
      });
    return visit(this.ctx.statements);
  }

  /** --elf alone: the linked `.bss` could have been ld's COMMON section or an orphan (see beforeMapping). */
  commonAmbiguous = false;

  /**
   * The statement a linked section belongs to: the first of its name not matched yet; with
   * objects, one the objects' own layout keeps (a script section ld emptied and removed can
   * share its name with the orphan section ld made instead). STRICT leaves the choice to a
   * later stage when no kept statement is found.
   */
  private candidate(h: ElfSection, statements: Iterable<OutputSectionStatement>, strict: boolean): OutputSectionStatement | undefined {
    const used = new Set(this.matched.keys());
    const all: OutputSectionStatement[] = [];
    for (const cand of statements) {
      if (cand.name === h.name && cand.constraint >= 0 && !used.has(cand) && cand.name !== '/DISCARD/') all.push(cand);
    }
    if (!this.naturalSizes) return all[0];
    // The k-th linked section of a name is the k-th the objects' own layout keeps, when the
    // counts agree (an orphan ld placed before a script section of the same name comes first).
    const order = this.naturalOrder?.get(h.name);
    const sameName = this.headers.filter((x) => x.name === h.name);
    if (order && order.length === sameName.length) {
      const want = order[sameName.indexOf(h)];
      const found = all.find((c) => c.creationIndex === want);
      if (found || strict) return found;
    }
    const kept = all.filter((c) => this.naturalSizes!.has(c.creationIndex));
    if (kept.length > 0) return kept[0];
    return strict ? undefined : all[0];
  }

  /**
   * With objects, once their orphans are placed: linked sections not matched yet go to the
   * statements the objects explain (kept by the objects' own layout), else to the first of
   * their name; the rest stay to be placed as orphans.
   */
  matchAfterObjectOrphans(): void {
    if (!this.input.withObjects) return;
    for (const [os, h] of this.matched) {
      if (!this.standIns.get(h.index)!.output) this.placeStandIn(os, h);
    }
    const matchedHeaders = new Set(this.matched.values());
    for (const h of this.headers) {
      if (matchedHeaders.has(h)) continue;
      const os = this.candidate(h, this.ctx.outputStatements(), false);
      if (!os) continue;
      this.matched.set(os, h);
      matchedHeaders.add(h);
      this.placeStandIn(os, h);
    }
  }

  /** The linked section H's stand-in goes into OS (made with the ELF's flags if it has no section yet). */
  private placeStandIn(os: OutputSectionStatement, h: ElfSection): void {
    const stand = this.standIns.get(h.index)!;
    if (!os.bfdSection) {
      initOs(this.ctx, os, stand.flags);
      this.fromStandIn.add(os);
      this.applyFacts(os, h);
    }
    stand.output = os.bfdSection;
    if (os.bfdSection) os.bfdSection.elfStandIn = stand;
  }

  /**
   * After the objects' input sections are mapped (with objects) and before orphans are placed:
   * a matched section that has no BFD section yet gets one with the ELF's flags, so orphans
   * meet it as ld's orphans met the real one. (A section that got inputs keeps the flags and
   * type its inputs gave it until sizing: orphan placement looks at those.)
   */
  beforeOrphans(): void {
    if (!this.input.withObjects) this.ctx.elfPresent = (os) => os.isOrphan || this.matched.has(os);
    for (const [os, h] of this.matched) {
      const stand = this.standIns.get(h.index)!;
      const created = !os.bfdSection;
      // With objects, a statement the mapping left without a section gets one from the
      // objects' orphans (as in ld), or after them (matchAfterObjectOrphans).
      if (created && this.input.withObjects) continue;
      if (created) {
        initOs(this.ctx, os, stand.flags);
        this.fromStandIn.add(os);
      }
      // With objects, a section that exists already has the flags ld gave it from its inputs
      // and statements; without, the linked flags are the best stand-in for its inputs'.
      // A section the mapping made for a statement with no input section description (only
      // assignments or data) has the flags the mapping gave it until sizing: orphans meet those.
      const mappingFlagsOnly = !created && !os.children.some((c) => c.kind === 'wild');
      if (created || (!this.input.withObjects && !mappingFlagsOnly)) this.applyFacts(os, h);
      stand.output = os.bfdSection;
      if (os.bfdSection) os.bfdSection.elfStandIn = stand;
    }
  }

  private applyFacts(os: OutputSectionStatement, h: ElfSection): void {
    const sec = os.bfdSection!;
    const stand = this.standIns.get(h.index)!;
    os.elfFacts = { size: h.size, alignmentPower: stand.alignmentPower, flags: stand.flags, elfType: h.type, addr: h.addr, index: h.index };
    // With objects that explain the section (their own layout gives it the linked size), its
    // flags, type and alignment are the ones ld had while laying out: the objects' (the linked
    // ones are final, e.g. an empty section ld later gave its neighbour's flags).
    if (this.input.withObjects && !this.fromStandIn.has(os) && this.naturalSizes?.get(os.creationIndex) === h.size) {
      sec.alignUnknown = undefined;
      return;
    }
    sec.flags = stand.flags | (sec.flags & SEC.KEEP);
    // With objects that put sections here, their alignments are ld's (the ELF's may be capped).
    // (So are those of a section whose size the objects' own layout gives exactly.)
    const naturalAlign = this.naturalSizes?.get(os.creationIndex) === h.size ? this.naturalAligns?.get(os.creationIndex) : undefined;
    const fromObjects = this.input.withObjects && (naturalAlign !== undefined || sec.inputs.some((i) => !i.file.standIn));
    sec.alignmentPower = fromObjects ? Math.max(sec.alignmentPower, stand.alignmentPower, naturalAlign ?? 0) : stand.alignmentPower;
    sec.elfType = inflightType(os, h.type, this.ctx.x86_64);
    // ld's ELF writer caps sh_addralign at the lowest set bit of sh_addr (a script can place a
    // section off its alignment): when the two meet, the alignment may have been larger.
    const align = h.addralign === 0n ? 1n : h.addralign;
    sec.alignUnknown =
      !fromObjects && h.addr !== 0n && (h.addr & (2n * align - 1n)) === align
        ? `cannot know the alignment of ${os.name}: it sits at 0x${h.addr.toString(16)}, so the linked ELF's sh_addralign (${align}) may be less than ld's alignment`
        : undefined;
  }

  /**
   * Before empty sections are removed: sections the ELF has get its size (fixed) and flags
   * and stay; sections it does not have were removed by ld.
   */
  beforeStrip(): void {
    // Orphan stand-ins were placed like ld placed their sections: they are matched now.
    for (const [index, stand] of this.standIns) {
      const out = stand.output;
      if (out && out !== 'discarded' && out.statement && !this.matched.has(out.statement)) {
        this.matched.set(out.statement, this.elf.sections[index]);
      }
    }
    for (const os of this.ctx.outputStatements()) {
      const sec = os.bfdSection;
      if (!sec || sec.isAbs) continue;
      const h = this.matched.get(os);
      if (!h) {
        // Not in the linked ELF: ld removed it (or never made it).
        // strip_excluded_output_sections removes it (after its sizing pass has seen whether
        // it assigns symbols).
        sec.flags &= ~SEC.KEEP;
        sec.size = 0n;
        sec.fixedSize = true;
        os.elfAbsent = true;
        if (!this.input.withObjects) {
          os.elfUnknownFlags = `cannot know whether the removed section ${os.name} was allocated: empty orphan input sections named ${os.name} would have gone into it, and the linked ELF does not show them`;
        }
        // Its patterns may have matched empty input sections, whose alignment still places it
        // (and `.` after it, when it assigns symbols): not known without the objects.
        if (!this.input.withObjects && this.hasInputs(os.children)) {
          os.elfUnknownAddress = `cannot know the address of the removed section ${os.name}: empty input sections its patterns may have matched still align it`;
          // (ld keeps the alignment such inputs gave the removed section: ALIGNOF reads it.)
          sec.alignUnknown ??= `cannot know the alignment of the removed section ${os.name}: empty input sections its patterns may have matched still gave it theirs`;
        }
        continue;
      }
      this.applyFacts(os, h);
      // ld removed it or not: the ELF says not.
      sec.flags |= SEC.KEEP;
      const sizeDistrust = this.ctx.elfDistrust?.get(os.creationIndex)?.size;
      os.elfOpaque = this.opaque(os, h) || sizeDistrust === 'unknown';
      os.elfEndKnown = this.noOrphansAppended(os);
      if (os.elfOpaque || sizeDistrust === 'appended') {
        // Its contents are known only as a whole: its size is the linked one.
        sec.size = h.size;
        sec.rawsize = h.size;
        sec.fixedSize = true;
      }
    }
    if (this.input.withObjects) this.useLinkedSymbolsInOpaqueSections();
  }

  /**
   * With objects: a symbol of an input section in a section whose inputs do not add up cannot
   * be placed from the objects; its linked offset in the output section is used instead.
   */
  private useLinkedSymbolsInOpaqueSections(): void {
    const linked = new Map((this.standInFile?.symbols ?? []).map((s) => [s.name, s] as const));
    for (const h of this.ctx.hash.all()) {
      const sec = h.section;
      if (!h.isDefined || !sec || !(sec as InputSection).file || (sec as InputSection).file.standIn) continue;
      const out = (sec as InputSection).output;
      if (!out || out === 'discarded' || !out.statement?.elfOpaque) continue;
      const l = linked.get(h.name);
      if (l && l.section) {
        h.section = l.section;
        h.value = l.value;
      } else {
        h.unknown = `${h.name} is in ${out.name}, whose input sections do not add up to the linked section's size`;
      }
    }
  }

  /**
   * Orphans ld adds to a script section (input sections of the section's name that no pattern
   * took, and COMMON when no pattern names it) go after everything in it: then the section's
   * end is not where its last statement is. That cannot happen when some pattern (anywhere in
   * the script) takes every input section of that name from every file.
   */
  private noOrphansAppended(os: OutputSectionStatement): boolean {
    if (os.isOrphan) return false;
    const catchAll = (name: string) =>
      this.wilds().some(
        (w) => w.filename === undefined && !w.excludeNameList && !w.flagTest && w.sectionList.some((sp) => sp.name !== undefined && !sp.excludeNameList && specMatches(sp, name)),
      );
    if (!catchAll(os.name)) return false;
    if (os.name === '.bss' && !catchAll('COMMON')) return false;
    return true;
  }

  private wildList: WildStatement[] | undefined;

  private wilds(): WildStatement[] {
    if (!this.wildList) {
      const out: WildStatement[] = [];
      const visit = (list: Statement[]) => {
        for (const s of list) {
          if (s.kind === 'wild') out.push(s);
          else if (s.kind === 'output' && s.constraint >= 0) visit(s.children);
        }
      };
      visit(this.ctx.statements);
      this.wildList = out;
    }
    return this.wildList;
  }

  /**
   * Whether the input sections' layout inside OS is unknown. A section made only of script
   * statements (no input section descriptions) is laid out like any other: its size can
   * depend on its address (`. = ALIGN(…)`), which the first sizing passes do not know yet.
   */
  private opaque(os: OutputSectionStatement, h: ElfSection): boolean {
    if (!this.hasInputs(os.children) && !os.isOrphan && !os.children.some((c) => c.kind === 'input-section' && c.section.file.standIn)) return false;
    if (!this.input.withObjects || !this.naturalSizes) return true;
    const natural = this.naturalSizes.get(os.creationIndex);
    return natural === undefined ? h.size !== 0n : natural !== h.size;
  }

  /**
   * lang_find_relro_sections without input sections: relro stays on when the linked ELF has a
   * PT_GNU_RELRO header, or a non-empty allocated section sits between DATA_SEGMENT_ALIGN and
   * DATA_SEGMENT_RELRO_END (which can only be there because relro inputs filled it).
   */
  findRelroSections(locate: (list: Statement[], target: Statement) => { list: Statement[]; index: number } | undefined): void {
    const ctx = this.ctx;
    if (this.elf.segments.some((p) => p.type === PT.GNU_RELRO)) return;
    const start = ctx.dataseg.relroStartStat;
    let found = false;
    const scan = (list: Statement[], from: number): boolean => {
      for (let i = from; i < list.length; i++) {
        const s = list[i];
        if (s === ctx.dataseg.relroEndStat) return true;
        if (s.kind === 'output') {
          const f = s.elfFacts;
          // ld counts only sections its input section descriptions matched (not orphans).
          if (f && f.size !== 0n && (f.flags & SEC.ALLOC) !== 0 && (f.flags & (SEC.LOAD | SEC.THREAD_LOCAL)) !== SEC.THREAD_LOCAL && s.children.some((c) => c.kind === 'wild')) {
            found = true;
            return true;
          }
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

  private hasInputs(list: Statement[]): boolean {
    return list.some((s) => s.kind === 'wild' || (s.kind === 'input-section' && !s.section.file.standIn));
  }

  stackFlags(): boolean {
    return this.elf.segments.some((p) => p.type === PT.GNU_STACK);
  }

  sizeofHeaders(): bigint | undefined {
    return undefined;
  }

  /**
   * The number of program headers ld settled on: the linked ELF's e_phnum. (ldscope's own
   * count, from addresses that may not be known here, is kept to report a disagreement.)
   */
  programHeaderCount(computed: number): number {
    this.phCount = computed;
    // With objects, ldscope's count is ld's (which may exceed the final e_phnum: ld keeps the
    // room of a larger earlier count once it stops laying out again).
    if (this.input.withObjects) return computed;
    return this.elf.segments.length > 0 ? this.elf.segments.length : computed;
  }

  private phCount = 0;

  provideDecision(node: AssignNode): 'define' | 'skip' | undefined {
    if (this.objectDefined.has(node.dst)) return 'skip';
    // With objects, ld's own rule decides (referenced and not defined by an object).
    if (this.input.withObjects) return undefined;
    const sym = this.elf.symbols.find((s) => s.name === node.dst && s.type !== STT_SECTION && s.type !== STT_FILE);
    if (!sym || sym.section.kind === 'undefined') return 'skip';
    return 'define';
  }

  private readonly unknownAsserts: Array<{ message: string; why: string; range: SourceRange | undefined }> = [];

  noteUnknownAssert(message: string, unknown: string, range: SourceRange | undefined): void {
    this.unknownAsserts.push({ message, why: unknown, range });
  }

  /** The linked value of a symbol (for the PROVIDE decision only). */
  linkedValue(name: string): bigint | undefined {
    const sym = this.elf.symbols.find((s) => s.name === name && s.type !== STT_SECTION && s.type !== STT_FILE && s.section.kind !== 'undefined');
    return sym?.value;
  }

  finish(symbols: Map<string, bigint>, unknown: Map<string, string>): void {
    const ctx = this.ctx;
    for (const [name, why] of unknown) {
      ctx.diagnostics.push(makeDiagnostic('note', 'cannot-know', `cannot know the value of ${name} from the linked ELF alone: ${why}`, undefined));
    }
    for (const a of this.unknownAsserts) {
      ctx.diagnostics.push(makeDiagnostic('note', 'cannot-know', `cannot decide ASSERT "${a.message}" from the linked ELF alone: ${a.why}`, a.range));
    }
    for (const name of this.objectDefined) {
      ctx.diagnostics.push(
        makeDiagnostic('note', 'provide-object-defined', `PROVIDE(${name}) not used: the linked ELF defines ${name} at another value, so an object defined it`, undefined),
      );
    }
    for (const [os, h] of this.matched) {
      const sec = os.bfdSection;
      if (sec && !os.elfOpaque && sec.size !== h.size) {
        ctx.diagnostics.push(
          makeDiagnostic('warning', 'section-size', `ldscope computes size 0x${sec.size.toString(16)} for ${os.name}, the linked ELF has 0x${h.size.toString(16)}`, os.range),
        );
      }
    }
    if (!this.input.withObjects && this.elf.segments.length > 0 && this.phCount !== 0 && this.phCount !== this.elf.segments.length && !ctx.phdrs) {
      ctx.diagnostics.push(
        makeDiagnostic('note', 'program-headers', `ldscope's segment mapping gives ${this.phCount} program headers, the linked ELF has ${this.elf.segments.length}; SIZEOF_HEADERS uses the ELF's`, undefined),
      );
    }
    void symbols;
    void SHT;
  }
}
