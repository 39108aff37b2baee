/**
 * Where on the picture a finding happens. Findings are text (a rule's message, expected and
 * actual values), so the place is read back from them in a fixed order:
 * 1. a failed ASSERT: the first symbol (or section) its condition names that has a value;
 * 2. an address among `actual`, `expected` and the hex numbers of the message, taken only
 *    when it lies in a lane's neighbourhood (sizes and offsets such as 0x200000 are not
 *    addresses of an image at 0xffff82d0…);
 * 3. the first section or symbol the message names.
 * A finding none of these places is listed beside the picture, not drawn.
 */
import { referencedSymbols, type ScriptFacts } from '../../checks/scriptFacts';
import type { Lane, MapFacts, MapFinding } from './MapFacts';

const GIB = 1n << 30n;

interface LaneRange {
  lane: Lane;
  lo: bigint;
  hi: bigint;
}

export function anchorFinding(f: MapFinding, facts: MapFacts, script: ScriptFacts): MapFinding['anchor'] {
  const named = nameIndex(facts);
  if (f.rule === 'script.assert' && f.location) {
    const node = script.asserts.find((a) => {
      const p = a.range.position;
      return p.file === f.location!.file && p.line === f.location!.line;
    });
    if (node) {
      for (const name of referencedSymbols(node.condition)) {
        const hit = named.get(name);
        if (hit) return { lane: 'vma', address: hit, what: name };
      }
    }
  }
  const ranges = laneRanges(facts);
  const numbers = [f.actual, f.expected, f.message].flatMap((t) => (t ? [...t.matchAll(/\b0x[0-9a-fA-F]+\b/g)].map((m) => BigInt(m[0])) : []));
  for (const v of numbers) {
    for (const r of ranges) {
      const margin = r.hi - r.lo > GIB ? r.hi - r.lo : GIB;
      if (v >= r.lo - margin && v <= r.hi + margin && v >= r.lo / 2n) return { lane: r.lane, address: v, what: `0x${v.toString(16)}` };
    }
  }
  for (const token of f.message.split(/[^A-Za-z0-9_.$]+/)) {
    const hit = named.get(token) ?? named.get(token.replace(/\.+$/, ''));
    if (hit !== undefined) return { lane: 'vma', address: hit, what: token.replace(/\.+$/, '') };
  }
  return undefined;
}

/** Allocated sections (by start address) and symbols by name. */
function nameIndex(facts: MapFacts): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const s of facts.sections) if (s.traits.alloc && !m.has(s.name)) m.set(s.name, s.vma);
  for (const s of facts.symbols) if (!m.has(s.name)) m.set(s.name, s.value);
  return m;
}

function laneRanges(facts: MapFacts): LaneRange[] {
  const alloc = facts.sections.filter((s) => s.traits.alloc);
  if (alloc.length === 0) return [];
  const range = (lane: Lane, at: (s: (typeof alloc)[number]) => bigint): LaneRange => ({
    lane,
    lo: alloc.reduce((m, s) => (at(s) < m ? at(s) : m), at(alloc[0])),
    hi: alloc.reduce((m, s) => (at(s) + s.size > m ? at(s) + s.size : m), 0n),
  });
  return [range('vma', (s) => s.vma), range('lma', (s) => s.lma)];
}
