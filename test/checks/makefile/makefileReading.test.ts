/**
 * Reading Makefiles without make: variable values compared with what the real GNU make
 * expands, recipe positions, the end-address forms (back quotes, $(shell …), $$(…), a literal)
 * checked against real make runs, and the recipes that must be refused or reported.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluateImageEndRecipe, explainImageEnd, readImageEndRecipe } from '../../../src/checks/makefile';
import { parseMakefileText } from '../../../src/checks/makefile/MakefileParser';
import { MakeVariables } from '../../../src/checks/makefile/MakeVariables';
import { InputError } from '../../../src/diagnostics/errors';
import { miniXenBuild } from './support/miniXen';
import { C_LOCALE_ENV } from './support/realTools';

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-mkread-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function make(args: string[], cwd: string): string {
  const r = spawnSync('make', args, { cwd, encoding: 'utf8', env: C_LOCALE_ENV });
  if (r.status !== 0) throw new Error(`make ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

describe('make variables', () => {
  const MAKEFILE = [
    'A = 1',
    'B := $(A) two',
    'A = 3',
    'C = $(A)$(B)',
    'D ?= dflt',
    'D ?= other',
    'E = x',
    'E += y',
    'F := p',
    'F += $(A)',
    'G = $(H)',
    'H = late',
    'name := G',
    'I = $($(name))',
    'J = a$$b',
    'K = with # comment',
    'L = multi \\',
    '    line \\',
    '\tvalue',
    'export M := exported',
    'override N = ovr',
    'define P',
    'line1',
    '  line2',
    'endef',
    'Q = $(TARGET)-syms',
    'T = \\#not a comment',
    'U = ${A}$A',
    'V =    spaced   ',
    'W::=double',
    'efi-$(A) := computed',
    'X = $(efi-3)',
    'all: ; @:',
    '',
  ].join('\n');
  const NAMES = 'A B C D E F G H I J K L M N P Q T U V W X'.split(' ');

  test('expand as the real make expands them', () => {
    const file = path.join(work, 'vars.mk');
    fs.writeFileSync(file, MAKEFILE);
    fs.writeFileSync(path.join(work, 'show.mk'), NAMES.map((n) => `$(info ${n}=[$(${n})])`).join('\n') + '\n');
    const printed = make(['-s', '-f', file, '-f', 'show.mk', 'TARGET=xen', 'all'], work);
    const variables = new MakeVariables([parseMakefileText(file, MAKEFILE)], { TARGET: 'xen' });
    const mine = NAMES.map((n) => `${n}=[${variables.expand(`$(${n})`).text}]`).join('\n') + '\n';
    expect(mine).toBe(printed);
  });

  test('an undefined variable or a make function is reported, not expanded to nothing', () => {
    const variables = new MakeVariables([parseMakefileText('m', 'A = $(UNDEFINED) $(call f,x) $(B:.o=.c) ok\n')], {}, {});
    const e = variables.expand('$(A)');
    expect(e.text).toBe('   ok');
    expect(e.unresolved).toEqual(['$(UNDEFINED)', '$(call f,x)', '$(B:.o=.c)']);
    expect(variables.expand('$(A)', undefined, true).text).toBe('$(UNDEFINED) $(call f,x) $(B:.o=.c) ok');
  });

  test('a variable set differently under conditions records the alternatives', () => {
    const text = 'ifeq ($(X),y)\nS = yes\nelse\nS = no\nendif\n';
    const e = new MakeVariables([parseMakefileText('m', text)]).expand('$(S)');
    expect(e.uses[0]).toMatchObject({ name: 'S', value: 'no', origin: { kind: 'makefile', conditional: true, alternatives: ['yes'] } });
  });

  test('a variable that refers to itself is an input error', () => {
    const variables = new MakeVariables([parseMakefileText('m', 'A = $(B)\nB = $(A)\n')]);
    expect(() => variables.expand('$(A)')).toThrow(InputError);
  });
});

describe('finding the mkelf32 command', () => {
  const rule = (body: string) => `# comment\nFOO := 1\n\n$(TARGET): $(TARGET)-syms boot/mkelf32\n${body}\n`;

  function write(name: string, text: string): string {
    const file = path.join(work, name);
    fs.writeFileSync(file, text);
    return file;
  }

  test('the recipe position is the mkelf32 word; the end argument position is its back quote', () => {
    const text = rule("\t@echo start; \\\n\t  ./boot/mkelf32 xen-syms xen 0x100000 \\\n\t    `$(NM) -nr $(TARGET)-syms | head -n 1`");
    const file = write('pos.mk', text);
    const recipe = readImageEndRecipe(file);
    const lines = text.split('\n');
    const mkLine = lines.findIndex((l) => l.includes('./boot/mkelf32')) + 1;
    const bqLine = lines.findIndex((l) => l.includes('`')) + 1;
    expect(recipe.recipe).toMatchObject({ file, line: mkLine, column: lines[mkLine - 1].indexOf('./boot') + 1 });
    expect(recipe.end?.position).toEqual({ file, line: bqLine, column: lines[bqLine - 1].indexOf('`') + 1 });
    expect(recipe.rule.line).toBe(lines.findIndex((l) => l.startsWith('$(TARGET):')) + 1);
  });

  test('no rule for the target runs mkelf32: an input error naming the rules that do', () => {
    const file = write('other.mk', 'other: x\n\t./boot/mkelf32 a b 0x100000 0x200000\nxen: y\n\techo hi\n');
    expect(() => readImageEndRecipe(file)).toThrow(InputError);
    expect(() => readImageEndRecipe(file)).toThrow(/no rule for `xen` runs mkelf32; rules that do: other \(line 1\)/);
  });

  test('an unreadable Makefile is an input error', () => {
    expect(() => readImageEndRecipe(path.join(work, 'missing.mk'))).toThrow(/missing\.mk: cannot read: no such file/);
  });

  test.each([
    ['arguments after the substitution', '\t./boot/mkelf32 a b 0x100000 `$(NM) a | head -n 1` extra', /after the end-address substitution/],
    ['too few arguments', '\t./boot/mkelf32 a 0x100000', /given 2 arguments besides options/],
    ['a substitution inside a longer word', '\t./boot/mkelf32 a b 0x100000 0x`$(NM) a | head -n 1`', /inside a longer mkelf32 argument/],
  ])('%s is reported as unsupported', async (_what, body, message) => {
    const recipe = readImageEndRecipe(write('bad.mk', rule(body)));
    expect(recipe.unsupported).toMatch(message);
    const result = await evaluateImageEndRecipe(recipe, path.join(miniXenBuild(), 'xen-syms'));
    expect(result.unsupported).toMatch(/^unsupported idiom: /);
    expect(explainImageEnd(result, { address: 0n, symbol: 'x' }).verdict).toBe('unknown');
  });
});

describe('end-address forms, each against a real make run', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(work, 'forms-'));
    fs.copyFileSync(path.join(miniXenBuild(), 'xen-syms'), path.join(dir, 'xen-syms'));
    fs.mkdirSync(path.join(dir, 'boot'));
    // A stand-in that records its last argument.
    fs.writeFileSync(path.join(dir, 'boot/mkelf32'), '#!/bin/sh\nfor a; do last=$a; done; printf "%s\\n" "$last" > last.arg\n', { mode: 0o755 });
  });

  const forms: [string, string][] = [
    ['back quotes', "`$(NM) -nr $(TARGET)-syms | head -n 1 | sed -e 's/^\\([^ ]*\\).*/0x\\1/'`"],
    ["make's $(shell …)", "$(shell $(NM) -nr $(TARGET)-syms | head -n 1 | sed -e 's/^\\([^ ]*\\).*/0x\\1/')"],
    ["the shell's $$(…)", "$$($(NM) -nr $(TARGET)-syms | head -n 1 | sed -e 's/^\\([^ ]*\\).*/0x\\1/')"],
    ['a literal', '0xffff82d080a00000'],
    ['grep and tail', "`$(NM) -n $(TARGET)-syms | grep ' [Bb] ' | tail -n 1 | sed -ne 's/^\\([^ ]*\\) . \\(.*\\)$$/0x\\1/p'`"],
    ['sort -r and head -1', "`$(NM) --defined-only $(TARGET)-syms | sort -r | head -1 | sed 's/ .*//'`"],
    ['several words', '`$(NM) -n $(TARGET)-syms | tail -n 2 | sed -e "s/^\\([^ ]*\\).*/0x\\1/"`'],
  ];

  test.each(forms)('%s: the value make passes', async (_name, end) => {
    const file = path.join(dir, 'Makefile');
    fs.writeFileSync(file, `NM = nm\nTARGET = xen\n$(TARGET): $(TARGET)-syms boot/mkelf32\n\t./boot/mkelf32 $(TARGET)-syms out 0x200000 ${end}\n`);
    fs.rmSync(path.join(dir, 'xen'), { force: true });
    make(['-s', '-B', 'xen'], dir);
    const passed = fs.readFileSync(path.join(dir, 'last.arg'), 'utf8').trim();
    const recipe = readImageEndRecipe(file);
    const result = await evaluateImageEndRecipe(recipe, path.join(dir, 'xen-syms'));
    expect(result.unsupported).toBeUndefined();
    // The stand-in saw the last word; mkelf32 reads the first. They differ only for "several words".
    const words = (result.output ?? '').trim().split(/\s+/);
    expect(words[words.length - 1]).toBe(passed);
    expect(result.valueText).toBe(words[0]);
    if (words.length > 1) expect(result.notes.join()).toMatch(/expands to 2 words; mkelf32 reads the first/);
    if (recipe.end?.form !== 'literal') expect(result.pickedSymbol?.value).toBe(result.value);
  });

  test('a pipeline that prints nothing: mkelf32 gets no end address', async () => {
    const file = path.join(dir, 'Empty.mk');
    fs.writeFileSync(file, "xen: xen-syms\n\t./boot/mkelf32 xen-syms out 0x200000 `$(NM) xen-syms | sed -ne 's/^\\([^ ]*\\) . no_such_symbol$$/0x\\1/p'`\n");
    const recipe = readImageEndRecipe(file);
    const result = await evaluateImageEndRecipe(recipe, path.join(dir, 'xen-syms'));
    expect(result.noOutput).toBe(true);
    expect(result.value).toBeUndefined();
    const explanation = explainImageEnd(result, { address: 0xffff82d080a00000n, symbol: '__2M_rwdata_end' }, recipe);
    expect(explanation.verdict).toBe('wrong');
    expect(explanation.message).toMatch(/prints nothing, so mkelf32 gets no end address/);
  });

  test.each([
    ['an unknown command', "`$(NM) xen-syms | awk '{print $$1}'`", /unsupported idiom: the command `awk`/],
    ['an nm option ldscope does not implement', '`$(NM) -D xen-syms | head -n 1`', /unsupported idiom: nm option -D/],
    ['sort -n', '`$(NM) xen-syms | sort -n | head -n 1`', /unsupported idiom: sort option -n/],
    ['sed -E', "`$(NM) xen-syms | sed -E 's/ .+//'`", /unsupported idiom: sed option -E/],
    ['a pipeline not starting with nm', '`cat xen-syms.map | head -n 1`', /starts with `cat` rather than nm/],
    ['an undefined variable', '`$(NM) $(SYMS_FILE) | head -n 1`', /uses \$\(SYMS_FILE\), which this Makefile does not define/],
    ['a shell variable', '`$(NM) $$F | head -n 1`', /shell expansion/],
  ])('%s is unsupported, not guessed', async (_what, end, message) => {
    const file = path.join(dir, 'Unsupported.mk');
    fs.writeFileSync(file, `xen: xen-syms\n\t./boot/mkelf32 xen-syms out 0x200000 ${end}\n`);
    const result = await evaluateImageEndRecipe(readImageEndRecipe(file), path.join(dir, 'xen-syms'));
    expect(result.unsupported).toMatch(message);
    expect(result.value).toBeUndefined();
  });
});
