import type { MacroDefinition } from './MacroTable';
import { expandObjectMacro } from './objectMacroExpansion';
import { isIdentifier, PpToken, tokenizeLine } from './ppTokens';

/**
 * Lines up one line of cpp's output with the source line cpp says it came from, to turn a
 * column of the output into a column of the source, and to tell which macro produced the text
 * at that column.
 *
 * How (best effort, by tokens, since cpp changes spacing and expands macros):
 *  1. Both lines are split into preprocessing tokens. In the source line, a macro use is one
 *     unit: an object-like macro's name, or a function-like macro's name with its parenthesised
 *     arguments (to the end of the line if they continue on the next one). Which identifiers
 *     are macros is decided by the caller (cpp's own -dD record at that point of the output).
 *  2. Tokens outside macro uses that are equal at the start of both lines, then at the end,
 *     are the same text; an object-like macro whose expansion can be computed exactly (see
 *     expandObjectMacro) takes its tokens from either end too. In between, a longest common
 *     subsequence pairs the remaining tokens.
 *  3. A column inside a paired token maps to the same offset in its source token; so a line
 *     cpp did not change maps column for column, whatever its spacing.
 *  4. A column in an unpaired token lies in text a macro produced: it maps to the first macro
 *     use between the nearest paired tokens around it (else the nearest macro use on the line),
 *     and that macro is reported. With no macro use on the line at all (the text differs for
 *     another reason, e.g. the line continues a macro call begun on the line before), it maps
 *     to the first differing source token, or to column 1 when the source line is empty.
 */

export interface MacroUse {
  name: string;
  /** 1-based column of the macro's name in the source line. */
  column: number;
}

export interface AlignedColumn {
  /** 1-based column in the source line. */
  column: number;
  /** The macro whose expansion produced the text at the column, if it came from one. */
  macro?: MacroUse;
}

interface SourceToken extends PpToken {
  /** Index of the macro use this token is part of, if any. */
  use?: number;
}

export class LineAlignment {
  private readonly src: SourceToken[];
  private readonly out: PpToken[];
  private readonly uses: { name: string; first: number; last: number; expansion?: string[] }[] = [];
  /** For each output token, the index of the paired source token, or -1. */
  private readonly pair: number[];
  /** For each output token known to come from a macro use, that use's index. */
  private readonly producedBy: (number | undefined)[];

  /** Past the end of the output line maps to just past the end of the source line. */
  private readonly sourceLength: number;

  constructor(
    sourceLine: string,
    outputLine: string,
    macros: (name: string) => MacroDefinition | undefined,
  ) {
    this.sourceLength = sourceLine.replace(/\s+$/, '').length;
    this.src = tokenizeLine(sourceLine);
    this.out = tokenizeLine(outputLine);
    this.producedBy = new Array<number | undefined>(this.out.length).fill(undefined);
    this.findMacroUses(macros);
    this.pair = this.pairTokens();
  }

  /** Maps a 1-based column of the output line to the source line. */
  map(column: number): AlignedColumn {
    const at = column - 1;
    const out = this.out;
    const t = out.findIndex((tok) => tok.start <= at && at < tok.end);
    if (t >= 0) {
      const p = this.pair[t];
      if (p >= 0) return { column: this.src[p].start + (at - out[t].start) + 1 };
      return this.fromExpansion(t);
    }
    // Between tokens, before the first or past the last: keep the distance to a neighbour.
    let prev = -1;
    for (let i = 0; i < out.length && out[i].end <= at; i++) prev = i;
    const next = prev + 1 < out.length ? prev + 1 : -1;
    if (prev >= 0 && this.pair[prev] >= 0) {
      let col = this.src[this.pair[prev]].end + (at - out[prev].end);
      const limit = next >= 0 && this.pair[next] >= 0 ? this.src[this.pair[next]].start : this.sourceLength;
      col = Math.min(col, limit);
      return { column: col + 1 };
    }
    if (prev < 0 && next >= 0 && this.pair[next] >= 0) {
      return { column: Math.max(0, this.src[this.pair[next]].start - (out[next].start - at)) + 1 };
    }
    if (prev >= 0) return this.fromExpansion(prev);
    if (next >= 0) return this.fromExpansion(next);
    return { column }; // both lines are empty: nothing to line up
  }

  private findMacroUses(macros: (name: string) => MacroDefinition | undefined): void {
    const src = this.src;
    for (let i = 0; i < src.length; i++) {
      if (!isIdentifier(src[i])) continue;
      const def = macros(src[i].text);
      if (def === undefined) continue;
      let last = i;
      if (def.functionLike) {
        // A function-like macro's name alone (no '(' after it) is not expanded by cpp.
        if (src[i + 1]?.text !== '(') continue;
        let depth = 0;
        last = src.length - 1;
        for (let k = i + 1; k < src.length; k++) {
          if (src[k].text === '(') depth++;
          else if (src[k].text === ')' && --depth === 0) {
            last = k;
            break;
          }
        }
      }
      const use = this.uses.length;
      const expansion = def.functionLike ? undefined : expandObjectMacro(def.name, macros);
      this.uses.push({ name: src[i].text, first: i, last, expansion });
      for (let k = i; k <= last; k++) src[k].use = use;
      i = last;
    }
  }

  private pairTokens(): number[] {
    const { src, out } = this;
    const pair = new Array<number>(out.length).fill(-1);
    const same = (s: number, o: number) => src[s].use === undefined && src[s].text === out[o].text;
    /** Whether the known expansion of the use starting at src[s] is out[o .. o + len). */
    const expandsTo = (s: number, o: number): number | undefined => {
      const use = src[s].use === undefined ? undefined : this.uses[src[s].use!];
      if (!use || use.first !== s || !use.expansion) return undefined;
      const e = use.expansion;
      if (o < 0 || o + e.length > out.length) return undefined;
      for (let k = 0; k < e.length; k++) if (out[o + k].text !== e[k]) return undefined;
      return e.length;
    };
    let head = 0; // source tokens before `head` are lined up
    let outHead = 0;
    for (;;) {
      if (head < src.length && outHead < out.length && same(head, outHead)) {
        pair[outHead++] = head++;
        continue;
      }
      const len = head < src.length ? expandsTo(head, outHead) : undefined;
      if (len === undefined) break;
      for (let k = 0; k < len; k++) this.producedBy[outHead + k] = src[head].use;
      outHead += len;
      head = this.uses[src[head].use!].last + 1;
    }
    let srcTail = src.length; // source tokens from `srcTail` on are lined up
    let outTail = out.length;
    for (;;) {
      if (srcTail > head && outTail > outHead && same(srcTail - 1, outTail - 1)) {
        pair[--outTail] = --srcTail;
        continue;
      }
      const use = srcTail > head ? src[srcTail - 1].use : undefined;
      const first = use === undefined ? -1 : this.uses[use].first;
      const e = use === undefined ? undefined : this.uses[use].expansion;
      const len = e && first >= head ? expandsTo(first, outTail - e.length) : undefined;
      if (len === undefined || outTail - len < outHead) break;
      outTail -= len;
      for (let k = 0; k < len; k++) this.producedBy[outTail + k] = use;
      srcTail = first;
    }
    // Longest common subsequence of what is left in the middle (lines are short).
    const n = srcTail - head;
    const m = outTail - outHead;
    if (n === 0 || m === 0) return pair;
    // len[i * w + j]: the LCS length of the sources from head + i and the outputs from outHead + j.
    const w = m + 1;
    const len = new Int32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        len[i * w + j] = same(head + i, outHead + j)
          ? len[(i + 1) * w + j + 1] + 1
          : Math.max(len[(i + 1) * w + j], len[i * w + j + 1]);
      }
    }
    for (let i = 0, j = 0; i < n && j < m; ) {
      if (same(head + i, outHead + j)) {
        pair[outHead + j] = head + i;
        i++;
        j++;
      } else if (len[(i + 1) * w + j] >= len[i * w + j + 1]) i++;
      else j++;
    }
    return pair;
  }

  /** Output token `t` has no source twin: it is (part of) some macro's expansion. */
  private fromExpansion(t: number): AlignedColumn {
    const { src, pair, uses } = this;
    const known = this.producedBy[t];
    if (known !== undefined) return this.useColumn(uses[known]);
    let before = -1; // source index of the nearest paired token before t
    for (let i = t - 1; i >= 0; i--) {
      if (pair[i] >= 0) {
        before = pair[i];
        break;
      }
    }
    let after = src.length;
    for (let i = t + 1; i < pair.length; i++) {
      if (pair[i] >= 0) {
        after = pair[i];
        break;
      }
    }
    const inGap = uses.find((u) => u.first > before && u.first < after);
    const chosen =
      inGap ??
      [...uses].reverse().find((u) => u.first <= before) ??
      uses.find((u) => u.first >= after);
    if (chosen) return this.useColumn(chosen);
    const first = before + 1 < src.length ? src[before + 1] : src[src.length - 1];
    return { column: first ? first.start + 1 : 1 };
  }

  private useColumn(use: { name: string; first: number }): AlignedColumn {
    const column = this.src[use.first].start + 1;
    return { column, macro: { name: use.name, column } };
  }
}
