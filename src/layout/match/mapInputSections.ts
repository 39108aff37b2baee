/**
 * Attaching input sections to output sections (ldlang.c map_input_to_output_sections, wild,
 * lang_add_section, init_os, exp_init_os): walk the statement list in order; each input
 * section description takes, in ld's match order (or sorted), the sections no earlier
 * description took — first match wins — and /DISCARD/ throws its matches away. Output sections
 * come into existence (get a BFD section) with their first input, data statement or
 * assignment, and their flags, alignment and ELF type follow from their inputs exactly as BFD
 * computes them.
 */
import { SHT } from '../../elf/constants';
import { SEC } from '../bfd/sectionFlags';
import type { Etree } from '../expr/Etree';
import type { InputSection } from '../input/InputFile';
import type { LinkContext } from '../LinkContext';
import { OutputSectionStatement, Statement, WildStatement, CONSTRAINT } from '../script/statements';
import { CompareSectionAbort, SectionSortTree } from './SectionSortTree';

/** lang_discard_section_p: SEC_EXCLUDE, and group sections in a final link. */
export function discardSectionP(section: InputSection): boolean {
  return (section.flags & SEC.EXCLUDE) !== 0 || (section.flags & SEC.GROUP) !== 0;
}

/** exp_init_os: make sure sections named in ADDR()/LOADADDR() of an expression exist. */
export function expInitOs(ctx: LinkContext, exp: Etree | undefined): void {
  if (!exp) return;
  switch (exp.k) {
    case 'assign':
      expInitOs(ctx, exp.src);
      return;
    case 'binary':
      expInitOs(ctx, exp.lhs);
      expInitOs(ctx, exp.rhs);
      return;
    case 'trinary':
      expInitOs(ctx, exp.cond);
      expInitOs(ctx, exp.lhs);
      expInitOs(ctx, exp.rhs);
      return;
    case 'assert':
      expInitOs(ctx, exp.child);
      return;
    case 'unary':
      expInitOs(ctx, exp.child);
      return;
    case 'name':
      if (exp.code === 'ADDR' || exp.code === 'LOADADDR') {
        const os = ctx.findOutputStatement(exp.name);
        if (os && !os.bfdSection) initOs(ctx, os, 0);
      }
      return;
    default:
      return;
  }
}

/** init_os: give the statement its BFD section; also initialises sections its address names. */
export function initOs(ctx: LinkContext, os: OutputSectionStatement, flags: number): void {
  ctx.initOs(os, flags);
  const s = os.bfdSection!;
  expInitOs(ctx, os.addrTree);
  expInitOs(ctx, os.loadBase);
  if (os.sectionAlignment !== undefined) {
    const power = ctx.expGetPower(os.sectionAlignment, 'section alignment');
    if (power >= 0) s.alignmentPower = power;
  }
}

/** bfd_elf_lookup_section_flags for INPUT_SECTION_FLAGS. */
function flagsAccept(stmt: WildStatement, section: InputSection): boolean {
  const t = stmt.flagTest;
  if (!t) return true;
  if ((t.withElf & section.elfFlags) !== t.withElf) return false;
  if ((t.withoutElf & section.elfFlags) !== 0n) return false;
  return true;
}

/** lang_add_section: put SECTION into OS (appended to LIST), unless it is taken or discarded. */
export function addSection(
  ctx: LinkContext,
  list: Statement[],
  section: InputSection,
  stmt: WildStatement | undefined,
  os: OutputSectionStatement,
): void {
  let flags = section.flags;
  let discard = discardSectionP(section);
  if (os.name === '/DISCARD/') discard = true;
  if (discard) {
    if (section.output === undefined) section.output = 'discarded';
    return;
  }
  if (stmt && !flagsAccept(stmt, section)) return;
  if (section.output !== undefined) return;

  flags &= ~SEC.NEVER_LOAD;
  flags &= ~(SEC.LINK_ONCE | SEC.LINK_DUPLICATES | SEC.RELOC);
  switch (os.sectype) {
    case 'noalloc':
      flags &= ~SEC.ALLOC;
      break;
    case 'readonly':
    case 'typed_readonly':
      flags |= SEC.READONLY;
      break;
    case 'noload':
      // ELF's NOLOAD: allocated, not loaded, no contents (a .bss-style section).
      flags &= ~SEC.LOAD;
      flags |= SEC.NEVER_LOAD;
      flags &= ~SEC.HAS_CONTENTS;
      break;
    default:
      break;
  }
  if (!os.bfdSection) initOs(ctx, os, flags);
  const out = os.bfdSection!;
  // SEC_READONLY survives only while every input has it.
  out.flags &= flags | ~SEC.READONLY;
  if (out.linkerHasInput) {
    flags &= ~SEC.READONLY;
    if ((out.flags & (SEC.MERGE | SEC.STRINGS)) !== (flags & (SEC.MERGE | SEC.STRINGS)) || ((flags & SEC.MERGE) !== 0 && out.entsize !== section.entsize)) {
      out.flags &= ~(SEC.MERGE | SEC.STRINGS);
      flags &= ~(SEC.MERGE | SEC.STRINGS);
    }
  }
  out.flags |= flags;
  if (!out.linkerHasInput) {
    out.linkerHasInput = true;
    initPrivateSectionData(section, out);
    if ((flags & SEC.MERGE) !== 0) out.entsize = section.entsize;
  }
  if (section.alignmentPower > out.alignmentPower) out.alignmentPower = section.alignmentPower;
  section.output = out;
  out.inputs.push(section);
  list.push({ kind: 'input-section', section });
}

/**
 * _bfd_elf_init_private_section_data at a final link: a PROGBITS/NOTE/NOBITS type the name
 * gave is dropped, then the first input's type is taken when the flags agree (modulo the ones
 * the linker clears).
 */
function initPrivateSectionData(input: InputSection, out: import('../output/OutputSection').OutputSection): void {
  if (out.elfType === SHT.PROGBITS || out.elfType === SHT.NOTE || out.elfType === SHT.NOBITS) out.elfType = SHT.NULL;
  if (out.elfType === SHT.NULL && ((out.flags ^ input.flags) & ~(SEC.LINK_ONCE | SEC.LINK_DUPLICATES | SEC.RELOC)) === 0) {
    out.elfType = input.elfType;
  }
}

/** wild(): place the sections a description matched. */
function wild(ctx: LinkContext, stmt: WildStatement, os: OutputSectionStatement): void {
  if (stmt.filenamesSorted || stmt.anySpecsSorted) {
    const tree = new SectionSortTree(stmt.filenamesSorted);
    try {
      for (const m of stmt.matching) tree.insert(m.section, m.spec);
    } catch (e) {
      if (e instanceof CompareSectionAbort) {
        ctx.fatal(
          'sort-abort',
          'GNU ld 2.40 aborts on this input section description (ldlang.c compare_section): the files are sorted but the section pattern has no sort order',
          stmt.range,
        );
      }
      throw e;
    }
    for (const section of tree.inOrder()) addSection(ctx, stmt.children, section, stmt, os);
  } else {
    for (const m of stmt.matching) addSection(ctx, stmt.children, m.section, stmt, os);
  }
  if (ctx.defaultCommonSection === undefined) {
    for (const spec of stmt.sectionList) {
      if (spec.name === 'COMMON') {
        ctx.defaultCommonSection = os;
        break;
      }
    }
  }
}

/** check_input_sections for ONLY_IF_RO / ONLY_IF_RW. */
function checkInputSections(list: Statement[], os: OutputSectionStatement): void {
  for (const s of list) {
    if (s.kind !== 'wild') continue;
    for (const m of s.matching) {
      if (m.section.output === undefined && (m.section.flags & SEC.READONLY) === 0) os.allInputReadonly = false;
    }
  }
}

/** The output section flags a data statement gives its section (map_input_to_output_sections). */
function dataStatementFlags(ctx: LinkContext, os: OutputSectionStatement): { flags: number; type: number } {
  let flags = SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD;
  let type = 0;
  switch (os.sectype) {
    case 'noalloc':
      flags = SEC.HAS_CONTENTS;
      break;
    case 'readonly':
      flags |= SEC.READONLY;
      break;
    case 'typed_readonly':
    case 'type': {
      if (os.sectype === 'typed_readonly') flags |= SEC.READONLY;
      const v = os.sectypeValue!;
      if (v.k === 'name' && v.code === 'NAME') {
        const types: Record<string, number> = {
          SHT_PROGBITS: SHT.PROGBITS,
          SHT_STRTAB: SHT.STRTAB,
          SHT_NOTE: SHT.NOTE,
          SHT_NOBITS: SHT.NOBITS,
          SHT_INIT_ARRAY: SHT.INIT_ARRAY,
          SHT_FINI_ARRAY: SHT.FINI_ARRAY,
          SHT_PREINIT_ARRAY: SHT.PREINIT_ARRAY,
        };
        const t = types[v.name];
        if (t === undefined) ctx.fatal('section-type', `invalid type for output section \`${os.name}'`, os.range);
        type = t;
      } else {
        ctx.folder.foldTreeNoDot(v);
        if (!ctx.folder.result.valid) ctx.fatal('section-type', `invalid type for output section \`${os.name}'`, os.range);
        type = Number(ctx.folder.result.value);
      }
      break;
    }
    case 'noload':
      flags = SEC.NEVER_LOAD | SEC.ALLOC;
      break;
    default:
      break;
  }
  return { flags, type };
}

/** map_input_to_output_sections */
export function mapInputToOutputSections(ctx: LinkContext, list: Statement[], os: OutputSectionStatement | undefined): void {
  for (const s of list) {
    switch (s.kind) {
      case 'wild':
        wild(ctx, s, os!);
        break;
      case 'output': {
        if (s.constraint === CONSTRAINT.ONLY_IF_RW || s.constraint === CONSTRAINT.ONLY_IF_RO) {
          s.allInputReadonly = true;
          checkInputSections(s.children, s);
          if (s.allInputReadonly !== (s.constraint === CONSTRAINT.ONLY_IF_RO)) s.constraint = CONSTRAINT.DISABLED;
        }
        if (s.constraint >= 0) mapInputToOutputSections(ctx, s.children, s);
        break;
      }
      case 'data': {
        expInitOs(ctx, s.exp);
        const { flags } = dataStatementFlags(ctx, os!);
        if (!os!.bfdSection) initOs(ctx, os!, flags | SEC.READONLY);
        else os!.bfdSection.flags |= flags;
        break;
      }
      case 'fill':
      case 'object-symbols':
      case 'input-file':
        if (os && !os.bfdSection) initOs(ctx, os, 0);
        break;
      case 'assignment':
        if (os && !os.bfdSection) initOs(ctx, os, 0);
        expInitOs(ctx, s.exp);
        break;
      case 'address': {
        const seg = s.segment !== undefined ? ctx.segments.find((x) => x.name === s.segment) : undefined;
        if (!seg || !seg.used) {
          // An orphan with a set address goes after the script's sections, not among them.
          const tos = ctx.lookupOutputStatement(s.sectionName, 0, 1, ctx.statements);
          tos.addrTree = s.address;
          if (!tos.bfdSection) initOs(ctx, tos, 0);
        }
        break;
      }
      case 'input-section':
      case 'insert':
        break;
    }
  }
}
