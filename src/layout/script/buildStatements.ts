/**
 * Builds ld's statement list from the command line and the script, the way ldgram.y's actions
 * and lexsup.c do while ld reads its arguments: options before -T add their statements first
 * (--defsym assignments, -Ttext address statements), then the script's commands in order
 * (output sections get statements in both the statement tree and the output section list,
 * OVERLAY becomes one statement per overlay section plus the __load_start/stop PROVIDEs), then
 * one input statement per command-line file.
 */
import { InputError } from '../../diagnostics/errors';
import { SourceFile } from '../../diagnostics/SourceFile';
import type * as ast from '../../script/ast';
import { parseScript } from '../../script/ScriptParser';
import type { Etree } from '../expr/Etree';
import { assignNode, nameNode, valueNode } from '../expr/Etree';
import { ConstantDivisionByZero, lowerExpression } from '../expr/lowerExpression';
import type { InputFile } from '../input/InputFile';
import type { LinkContext } from '../LinkContext';
import { applyAttributes, DEFAULT_MEMORY_REGION } from './MemoryRegion';
import {
  CONSTRAINT,
  DataStatement,
  OutputSectionStatement,
  SectionType,
  Statement,
  WildcardSpec,
  WildStatement,
} from './statements';

export interface BuildResult {
  /** An INSERT command was seen: ld also reads its default script. */
  hasInsert: boolean;
}

/** Lowers an expression, turning ld's parse-time division by zero into its error. */
export function lower(ctx: LinkContext, e: ast.Expr): Etree {
  try {
    return lowerExpression(e);
  } catch (err) {
    if (err instanceof ConstantDivisionByZero) {
      ctx.fatal('division-by-zero', `${err.operator} by zero`, err.at.range);
    }
    throw err;
  }
}

/** The statements options before -T add, in command-line order. */
export function addOptionStatements(ctx: LinkContext): void {
  for (const opt of ctx.options.ordered) {
    switch (opt.kind) {
      case 'defsym': {
        const text = `${opt.symbol} = ${opt.expression};`;
        const script = parseScript(new SourceFile('--defsym', text));
        const a = script.commands[0];
        if (script.commands.length !== 1 || a.kind !== 'Assignment' || a.operator !== '=' || a.provide || a.hidden) {
          throw new InputError(`ldscope: --defsym ${opt.symbol}=${opt.expression}: not a symbol assignment`);
        }
        ctx.statements.push({ kind: 'assignment', exp: assignNode(a.symbol, lower(ctx, a.value), 'assign', false, a.range), range: a.range });
        break;
      }
      case 'segment-start': {
        // set_segment_start: -Ttext=ADDR both overrides SEGMENT_START("text", …) and sets .text.
        const name = opt.section.slice(1);
        const existing = ctx.segments.find((s) => s.name === name);
        if (existing) existing.value = opt.address;
        else ctx.segments.unshift({ name, value: opt.address, used: false });
        ctx.statements.push({ kind: 'address', sectionName: opt.section, address: valueNode(opt.address), segment: name });
        break;
      }
      case 'section-start':
        ctx.statements.push({ kind: 'address', sectionName: opt.section, address: valueNode(opt.address), segment: undefined });
        break;
    }
  }
}

/** Adds the script's commands to the statement list (and regions, PHDRS, ENTRY …). */
export function addScript(ctx: LinkContext, script: ast.Script): BuildResult {
  const b = new Builder(ctx);
  b.topLevel(script.commands, ctx.statements);
  return { hasInsert: b.hasInsert };
}

/** One input statement per command-line file (an archive's members together). */
export function addInputStatements(ctx: LinkContext, groups: InputFile[][]): void {
  for (const files of groups) ctx.statements.push({ kind: 'input-file', files });
}

const PHDR_TYPES: Record<string, bigint> = {
  PT_NULL: 0n,
  PT_LOAD: 1n,
  PT_DYNAMIC: 2n,
  PT_INTERP: 3n,
  PT_NOTE: 4n,
  PT_SHLIB: 5n,
  PT_PHDR: 6n,
  PT_TLS: 7n,
  PT_GNU_EH_FRAME: 0x6474e550n,
  PT_GNU_STACK: 0x6474e551n,
  PT_GNU_RELRO: 0x6474e552n,
  PT_GNU_PROPERTY: 0x6474e553n,
};

class Builder {
  hasInsert = false;
  private overlayVma: Etree | undefined;
  private overlayFirst: OutputSectionStatement | undefined;

  constructor(private readonly ctx: LinkContext) {}

  topLevel(commands: readonly ast.TopLevelCommand[], list: Statement[]): void {
    const ctx = this.ctx;
    for (const c of commands) {
      switch (c.kind) {
        case 'Assignment':
          this.assignment(c, list);
          break;
        case 'Assert':
          list.push({ kind: 'assignment', exp: { k: 'assert', child: lower(ctx, c.condition), message: c.message, range: c.range }, range: c.range });
          break;
        case 'Entry':
          // lang_add_entry: a later ENTRY replaces an earlier one; -e wins over all.
          if (!ctx.entryFromCommandLine) ctx.entrySymbol = c.symbol;
          break;
        case 'Include':
          this.topLevel(c.commands, list);
          break;
        case 'Sections':
          this.sections(c.commands, list);
          break;
        case 'Memory':
          this.memory(c.regions);
          break;
        case 'Phdrs':
          this.phdrs(c);
          break;
        case 'Insert':
          this.hasInsert = true;
          list.push({ kind: 'insert', where: c.section, isBefore: c.position === 'BEFORE', range: c.range });
          break;
        case 'RegionAlias':
          this.regionAlias(c);
          break;
        case 'LdFeature':
          for (const f of c.feature.split(/[ ,]+/).filter((x) => x !== '')) {
            if (f === 'SANE_EXPR') ctx.saneExpr = true;
            else ctx.report('error', 'ld-feature', `unknown feature \`${f}'`, c.range);
          }
          break;
        case 'Extern':
          // ldlang_add_undef: an undefined reference, as from an object (PROVIDEs then apply).
          for (const name of c.symbols) {
            const h = ctx.hash.lookupOrCreate(name);
            if (h.state === 'new') h.state = 'undefined';
          }
          break;
        case 'Input':
          throw new InputError(
            `${c.range.file}:${c.range.line}: ${c.group ? 'GROUP' : 'INPUT'} in the script: ldscope takes the link's files as OBJECTS on its command line`,
          );
        case 'Startup':
          throw new InputError(`${c.range.file}:${c.range.line}: STARTUP in the script: give the file as OBJECTS instead`);
        default:
          // OUTPUT_FORMAT, OUTPUT_ARCH, TARGET, SEARCH_DIR, OUTPUT, MAP, VERSION, NOCROSSREFS,
          // FORCE_COMMON_ALLOCATION, HLL, SYSLIB …: nothing that moves an address.
          break;
      }
    }
  }

  private assignment(a: ast.Assignment, list: Statement[]): void {
    let src = lower(this.ctx, a.value);
    if (a.operator !== '=') {
      // `x op= e` is `x = x op e` (ldgram.y).
      const op = a.operator.slice(0, -1) as '+' | '-' | '*' | '/' | '<<' | '>>' | '&' | '|';
      const lhs = nameNode('NAME', a.symbol, a.range);
      src = { k: 'binary', code: op, lhs, rhs: src, range: a.range };
    }
    const cls = a.provide ? 'provide' : 'assign';
    list.push({ kind: 'assignment', exp: assignNode(a.symbol, src, cls, a.hidden, a.range), range: a.range });
  }

  private memory(regions: readonly ast.MemoryCommand[]): void {
    for (const r of regions) {
      if (r.kind === 'Include') {
        this.memory(r.commands);
        continue;
      }
      const existing = this.ctx.regions.find(r.name);
      if (existing) this.ctx.report('warning', 'region-redeclared', `redeclaration of memory region \`${r.name}'`, r.range);
      const region = existing ?? this.ctx.regions.lookup(r.name, true)!;
      region.range = r.range;
      region.originExp = lower(this.ctx, r.origin);
      region.lengthExp = lower(this.ctx, r.length);
      if (r.attributes) {
        const problem = applyAttributes(region, r.attributes);
        if (problem) this.ctx.fatal('region-flags', problem, r.range);
      }
    }
  }

  private regionAlias(c: ast.RegionAlias): void {
    const ctx = this.ctx;
    if (c.region === DEFAULT_MEMORY_REGION || c.alias === DEFAULT_MEMORY_REGION) {
      ctx.fatal('region-alias', 'error: alias for default memory region', c.range);
    }
    let region;
    for (const r of ctx.regions.regions) {
      if (!region && r.names.includes(c.region)) region = r;
      if (r.names.includes(c.alias)) ctx.fatal('region-alias', `error: redefinition of memory region alias \`${c.alias}'`, c.range);
    }
    if (!region) ctx.fatal('region-alias', `error: memory region \`${c.region}' for alias \`${c.alias}' does not exist`, c.range);
    // Inserted after the region's first name, as lang_memory_region_alias does.
    region!.names.splice(1, 0, c.alias);
  }

  private phdrs(c: ast.Phdrs): void {
    const ctx = this.ctx;
    ctx.phdrs ??= [];
    for (const h of c.headers) {
      let type: bigint;
      if (h.type.kind === 'Symbol') {
        const t = PHDR_TYPES[h.type.name];
        if (t === undefined) ctx.fatal('phdr-type', `unknown phdr type \`${h.type.name}' (try integer literal)`, h.type.range);
        type = t;
      } else {
        const e = lower(ctx, h.type);
        if (e.k !== 'value') ctx.fatal('phdr-type', 'nonconstant expression for program header type', h.type.range);
        type = (e as { value: bigint }).value;
      }
      let filehdr = false;
      let phdrs = false;
      let at: Etree | undefined;
      let flags: Etree | undefined;
      for (const q of h.qualifiers) {
        if (q.name === 'FILEHDR' && !q.value) filehdr = true;
        else if (q.name === 'PHDRS' && !q.value) phdrs = true;
        else if (q.name === 'AT' && q.value) at = lower(ctx, q.value);
        else if (q.name === 'FLAGS' && q.value) flags = lower(ctx, q.value);
        else ctx.fatal('phdr-syntax', `PHDRS syntax error at \`${q.name}'`, q.range);
      }
      if (type === 1n && (phdrs || filehdr)) {
        for (const prev of ctx.phdrs) {
          if (prev.type === 1n && !(prev.filehdr || prev.phdrs)) {
            ctx.report('error', 'phdr-filehdr', 'PHDRS and FILEHDR are not supported when prior PT_LOAD headers lack them', h.range);
            break;
          }
        }
      }
      ctx.phdrs.push({ name: h.name, type, filehdr, phdrs, at, flags, range: h.range });
    }
  }

  // --------------------------------------------------------------------------------------------
  // SECTIONS

  private sections(commands: readonly ast.SectionsCommand[], list: Statement[]): void {
    for (const c of commands) {
      switch (c.kind) {
        case 'OutputSection':
          this.outputSection(c, list);
          break;
        case 'Overlay':
          this.overlay(c, list);
          break;
        case 'Assignment':
          this.assignment(c, list);
          break;
        case 'Assert':
          list.push({ kind: 'assignment', exp: { k: 'assert', child: lower(this.ctx, c.condition), message: c.message, range: c.range }, range: c.range });
          break;
        case 'Entry':
          if (!this.ctx.entryFromCommandLine) this.ctx.entrySymbol = c.symbol;
          break;
        case 'SectionsGroup':
          // `GROUP addr : { … }`: ld turns the address into `. = addr` and inlines the group.
          if (c.address) list.push({ kind: 'assignment', exp: assignNode('.', lower(this.ctx, c.address), 'assign', false, c.range), range: c.range });
          this.sections(c.commands, list);
          break;
        case 'Include':
          this.sections(c.commands, list);
          break;
      }
    }
  }

  private sectionType(t: ast.OutputSectionType | undefined): { sectype: SectionType; value: Etree | undefined } {
    if (!t) return { sectype: 'normal', value: undefined };
    switch (t.kind) {
      case 'NOLOAD':
        return { sectype: 'noload', value: undefined };
      case 'DSECT':
      case 'COPY':
      case 'INFO':
      case 'OVERLAY':
        return { sectype: 'noalloc', value: undefined };
      case 'READONLY':
        return { sectype: 'readonly', value: undefined };
      case 'TYPE':
        return { sectype: 'type', value: lower(this.ctx, t.value) };
      case 'READONLY_TYPE':
        return { sectype: 'typed_readonly', value: lower(this.ctx, t.value) };
    }
  }

  /** lang_enter_output_section_statement */
  private enterOutputSection(
    name: string,
    address: Etree | undefined,
    sectype: SectionType,
    sectypeValue: Etree | undefined,
    align: Etree | undefined,
    subalign: Etree | undefined,
    loadBase: Etree | undefined,
    constraint: number,
    alignWithInput: boolean,
    list: Statement[],
    range: ast.OutputSection['range'] | undefined,
  ): OutputSectionStatement {
    const os = this.ctx.lookupOutputStatement(name, constraint, 2, list);
    os.range = range;
    if (os.addrTree === undefined) os.addrTree = address;
    os.sectype = sectype;
    if (sectype === 'type' || sectype === 'typed_readonly') os.sectypeValue = sectypeValue;
    else if (sectype === 'noload') os.flags = 0x200; // SEC_NEVER_LOAD
    else os.flags = 0;
    os.alignLmaWithInput = alignWithInput;
    if (alignWithInput && align) this.ctx.fatal('align-with-input', 'error: align with input and explicit align specified', range);
    os.subsectionAlignment = subalign;
    os.sectionAlignment = align;
    os.loadBase = loadBase;
    return os;
  }

  /** lang_leave_output_section_statement / lang_get_regions */
  private leaveOutputSection(
    os: OutputSectionStatement,
    memspec: string,
    lmaMemspec: string | undefined,
    phdrs: string[] | undefined,
  ): void {
    const ctx = this.ctx;
    const lmaRegion = ctx.regions.lookup(lmaMemspec, false);
    if (lmaMemspec !== undefined && os.addrTree === undefined && memspec === DEFAULT_MEMORY_REGION) os.region = lmaRegion;
    else os.region = ctx.regions.lookup(memspec, false);
    os.lmaRegion = lmaRegion;
    if (os.loadBase !== undefined && lmaMemspec !== undefined) {
      ctx.report('error', 'load-address-and-region', 'section has both a load address and a load region', os.range);
    }
    os.phdrs = phdrs;
  }

  private outputSection(c: ast.OutputSection, list: Statement[]): void {
    const { sectype, value } = this.sectionType(c.type);
    const constraint =
      c.constraint === 'ONLY_IF_RO' ? CONSTRAINT.ONLY_IF_RO : c.constraint === 'ONLY_IF_RW' ? CONSTRAINT.ONLY_IF_RW : c.constraint === 'SPECIAL' ? CONSTRAINT.SPECIAL : CONSTRAINT.NONE;
    const os = this.enterOutputSection(
      c.name,
      c.address ? lower(this.ctx, c.address) : undefined,
      sectype,
      value,
      c.align ? lower(this.ctx, c.align) : undefined,
      c.subalign ? lower(this.ctx, c.subalign) : undefined,
      c.loadAddress ? lower(this.ctx, c.loadAddress) : undefined,
      constraint,
      c.alignWithInput,
      list,
      c.range,
    );
    this.sectionStatements(c.statements, os.children);
    this.leaveOutputSection(os, c.region ?? DEFAULT_MEMORY_REGION, c.loadRegion, c.phdrs.length > 0 ? c.phdrs : undefined);
    if (c.fill) os.fill = lower(this.ctx, c.fill);
  }

  private sectionStatements(statements: readonly ast.SectionStatement[], list: Statement[]): void {
    const ctx = this.ctx;
    for (const s of statements) {
      switch (s.kind) {
        case 'InputSections':
          list.push(this.wild(s));
          break;
        case 'Assignment':
          this.assignment(s, list);
          break;
        case 'Assert':
          list.push({ kind: 'assignment', exp: { k: 'assert', child: lower(ctx, s.condition), message: s.message, range: s.range }, range: s.range });
          break;
        case 'Data': {
          const d: DataStatement = { kind: 'data', size: s.size, exp: lower(ctx, s.value), value: 0n, range: s.range };
          list.push(d);
          break;
        }
        case 'Fill':
          list.push({ kind: 'fill', exp: lower(ctx, s.value), range: s.range });
          break;
        case 'CreateObjectSymbols':
          list.push({ kind: 'object-symbols' });
          break;
        case 'Constructors':
          // CONSTRUCTORS only collects a.out/ECOFF constructor tables; nothing for ELF.
          break;
        case 'Include':
          this.sectionStatements(s.commands, list);
          break;
      }
    }
  }

  /** lang_add_wild */
  private wild(s: ast.InputSectionDescription): WildStatement {
    const specs: WildcardSpec[] = (s.sections ?? []).map((p) => analyzeSpec(p.pattern, p.sort, p.excludeFiles));
    let filename = s.file?.pattern;
    if (filename === '*') filename = undefined;
    let flagTest: WildStatement['flagTest'];
    if (s.flags) {
      flagTest = { withFlags: 0, withoutFlags: 0, withElf: 0n, withoutElf: 0n };
      for (const f of s.flags) {
        const bit = ELF_FLAG_NAMES[f.name];
        if (bit === undefined) this.ctx.fatal('section-flags', `unrecognized INPUT_SECTION_FLAG ${f.name}`, s.range);
        if (f.negated) flagTest.withoutElf |= bit;
        else flagTest.withElf |= bit;
      }
    }
    return {
      kind: 'wild',
      filename,
      filenamesSorted: s.file?.sort === 'name',
      excludeNameList: s.file?.excludeFiles,
      sectionList: specs,
      allSections: s.sections === undefined,
      anySpecsSorted: specs.some((x) => x.sorted !== 'none' && x.sorted !== 'sort-none'),
      keep: s.keep,
      flagTest,
      children: [],
      matching: [],
      range: s.range,
    };
  }

  // --------------------------------------------------------------------------------------------
  // OVERLAY (lang_enter_overlay … lang_leave_overlay)

  private overlay(c: ast.Overlay, list: Statement[]): void {
    const ctx = this.ctx;
    this.overlayVma = c.address ? lower(ctx, c.address) : undefined;
    const subalign = c.subalign ? lower(ctx, c.subalign) : undefined;
    const members: OutputSectionStatement[] = [];
    const sizes: Etree[] = [];
    this.overlayFirst = undefined;
    for (const sec of c.sections) {
      const os = this.enterOutputSection(sec.name, this.overlayVma, 'overlay', undefined, undefined, subalign, undefined, 0, false, list, sec.range);
      if (!this.overlayFirst) {
        this.overlayFirst = os;
        // Later sections start where the first does, even if its address uses `.`.
        this.overlayVma = nameNode('ADDR', sec.name, sec.range);
      }
      members.push(os);
      sizes.push(nameNode('SIZEOF', sec.name, sec.range));
      this.sectionStatements(sec.statements, os.children);
      this.leaveOutputSection(os, DEFAULT_MEMORY_REGION, undefined, sec.phdrs.length > 0 ? sec.phdrs : undefined);
      if (sec.fill) os.fill = lower(ctx, sec.fill);
      const clean = sec.name.replace(/[^A-Za-z0-9_]/g, '');
      const loadaddr = nameNode('LOADADDR', sec.name, sec.range);
      list.push({ kind: 'assignment', exp: assignNode(`__load_start_${clean}`, loadaddr, 'provide', false, sec.range), range: sec.range });
      list.push({
        kind: 'assignment',
        exp: assignNode(`__load_stop_${clean}`, { k: 'binary', code: '+', lhs: loadaddr, rhs: nameNode('SIZEOF', sec.name, sec.range), range: sec.range }, 'provide', false, sec.range),
        range: sec.range,
      });
    }
    // lang_leave_overlay
    const lmaExpr = c.loadAddress ? lower(ctx, c.loadAddress) : undefined;
    const memspec = c.region ?? DEFAULT_MEMORY_REGION;
    const lmaRegion = ctx.regions.lookup(c.loadRegion, false);
    const region = c.loadRegion !== undefined && memspec === DEFAULT_MEMORY_REGION ? lmaRegion : ctx.regions.lookup(memspec, false);
    if (lmaExpr !== undefined && c.loadRegion !== undefined) {
      ctx.report('error', 'load-address-and-region', 'section has both a load address and a load region', c.range);
    }
    if (members.length > 0) {
      const last = members[members.length - 1];
      let max: Etree = sizes[0];
      for (let i = 1; i < sizes.length; i++) max = { k: 'binary', code: 'MAX', lhs: max, rhs: sizes[i], range: c.range };
      last.updateDot = true;
      last.updateDotTree = assignNode('.', { k: 'binary', code: '+', lhs: this.overlayVma!, rhs: max, range: c.range }, 'assign', false, c.range);
    }
    const fill = c.fill ? lower(ctx, c.fill) : undefined;
    const phdrs = c.phdrs.length > 0 ? c.phdrs : undefined;
    members.forEach((os, i) => {
      if (fill !== undefined && os.fill === undefined) os.fill = fill;
      os.region = region;
      os.lmaRegion = lmaRegion;
      if (i === 0) {
        os.loadBase = lmaExpr;
        os.sectype = 'first_overlay';
      }
      if (phdrs !== undefined && os.phdrs === undefined) os.phdrs = phdrs;
    });
    this.overlayVma = undefined;
    this.overlayFirst = undefined;
  }
}

/** The ELF sh_flags names INPUT_SECTION_FLAGS knows (elf_flags_to_names in bfd/elflink.c). */
const ELF_FLAG_NAMES: Record<string, bigint> = {
  SHF_WRITE: 0x1n,
  SHF_ALLOC: 0x2n,
  SHF_EXECINSTR: 0x4n,
  SHF_MERGE: 0x10n,
  SHF_STRINGS: 0x20n,
  SHF_INFO_LINK: 0x40n,
  SHF_LINK_ORDER: 0x80n,
  SHF_OS_NONCONFORMING: 0x100n,
  SHF_GROUP: 0x200n,
  SHF_TLS: 0x400n,
  SHF_MASKOS: 0x0ff00000n,
  SHF_EXCLUDE: 0x80000000n,
};

/** analyze_walk_wild_section_handler for one spec: the literal prefix and suffix lengths. */
export function analyzeSpec(pattern: string | undefined, sorted: ast.SortOrder, exclude: string[] | undefined): WildcardSpec {
  if (pattern === undefined) return { name: undefined, sorted, excludeNameList: exclude, prefixLength: 0, suffixLength: 0 };
  let prefix = 0;
  while (prefix < pattern.length && !'?*['.includes(pattern[prefix])) prefix++;
  let suffix = 0;
  for (let i = pattern.length - 1; i >= prefix; i--) {
    if ('?*]'.includes(pattern[i])) break;
    suffix++;
  }
  return { name: pattern, sorted, excludeNameList: exclude, prefixLength: prefix, suffixLength: suffix };
}
