import fc from 'fast-check';
import { normalizePreprocessArgs, preprocessOptionsFromArgv } from '../../src/preprocess/cliOptions';
import { parseCppOutput } from '../../src/preprocess/CppOutput';
import { LineAlignment } from '../../src/preprocess/LineAlignment';
import type { MacroDefinition } from '../../src/preprocess/MacroTable';
import { parseDefineDirective } from '../../src/preprocess/MacroTable';
import { expandObjectMacro } from '../../src/preprocess/objectMacroExpansion';
import { blankComments, isIdentifier, tokenizeLine } from '../../src/preprocess/ppTokens';
import { splitShellCommand } from '../../src/preprocess/shellWords';

const defs = (...lines: string[]) => {
  const table = new Map<string, MacroDefinition>();
  for (const l of lines) {
    const d = parseDefineDirective(l, 'h.h', 1)!;
    table.set(d.name, d);
  }
  return (name: string) => table.get(name);
};

describe('LineAlignment', () => {
  it('maps an unchanged line column for column, whatever cpp did to the spacing', () => {
    const a = new LineAlignment('\t*(.text)\t  *(.data)  ', ' *(.text) *(.data)', defs());
    expect(a.map(2)).toEqual({ column: 2 });
    expect(a.map(11)).toEqual({ column: 13 });
    expect(a.map(13)).toEqual({ column: 15 });
  });

  it('attributes expansion text to the macro use, and keeps the text around it exact', () => {
    const a = new LineAlignment('  x = MB(2) + 1;', '  x = ((2) << 20) + 1;', defs('MB(x) ((x) << 20)'));
    expect(a.map(7)).toEqual({ column: 7, macro: { name: 'MB', column: 7 } });
    expect(a.map(14)).toEqual({ column: 7, macro: { name: 'MB', column: 7 } });
    expect(a.map(19)).toEqual({ column: 13 });
  });

  it('uses computable object-like expansions to tell which of two macros made a token', () => {
    const m = defs('A (1 + 2)', 'B C', 'C 3');
    const a = new LineAlignment('y = A + B;', 'y = (1 + 2) + 3;', m);
    expect(a.map(8)).toEqual({ column: 5, macro: { name: 'A', column: 5 } }); // the inner '+'
    expect(a.map(13)).toEqual({ column: 7 }); // the script's own '+'
    expect(a.map(15)).toEqual({ column: 9, macro: { name: 'B', column: 9 } });
  });

  it('does not treat a function-like macro name without arguments as expanded', () => {
    const a = new LineAlignment('F = 1;', 'F = 1;', defs('F(x) x'));
    expect(a.map(5)).toEqual({ column: 5 });
  });
});

describe('expandObjectMacro', () => {
  it('expands nested object-like macros, stops at self reference, refuses function-like ones', () => {
    const m = defs('A B + 1', 'B (C)', 'C 7', 'S S', 'F(x) x', 'G F(1)');
    expect(expandObjectMacro('A', m)).toEqual(['(', '7', ')', '+', '1']);
    expect(expandObjectMacro('S', m)).toEqual(['S']);
    expect(expandObjectMacro('G', m)).toBeUndefined();
    expect(expandObjectMacro('F', m)).toBeUndefined();
  });
});

describe('parseCppOutput', () => {
  it('follows markers (with escaped names) and blanks markers and -dD lines', () => {
    const out = [
      '# 0 "a\\"b.S"',
      '#define X 1',
      '# 1 "a\\"b.S"',
      'one',
      '#undef X',
      'two',
      '# 40 "dir\\\\h.h" 1',
      'three',
      '',
    ].join('\n');
    const parsed = parseCppOutput(out);
    expect(parsed.text).toBe('\n\n\none\n\ntwo\n\nthree\n');
    expect(parsed.lineOrigins[3]).toEqual({ file: 'a"b.S', line: 1 });
    expect(parsed.lineOrigins[5]).toEqual({ file: 'a"b.S', line: 3 });
    expect(parsed.lineOrigins[7]).toEqual({ file: 'dir\\h.h', line: 40 });
    expect(parsed.macros.lookup('X', 3)).toMatchObject({ name: 'X', body: '1', file: 'a"b.S', line: 0 });
    expect(parsed.macros.lookup('X', 6)).toBeUndefined();
  });
});

describe('tokenizeLine', () => {
  it('splits as trying an identifier, a pp-number, a string literal, then one character, at each token start', () => {
    const reference = (line: string): string[] => {
      const tokens: string[] = [];
      let i = 0;
      while (i < line.length) {
        if (/[ \t\f\v\r]/.test(line[i])) {
          i++;
          continue;
        }
        const rest = line.slice(i);
        const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(rest) ?? /^\.?[0-9](?:[eEpP][+-]|[0-9A-Za-z_.])*/.exec(rest) ?? /^"(?:\\[\s\S]?|[^"\\])*"?/.exec(rest);
        const text = m ? m[0] : line[i];
        tokens.push(text);
        i += text.length;
      }
      return tokens;
    };
    const line = fc
      .array(fc.constantFrom('a', 'Z', '_', '$', '0', '9', '.', 'e', '+', '-', 'x', '"', '\\', ' ', '\t', '(', ')', '<', '#', '\u00e9'), { maxLength: 30 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(line, (l) => {
        const tokens = tokenizeLine(l);
        expect(tokens.map((t) => t.text)).toEqual(reference(l));
        for (const t of tokens) expect(l.slice(t.start, t.end)).toBe(t.text);
        expect(tokens.filter(isIdentifier).map((t) => t.text)).toEqual(tokens.map((t) => t.text).filter((t) => /^[A-Za-z_$]/.test(t)));
      }),
      { numRuns: 2000, seed: 20250611 },
    );
  });
});

describe('blankComments', () => {
  it('blanks comments (keeping newlines and offsets) but not comment-like text in strings', () => {
    const text = 'a /* x\ny */ b // c\n"/* s */" d';
    const blanked = blankComments(text);
    expect(blanked).toBe('a     \n     b     \n"/* s */" d');
    expect(blanked.length).toBe(text.length);
  });

  it('gives what a plain character-by-character scan gives, on generated texts', () => {
    /** The rule stated one character at a time (what blankComments must compute). */
    const reference = (text: string): string => {
      const out = text.split('');
      let i = 0;
      while (i < text.length) {
        if (text[i] === '"') {
          i++;
          while (i < text.length && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
          if (text[i] === '"') i++;
        } else if (text.startsWith('/*', i)) {
          const close = text.indexOf('*/', i + 2);
          const end = close < 0 ? text.length : close + 2;
          for (; i < end; i++) if (out[i] !== '\n') out[i] = ' ';
        } else if (text.startsWith('//', i)) {
          for (; i < text.length && text[i] !== '\n'; i++) out[i] = ' ';
        } else i++;
      }
      return out.join('');
    };
    const text = fc.array(fc.constantFrom('/', '*', '"', '\\', '\n', '\r', 'a', ' ', '/*', '*/', '//'), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(fc.property(text, (t) => blankComments(t) === reference(t)), { numRuns: 2000, seed: 20250611 });
  });
});

describe('splitShellCommand', () => {
  it('splits quotes and escapes like sh, and stops at the first separator', () => {
    expect(splitShellCommand(`gcc -E "-DA=\\"x y\\"" 'b c' d\\ e && echo hi`)).toEqual({
      words: ['gcc', '-E', '-DA="x y"', 'b c', 'd e'],
      rest: ' echo hi',
      separator: '&&',
    });
    expect(() => splitShellCommand('gcc `x`')).toThrow(/shell expansion/);
    expect(() => splitShellCommand('gcc > out')).toThrow(/redirection/);
    expect(splitShellCommand('cost $ 5').words).toEqual(['cost', '$', '5']);
  });

  it('does not read past the first command: what follows may be anything', () => {
    expect(splitShellCommand('gcc -E a.S; mv $TMP `x`')).toEqual({ words: ['gcc', '-E', 'a.S'], rest: ' mv $TMP `x`', separator: ';' });
    expect(() => splitShellCommand('gcc (x)')).toThrow(/'\(' at character 5 is not supported/);
  });
});

describe('CLI options', () => {
  it("rewrites cpp's attached spellings for yargs", () => {
    expect(normalizePreprocessArgs(['parse', '-DX=1', '-Iinc', '-UY', '-include', 'c.h', '-D', 'Z', '--', '-DQ'])).toEqual([
      'parse', '-D', 'X=1', '-I', 'inc', '-U', 'Y', '--include', 'c.h', '-D', 'Z', '--', '-DQ',
    ]);
  });

  it('turns parsed arguments (single or repeated) into PreprocessOptions', () => {
    expect(
      preprocessOptionsFromArgv({
        cpp: 'gcc -E',
        define: ['A=1', 'B'],
        undefine: 'C',
        'include-dir': ['inc'],
        include: 'conf.h',
        'cpp-arg': ['-C'],
        'from-build': 'arch/x86/.xen.lds.cmd',
        _: ['parse'],
      }),
    ).toEqual({
      cpp: 'gcc -E',
      defines: ['A=1', 'B'],
      undefines: ['C'],
      includeDirs: ['inc'],
      includes: ['conf.h'],
      cppArgs: ['-C'],
      fromBuild: 'arch/x86/.xen.lds.cmd',
    });
    expect(preprocessOptionsFromArgv({ 'xen-root': 'xen', _: [] })).toEqual({ xenRoot: 'xen' });
  });
});
