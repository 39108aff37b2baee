/**
 * fmt on random scripts (test/support/scriptGenerator.ts): the generated scripts are ones GNU
 * ld reads (checked with the real ld on a sample), and for every one of a few hundred the AST
 * of fmt(ast) is ast again, and fmt is idempotent. LDSCOPE_FC_SEED picks another seed,
 * LDSCOPE_FC_SCALE=N runs N times as many cases (for long runs).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { SourceFile } from '../../src/diagnostics/SourceFile';
import type { Script } from '../../src/script/ast';
import { describeAstDifference, findAstDifference } from '../../src/script/astEquality';
import { formatScript } from '../../src/script/ScriptFormatter';
import { parseScript } from '../../src/script/ScriptParser';
import { INCLUDE_FILES, scriptArbitrary } from '../support/scriptGenerator';
import { ldReadsScript } from './formatterLdOracle';

const seed = Number(process.env.LDSCOPE_FC_SEED ?? 20240611);
const scale = Number(process.env.LDSCOPE_FC_SCALE ?? 1);

function reparse(text: string): Script {
  return parseScript(new SourceFile('generated.ld', text), { missingInclude: () => '' });
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-fmt-prop-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('GNU ld reads the generated scripts (50 of them, through fmt)', () => {
  const scripts = fc.sample(scriptArbitrary, { numRuns: 50 * scale, seed });
  const rejected: { text: string; stderr: string }[] = [];
  for (const s of scripts) {
    const text = formatScript(s);
    const verdict = ldReadsScript(text, dir, INCLUDE_FILES);
    if (!verdict.readsWholeScript) rejected.push({ text, stderr: verdict.stderr });
  }
  // All of ld's complaints, then the first rejected script in full.
  expect(rejected.length === 0 ? [] : [...rejected.map((r) => r.stderr), rejected[0].text]).toEqual([]);
});

test('the generator draws every kind of construct', () => {
  // A property test is only as good as what it draws: count the node kinds in a sample.
  const kinds = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const k = (v as { kind?: unknown }).kind;
      if (typeof k === 'string') kinds.add(k);
      Object.values(v).forEach(visit);
    }
  };
  fc.sample(scriptArbitrary, { numRuns: 300, seed }).forEach(visit);
  const expected = [
    'Assignment', 'Assert', 'Entry', 'Include', 'Sections', 'Memory', 'Phdrs', 'Version', 'Input', 'Output',
    'OutputFormat', 'OutputArch', 'Target', 'SearchDir', 'Startup', 'Map', 'Simple', 'NoCrossRefs', 'Extern',
    'Insert', 'RegionAlias', 'LdFeature', 'HighLevelLibrary', 'LowLevelLibrary', 'OutputSection', 'Overlay',
    'OverlaySection', 'SectionsGroup', 'InputSections', 'Data', 'Fill', 'CreateObjectSymbols', 'Constructors',
    'MemoryRegion', 'Phdr', 'PhdrQualifier', 'VersionNode', 'InputFile', 'AsNeeded', 'Number', 'Symbol', 'Unary',
    'Binary', 'Ternary', 'Call', 'Query', 'SizeofHeaders', 'SegmentStart', 'AssertExpr',
    // Section types are nodes with a `kind` too.
    'NOLOAD', 'READONLY', 'TYPE', 'READONLY_TYPE',
  ];
  expect(expected.filter((k) => !kinds.has(k))).toEqual([]);
});

test('round trip: the AST of fmt(ast) is ast, and fmt is idempotent (300 scripts)', () => {
  fc.assert(
    fc.property(scriptArbitrary, (ast) => {
      const text = formatScript(ast);
      const back = reparse(text);
      const d = findAstDifference(ast, back);
      if (d) throw new Error(`${describeAstDifference(d)}\n--- formatted:\n${text}`);
      expect(formatScript(back)).toBe(text);
    }),
    { numRuns: 300 * scale, seed },
  );
});
