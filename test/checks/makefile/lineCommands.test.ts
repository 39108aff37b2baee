/**
 * The head, tail, sort and grep models against the real coreutils and grep (C locale), on nm
 * output from a real linked file and on a few edge inputs; and the shell pipeline splitter.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { grepCommand, headCommand, sortCommand, tailCommand, type LineCommand } from '../../../src/checks/makefile/lineCommands';
import { parseShellPipeline } from '../../../src/checks/makefile/shellPipeline';
import { streamFromText, streamText } from '../../../src/checks/makefile/TextStream';
import { UnsupportedIdiom } from '../../../src/checks/makefile/UnsupportedIdiom';
import { runToolBatch } from './support/realTools';

const MODELS: Record<string, (args: string[]) => LineCommand> = {
  head: headCommand,
  tail: tailCommand,
  sort: sortCommand,
  grep: grepCommand,
};

const ARGS: [string, string[]][] = [
  ['head', ['-n', '1']],
  ['head', ['-n1']],
  ['head', ['-1']],
  ['head', ['-n', '0']],
  ['head', ['--lines=3']],
  ['head', []],
  ['head', ['-n', '100']],
  ['tail', ['-n', '1']],
  ['tail', ['-1']],
  ['tail', ['-n', '+2']],
  ['tail', ['-n', '+1']],
  ['tail', ['-n', '0']],
  ['tail', []],
  ['sort', []],
  ['sort', ['-r']],
  ['grep', ['-v', ' U ']],
  ['grep', ['__2M']],
  ['grep', ['-e', '^ffff']],
  ['grep', ['-v', '-e', 'x']],
  ['grep', [' [AB] \\(__2M\\|ALT\\)']],
  ['grep', ['nothing-matches-this']],
];

/** nm output of a real object (several symbol kinds, undefined ones with blank addresses). */
function realNmOutput(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-linecmd-'));
  try {
    const src = path.join(dir, 'a.c');
    fs.writeFileSync(
      src,
      'int data = 1; int bss; static int local; extern int ext(void);\n' +
        'int f(void) { return ext() + local + data + bss; }\n__asm__(".globl ALT_START\\n.set ALT_START, 0xffff82d0c0000000");\n',
    );
    execFileSync('gcc', ['-c', '-O2', '-o', path.join(dir, 'a.o'), src]);
    return execFileSync('nm', [path.join(dir, 'a.o')], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('head, tail, sort and grep vs the real tools', () => {
  const nm = realNmOutput();
  const inputs = [nm, nm.replace(/\n$/, ''), '', 'b\na\nc', 'x\n'];
  const cases = ARGS.flatMap(([command, args]) => inputs.map((input) => ({ command, args, input })));
  const real = new Map<string, string>();
  for (const command of Object.keys(MODELS)) {
    const mine = cases.filter((c) => c.command === command);
    runToolBatch(command, mine).forEach((r, k) => real.set(JSON.stringify(mine[k]), r.stdout));
  }
  test.each(cases)('$command $args on input %#', (c) => {
    const model = MODELS[c.command](c.args);
    const out = streamText(model.run(streamFromText(c.input), []));
    expect(out).toBe(real.get(JSON.stringify(c)));
  });

  test('the nm sample has undefined symbols (blank addresses) for sort to order', () => {
    expect(nm).toMatch(/^ +U ext$/m);
  });

  test('sort notes that its C-locale order is an assumption when blank addresses are present', () => {
    const notes: string[] = [];
    sortCommand([]).run(streamFromText(nm), notes);
    expect(notes.join()).toMatch(/C locale/);
  });
});

describe('options the models refuse', () => {
  test.each([
    ['head', ['-c', '5'], /head option -c/],
    ['head', ['-n', '-2'], /negative count/],
    ['head', ['-n', '1K'], /line count/],
    ['head', ['file'], /reading the file/],
    ['tail', ['-f'], /tail option -f/],
    ['sort', ['-n'], /sort option -n/],
    ['sort', ['-k2'], /sort option -k2/],
    ['grep', ['-E', 'a+'], /grep option -E/],
    ['grep', ['a', 'file'], /reading files/],
  ] as [string, string[], RegExp][])('%s %j', (command, args, message) => {
    expect(() => MODELS[command](args)).toThrow(UnsupportedIdiom);
    expect(() => MODELS[command](args)).toThrow(message);
  });
});

describe('shell pipeline splitting', () => {
  test('stages, quotes and continuation lines', () => {
    expect(parseShellPipeline(`nm -nr xen-syms | head -n 1 | sed -e 's/^\\([^ ]*\\).*/0x\\1/'`)).toEqual([
      { words: ['nm', '-nr', 'xen-syms'] },
      { words: ['head', '-n', '1'] },
      { words: ['sed', '-e', 's/^\\([^ ]*\\).*/0x\\1/'] },
    ]);
    expect(parseShellPipeline(`nm xen-syms | sort | tail -n 1 | \\\n\t sed -e "s/x/\\$y/"`)).toEqual([
      { words: ['nm', 'xen-syms'] },
      { words: ['sort'] },
      { words: ['tail', '-n', '1'] },
      { words: ['sed', '-e', 's/x/$y/'] },
    ]);
  });

  test.each([
    ['nm x; head', /operator `;`/],
    ['nm x && head', /operator `&`/],
    ['nm x || head', /\|\|/],
    ['nm x > out', /operator `>`/],
    ['nm $FILE', /shell expansion/],
    ['nm `echo x`', /nested command substitution/],
    ['nm x | sed s/.*//', /unquoted glob character `\*`/],
    ['nm ~/x', /tilde/],
    ['LC_ALL=C sort', /environment assignment/],
    ['nm x | | head', /empty command/],
    ["nm 'x", /unterminated single quote/],
    ['nm x\nhead', /newline/],
  ])('%j is refused', (text, message) => {
    expect(() => parseShellPipeline(text)).toThrow(UnsupportedIdiom);
    expect(() => parseShellPipeline(text)).toThrow(message);
  });
});
