/**
 * ld's expression evaluator (ldexp.c exp_fold_tree and friends), statement for statement.
 *
 * A value is relative to a section or is a plain number: `.` inside an output section is
 * relative to that section, symbols are relative to the output section they live in, and
 * arithmetic keeps the section of one operand only when the other is a plain number. Outside
 * output sections numbers are absolute (unless LD_FEATURE("SANE_EXPR")). Which of these a
 * value is decides what a symbol assigned from it follows when sections move, and why
 * `sym = 0x10` inside `.data` means ADDR(.data) + 0x10.
 *
 * Side effects are ld's too: evaluating a name creates an undefined entry in the symbol table
 * (so a later PROVIDE defines it), assignments define symbols, assignments to `.` move the
 * location counter and mark the enclosing output section as kept, and DATA_SEGMENT_* update
 * the data-segment state machine between sizing passes.
 *
 * --elf mode adds one notion ld does not have: a value may be unknown (what the linked ELF
 * alone cannot determine), carried through arithmetic with the reason.
 */
import type { SourceRange } from '../../diagnostics/SourceRange';
import { SEC } from '../bfd/sectionFlags';
import type { InputSection } from '../input/InputFile';
import type { LinkContext } from '../LinkContext';
import type { OutputSection } from '../output/OutputSection';
import { LinkSymbol } from '../symbols/LinkSymbol';
import { alignN, binaryValue, DivisionByZero, log2ceilValue, wrap } from './arithmetic';
import type { AssignNode, BinaryNode, Etree, NameNode, TrinaryNode, UnaryNode } from './Etree';
import { MASK64 } from './Etree';

/** etree_value_type: valid, value, section (null: a plain number). */
export interface ExpResult {
  valid: boolean;
  value: bigint;
  section: OutputSection | null;
  /** --elf mode: the value cannot be known from the linked ELF (the reason). */
  unknown: string | undefined;
  /**
   * --elf mode: the value is relative to a section ld may not have had it in (a symbol just
   * past its linked section's end could have been in a removed section there): fine as an
   * address, unknown once arithmetic uses the section-relative number itself.
   */
  relUnknown?: string;
}

/** Operations whose result does not depend on which section a relative value is counted from. */
const BASE_INDEPENDENT = new Set(['+', '-', '==', '!=', '<', '>', '<=', '>=']);

/** What the evaluator needs from the rest of the layout. */
export interface FolderHooks {
  /** SIZEOF_HEADERS outside the mark phase (bfd_sizeof_headers). */
  sizeofHeaders(): bigint;
  /** section_for_dot, for symbols assigned from `.` outside output sections. */
  sectionForDot(): OutputSection;
  /** --elf mode: how to treat a PROVIDE (undefined: as ld does with the symbol table). */
  elfProvide?(node: AssignNode): 'define' | 'skip' | undefined;
}

function invalid(): ExpResult {
  return { valid: false, value: 0n, section: null, unknown: undefined };
}

export class ExpressionFolder {
  result: ExpResult = invalid();
  dot = 0n;
  dotUnknown: string | undefined;
  /** Whether `.` may be assigned here (expld.dotp != NULL). */
  private dotSettable = false;
  /** expld.section: the output section the expression is evaluated in (*ABS* outside). */
  section: OutputSection;
  private assigningToDot = false;
  private assignName: string | undefined;
  private assignSrc: LinkSymbol | 'many' | undefined;
  private relFromAbs = false;
  /** The section input-section-relative values use before mapping (vma 0). */
  private readonly inputPseudo: OutputSection;

  constructor(
    private readonly ctx: LinkContext,
    private readonly hooks: FolderHooks,
  ) {
    this.section = ctx.abs;
    this.inputPseudo = ctx.und;
  }

  /** exp_fold_tree: evaluate TREE in SECTION with `.` = DOT (which it may move). */
  foldTree(tree: Etree | undefined, section: OutputSection, dot: bigint, dotUnknown?: string): void {
    this.relFromAbs = false;
    this.dotAssigned = false;
    this.dot = dot;
    this.dotUnknown = dotUnknown;
    this.dotSettable = true;
    this.section = section;
    this.fold(tree);
  }

  /** exp_fold_tree_no_dot: outside SECTIONS, `.` is 0 and cannot be assigned. */
  foldTreeNoDot(tree: Etree | undefined): void {
    this.relFromAbs = false;
    this.dot = 0n;
    this.dotUnknown = undefined;
    this.dotSettable = false;
    this.section = this.ctx.abs;
    this.fold(tree);
  }

  // --------------------------------------------------------------------------------------------

  private get phase() {
    return this.ctx.phase;
  }

  private newAbs(value: bigint): void {
    this.result = { valid: true, value, section: this.ctx.abs, unknown: undefined };
  }

  private newNumber(value: bigint): void {
    this.result = { valid: true, value, section: null, unknown: undefined };
  }

  private newRel(value: bigint, section: OutputSection): void {
    this.result = { valid: true, value, section, unknown: undefined };
  }

  /** new_rel_from_abs: an absolute address made relative to the current section. */
  private newRelFromAbs(value: bigint): void {
    const s = this.section;
    this.relFromAbs = true;
    this.result = { valid: true, value: wrap(value - s.vma), section: s, unknown: s.vmaUnknown };
  }

  private makeAbs(): void {
    const r = this.result;
    if (r.section !== null) {
      r.value = wrap(r.value + r.section.vma);
      if (r.section.vmaUnknown && !r.unknown) r.unknown = r.section.vmaUnknown;
    }
    r.section = this.ctx.abs;
    r.relUnknown = undefined;
    this.relFromAbs = false;
  }

  /** The section-relative number of R is used as such: unknown if its section is. */
  private useRelative(r: ExpResult): void {
    if (r.relUnknown && r.section !== null && !r.section.isAbs && !r.unknown) r.unknown = r.relUnknown;
  }

  private fold(tree: Etree | undefined): void {
    if (!tree) {
      this.result = invalid();
      return;
    }
    switch (tree.k) {
      case 'value':
        if (this.section.isAbs && !this.ctx.saneExpr) this.newAbs(tree.value);
        else this.newNumber(tree.value);
        return;
      case 'assert':
        this.fold(tree.child);
        if (this.phase === 'final' && this.result.valid && !this.result.unknown && this.result.value === 0n) {
          this.ctx.report('error', 'assert', tree.message, tree.range);
          this.onAssert?.(tree.message, false, tree.range);
        } else if (this.phase === 'final') {
          this.onAssert?.(tree.message, this.result.unknown ? undefined : true, tree.range, this.result.unknown);
        }
        return;
      case 'unary':
        return this.foldUnary(tree);
      case 'binary':
        return this.foldBinary(tree);
      case 'trinary':
        return this.foldTrinary(tree);
      case 'assign':
        return this.foldAssign(tree);
      case 'name':
        return this.foldName(tree);
    }
  }

  /** Called with each ASSERT's outcome in the final phase (undefined: unknown in --elf mode). */
  onAssert: ((message: string, passed: boolean | undefined, range: SourceRange | undefined, unknown?: string) => void) | undefined;

  private foldUnary(tree: UnaryNode): void {
    this.fold(tree.child);
    if (!this.result.valid) return;
    const r = this.result;
    if (tree.code !== 'ABSOLUTE' && tree.code !== 'DATA_SEGMENT_END') this.useRelative(r);
    switch (tree.code) {
      case 'ALIGN':
        if (this.phase !== 'first') {
          const unknown = r.unknown ?? this.dotUnknown;
          this.newRelFromAbs(alignN(this.dot, r.value));
          if (unknown) this.result.unknown = unknown;
        } else this.result.valid = false;
        return;
      case 'ABSOLUTE':
        this.makeAbs();
        return;
      case 'LOG2CEIL':
        r.value = log2ceilValue(r.value);
        r.section = null;
        return;
      case '~':
        r.value = wrap(~r.value);
        return;
      case '!':
        r.value = r.value === 0n ? 1n : 0n;
        return;
      case '-':
        r.value = wrap(-r.value);
        return;
      case 'NEXT':
        if (this.phase !== 'first') {
          const unknown = r.unknown ?? this.dotUnknown;
          this.makeAbs();
          this.result.value = alignN(this.dot, this.result.value);
          if (unknown) this.result.unknown = unknown;
        } else this.result.valid = false;
        return;
      case 'DATA_SEGMENT_END':
        this.foldSegmentEnd();
        return;
    }
  }

  private foldSegmentEnd(): void {
    const seg = this.ctx.dataseg;
    if (this.phase === 'first' || this.section !== this.ctx.abs) {
      this.result.valid = false;
    } else if (seg.phase === 'align_seen' || seg.phase === 'relro_seen') {
      seg.phase = 'end_seen';
      seg.end = this.result.value;
    } else if (seg.phase === 'done' || seg.phase === 'adjust' || seg.phase === 'relro_adjust') {
      // OK
    } else {
      this.result.valid = false;
    }
  }

  /** arith_result_section */
  private arithResultSection(lhs: ExpResult): void {
    if (this.result.section === lhs.section) {
      if (this.section.isAbs && !this.ctx.saneExpr) this.result.section = this.ctx.abs;
      else this.result.section = null;
    }
  }

  private foldSegmentAlign(lhs: ExpResult): void {
    const seg = this.ctx.dataseg;
    seg.relro = 'start';
    if (this.phase === 'first' || this.section !== this.ctx.abs) {
      this.result.valid = false;
      return;
    }
    const maxpage = lhs.value;
    const commonpage = this.result.value;
    this.result.value = alignN(this.dot, maxpage);
    if (seg.phase === 'relro_adjust') {
      this.result.value = seg.base;
    } else if (seg.phase === 'adjust') {
      if (commonpage < maxpage) this.result.value = wrap(this.result.value + ((this.dot + commonpage - 1n) & (maxpage - commonpage)));
    } else {
      if (!this.ctx.relro) this.result.value = wrap(this.result.value + (this.dot & (maxpage - 1n)));
      if (seg.phase === 'done') {
        // OK
      } else if (seg.phase === 'none') {
        seg.phase = 'align_seen';
        seg.base = this.result.value;
        seg.commonPageSize = commonpage;
        seg.maxPageSize = maxpage;
        seg.relroPageSize = maxpage;
        seg.relroEnd = 0n;
      } else {
        this.result.valid = false;
      }
    }
    if (this.dotUnknown && !this.result.unknown) this.result.unknown = this.dotUnknown;
  }

  private foldSegmentRelroEnd(lhs: ExpResult): void {
    const seg = this.ctx.dataseg;
    // Operands swapped: the offset is in this.result, exp in lhs.
    seg.relro = 'end';
    seg.relroOffset = this.result.value;
    if (this.phase === 'first' || this.section !== this.ctx.abs) {
      this.result.valid = false;
      return;
    }
    if (seg.phase === 'align_seen' || seg.phase === 'adjust' || seg.phase === 'relro_adjust' || seg.phase === 'done') {
      if (seg.phase === 'align_seen' || seg.phase === 'relro_adjust') seg.relroEnd = wrap(lhs.value + this.result.value);
      if (seg.phase === 'relro_adjust' && (seg.relroEnd & (seg.relroPageSize - 1n)) !== 0n) {
        seg.relroEnd = wrap(seg.relroEnd + seg.relroPageSize - 1n);
        seg.relroEnd &= ~(seg.relroPageSize - 1n) & MASK64;
        this.result.value = wrap(seg.relroEnd - this.result.value);
      } else {
        this.result.value = lhs.value;
      }
      if (seg.phase === 'align_seen') seg.phase = 'relro_seen';
    } else {
      this.result.valid = false;
    }
  }

  private foldBinary(tree: BinaryNode): void {
    this.fold(tree.lhs);

    if (this.result.valid && tree.code === 'SEGMENT_START') {
      let value = this.result.value;
      const unknown = this.result.unknown;
      const name = (tree.rhs as NameNode).name;
      const seg = this.ctx.segments.find((s) => s.name === name);
      if (seg) {
        if (!seg.used && !this.ctx.options.omagic && !this.ctx.options.nmagic && this.ctx.options.maxPageSize !== 0n && seg.value % this.ctx.options.maxPageSize !== 0n) {
          this.ctx.report('warning', 'segment-start', `address of \`${name}' isn't multiple of maximum page size`, tree.range);
        }
        seg.used = true;
        value = seg.value;
      }
      this.newRelFromAbs(value);
      if (unknown && !seg) this.result.unknown = unknown;
      return;
    }

    const lhs: ExpResult = { ...this.result };
    this.fold(tree.rhs);
    this.result.valid = this.result.valid && lhs.valid;
    if (!this.result.valid) return;
    if (lhs.unknown && !this.result.unknown) this.result.unknown = lhs.unknown;

    if (lhs.section !== this.result.section) {
      if (this.result.section !== null && lhs.section !== null) {
        // Different sections, neither a plain number: both absolute.
        this.makeAbs();
        lhs.value = wrap(lhs.value + lhs.section.vma);
        if (lhs.section.vmaUnknown && !this.result.unknown) this.result.unknown = lhs.section.vmaUnknown;
        lhs.section = this.ctx.abs;
      } else if (this.result.section === null) {
        // The rhs is a plain number: keep the lhs section.
        this.result.section = lhs.section;
        lhs.section = null;
      }
    }

    const r = this.result;
    if (!BASE_INDEPENDENT.has(tree.code)) {
      this.useRelative(lhs);
      if (lhs.unknown && !r.unknown) r.unknown = lhs.unknown;
      this.useRelative(r);
    }
    if (!r.relUnknown) r.relUnknown = lhs.relUnknown;
    switch (tree.code) {
      case '+':
      case '*':
      case '-':
      case '<<':
      case '>>':
      case '&':
      case '^':
      case '|':
        r.value = binaryValue(tree.code, lhs.value, r.value);
        this.arithResultSection(lhs);
        return;
      case '==':
      case '!=':
      case '<':
      case '>':
      case '<=':
      case '>=':
      case '&&':
      case '||':
        r.value = binaryValue(tree.code, lhs.value, r.value);
        r.section = null;
        return;
      case '%':
      case '/':
        if (r.value !== 0n) {
          r.value = binaryValue(tree.code, lhs.value, r.value);
        } else if (this.phase !== 'mark') {
          if (r.unknown) return;
          this.ctx.fatal('division-by-zero', `${tree.code} by zero`, tree.rhs.range ?? tree.range);
        }
        this.arithResultSection(lhs);
        return;
      case 'MAX':
        if (lhs.value > r.value) r.value = lhs.value;
        return;
      case 'MIN':
        if (lhs.value < r.value) r.value = lhs.value;
        return;
      case 'ALIGN':
        r.value = alignN(lhs.value, r.value);
        return;
      case 'DATA_SEGMENT_ALIGN':
        this.foldSegmentAlign(lhs);
        return;
      case 'DATA_SEGMENT_RELRO_END':
        this.foldSegmentRelroEnd(lhs);
        return;
      case 'SEGMENT_START':
        return;
    }
  }

  private foldTrinary(tree: TrinaryNode): void {
    const save = this.assignSrc;
    this.fold(tree.cond);
    this.assignSrc = save;
    if (!this.result.valid) return;
    this.useRelative(this.result);
    const condUnknown = this.result.unknown;
    this.fold(this.result.value !== 0n ? tree.lhs : tree.rhs);
    if (condUnknown && !this.result.unknown) this.result.unknown = condUnknown;
  }

  // --------------------------------------------------------------------------------------------
  // Names

  /** A defined symbol's value as an expression value (the etree_name NAME case). */
  private symbolValue(h: LinkSymbol, tree: NameNode): void {
    const sec = h.section;
    let output: OutputSection | 'discarded' | undefined;
    let offset = 0n;
    if (sec === undefined) {
      output = this.ctx.abs;
    } else if (isInputSection(sec)) {
      output = sec.output;
      offset = sec.outputOffset;
    } else {
      output = sec; // an output section or *ABS*: its own output section
    }
    if (output === undefined) {
      if (this.phase === 'first' || this.phase === 'mark') this.newRel(h.value, this.inputPseudo);
      else {
        this.ctx.report('error', 'unresolvable-symbol', `unresolvable symbol \`${tree.name}' referenced in expression`, tree.range);
      }
    } else if (output === 'discarded' || output.isAbs) {
      const value = wrap(h.value + offset);
      if (!this.section.isAbs || this.ctx.saneExpr) this.newNumber(value);
      else this.newRel(value, this.ctx.abs);
    } else {
      this.newRel(wrap(h.value + offset), output);
    }
    if (h.unknown) this.result.unknown = h.unknown;
    if (h.relUnknown && this.result.section !== null && !this.result.section.isAbs) this.result.relUnknown = h.relUnknown;
  }

  private foldName(tree: NameNode): void {
    this.result = invalid();
    switch (tree.code) {
      case 'SIZEOF_HEADERS':
        this.ctx.loadPhdrs = true;
        if (this.phase !== 'first') {
          const size = this.phase !== 'mark' ? this.hooks.sizeofHeaders() : 0n;
          this.newNumber(size);
        }
        return;

      case 'DEFINED': {
        const h = this.ctx.hash.lookup(tree.name);
        let defined = false;
        if (h && (h.state === 'defined' || h.state === 'defweak' || h.state === 'common')) {
          const def = this.ctx.definedness.get(tree.name);
          defined = !h.ldscriptDef || def === undefined || def.byObject || def.iteration === (this.ctx.statementIteration & 255);
        }
        this.newNumber(defined ? 1n : 0n);
        return;
      }

      case 'NAME': {
        if (tree.name === '.') {
          const unknown = this.dotUnknown;
          this.newRelFromAbs(this.dot);
          if (unknown) this.result.unknown = unknown;
          return;
        }
        const h = this.ctx.hash.lookupOrCreate(tree.name);
        if (h.state === 'defined' || h.state === 'defweak') {
          this.symbolValue(h, tree);
        } else if (this.phase === 'final' || (this.phase !== 'mark' && this.assigningToDot)) {
          this.ctx.fatal('undefined-symbol', `undefined symbol \`${tree.name}' referenced in expression`, tree.range);
        } else if (h.state === 'new') {
          h.state = 'undefined';
        }
        if (this.assignSrc === undefined) this.assignSrc = h;
        else this.assignSrc = 'many';
        // Self-assignment is only allowed for absolute symbols defined in a script this pass.
        if (this.assignName !== undefined && this.assignName === tree.name) {
          const def = this.ctx.definedness.get(tree.name);
          const ok =
            (h.state === 'defined' || h.state === 'defweak') &&
            h.section === this.ctx.abs &&
            def !== undefined &&
            def.iteration === (this.ctx.statementIteration & 255);
          if (!ok) this.assignName = undefined;
        }
        return;
      }

      case 'ADDR':
        if (this.phase !== 'first') {
          const os = this.ctx.findOutputStatement(tree.name);
          if (!os) {
            if (this.phase === 'final') this.undefinedSection(tree);
          } else if (os.processedVma && os.bfdSection) {
            this.newRel(0n, os.bfdSection);
            if (os.bfdSection.vmaUnknown) this.result.unknown = os.bfdSection.vmaUnknown;
          }
        }
        return;

      case 'LOADADDR':
        if (this.phase !== 'first') {
          const os = this.ctx.findOutputStatement(tree.name);
          if (!os) {
            if (this.phase === 'final') this.undefinedSection(tree);
          } else if (os.processedLma && os.bfdSection) {
            if (os.loadBase === undefined) {
              this.newAbs(os.bfdSection.lma);
              if (os.bfdSection.lmaUnknown) this.result.unknown = os.bfdSection.lmaUnknown;
            } else {
              this.fold(os.loadBase);
              if (this.result.valid) this.makeAbs();
            }
          }
        }
        return;

      case 'SIZEOF':
      case 'ALIGNOF':
        if (this.phase !== 'first') {
          const os = this.ctx.findOutputStatement(tree.name);
          if (!os) {
            if (this.phase === 'final') this.undefinedSection(tree);
            this.newNumber(0n);
          } else if (os.bfdSection) {
            const s = os.bfdSection;
            if (tree.code === 'SIZEOF') this.newNumber(os.processedVma ? s.size : s.rawsize);
            else {
              this.newNumber(1n << BigInt(s.alignmentPower));
              if (s.alignUnknown) this.result.unknown = s.alignUnknown;
            }
          } else {
            this.newNumber(0n);
            // --elf alone: a statement with no section made is not in the linked ELF, but its
            // patterns may have matched empty input sections, whose alignment ld keeps.
            if (tree.code === 'ALIGNOF' && this.ctx.elfOnly && os.children.some((c) => c.kind === 'wild')) {
              this.result.unknown = `cannot know the alignment of the removed section ${os.name}: empty input sections its patterns may have matched still gave it theirs`;
            }
          }
        }
        return;

      case 'LENGTH': {
        const mem = this.ctx.regions.find(tree.name);
        if (mem) this.newNumber(mem.length);
        else this.ctx.fatal('undefined-region', `undefined MEMORY region \`${tree.name}' referenced in expression`, tree.range);
        return;
      }

      case 'ORIGIN': {
        const mem = this.ctx.regions.find(tree.name);
        if (mem) this.newRelFromAbs(mem.origin);
        else this.ctx.fatal('undefined-region', `undefined MEMORY region \`${tree.name}' referenced in expression`, tree.range);
        return;
      }

      case 'CONSTANT':
        if (tree.name === 'MAXPAGESIZE') this.newNumber(this.ctx.options.maxPageSize);
        else if (tree.name === 'COMMONPAGESIZE') this.newNumber(this.ctx.options.commonPageSize);
        else this.ctx.fatal('unknown-constant', `unknown constant \`${tree.name}' referenced in expression`, tree.range);
        return;
    }
  }

  private undefinedSection(tree: NameNode): never {
    this.ctx.fatal('undefined-section', `undefined section \`${tree.name}' referenced in expression`, tree.range);
  }

  // --------------------------------------------------------------------------------------------
  // Assignments

  /** Assignment to `.` inside an output section that keeps the section (not `. = 0`-like). */
  private isKeepExempt(src: Etree): boolean {
    const isDot = (t: Etree) => t.k === 'name' && t.code === 'NAME' && t.name === '.';
    const isValue = (t: Etree, v: bigint) => t.k === 'value' && t.value === v;
    const isSymValue = (t: Etree, v: bigint): boolean => {
      if (t.k !== 'name' || t.code !== 'NAME') return false;
      const def = this.ctx.definedness.get(t.name);
      if (!def || def.iteration !== (this.ctx.statementIteration & 255)) return false;
      const h = this.ctx.hash.lookup(t.name);
      return !!h && h.ldscriptDef && h.state === 'defined' && h.section === this.ctx.abs && h.value === v;
    };
    const isDotPlus0 = (t: Etree) => t.k === 'binary' && t.code === '+' && isDot(t.lhs) && (isValue(t.rhs, 0n) || isSymValue(t.rhs, 0n));
    const isAlignConditional = (t: Etree): boolean => {
      if (t.k !== 'unary' || t.code !== 'ALIGN') return false;
      const c = t.child;
      return (
        c.k === 'trinary' &&
        c.cond.k === 'binary' &&
        c.cond.code === '!=' &&
        isDot(c.cond.lhs) &&
        isValue(c.cond.rhs, 0n) &&
        isValue(c.rhs, 1n)
      );
    };
    return isValue(src, 0n) || isSymValue(src, 0n) || isDotPlus0(src) || isAlignConditional(src);
  }

  private foldAssign(tree: AssignNode): void {
    if (tree.dst === '.') return this.foldDotAssign(tree);

    let h: LinkSymbol | undefined;
    if (tree.cls === 'provide') {
      const decision = this.hooks.elfProvide?.(tree);
      if (decision === 'skip') return;
      if (decision === undefined) {
        h = this.ctx.hash.lookup(tree.dst);
        if (!h || !(h.state === 'new' || h.state === 'undefined' || h.state === 'undefweak' || h.linkerDef)) {
          // Never referenced, or defined by an object file: PROVIDE does nothing.
          return;
        }
      }
    }

    this.assignName = tree.dst;
    this.assignSrc = undefined;
    this.fold(tree.src);
    // assign_name still set means the value did not use the symbol itself; self-assignment is
    // only done in the final phase.
    if (this.phase === 'final' || this.phase === 'fixed' || this.assignName !== undefined) {
      if (tree.cls === 'provide') tree.cls = 'provided';
      if (!h) h = this.ctx.hash.lookupOrCreate(tree.dst);
      // An invalid value still defines a new symbol (as 0), so other expressions can see it.
      if (!this.result.valid && h.state === 'new') {
        this.result = { valid: true, value: 0n, section: null, unknown: this.result.unknown };
      }
      if (this.result.valid) {
        if (this.result.section === null) this.result.section = this.section;
        this.updateDefinedness(tree.dst, h);
        if (this.phase === 'fixed') {
          if (h.state === 'defined') {
            this.result.value = h.value;
            this.result.section = h.section && !isInputSection(h.section) ? h.section : this.result.section;
          }
        } else {
          h.state = 'defined';
          h.value = this.result.value;
          h.section = this.result.section;
          h.linkerDef = false;
          h.ldscriptDef = true;
          h.relFromAbs = this.relFromAbs;
          h.unknown = this.result.unknown ?? (this.result.section?.vmaUnknown);
          if (tree.hidden) h.hidden = true;
          this.onSymbolAssigned?.(tree, h);
        }
      }
    }
    if (this.phase !== 'fixed') this.assignName = undefined;
  }

  /** Called whenever an assignment (re)defines a symbol: the layout records final values. */
  onSymbolAssigned: ((tree: AssignNode, h: LinkSymbol) => void) | undefined;

  /** update_definedness (its "multiple definition" warning is not layout-relevant). */
  private updateDefinedness(name: string, h: LinkSymbol): void {
    const def = this.ctx.definedness.getOrCreate(name);
    if (!h.ldscriptDef && (h.state === 'defined' || h.state === 'defweak' || h.state === 'common')) def.byObject = true;
    def.iteration = this.ctx.statementIteration & 255;
    def.finalSection = this.ctx.abs;
    if (this.phase === 'final' && this.relFromAbs && this.result.section === this.ctx.abs) {
      def.finalSection = this.hooks.sectionForDot();
    }
  }

  private foldDotAssign(tree: AssignNode): void {
    if (tree.cls !== 'assign') this.ctx.fatal('provide-dot', 'can not PROVIDE assignment to location counter', tree.range);
    if (this.phase === 'first') {
      this.result = invalid();
      return;
    }
    this.assigningToDot = true;
    this.fold(tree.src);
    this.assigningToDot = false;

    const section = this.section;
    if (
      this.phase === 'mark' &&
      !section.isAbs &&
      section.pseudo !== 'und' &&
      !(this.result.valid && this.result.value === 0n && this.isKeepExempt(tree.src))
    ) {
      section.flags |= SEC.KEEP;
    }

    if (!this.result.valid || section.pseudo === 'und') {
      if (this.phase !== 'mark') this.ctx.fatal('invalid-dot-assignment', 'invalid assignment to location counter', tree.range);
    } else if (!this.dotSettable) {
      this.ctx.fatal('dot-outside-sections', 'assignment to location counter invalid outside of SECTIONS', tree.range);
    } else if (this.phase === 'mark' || this.phase === 'allocating' || section.isAbs) {
      let nextdot = this.result.value;
      let unknown = this.result.unknown;
      if (this.result.section !== null) {
        nextdot = wrap(nextdot + this.result.section.vma);
        unknown ??= this.result.section.vmaUnknown;
      } else {
        nextdot = wrap(nextdot + section.vma);
        unknown ??= section.vmaUnknown;
      }
      if (nextdot < this.dot && !section.isAbs && !unknown && !this.dotUnknown) {
        this.ctx.fatal(
          'backwards-dot',
          `cannot move location counter backwards (from ${hexV(this.dot, this.ctx.options.emulation.elfClass)} to ${hexV(nextdot, this.ctx.options.emulation.elfClass)})`,
          tree.range,
        );
      } else {
        this.dot = nextdot;
        this.dotUnknown = unknown;
        this.dotAssigned = true;
      }
    }
  }

  /** Set when an assignment to `.` took effect during the last foldTree. */
  dotAssigned = false;
}

function isInputSection(s: InputSection | OutputSection): s is InputSection {
  return (s as InputSection).file !== undefined;
}

/** ld's %V (fprintf_vma): hex digits, 16 of them for ELF64 and 8 (of the low word) for ELF32. */
export function hexV(v: bigint, elfClass: 32 | 64): string {
  return elfClass === 32 ? (v & 0xffffffffn).toString(16).padStart(8, '0') : v.toString(16).padStart(16, '0');
}
