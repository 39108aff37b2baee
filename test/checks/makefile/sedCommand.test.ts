/**
 * The sed model (and its POSIX BRE → JavaScript translation) against the machine's GNU sed:
 * the same arguments on the same input must print the same bytes. Cases are the scripts Xen's
 * Makefiles used, the corners of BRE the translation handles, and a few hundred generated
 * regexes over a small alphabet (LDSCOPE_FC_SEED picks another seed).
 */
import fc from 'fast-check';
import { translateBasicRegex } from '../../../src/checks/makefile/basicRegex';
import { parseSedArguments, runSed } from '../../../src/checks/makefile/sedCommand';
import { streamFromText, streamText } from '../../../src/checks/makefile/TextStream';
import { UnsupportedIdiom } from '../../../src/checks/makefile/UnsupportedIdiom';
import { runToolBatch } from './support/realTools';

function modelSed(args: string[], input: string): string {
  return streamText(runSed(parseSedArguments(args), streamFromText(input)));
}

const NM_LINES = [
  'ffff82d0c0000000 A ALT_START',
  'ffff82d080a00000 B __2M_rwdata_end',
  'ffff82d080810200 B efi',
  'ffff82d080200000 T _start',
  '                 U undefined_sym',
  '                 w weak_undefined',
  'ffff82d081000000 B __end_of_image__',
  'ffff82d080200000 t start.text',
  '0000000000000000 A VIRT_START',
].join('\n');

/** [args, input] pairs: Xen's scripts first, then BRE and sed corners. */
const CASES: [string[], string][] = [
  // Xen's image-end scripts (with make's $$ already turned into $).
  [['-e', 's/^\\([^ ]*\\).*/0x\\1/'], `${NM_LINES}\n`],
  [['-ne', 's/^\\([^ ]*\\) . __2M_rwdata_end$/0x\\1/p'], `${NM_LINES}\n`],
  [['-ne', 's/^\\([^ ]*\\) . __end_of_image__$/0x\\1/p'], `${NM_LINES}\n`],
  [['-n', 's, A VIRT_START$,,p'], `${NM_LINES}\n`],
  [['-n', 's, A ALT_START$,,p'], `${NM_LINES}\n`],
  [['-e', 's/^\\([^ ]*\\).*/0x\\1/'], 'ffff82d0c0000000 A ALT_START'], // no final newline
  // Substitution details.
  [['s/b*/-/g'], 'abc\n'],
  [['s/x*/-/g'], 'abc\n'],
  [['s/a*/X/g'], 'baaac\naaa\n\n'],
  [['s/b/[&]/g'], 'abcb\n'],
  [['s/b/\\&/'], 'abc\n'],
  [['s/\\(a\\)\\(b\\)/\\2\\1/'], 'xaby\n'],
  [['s/a/1\\n2/'], 'cat\n'],
  [['-n', 's/a/A/p;s/b/B/p'], 'ab\nb\nc\n'],
  [['s/a/A/', '-n'], 'a\n'], // GNU getopt: an option after the script
  [['-e', 's/a/A/', '-e', 's/A/B/'], 'a\n'],
  [['--quiet', '--expression=s/x/y/p'], 'x\nz\n'],
  [['s|/usr|/opt|'], '/usr/bin\n'],
  [['s/a\\/b/X/'], 'a/b\n'],
  [['s/\\./!/g'], 'a.b.c\n'],
  [['s/x /X/ ; s/y/Y/'], 'x y\n'],
  // Anchors, stars, intervals, GNU \+ and \?.
  [['s/^*/S/'], '*a\n'],
  [['s/a^b/X/'], 'a^b\n'],
  [['s/a$b/X/'], 'a$b\n'],
  [['s/\\(^a\\)/X/'], 'aa\n'],
  [['s/\\(a$\\)/X/'], 'aa\n'],
  [['s/a\\{2\\}/X/'], 'aaaa\n'],
  [['s/a\\{2,\\}/X/'], 'aaaa b\n'],
  [['s/a\\{1,2\\}/X/g'], 'aaaaa\n'],
  [['s/ab\\+/X/'], 'abbbc\n'],
  [['s/ab\\?c/X/g'], 'ac abc abbc\n'],
  [['s/\\(a*\\)b\\1/[&]/'], 'aabaa aba\n'],
  [['s/.*\\(b*\\)/[\\1]/'], 'abbb\n'],
  [['s/\\(a*\\)\\(a*\\)/[\\1|\\2]/'], 'aaa\n'],
  // Bracket expressions in the C locale.
  [['s/[^ ]*/X/'], 'foo bar\n'],
  [['s/[]a]/X/g'], 'a]b\n'],
  [['s/[^]a]/X/g'], 'a]b\n'],
  [['s/[a-c]/X/g'], 'abcd-\n'],
  [['s/[a-]/X/g'], 'a-b\n'],
  [['s/[[:digit:]]\\+/N/g'], 'a12b3\n'],
  [['s/[[:xdigit:]]*/H/'], 'ffA9g\n'],
  [['s/[[:space:][:punct:]]/_/g'], 'a b.c\td\n'],
  [['s/[[:alpha:]]/L/g'], 'a1B_\n'],
  [['s/[\\]/B/g'], 'a\\b\n'],
  [['s/[.*]/X/g'], 'a.b*c\n'],
];

describe('sed model vs GNU sed', () => {
  const real = runToolBatch('sed', CASES.map(([args, input]) => ({ args, input })));
  test.each(CASES.map((c, k) => [...c, k] as const))('sed %j', (args, input, k) => {
    expect(real[k].status).toBe(0);
    expect(modelSed(args, input)).toBe(real[k].stdout);
  });
});

/**
 * What the model refuses. GNU sed runs most of these (so refusing, not misreading, is the
 * point); the last few it rejects too.
 */
const UNSUPPORTED: [string[], RegExp][] = [
  [['s/a\\|ab/X/'], /alternation/],
  [['s/\\(ab\\)*/X/'], /quantified group/],
  [['-E', 's/a+/X/'], /sed option -E/],
  [['-r', 's/a+/X/'], /sed option -r/],
  [['1s/a/X/'], /address/],
  [['/a/s/a/X/'], /address/],
  [['p'], /sed command `p`/],
  [['s/a/X/w out.txt'], /flag `w`/],
  [['s/a/X/2'], /flag `2`/],
  [['s/a/X/I'], /flag `I`/],
  [['s/\\w/X/'], /GNU regex escape \\w/],
  [['s/a/\\U&/'], /case conversion/],
  [['s.a\\.b.X.'], /escaped delimiter/],
  [['s/a/X/', 'file.txt'], /reading files/],
  [['s//X/'], /empty regex/],
  [['s/a**/X/'], /stacked quantifiers/],
];
const GNU_RUNS = 13;

describe('sed idioms the model refuses', () => {
  const real = runToolBatch('sed', UNSUPPORTED.map(([args]) => ({ args, input: 'a\n' })));
  test.each(UNSUPPORTED.map((c, k) => [...c, k] as const))('sed %j', (args, message, k) => {
    expect(real[k].status === 0).toBe(k < GNU_RUNS);
    let thrown: unknown;
    try {
      modelSed(args, 'a\n');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UnsupportedIdiom);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('the text every match of a regex contains', () => {
  test.each([
    ['^\\([^ ]*\\) . __2M_rwdata_end$', ' __2M_rwdata_end'],
    ['\\(ab\\)c', 'abc'], // the group's parentheses match nothing
    ['xab*c', 'xa'], // a quantified character may match any number of times
    ['x\\{2\\}yz', 'yz'],
    ['a\\+bc', 'bc'],
    ['^*ab', '*ab'], // a `*` right after the anchor is literal
    ['a.b[cd]e\\.', 'e.'],
    ['\\(a\\)\\1bc', 'bc'],
    ['.*', ''],
  ])('%s: %j', (re, required) => {
    expect(translateBasicRegex(re).requiredText).toBe(required);
  });

  test('none with alternation (grep): a match may come from either side', () => {
    expect(translateBasicRegex('abc\\|de', { allowAlternation: true }).requiredText).toBe('');
  });
});

describe('generated BRE substitutions vs GNU sed', () => {
  const seed = Number(process.env.LDSCOPE_FC_SEED ?? 20250611);
  const atom = fc.oneof(
    fc.constantFrom('a', 'b', ' ', '.', '[^ ]', '[ab]', '[^a]', '\\.', '[[:xdigit:]]', 'x'),
  );
  const quantified = fc.tuple(atom, fc.constantFrom('', '', '*', '\\+', '\\?', '\\{1,2\\}')).map(([a, q]) => a + q);
  const piece = fc.oneof(
    { weight: 4, arbitrary: quantified },
    { weight: 1, arbitrary: fc.array(quantified, { minLength: 1, maxLength: 3 }).map((p) => `\\(${p.join('')}\\)`) },
  );
  const regex = fc
    .tuple(fc.boolean(), fc.array(piece, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([caret, pieces, dollar]) => `${caret ? '^' : ''}${pieces.join('')}${dollar ? '$' : ''}`);
  const script = fc
    .tuple(regex, fc.constantFrom('X', '[&]', '<\\1>', ''), fc.constantFrom('', 'g', 'p', 'gp'), fc.boolean())
    .map(([re, rep, flags, quiet]) => {
      const groups = (re.match(/\\\(/g) ?? []).length;
      const replacement = groups === 0 ? rep.replace('\\1', '&') : rep;
      return quiet ? ['-n', `s/${re}/${replacement}/${flags}`] : [`s/${re}/${replacement}/${flags}`];
    });
  const input = [
    'ffff82d0c0000000 A ALT_START',
    'ab ba. aab',
    '',
    'bbb',
    'a.b x',
    '  leading',
    'aaaa',
    'x',
  ].join('\n') + '\n';

  test('every line GNU sed matches contains the required text the translation gives for the regex', () => {
    const regexes = fc.sample(regex, { numRuns: 250, seed: seed + 1 });
    const lines = input.split('\n').slice(0, -1);
    // `s/RE/&/p` with -n prints exactly the lines RE matches, unchanged.
    const reals = runToolBatch('sed', regexes.map((re) => ({ args: ['-n', `s/${re}/&/p`], input })));
    const mismatches: string[] = [];
    let checked = 0;
    regexes.forEach((re, k) => {
      let required: string;
      try {
        required = translateBasicRegex(re).requiredText;
      } catch (e) {
        expect((e as Error).message).toMatch(/quantified group|stacked quantifiers/);
        return;
      }
      expect(reals[k].status).toBe(0);
      for (const line of reals[k].stdout.split('\n').slice(0, -1)) {
        expect(lines).toContain(line);
        if (required !== '') checked++;
        if (!line.includes(required)) mismatches.push(`${re}: matches ${JSON.stringify(line)}, without ${JSON.stringify(required)}`);
      }
    });
    expect(mismatches).toEqual([]);
    // Not vacuous: many matched lines had a required text to contain.
    expect(checked).toBeGreaterThan(50);
  });

  test('250 generated scripts print what GNU sed prints', () => {
    const scripts = fc.sample(script, { numRuns: 250, seed });
    const reals = runToolBatch('sed', scripts.map((args) => ({ args, input })));
    const mismatches: string[] = [];
    let compared = 0;
    for (const [k, args] of scripts.entries()) {
      const real = reals[k];
      if (real.status !== 0) {
        mismatches.push(`${JSON.stringify(args)}: GNU sed failed`);
        continue;
      }
      let model: string;
      try {
        model = modelSed(args, input);
      } catch (e) {
        // Refusing is allowed only for what the model documents as unsupported.
        expect(e).toBeInstanceOf(UnsupportedIdiom);
        expect((e as Error).message).toMatch(/quantified group|stacked quantifiers/);
        continue;
      }
      compared++;
      if (model !== real.stdout) mismatches.push(`${JSON.stringify(args)}:\n  sed:   ${JSON.stringify(real.stdout)}\n  model: ${JSON.stringify(model)}`);
    }
    expect(mismatches).toEqual([]);
    // Most scripts are within what the model runs.
    expect(compared).toBeGreaterThan(190);
  });
});
