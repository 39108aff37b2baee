/**
 * spec_match in ldlang.c: how ld matches a section name against one pattern of an input
 * section description, using the literal prefix and suffix computed when the script was read.
 * Not quite fnmatch: `ab*ba` accepts `aba`, because ld checks prefix and suffix separately and
 * then takes a single `*` between them as matching anything.
 */
import type { WildcardSpec } from '../script/statements';
import { fnmatch } from './fnmatch';

export function specMatches(spec: WildcardSpec, name: string): boolean {
  const pattern = spec.name!;
  const nl = pattern.length;
  const pl = spec.prefixLength;
  const sl = spec.suffixLength;
  if (pl > 0) {
    if (name.length < pl) return false;
    if (name.slice(0, pl) !== pattern.slice(0, pl)) return false;
  }
  if (sl > 0) {
    if (name.length < sl) return false;
    if (name.slice(name.length - sl) !== pattern.slice(nl - sl)) return false;
  }
  if (nl === pl + sl + 1 && pattern[pl] === '*') return true;
  if (nl > pl) return fnmatch(pattern.slice(pl), name.slice(pl));
  return name.length === nl;
}
