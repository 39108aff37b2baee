/**
 * What the checks need to know about a script without laying it out: the symbols it assigns
 * (where, and how), the output sections it names, its ASSERTs, and the value of expressions
 * that are plain constants.
 */
import type {
  Assert,
  Assignment,
  Expr,
  OutputSection,
  Script,
  SectionStatement,
  SectionsCommand,
  TopLevelCommand,
} from '../script/ast';

export interface ScriptFacts {
  /** Every assignment to each symbol, in script order (`.` excluded). */
  assignments: Map<string, Assignment[]>;
  /** Output section names, as written (OVERLAY members included). */
  outputSections: Map<string, OutputSection | { kind: 'OverlaySection'; name: string }>;
  asserts: Assert[];
  /**
   * SECTIONS-level statements in order, with INCLUDEs spliced in: lets a check look at what
   * comes just before an assignment (e.g. the `. = ALIGN(…)` before `__2M_text_end = .`).
   */
  sectionsSequence: SectionsCommand[];
}

export function collectScriptFacts(script: Script): ScriptFacts {
  const facts: ScriptFacts = { assignments: new Map(), outputSections: new Map(), asserts: [], sectionsSequence: [] };
  const addAssignment = (a: Assignment) => {
    if (a.symbol === '.') return;
    const list = facts.assignments.get(a.symbol) ?? [];
    list.push(a);
    facts.assignments.set(a.symbol, list);
  };
  const statements = (list: readonly SectionStatement[]) => {
    for (const s of list) {
      if (s.kind === 'Assignment') addAssignment(s);
      else if (s.kind === 'Assert') facts.asserts.push(s);
      else if (s.kind === 'Include') statements(s.commands);
    }
  };
  const sections = (list: readonly SectionsCommand[], topLevel: boolean) => {
    for (const c of list) {
      if (c.kind === 'Include') {
        sections(c.commands, topLevel);
        continue;
      }
      if (topLevel) facts.sectionsSequence.push(c);
      switch (c.kind) {
        case 'Assignment':
          addAssignment(c);
          break;
        case 'Assert':
          facts.asserts.push(c);
          break;
        case 'OutputSection':
          if (!facts.outputSections.has(c.name)) facts.outputSections.set(c.name, c);
          statements(c.statements);
          break;
        case 'Overlay':
          for (const o of c.sections) {
            if (!facts.outputSections.has(o.name)) facts.outputSections.set(o.name, { kind: 'OverlaySection', name: o.name });
            statements(o.statements);
          }
          break;
        case 'SectionsGroup':
          sections(c.commands, topLevel);
          break;
        default:
          break;
      }
    }
  };
  const top = (list: readonly TopLevelCommand[]) => {
    for (const c of list) {
      if (c.kind === 'Include') top(c.commands);
      else if (c.kind === 'Assignment') addAssignment(c);
      else if (c.kind === 'Assert') facts.asserts.push(c);
      else if (c.kind === 'Sections') sections(c.commands, true);
    }
  };
  top(script.commands);
  return facts;
}

const MASK64 = (1n << 64n) - 1n;

/**
 * The value of an expression made only of numbers and operators (what a macro like
 * `MB(2)` or `(1 << 21)` becomes after cpp); undefined when it names a symbol, `.`, or a
 * builtin that needs a layout.
 */
export function constantValue(e: Expr): bigint | undefined {
  switch (e.kind) {
    case 'Number':
      return e.value;
    case 'Unary': {
      const v = constantValue(e.operand);
      if (v === undefined) return undefined;
      if (e.operator === '-') return -v & MASK64;
      if (e.operator === '~') return ~v & MASK64;
      return v === 0n ? 1n : 0n;
    }
    case 'Binary': {
      const l = constantValue(e.left);
      const r = constantValue(e.right);
      if (l === undefined || r === undefined) return undefined;
      switch (e.operator) {
        case '+': return (l + r) & MASK64;
        case '-': return (l - r) & MASK64;
        case '*': return (l * r) & MASK64;
        case '/': return r === 0n ? undefined : l / r;
        case '%': return r === 0n ? undefined : l % r;
        case '<<': return (l << (r & 63n)) & MASK64;
        case '>>': return l >> (r & 63n);
        case '&': return l & r;
        case '|': return l | r;
        case '==': return l === r ? 1n : 0n;
        case '!=': return l !== r ? 1n : 0n;
        case '<': return l < r ? 1n : 0n;
        case '>': return l > r ? 1n : 0n;
        case '<=': return l <= r ? 1n : 0n;
        case '>=': return l >= r ? 1n : 0n;
        case '&&': return l !== 0n && r !== 0n ? 1n : 0n;
        case '||': return l !== 0n || r !== 0n ? 1n : 0n;
        default: return undefined;
      }
    }
    case 'Ternary': {
      const c = constantValue(e.condition);
      if (c === undefined) return undefined;
      return constantValue(c !== 0n ? e.whenTrue : e.whenFalse);
    }
    default:
      return undefined;
  }
}

/** Symbols an expression refers to (not `.`). */
export function referencedSymbols(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.kind) {
    case 'Symbol':
      if (e.name !== '.') out.add(e.name);
      break;
    case 'Unary':
      referencedSymbols(e.operand, out);
      break;
    case 'Binary':
      referencedSymbols(e.left, out);
      referencedSymbols(e.right, out);
      break;
    case 'Ternary':
      referencedSymbols(e.condition, out);
      referencedSymbols(e.whenTrue, out);
      referencedSymbols(e.whenFalse, out);
      break;
    case 'Call':
      for (const a of e.args) referencedSymbols(a, out);
      break;
    case 'SegmentStart':
      referencedSymbols(e.default, out);
      break;
    case 'AssertExpr':
      referencedSymbols(e.condition, out);
      break;
    default:
      break;
  }
  return out;
}
