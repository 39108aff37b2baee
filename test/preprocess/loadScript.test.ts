import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../../src/diagnostics/errors';
import type { SourceFile } from '../../src/diagnostics/SourceFile';
import { loadScriptSource, loadScriptSourceAsync, preprocessScript, preprocessScriptAsync } from '../../src/preprocess/loadScript';
import { contentLines, locate, makeTree, removeTree, run } from './fixtures';

/**
 * A small Xen-shaped .lds.S with its headers, preprocessed by the machine's real cpp. Every
 * expected location is found by searching the fixture text, so the tests say "this token of
 * the output comes from that token of the source".
 */
const HEADER = [
  '#ifndef LAYOUT_H', //                                        1
  '#define LAYOUT_H', //                                        2
  '#define PAGE_SIZE (1 << 12)', //                             3
  '#define MB(x) ((x) << 20)', //                               4
  '', //                                                        5
  '#define DECL_SECTION(x) x : AT(ADDR(x) - VIRT_BASE)', //     6
  '#define PHDR(p) :p', //                                      7
  '#define VIRT_BASE 0xffff82d080000000', //                    8
  '#endif', //                                                  9
  '',
].join('\n');

/** A header that holds script text itself (not only macros). */
const FRAGMENT = ['  /* from a header */', '  *(.text.fragment)', ''].join('\n');

const SCRIPT = [
  '#include "layout.h"', //                                     1
  '/* A comment', //                                            2
  '   over several', //                                         3
  '   lines */', //                                             4
  'OUTPUT_ARCH(i386:x86-64)', //                                5
  '#if 0', //                                                   6
  'this is not a linker script', //                             7
  '#endif', //                                                  8
  'SECTIONS', //                                                9
  '{', //                                                      10
  '  . = VIRT_BASE + IMG_OFFSET;', //                           11
  '  DECL_SECTION(.text) {', //                                 12
  '#include "fragment.h"', //                                   13
  '        *(.text)   /* spaces */   *(.text.*)', //            14
  '  } PHDR(text) = 0x9090', //                                 15
  '  . = ALIGN(PAGE_SIZE);', //                                 16
  '  .data : { *(.data) }', //                                  17
  '\t_end = . + MB(2);', //                                     18
  '}', //                                                      19
  '',
].join('\n');

describe('loadScriptSource with the real cpp', () => {
  let dir: string;
  let source: SourceFile;

  beforeAll(() => {
    dir = makeTree({
      'xen.lds.S': SCRIPT,
      'include/layout.h': HEADER,
      'fragment.h': FRAGMENT,
    });
    source = loadScriptSource('xen.lds.S', { cwd: dir, includeDirs: ['include'], defines: ['IMG_OFFSET=0x200000'] });
  });
  afterAll(() => removeTree(dir));

  /** Where the `nth` occurrence of `needle` in the parser's text maps to. */
  const mapped = (needle: string, nth = 1) => source.position(locate(source.text, needle, nth).offset);
  const inScript = (needle: string) => locate(SCRIPT, needle);

  it('gives the parser the same text as cpp -P, with markers and #defines as empty lines', () => {
    const plain = run('cpp', ['-P', '-Iinclude', '-DIMG_OFFSET=0x200000', 'xen.lds.S'], dir);
    expect(contentLines(source.text)).toEqual(contentLines(plain));
    expect(source.text).not.toMatch(/^#/m);
    expect(source.name).toBe('xen.lds.S');
  });

  it('maps a plain line after an #include and a multi-line comment', () => {
    const p = mapped('OUTPUT_ARCH');
    expect(p).toMatchObject({ file: 'xen.lds.S', ...pick(inScript('OUTPUT_ARCH')), notes: [] });
  });

  it('maps lines after an #if 0 block', () => {
    expect(mapped('SECTIONS')).toMatchObject({ file: 'xen.lds.S', ...pick(inScript('SECTIONS')) });
    expect(mapped('.data :')).toMatchObject({ file: 'xen.lds.S', ...pick(inScript('.data :')) });
    expect(mapped('*(.data)')).toMatchObject(pick(inScript('*(.data)')));
  });

  it('keeps columns where cpp only changed the spacing (comments, runs of blanks, tabs)', () => {
    expect(mapped('*(.text.*)')).toMatchObject({ file: 'xen.lds.S', ...pick(inScript('*(.text.*)')), notes: [] });
    expect(mapped('_end')).toMatchObject(pick(inScript('_end')));
  });

  it('maps text inside a header macro expansion to the .lds.S line, with a note naming the header line', () => {
    const p = mapped('.text : AT');
    expect(p).toMatchObject({ file: 'xen.lds.S', ...pick(inScript('DECL_SECTION(.text)')) });
    expect(p.notes).toHaveLength(1);
    expect(p.notes[0].message).toBe("in expansion of macro 'DECL_SECTION' defined at include/layout.h:6");
    expect(p.notes[0].position).toEqual({ file: 'include/layout.h', line: 6, column: 9 });
    // Deep inside the same expansion (the nested VIRT_BASE) still names the macro on the line.
    const deep = mapped('0xffff82d080000000', 2);
    expect(deep).toMatchObject({ line: p.line, column: p.column });
    expect(deep.notes[0].message).toMatch(/'DECL_SECTION'/);
    // The '{' after the macro call is the script's own text: exact column, no note.
    const brace = source.position(locate(source.text, '0xffff82d080000000) {').offset + '0xffff82d080000000) '.length);
    expect(brace).toMatchObject({ ...pick(locate(SCRIPT, '{', 2)), notes: [] });
  });

  it('names the macro under the column when several are used on one line', () => {
    const base = mapped('0xffff82d080000000');
    expect(base).toMatchObject({ file: 'xen.lds.S', ...pick(inScript('VIRT_BASE +')) });
    expect(base.notes[0].message).toBe("in expansion of macro 'VIRT_BASE' defined at include/layout.h:8");
    const offset = mapped('0x200000;');
    expect(offset).toMatchObject(pick(inScript('IMG_OFFSET;')));
    expect(offset.notes[0].message).toBe("in expansion of macro 'IMG_OFFSET' defined on the command line");
    // The '+' between the two expansions is the script's own.
    expect(mapped('+ 0x200000')).toMatchObject({ ...pick(inScript('+ IMG_OFFSET')), notes: [] });
  });

  it('maps function-like and object-like macros to their use, and text after them exactly', () => {
    const phdr = mapped(':text');
    expect(phdr).toMatchObject(pick(inScript('PHDR(text)')));
    expect(phdr.notes[0].position).toMatchObject({ file: 'include/layout.h', line: 7 });
    expect(mapped('= 0x9090')).toMatchObject({ ...pick(inScript('= 0x9090')), notes: [] });
    const page = mapped('(1 << 12)');
    expect(page).toMatchObject(pick(inScript('PAGE_SIZE);')));
    expect(page.notes[0].message).toBe("in expansion of macro 'PAGE_SIZE' defined at include/layout.h:3");
    expect(mapped('((2) << 20)')).toMatchObject(pick(inScript('MB(2)')));
  });

  it('maps text that a header holds to the header line', () => {
    const p = mapped('*(.text.fragment)');
    expect(p).toMatchObject({ file: 'fragment.h', ...pick(locate(FRAGMENT, '*(.text.fragment)')), notes: [] });
  });

  it('gives the original source line for carets', () => {
    const p = mapped('.text : AT');
    expect(source.displayLine(p)).toBe('  DECL_SECTION(.text) {');
    expect(source.origin?.originalLine?.('include/layout.h', 3)).toBe('#define PAGE_SIZE (1 << 12)');
    expect(source.origin?.originalLine?.('<command-line>', 1)).toBeUndefined();
  });

  it('maps a position on a marker line (before any text) to the first token that follows', () => {
    expect(source.lineText(1)).toBe(''); // cpp's first line marker, blanked
    expect(source.position(0)).toMatchObject({ file: 'xen.lds.S', ...pick(inScript('OUTPUT_ARCH')) });
  });

  it('maps the end of the text (for "unexpected end of file") into the script', () => {
    const p = source.position(source.text.length);
    expect(p.file).toBe('xen.lds.S');
    expect(p.line).toBeGreaterThanOrEqual(19);
  });
});

describe('file names as the user sees them', () => {
  it('prints the script as given and headers relative to the user when cpp ran elsewhere', () => {
    const dir = makeTree({
      'build/arch/x86/.t.lds.cmd': 'cmd_arch/x86/t.lds := cpp -P -I./include -o arch/x86/t.lds arch/x86/t.lds.S\n',
      'build/arch/x86/t.lds.S': '#include <defs.h>\nSECTIONS { .x : { *(.x) } } SYM\n',
      'build/include/defs.h': '#define SYM x = 1;\n',
    });
    try {
      const source = loadScriptSource('build/arch/x86/t.lds.S', {
        cwd: dir,
        fromBuild: 'build/arch/x86/.t.lds.cmd',
      });
      expect(source.name).toBe('build/arch/x86/t.lds.S');
      const p = source.position(locate(source.text, 'x = 1').offset);
      expect(p).toMatchObject({ file: 'build/arch/x86/t.lds.S', line: 2 });
      expect(p.notes[0].position.file).toBe(path.join('build', 'include', 'defs.h'));
      expect(source.displayLine(p)).toBe('SECTIONS { .x : { *(.x) } } SYM');
      expect(source.origin?.originalLine?.(p.notes[0].position.file, 1)).toBe('#define SYM x = 1;');
    } finally {
      removeTree(dir);
    }
  });
});

describe('what goes through cpp', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTree({
      'plain.lds': '/* #include "nothing.h" */\nSECTIONS { .t : { *(.t) } }\n',
      'named.lds.in': '#define X 4\nSECTIONS { . = X; }\n',
      'bad.lds.S': '#include "missing-header.h"\nSECTIONS { }\n',
      'syntax.lds.S': '#if\nSECTIONS { }\n#endif\n',
    });
  });
  afterAll(() => removeTree(dir));

  it('reads a file that is not .S as is, without an origin map', () => {
    const source = loadScriptSource('plain.lds', { cwd: dir });
    expect(source.text).toBe(fs.readFileSync(path.join(dir, 'plain.lds'), 'utf8'));
    expect(source.origin).toBeUndefined();
  });

  it('refuses cpp options on a file it would not preprocess, and preprocesses it when --cpp is named', () => {
    expect(() => loadScriptSource('plain.lds', { cwd: dir, defines: ['X'] })).toThrow(InputError);
    const source = loadScriptSource('named.lds.in', { cwd: dir, cpp: 'cpp' });
    expect(contentLines(source.text)).toEqual(['SECTIONS { . = 4; }']);
    expect(source.position(locate(source.text, '4').offset)).toMatchObject({ file: 'named.lds.in', line: 2, column: 16 });
  });

  it('never passes -P, even when asked, so lines stay mapped', () => {
    const source = loadScriptSource('named.lds.in', { cwd: dir, cpp: 'gcc -E -P', cppArgs: ['-P'] });
    expect(source.position(locate(source.text, 'SECTIONS').offset)).toMatchObject({ file: 'named.lds.in', line: 2, column: 1 });
  });

  it('reports a missing header with cpp\'s own message (exit status 2)', () => {
    let error: unknown;
    try {
      loadScriptSource('bad.lds.S', { cwd: dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const err = error as InputError;
    expect(err.exitCode).toBe(2);
    // What gcc 12's cpp itself prints, and the command that was run.
    expect(err.message).toMatch(/bad\.lds\.S:1:10: fatal error: missing-header\.h: No such file or directory/);
    expect(err.message).toMatch(/command: cd .* && cpp -dD bad\.lds\.S/);
  });

  it('reports a preprocessor syntax error with cpp\'s own message', () => {
    expect(() => loadScriptSource('syntax.lds.S', { cwd: dir })).toThrow(/syntax\.lds\.S:1:4: error: #if with no expression/);
  });

  it('reports a missing preprocessor clearly', () => {
    expect(() => loadScriptSource('bad.lds.S', { cwd: dir, cpp: 'ldscope-no-such-cpp -E' })).toThrow(
      /cannot run the C preprocessor 'ldscope-no-such-cpp': command not found/,
    );
  });

  it('reports a missing script before running anything', () => {
    expect(() => loadScriptSource('nope.lds.S', { cwd: dir })).toThrow(/nope\.lds\.S: no such file/);
    expect(() => loadScriptSource('nope.lds', { cwd: dir })).toThrow(/nope\.lds: no such file/);
  });

  it('returns the command it ran and cpp\'s warnings', () => {
    const warn = makeTree({ 'w.lds.S': '#warning careful\nSECTIONS { }\n' });
    try {
      const r = preprocessScript('w.lds.S', { cwd: warn, defines: ['A=1'], undefines: ['B'] });
      expect(r.commandLine).toBe(`cd ${warn} && cpp -DA=1 -UB -dD w.lds.S`);
      expect(r.cppWarnings).toMatch(/w\.lds\.S:1:2: warning: #warning careful/);
    } finally {
      removeTree(warn);
    }
  });
});

describe('cpp in the background (loadScriptSourceAsync, as ldscope xen runs it)', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTree({
      'xen.lds.S': SCRIPT,
      'include/layout.h': HEADER,
      'fragment.h': FRAGMENT,
      'bad.lds.S': '#include "missing-header.h"\nSECTIONS { }\n',
      'w.lds.S': '#warning careful\nSECTIONS { }\n',
      'plain.lds': 'SECTIONS { }\n',
    });
  });
  afterAll(() => removeTree(dir));
  const opts = () => ({ cwd: dir, includeDirs: ['include'], defines: ['IMG_OFFSET=0x200000'] });
  /** The error a call throws (synchronously) or rejects with. */
  const failure = async (f: () => unknown): Promise<unknown> => {
    try {
      await f();
    } catch (e) {
      return e;
    }
    throw new Error('expected a failure');
  };

  it('gives the same text, origin map, command and warnings as the synchronous run', async () => {
    const [sync, background] = [preprocessScript('xen.lds.S', opts()), await preprocessScriptAsync('xen.lds.S', opts())];
    expect(background.source.text).toBe(sync.source.text);
    expect(background.commandLine).toBe(sync.commandLine);
    for (const needle of ['0xffff82d080000000', '*(.text.fragment)', '0x9090', '_end']) {
      const at = locate(sync.source.text, needle).offset;
      expect(background.source.position(at)).toEqual(sync.source.position(at));
    }
    const warn = { cwd: dir, defines: ['A=1'] };
    expect((await preprocessScriptAsync('w.lds.S', warn)).cppWarnings).toBe(preprocessScript('w.lds.S', warn).cppWarnings);
    expect((await loadScriptSourceAsync('plain.lds', { cwd: dir })).text).toBe('SECTIONS { }\n');
  });

  it('fails with the same errors as the synchronous run', async () => {
    const cases: Array<[string, object]> = [
      ['bad.lds.S', { cwd: dir }], // cpp exits 1
      ['bad.lds.S', { cwd: dir, cpp: 'ldscope-no-such-cpp -E' }], // no such program
      ['bad.lds.S', { cwd: dir, cpp: dir }], // a directory: cannot be run
      ['nope.lds.S', { cwd: dir }], // no script
    ];
    for (const [file, o] of cases) {
      const sync = await failure(() => loadScriptSource(file, o));
      const background = await failure(() => loadScriptSourceAsync(file, o));
      expect(background).toBeInstanceOf(InputError);
      expect((background as InputError).message).toBe((sync as InputError).message);
      expect((background as InputError).exitCode).toBe((sync as InputError).exitCode);
    }
  });
});

function pick(p: { line: number; column: number }): { line: number; column: number } {
  return { line: p.line, column: p.column };
}
