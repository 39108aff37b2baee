/**
 * Input section descriptions (the `*(.text .text.*)` part of an output section) that cover a
 * chosen set of input section names, drawn from every form ld accepts: plain lists,
 * wildcards and character classes, file names, archive:member, EXCLUDE_FILE in both
 * positions, SORT variants (nested ones included), KEEP, INPUT_SECTION_FLAGS.
 *
 * A description may match more than intended (a wildcard also catching a name meant for a
 * later output section or an orphan): that is fine, first match wins in ld and the evaluator
 * must do the same. What it never does is match a /DISCARD/-vocabulary name outside /DISCARD/.
 */
import { InputModel, ObjectModel } from './inputModel';
import { ScriptBuilder } from './scriptBuilder';

/** Which objects hold each input section name. */
export function holdersByName(model: InputModel): Map<string, ObjectModel[]> {
  const map = new Map<string, ObjectModel[]>();
  for (const o of model.objects) {
    for (const s of o.sections) {
      const list = map.get(s.name) ?? [];
      list.push(o);
      map.set(s.name, list);
    }
  }
  return map;
}

/**
 * A file pattern naming one object the way a script author would. An archive member is never
 * named by its bare file name: a wildcard-free file name in an input section description
 * makes ld *load that file* if the command line did not name it (ld manual, "Input Section
 * Basics"), so `o3.o(.text)` would link o3.o a second time next to libgen.a(o3.o).
 */
function fileName(b: ScriptBuilder, o: ObjectModel): string {
  if (o.archive !== undefined) {
    if (b.rng.chance(0.5)) {
      b.tag('archive:member');
      return `${o.archive}:${o.name}`;
    }
    if (b.rng.chance(0.6)) {
      b.tag('archive:');
      return `${o.archive}:`;
    }
    b.tag('file-wildcard');
    return `*${o.name}`;
  }
  if (b.rng.chance(0.3)) {
    b.tag('file-wildcard');
    return `*${o.name}`;
  }
  return o.name;
}

/** A wildcard that matches `name` (and possibly siblings), or the name itself. */
function wildcardFor(b: ScriptBuilder, name: string): string {
  const rng = b.rng;
  const numbered = /^(.*?)(\d)$/.exec(name);
  const candidates: string[] = [];
  if (numbered) candidates.push(`${numbered[1]}*`, `${numbered[1]}?`, `${numbered[1]}[0-9]`);
  const dot = name.lastIndexOf('.');
  if (dot > 0) candidates.push(`${name.slice(0, dot)}.*`);
  if (name.length > 4) candidates.push(`${name.slice(0, name.length - 2)}*`);
  if (candidates.length === 0 || rng.chance(0.5)) return name;
  const w = rng.pick(candidates);
  b.tag(w.includes('[') ? 'wildcard-class' : 'wildcard');
  return w;
}

function sorted(b: ScriptBuilder, inner: string): string {
  const rng = b.rng;
  if (!rng.chance(0.2)) return inner;
  const form = rng.weighted([
    [3, 'SORT_BY_NAME'], [2, 'SORT_BY_ALIGNMENT'], [1, 'SORT'], [1, 'SORT_NONE'],
    [1, 'SORT_BY_NAME(SORT_BY_ALIGNMENT'], [1, 'SORT_BY_ALIGNMENT(SORT_BY_NAME'], [0.5, 'SORT_BY_NAME(SORT_BY_NAME'],
  ] as const);
  if (form.includes('(')) {
    b.tag('SORT-nested');
    return `${form}(${inner}))`;
  }
  b.tag(form);
  return `${form}(${inner})`;
}

/**
 * Descriptions covering `names` inside one output section. Names left for a later
 * description (e.g. after an EXCLUDE_FILE) may stay unmatched and become orphans.
 */
export function generatePatterns(b: ScriptBuilder, names: string[], holders: Map<string, ObjectModel[]>): string[] {
  const rng = b.rng;
  const out: string[] = [];
  let remaining = rng.shuffle(names);
  while (remaining.length > 0) {
    const form = rng.weighted([[6, 'list'], [1.5, 'file'], [1, 'exclude'], [0.4, 'flags'], [0.6, 'file-sort']] as const);
    let stmt: string;
    if (form === 'file') {
      const name = remaining[0];
      const objs = holders.get(name) ?? [];
      const o = rng.pick(objs);
      b.tag('file-pattern');
      stmt = `${fileName(b, o)}(${name})`;
      // Other objects' copies need a later catch-all, or become orphans.
      if (objs.length === 1 || rng.chance(0.3)) remaining = remaining.slice(1);
      else {
        out.push(maybeKeep(b, stmt));
        stmt = `*(${name})`;
        remaining = remaining.slice(1);
      }
    } else if (form === 'exclude') {
      const name = remaining[0];
      const objs = holders.get(name) ?? [];
      const o = rng.pick(objs);
      b.tag('EXCLUDE_FILE');
      const excluded = o.archive !== undefined && rng.chance(0.5) ? `*${o.archive}:${o.name}` : fileName(b, o);
      stmt = rng.chance(0.5) ? `*(EXCLUDE_FILE(${excluded}) ${name})` : `EXCLUDE_FILE(${excluded}) *(${name})`;
      remaining = remaining.slice(1);
      if (rng.chance(0.6)) {
        out.push(maybeKeep(b, stmt));
        stmt = `*(${name})`;
      }
    } else if (form === 'flags') {
      const name = remaining[0];
      b.tag('INPUT_SECTION_FLAGS');
      const flags = rng.pick(['SHF_ALLOC', 'SHF_ALLOC & !SHF_WRITE', 'SHF_WRITE', '!SHF_EXECINSTR']);
      stmt = `INPUT_SECTION_FLAGS(${flags}) *(${name})`;
      remaining = remaining.slice(1);
      // The flags may reject it: let a plain description catch it afterwards sometimes.
      if (rng.chance(0.5)) {
        out.push(stmt);
        stmt = `*(${name})`;
      }
    } else if (form === 'file-sort') {
      const name = remaining[0];
      b.tag('SORT-files');
      // ld 2.40 aborts (ldlang.c:527 compare_section) on a file sort whose section part is an
      // unsorted wildcard such as `SORT_BY_NAME(*)(.te*)`: use an exact name or a sorted one.
      const w = wildcardFor(b, name);
      const inner = w === name ? name : `${rng.pick(['SORT_BY_NAME', 'SORT_BY_ALIGNMENT'])}(${w})`;
      stmt = `${rng.pick(['SORT_BY_NAME', 'SORT'])}(*)(${inner})`;
      remaining = remaining.slice(1);
    } else {
      const take = Math.min(remaining.length, rng.int(1, 3));
      const parts = remaining.slice(0, take).map((n) => sorted(b, wildcardFor(b, n)));
      if (take > 1) b.tag('multi-pattern');
      stmt = `*(${parts.join(' ')})`;
      remaining = remaining.slice(take);
    }
    out.push(maybeKeep(b, stmt));
  }
  return out;
}

function maybeKeep(b: ScriptBuilder, stmt: string): string {
  if (!b.rng.chance(0.12) || stmt.startsWith('INPUT_SECTION_FLAGS')) return stmt;
  b.tag('KEEP');
  return `KEEP(${stmt})`;
}
