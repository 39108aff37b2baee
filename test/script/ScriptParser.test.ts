import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SourceFile } from '../../src/diagnostics/SourceFile';
import { InputError, ScriptSyntaxError } from '../../src/diagnostics/errors';
import type { Assignment, OutputSection, Sections, Script } from '../../src/script/ast';
import { parseScript, parseScriptFile, type ScriptWarning } from '../../src/script/ScriptParser';

function parse(text: string, warnings?: ScriptWarning[]): Script {
  return parseScript(new SourceFile('t.ld', text), { warnings });
}

function valueOf(text: string): bigint {
  const a = parse(`x = ${text};`).commands[0] as Assignment;
  if (a.value.kind !== 'Number') throw new Error(`not a number: ${a.value.kind}`);
  return a.value.value;
}

describe('numbers, as ldlex.l reads them', () => {
  test.each([
    ['0x10', 0x10n],
    ['010', 8n], // strtoul base 0: octal
    ['4K', 4096n],
    ['4k', 4096n],
    ['2M', 2n * 1024n * 1024n],
    ['$ff', 0xffn],
    ['10h', 0x10n],
    ['ffh', 0xffn],
    ['101b', 5n],
    ['17o', 15n],
    ['99d', 99n],
    ['0xffffffffffffffff', 0xffffffffffffffffn],
    ['0x1ffffffffffffffff', 0xffffffffffffffffn], // strtoul saturates
    ['0xffffffffffffffffK', 0xfffffffffffffc00n], // then the multiplier wraps
  ])('%s = %s', (text, value) => {
    expect(valueOf(text)).toBe(value);
  });

  test('a word that fits the radix-suffix rule is a number, not a symbol', () => {
    // `bad` is "ba" with the decimal suffix d, and strtoul reads no decimal digit in "ba".
    expect(valueOf('bad')).toBe(0n);
  });
});

describe('names are cut the way each lexer state cuts them', () => {
  test('`a/2` in an expression is one symbol', () => {
    const a = parse('x = a/2;').commands[0] as Assignment;
    expect(a.value).toMatchObject({ kind: 'Symbol', name: 'a/2' });
  });

  test('a comma glued to a name in WILD state belongs to the pattern', () => {
    const s = parse('SECTIONS { .t : { *(.a,.b) } }').commands[0] as Sections;
    const out = s.commands[0] as OutputSection;
    expect(out.statements[0]).toMatchObject({ kind: 'InputSections', sections: [{ pattern: '.a,.b' }] });
  });

  test('INPUT keeps a trailing comma as part of the file name, as ld does', () => {
    const s = parse('INPUT(a.o, b.o)');
    expect(s.commands[0]).toMatchObject({ kind: 'Input', items: [{ name: 'a.o,' }, { name: 'b.o' }] });
  });

  test('`a=1;` inside an output section is a file name, not an assignment', () => {
    const s = parse('SECTIONS { .t : { a=1; } }').commands[0] as Sections;
    expect((s.commands[0] as OutputSection).statements[0]).toMatchObject({ kind: 'InputSections', file: { pattern: 'a=1' } });
  });
});

describe('AST', () => {
  test('an output section with every optional part', () => {
    const s = parse(
      'SECTIONS { .t 0x1000 (NOLOAD) : AT(0x2000) ALIGN(16) ALIGN_WITH_INPUT SUBALIGN(4) ONLY_IF_RW { KEEP(*(.a)) } >ram AT>rom :text :data =0xff, }',
    ).commands[0] as Sections;
    expect(s.commands[0]).toMatchObject({
      kind: 'OutputSection',
      name: '.t',
      address: { kind: 'Number', value: 0x1000n },
      type: { kind: 'NOLOAD' },
      loadAddress: { value: 0x2000n },
      align: { value: 16n },
      alignWithInput: true,
      subalign: { value: 4n },
      constraint: 'ONLY_IF_RW',
      region: 'ram',
      loadRegion: 'rom',
      phdrs: ['text', 'data'],
      fill: { value: 0xffn },
      statements: [{ kind: 'InputSections', keep: true, file: { pattern: '*' }, sections: [{ pattern: '.a' }] }],
    });
  });

  test('operator precedence follows ldgram.y', () => {
    const a = parse('x = 1 + 2 * 3 << 1 == 14 || 0 ? a : b;').commands[0] as Assignment;
    const show = (e: Assignment['value']): string =>
      e.kind === 'Binary' ? `(${show(e.left)} ${e.operator} ${show(e.right)})`
      : e.kind === 'Ternary' ? `(${show(e.condition)} ? ${show(e.whenTrue)} : ${show(e.whenFalse)})`
      : e.kind === 'Number' ? e.text : e.kind === 'Symbol' ? e.name : e.kind;
    expect(show(a.value)).toBe('(((((1 + (2 * 3)) << 1) == 14) || 0) ? a : b)');
  });

  test('PROVIDE / PROVIDE_HIDDEN / HIDDEN', () => {
    const cmds = parse('PROVIDE(a = 1); PROVIDE_HIDDEN(b = 2); HIDDEN(c = 3); d += 4;').commands;
    expect(cmds.map((c) => [(c as Assignment).symbol, (c as Assignment).provide, (c as Assignment).hidden, (c as Assignment).operator])).toEqual([
      ['a', true, false, '='],
      ['b', true, true, '='],
      ['c', false, true, '='],
      ['d', false, false, '+='],
    ]);
  });

  test('every node has a source range with line and column', () => {
    const s = parse('\n\nSECTIONS\n{\n  .text : { *(.text) }\n}\n');
    const out = (s.commands[0] as Sections).commands[0] as OutputSection;
    expect(out.range.position).toMatchObject({ file: 't.ld', line: 5, column: 3 });
    expect(out.range.toJSON()).toMatchObject({ file: 't.ld', line: 5, column: 3 });
  });
});

describe('errors', () => {
  test('a syntax error is reported gcc-style with the line and a caret', () => {
    expect.assertions(3);
    try {
      parse('SECTIONS {\n  .text : { *(.text) }\n  .data : { x = 1 ^ 2; }\n}\n');
    } catch (e) {
      expect(e).toBeInstanceOf(ScriptSyntaxError);
      const msg = (e as Error).message;
      expect(msg.split('\n')[0]).toMatch(/^t\.ld:3:21: error: syntax error: unexpected '2'/);
      expect(msg.split('\n').slice(1)).toEqual(['   .data : { x = 1 ^ 2; }', '                     ^']);
    }
  });

  test('skipped characters give ld\'s warning', () => {
    const warnings: ScriptWarning[] = [];
    parse('x ^= 1;', warnings);
    expect(warnings).toEqual([{ file: 't.ld', line: 1, column: 3, message: "ignoring invalid character `^' in script" }]);
  });

  test('an unterminated comment is an error, as in ld', () => {
    expect(() => parse('x = 1; /* no end')).toThrow(/end of file inside a comment/);
  });

  test('deep nesting is a clean error, not a crash', () => {
    expect(() => parse(`x = ${'('.repeat(100000)}1;`)).toThrow(ScriptSyntaxError);
  });
});

describe('INCLUDE', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-inc-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('included files are parsed in the context of the INCLUDE and keep their own locations', () => {
    fs.mkdirSync(path.join(dir, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'lib', 'mem.ld'), 'ram : ORIGIN = 0, LENGTH = 4K\n');
    fs.writeFileSync(path.join(dir, 'lib', 'stmts.ld'), '\n  *(.extra)\n');
    fs.writeFileSync(path.join(dir, 'main.ld'), 'MEMORY { INCLUDE mem.ld }\nSECTIONS { .t : { INCLUDE stmts.ld } }\n');
    const s = parseScriptFile(path.join(dir, 'main.ld'), { libraryPaths: [path.join(dir, 'lib')] });
    expect(s.commands[0]).toMatchObject({ kind: 'Memory', regions: [{ kind: 'Include', file: 'mem.ld', commands: [{ kind: 'MemoryRegion', name: 'ram' }] }] });
    const t = (s.commands[1] as Sections).commands[0] as OutputSection;
    const inc = t.statements[0];
    expect(inc).toMatchObject({ kind: 'Include', commands: [{ kind: 'InputSections', sections: [{ pattern: '.extra' }] }] });
    if (inc.kind !== 'Include') throw new Error('not an include');
    expect(inc.commands[0].range.position).toMatchObject({ file: path.join(dir, 'lib', 'stmts.ld'), line: 2, column: 3 });
  });

  test('a missing INCLUDE file is an input error naming the INCLUDE line', () => {
    fs.writeFileSync(path.join(dir, 'bad.ld'), 'x = 1;\nINCLUDE nowhere.ld\n');
    expect(() => parseScriptFile(path.join(dir, 'bad.ld'))).toThrow(InputError);
    expect(() => parseScriptFile(path.join(dir, 'bad.ld'))).toThrow(/bad\.ld:2:1: error: cannot find INCLUDE file nowhere\.ld/);
  });
});
