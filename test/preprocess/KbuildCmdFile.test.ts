import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../../src/diagnostics/errors';
import { splitBuildFlags } from '../../src/preprocess/buildFlags';
import { parseKbuildCmdText, readKbuildCmdFile } from '../../src/preprocess/KbuildCmdFile';
import { preprocessScript } from '../../src/preprocess/loadScript';
import { contentLines, locate, makeTree, removeTree } from './fixtures';

describe('parseKbuildCmdText', () => {
  it('reads a savedcmd_ line, undoes make escaping and keeps the commands after ; aside', () => {
    const text = [
      "savedcmd_arch/x86/xen.lds := gcc -E -P -Wp,-MMD,arch/x86/.xen.lds.d '-D__OBJECT_LABEL__=arch/x86/xen.lds' \\",
      "    '-DLABEL=arch$$x86$$xen.lds' -DDOLLAR=$$ -DHASH=$(pound) '-DQUOTE=it'\\''s' -o arch/x86/xen.lds arch/x86/xen.lds.S; sed -e 's/\\.\\(rela\\?\\|data\\)\\.[0-9]\\+\\b/.\\1/g' -i arch/x86/xen.lds",
      '',
      'source_arch/x86/xen.lds := arch/x86/xen.lds.S',
      '',
      'deps_arch/x86/xen.lds := \\',
      '  include/xen/config.h \\',
      '    $(wildcard include/config/foo.h) \\',
      '',
    ].join('\n');
    const cmd = parseKbuildCmdText(text, 'arch/x86/.xen.lds.cmd', '/src/xen/arch/x86');
    expect(cmd.target).toBe('arch/x86/xen.lds');
    expect(cmd.buildDir).toBe('/src/xen');
    expect(cmd.words).toEqual([
      'gcc', '-E', '-P', '-Wp,-MMD,arch/x86/.xen.lds.d', '-D__OBJECT_LABEL__=arch/x86/xen.lds',
      '-DLABEL=arch$x86$xen.lds', '-DDOLLAR=$', '-DHASH=#', "-DQUOTE=it's", '-o', 'arch/x86/xen.lds', 'arch/x86/xen.lds.S',
    ]);
    expect(cmd.ignoredCommands).toMatch(/^; sed -e /);
  });

  it('reads an older cmd_ line, and a target at the top of the build', () => {
    const cmd = parseKbuildCmdText('cmd_xen.lds := cpp -DA=\\#1 -o xen.lds xen.lds.S\n', '.xen.lds.cmd', '/b');
    expect(cmd).toMatchObject({ target: 'xen.lds', buildDir: '/b', words: ['cpp', '-DA=#1', '-o', 'xen.lds', 'xen.lds.S'], ignoredCommands: '' });
  });

  it('refuses what it cannot reproduce', () => {
    expect(() => parseKbuildCmdText('foo := bar\n', 'x.cmd', '/b')).toThrow(/no 'cmd_TARGET := …'/);
    expect(() => parseKbuildCmdText('cmd_a/t := gcc -E $(CFLAGS) t.S\n', 'a/.t.cmd', '/b/a')).toThrow(/unexpanded make reference/);
    expect(() => parseKbuildCmdText('cmd_a/t := gcc -E $$FLAGS t.S\n', 'a/.t.cmd', '/b/a')).toThrow(/shell expansion/);
    expect(() => parseKbuildCmdText('cmd_a/t := gcc -E t.S\n', 'x/.t.cmd', '/b/x/y')).toThrow(/does not live in/);
    expect(() => parseKbuildCmdText('cmd_/abs/t := gcc -E t.S\n', '.t.cmd', '/abs')).toThrow(/absolute path/);
  });
});

describe('splitBuildFlags', () => {
  it('drops -P, -o and dependency output, keeps every other flag in order, finds the input', () => {
    const split = splitBuildFlags([
      '-E', '-P', '-MMD', '-MP', '-MF', 'arch/x86/.xen.lds.d', '-D__ASSEMBLY__', '-include', './include/xen/config.h',
      '-I./include', '-D', 'SEP=1', '-Wp,-MD,dep.d', '-Wp,-MD,dep2.d,-DKEEP', '-MQ', 'arch/x86/xen.lds',
      '-o', 'arch/x86/xen.lds', 'arch/x86/xen.lds.S',
    ]);
    expect(split.kept).toEqual([
      '-E', '-D__ASSEMBLY__', '-include', './include/xen/config.h', '-I./include', '-D', 'SEP=1', '-Wp,-DKEEP',
    ]);
    expect(split.inputs).toEqual(['arch/x86/xen.lds.S']);
    expect(split.output).toBe('arch/x86/xen.lds');
    expect(split.dropped).toEqual(expect.arrayContaining(['-P', '-MMD', '-MP', '-MF', '-o', '-Wp,-MD,dep.d']));
  });
});

describe('--from-build with a real recorded command', () => {
  let top: string;
  const recorded =
    'gcc -E -P -MMD -MP -MF arch/x86/.xen.lds.d -D__ASSEMBLY__ -include ./include/conf.h -I./include ' +
    "'-D__OBJECT_LABEL__=arch/x86/xen.lds' -DLINKER_SCRIPT -MQ arch/x86/xen.lds -o arch/x86/xen.lds arch/x86/xen.lds.S";

  beforeAll(() => {
    top = makeTree({
      'include/conf.h': '#define IMG_OFFSET 0x200000\n',
      'include/sections.h': '#define DECL_SECTION(x) x : AT(ADDR(x) - 0x1000)\n',
      'arch/x86/xen.lds.S': [
        '#include <sections.h>',
        '#ifndef LINKER_SCRIPT',
        '#error not a linker script',
        '#endif',
        'SECTIONS',
        '{',
        '  . = IMG_OFFSET;',
        '  DECL_SECTION(.text) { *(.text) }',
        '}',
        '',
      ].join('\n'),
      // What Kbuild writes (Xen 4.17 style), plus a trailing command like some builds record.
      'arch/x86/.xen.lds.cmd': `cmd_arch/x86/xen.lds := ${recorded}; sed -i -e 's/x/x/' arch/x86/xen.lds\n\nsource_arch/x86/xen.lds := arch/x86/xen.lds.S\n`,
    });
  });
  afterAll(() => removeTree(top));

  it('runs the build\'s own flags in the build directory, writing nothing there', () => {
    const userCwd = path.dirname(top);
    const rel = path.basename(top);
    const r = preprocessScript(`${rel}/arch/x86/xen.lds.S`, { cwd: userCwd, fromBuild: `${rel}/arch/x86/.xen.lds.cmd` });
    expect(r.commandLine).toBe(
      `cd ${top} && gcc -E -D__ASSEMBLY__ -include ./include/conf.h -I./include -D__OBJECT_LABEL__=arch/x86/xen.lds -DLINKER_SCRIPT -dD arch/x86/xen.lds.S`,
    );
    expect(r.ignoredBuildCommands).toMatch(/^; sed -i/);
    // Neither the output nor the dependency file was written by ldscope.
    expect(fs.existsSync(path.join(top, 'arch/x86/xen.lds'))).toBe(false);
    expect(fs.existsSync(path.join(top, 'arch/x86/.xen.lds.d'))).toBe(false);

    // The same text the recorded command produces when the shell runs it.
    const copy = makeTree({});
    try {
      fs.cpSync(top, copy, { recursive: true });
      execFileSync('sh', ['-c', recorded], { cwd: copy });
      const built = fs.readFileSync(path.join(copy, 'arch/x86/xen.lds'), 'utf8');
      expect(contentLines(r.source.text)).toEqual(contentLines(built));
    } finally {
      removeTree(copy);
    }

    const p = r.source.position(locate(r.source.text, '.text : AT').offset);
    expect(p).toMatchObject({ file: `${rel}/arch/x86/xen.lds.S`, line: 8, column: 3 });
    expect(p.notes[0]).toEqual({
      message: `in expansion of macro 'DECL_SECTION' defined at ${rel}/include/sections.h:1`,
      position: { file: `${rel}/include/sections.h`, line: 1, column: 9 },
    });
    const offset = r.source.position(locate(r.source.text, '0x200000').offset);
    expect(offset).toMatchObject({ line: 7, column: 7 });
    expect(offset.notes[0].position.file).toBe(`${rel}/include/conf.h`);
  });

  it('applies the user\'s extra flags after the build\'s, with their paths made absolute', () => {
    const extra = makeTree({ 'more/extra.h': '#define IMG_OFFSET 0x400000\n' });
    try {
      const r = preprocessScript(path.join(top, 'arch/x86/xen.lds.S'), {
        cwd: extra,
        fromBuild: path.join(top, 'arch/x86/.xen.lds.cmd'),
        includes: ['more/extra.h'],
        cppArgs: ['-w'],
      });
      expect(r.commandLine).toContain(`-include ${path.join(extra, 'more/extra.h')} -w -dD arch/x86/xen.lds.S`);
      expect(r.source.text).toContain('. = 0x400000;');
    } finally {
      removeTree(extra);
    }
  });

  it('reports an unreadable .cmd file and a command with several inputs', () => {
    expect(() => readKbuildCmdFile(path.join(top, 'nope.cmd'))).toThrow(InputError);
    const two = makeTree({
      'a/.t.cmd': 'cmd_a/t := cpp -o a/t a/t.S a/u.S\n',
      'a/.t.o.cmd': 'cmd_a/t.o := gcc -c -o a/t.o a/t.S\n',
      'a/t.S': '',
    });
    try {
      expect(() => preprocessScript('a/t.S', { cwd: two, fromBuild: 'a/.t.cmd' })).toThrow(/exactly one file, found 2/);
      expect(() => preprocessScript('a/t.S', { cwd: two, fromBuild: 'a/.t.o.cmd' })).toThrow(/does not run the preprocessor \(no -E\)/);
      expect(fs.readdirSync(path.join(two, 'a')).sort()).toEqual(['.t.cmd', '.t.o.cmd', 't.S']);
    } finally {
      removeTree(two);
    }
  });
});
