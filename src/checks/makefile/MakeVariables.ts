/**
 * Make's variables, as far as a Makefile read without running make can know them: the
 * definitions in file order (recursive `=`, simple `:=`, `?=`, `+=`), the caller's overrides
 * (like `make NAME=value`), target-specific variables and the automatic variables of one rule,
 * and a few conventional defaults for what Xen's top-level Makefile sets before it reads
 * `arch/x86/Makefile`. Make functions (`$(call …)`, `$(shell …)`, `$(subst …)` …) are not
 * evaluated; a reference to one, or to a variable nobody defines, is reported as unresolved
 * rather than expanded to the empty string make would use.
 */
import { InputError } from '../../diagnostics/errors';
import { makeWords, skipReference, type MakeVariableDefinition, type ParsedMakefile } from './MakefileParser';

export type VariableOrigin =
  | { kind: 'override' }
  | {
      kind: 'makefile';
      file: string;
      line: number;
      conditional: boolean;
      /** Other values the Makefile gives the variable (under conditions, or overridden later). */
      alternatives?: string[];
    }
  | { kind: 'target-specific'; file: string; line: number; conditional: boolean }
  | { kind: 'automatic' }
  | { kind: 'default'; reason: string };

/** A variable an expansion read, with the value it had. */
export interface VariableUse {
  name: string;
  value: string;
  origin: VariableOrigin;
}

export interface Expansion {
  text: string;
  /** References that could not be expanded: undefined variables, make functions. */
  unresolved: string[];
  uses: VariableUse[];
}

/** The rule whose recipe is being expanded: its automatic and target-specific variables. */
export interface RuleContext {
  target: string;
  prerequisites: string[];
  /** Target-specific definitions that apply to `target`, in file order. */
  definitions: MakeVariableDefinition[];
}

interface Accumulator extends Expansion {
  keepUnresolved: boolean;
}

interface VariableValue {
  flavor: 'recursive' | 'simple';
  value: string;
  origin: VariableOrigin;
  /** Why the value is not known (`!=` runs the shell). */
  unknown?: string;
}

/** GNU make's built-in functions: `$(name args)` calls one of these. */
const FUNCTIONS = new Set(
  (
    'subst patsubst strip findstring filter filter-out sort word wordlist words firstword lastword dir notdir ' +
    'suffix basename addsuffix addprefix join wildcard realpath abspath error warning info shell origin flavor ' +
    'foreach if or and intcmp call eval file value let guile'
  ).split(' '),
);

const MAX_DEPTH = 64;

/** Defaults for variables Xen sets above arch/x86/Makefile (xen/Makefile, config/StdGNU.mk). */
export const CONVENTIONAL_DEFAULTS: Record<string, { value: string; reason: string }> = {
  TARGET: { value: 'xen', reason: "Xen's xen/Makefile sets TARGET := xen" },
  NM: { value: 'nm', reason: "Xen's config/StdGNU.mk sets NM = $(CROSS_COMPILE)nm; ldscope's nm stands in for it" },
  CROSS_COMPILE: { value: '', reason: 'no cross-compiler prefix: the built-in nm reads any ELF' },
};

function dirPart(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash < 0 ? '.' : slash === 0 ? '/' : word.slice(0, slash);
}

function filePart(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

export class MakeVariables {
  private readonly globals = new Map<string, VariableValue>();

  constructor(
    makefiles: ParsedMakefile[],
    private readonly overrides: Record<string, string> = {},
    private readonly defaults: Record<string, { value: string; reason: string }> = CONVENTIONAL_DEFAULTS,
  ) {
    for (const makefile of makefiles) {
      for (const def of makefile.definitions) if (!def.targets) this.define(def);
    }
  }

  /** Applies one global definition, in file order, as make does when it reads it. */
  private define(def: MakeVariableDefinition): void {
    const name = def.name.includes('$') ? this.expandComputedName(def.name) : def.name;
    if (name === undefined || name in this.overrides) return;
    const origin: VariableOrigin = { kind: 'makefile', file: def.file, line: def.line, conditional: def.conditional };
    const old = this.globals.get(name);
    // An appended value is conditional when any of its parts is.
    const conditional = def.conditional || (old?.origin.kind === 'makefile' && old.origin.conditional);
    const mergedOrigin: VariableOrigin = { ...origin, conditional };
    // A value replaced by a definition made under a condition may still be the one make uses.
    const alternatives = (value: string): VariableOrigin => {
      const others = new Set(old?.origin.kind === 'makefile' ? (old.origin.alternatives ?? []) : []);
      if (old && old.value !== value && (def.conditional || conditional)) others.add(old.value);
      others.delete(value);
      return others.size > 0 ? { ...origin, alternatives: [...others] } : origin;
    };
    switch (def.operator) {
      case '=':
        this.globals.set(name, { flavor: 'recursive', value: def.value, origin: alternatives(def.value) });
        break;
      case ':=':
      case '::=':
      case ':::=': {
        const value = this.expand(def.value).text;
        this.globals.set(name, { flavor: 'simple', value, origin: alternatives(value) });
        break;
      }
      case '?=':
        if (!old) this.globals.set(name, { flavor: 'recursive', value: def.value, origin });
        break;
      case '+=':
        if (!old) this.globals.set(name, { flavor: 'recursive', value: def.value, origin });
        else {
          const added = old.flavor === 'simple' ? this.expand(def.value).text : def.value;
          const value = old.value === '' ? added : `${old.value} ${added}`;
          this.globals.set(name, { ...old, value, origin: mergedOrigin });
        }
        break;
      case '!=':
        this.globals.set(name, { flavor: 'simple', value: '', origin, unknown: `${name} != runs the shell` });
        break;
    }
  }

  /** A definition's name with references in it (`efi-$(CONFIG_X) := …`), if it can be known. */
  private expandComputedName(name: string): string | undefined {
    const e = this.expand(name);
    return e.unresolved.length > 0 ? undefined : e.text.trim();
  }

  /** Target-specific definitions (`targets: NAME = value`) of `makefiles` that apply to `target`. */
  targetDefinitions(makefiles: ParsedMakefile[], target: string): MakeVariableDefinition[] {
    const result: MakeVariableDefinition[] = [];
    for (const makefile of makefiles) {
      for (const def of makefile.definitions) {
        if (!def.targets) continue;
        const names = def.targets.flatMap((t) => makeWords(this.expand(t).text));
        if (names.includes(target)) result.push(def);
      }
    }
    return result;
  }

  /**
   * Expands make references in `text` (for a rule's recipe when `rule` is given). An unresolved
   * reference becomes '' (as in make), or stays as written with `keepUnresolved` (for display).
   */
  expand(text: string, rule?: RuleContext, keepUnresolved = false): Expansion {
    const result: Expansion = { text: '', unresolved: [], uses: [] };
    const acc: Accumulator = Object.assign(result, { keepUnresolved });
    result.text = this.expandInto(text, rule, 0, acc);
    delete (result as Partial<Accumulator>).keepUnresolved;
    return result;
  }

  private expandInto(text: string, rule: RuleContext | undefined, depth: number, acc: Accumulator): string {
    if (depth > MAX_DEPTH) throw new InputError(`make variable expansion of \`${text}\` does not end (a variable refers to itself)`);
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c !== '$') {
        // Up to the next reference in one piece, not a string per character.
        const next = text.indexOf('$', i);
        const end = next < 0 ? text.length : next;
        out += text.slice(i, end);
        i = end - 1;
        continue;
      }
      const next = text[i + 1];
      if (next === undefined) break;
      if (next === '$') {
        out += '$';
        i++;
        continue;
      }
      if (next !== '(' && next !== '{') {
        out += this.lookup(next, rule, depth, acc, `$${next}`);
        i++;
        continue;
      }
      const end = skipReference(text, i);
      const written = text.slice(i, end);
      const content = text.slice(i + 2, end - 1);
      i = end - 1;
      const fn = /^([a-z-]+)[ \t]/.exec(content);
      if (fn && FUNCTIONS.has(fn[1])) {
        out += this.unresolved(acc, written);
        continue;
      }
      if (/^[^$]*:[^$]*=/.test(content)) {
        // A substitution reference $(VAR:a=b).
        out += this.unresolved(acc, written);
        continue;
      }
      const name = content.includes('$') ? this.expandInto(content, rule, depth + 1, acc) : content;
      out += this.lookup(name, rule, depth, acc, written);
    }
    return out;
  }

  private unresolved(acc: Accumulator, written: string): string {
    acc.unresolved.push(written);
    return acc.keepUnresolved ? written : '';
  }

  private lookup(name: string, rule: RuleContext | undefined, depth: number, acc: Accumulator, written: string): string {
    const automatic = this.automatic(name, rule);
    if (automatic !== undefined) {
      acc.uses.push({ name, value: automatic, origin: { kind: 'automatic' } });
      return automatic;
    }
    if (rule) {
      const specific = this.targetSpecific(name, rule, depth, acc);
      if (specific !== undefined) return specific;
    }
    if (name in this.overrides) {
      const value = this.expandInto(this.overrides[name], rule, depth + 1, acc);
      acc.uses.push({ name, value, origin: { kind: 'override' } });
      return value;
    }
    const v = this.globals.get(name);
    if (v) {
      if (v.unknown) return this.unresolved(acc, written);
      const value = v.flavor === 'recursive' ? this.expandInto(v.value, rule, depth + 1, acc) : v.value;
      acc.uses.push({ name, value, origin: v.origin });
      return value;
    }
    const d = this.defaults[name];
    if (d) {
      acc.uses.push({ name, value: d.value, origin: { kind: 'default', reason: d.reason } });
      return d.value;
    }
    return this.unresolved(acc, written);
  }

  /** $@, $<, $^ and their D/F forms, for the rule being expanded. */
  private automatic(name: string, rule: RuleContext | undefined): string | undefined {
    if (!rule || name.length > 2) return undefined;
    const m = /^([@<^+])([DF]?)$/.exec(name);
    if (!m || !rule) return undefined;
    const words =
      m[1] === '@' ? [rule.target] : m[1] === '<' ? rule.prerequisites.slice(0, 1) : m[1] === '^' ? [...new Set(rule.prerequisites)] : rule.prerequisites;
    const map = m[2] === 'D' ? dirPart : m[2] === 'F' ? filePart : (w: string) => w;
    return words.map(map).join(' ');
  }

  /** The value of a target-specific variable for the rule, applying its definitions in order. */
  private targetSpecific(name: string, rule: RuleContext, depth: number, acc: Accumulator): string | undefined {
    const defs = rule.definitions.filter((d) => d.name === name);
    if (defs.length === 0) return undefined;
    let value: string | undefined;
    let origin: VariableOrigin | undefined;
    for (const def of defs) {
      origin = { kind: 'target-specific', file: def.file, line: def.line, conditional: def.conditional };
      const own = def.operator === ':=' || def.operator === '::=' ? this.expand(def.value).text : def.value;
      if (def.operator === '+=') {
        const base = value ?? (this.globals.has(name) ? this.lookup(name, undefined, depth + 1, acc, `$(${name})`) : '');
        value = base === '' ? own : `${base} ${own}`;
      } else if (def.operator === '?=') {
        if (value === undefined && !this.globals.has(name)) value = own;
      } else value = own;
    }
    if (value === undefined) return undefined;
    const expanded = this.expandInto(value, rule, depth + 1, acc);
    acc.uses.push({ name, value: expanded, origin: origin! });
    return expanded;
  }
}
