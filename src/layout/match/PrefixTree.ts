/**
 * ld 2.40's prefix tree of input section descriptions (insert_prefix_tree, resolve_wilds):
 * every description is filed under the literal prefix of each of its section patterns; a
 * section is offered to every description found along its name's path, and each offer adds a
 * match for every pattern of that description the section matches. So one section can be
 * recorded several times by one description, with different patterns — harmless for placement
 * (the first wins) but visible in sorting, which is why the order is reproduced exactly.
 */
import type { InputFile, InputSection } from '../input/InputFile';
import type { WildStatement } from '../script/statements';
import { fileExcluded, filePatternMatches } from './fileMatch';
import { specMatches } from './specMatch';

class Node {
  readonly children = new Map<string, Node>();
  readonly statements: WildStatement[] = [];
}

export class PrefixTree {
  private readonly root = new Node();

  insert(stmt: WildStatement): void {
    if (stmt.allSections || stmt.sectionList.length === 0) {
      this.root.statements.push(stmt);
      return;
    }
    for (const spec of stmt.sectionList) {
      const name = spec.name ?? '*';
      let t = this.root;
      let i = 0;
      for (; i < name.length; i++) {
        const c = name[i];
        if (c === '*' || c === '[' || c === '?') break;
        t = child(t, c);
      }
      // A pattern without glob characters must match the whole name: file it under the end.
      if (i === name.length) t = child(t, '\0');
      t.statements.push(stmt);
    }
  }

  /** resolve_wild_sections for one file. */
  resolveFile(file: InputFile, sections: readonly InputSection[]): void {
    for (const s of sections) {
      let t: Node | undefined = this.root;
      let k = 0;
      const name = s.name;
      while (t) {
        for (const stmt of t.statements) walkWildSectionMatch(stmt, file, s);
        if (k > name.length) break;
        const c = k < name.length ? name[k] : '\0';
        k++;
        t = t.children.get(c);
      }
    }
  }
}

function child(t: Node, c: string): Node {
  let n = t.children.get(c);
  if (!n) {
    n = new Node();
    t.children.set(c, n);
  }
  return n;
}

/** walk_wild_section_match */
export function walkWildSectionMatch(stmt: WildStatement, file: InputFile, s: InputSection): void {
  if (!filePatternMatches(stmt.filename, file)) return;
  if (fileExcluded(stmt.excludeNameList, file)) return;
  if (stmt.allSections) {
    stmt.matching.push({ section: s, spec: undefined });
    return;
  }
  for (const spec of stmt.sectionList) {
    if (spec.name !== undefined && !specMatches(spec, s.name)) continue;
    if (!fileExcluded(spec.excludeNameList, file)) stmt.matching.push({ section: s, spec });
  }
}
