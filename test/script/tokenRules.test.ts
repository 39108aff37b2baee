// The number scanners the parser calls are loops over char codes; the sticky regular
// expressions written from ldlex.l are their specification. Every string of up to five
// characters over an alphabet that exercises both rules (hex digits that are also radix
// suffixes, the 0x prefix, size suffixes, other characters) must give the same end.
import { GENERAL_PREFIX, RADIX_PREFIX, generalIntEnd, radixIntEnd } from '../../src/script/tokenRules';

function regexEnd(re: RegExp, input: string, at: number): number {
  re.lastIndex = at;
  const m = re.exec(input);
  return m ? at + m[0].length : at;
}

function* strings(alphabet: string, maxLength: number): Generator<string> {
  let level = [''];
  for (let n = 1; n <= maxLength; n++) {
    const next: string[] = [];
    for (const s of level) for (const ch of alphabet) next.push(s + ch);
    yield* next;
    level = next;
  }
}

describe('number token scanners', () => {
  test('agree with the ldlex.l regular expressions', () => {
    let checked = 0;
    const disagreements: string[] = [];
    for (const s of strings('01x9XBbDdhHoOKkMmfg$ .', 5)) {
      for (const at of [0, 1]) {
        if (at > s.length) continue;
        if (generalIntEnd(s, at) !== regexEnd(GENERAL_PREFIX, s, at)) disagreements.push(`general ${JSON.stringify(s)} at ${at}`);
        if (radixIntEnd(s, at) !== regexEnd(RADIX_PREFIX, s, at)) disagreements.push(`radix ${JSON.stringify(s)} at ${at}`);
        checked++;
      }
    }
    expect(disagreements.slice(0, 20)).toEqual([]);
    expect(checked).toBeGreaterThan(5_000_000);
  });
});
