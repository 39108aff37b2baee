import * as fs from 'fs';
import * as path from 'path';
import { preprocessScript } from '../../src/preprocess/loadScript';
import { deriveXenTreeFlags } from '../../src/preprocess/xenTreeFlags';
import { contentLines, locate, makeTree, removeTree, run } from './fixtures';

/**
 * Minimal Xen-shaped trees: the makefile lines ldscope reads, copied in form from Xen 4.17
 * and 4.8, and headers that make the result depend on every derived flag. The machine's
 * toolchain (gcc 12, binutils 2.40) supports build-ids, PE build-ids, the MS ABI and
 * SORT_BY_INIT_PRIORITY, so Xen's own probes say yes to all four here.
 */
const XEN_417_SCRIPT = [
  '#include <xen/xen.lds.h>',
  '#include <asm/page.h>',
  '#ifndef LINKER_SCRIPT',
  '#error LINKER_SCRIPT',
  '#endif',
  'SECTIONS',
  '{',
  '  . = __XEN_VIRT_START + XEN_IMG_OFFSET;',
  '#ifdef BUILD_ID',
  '  DECL_SECTION(.note.gnu.build-id) { *(.note.gnu.build-id) }',
  '#endif',
  '#if defined(XEN_BUILD_EFI) && defined(BUILD_ID_EFI) && defined(HAVE_LD_SORT_BY_INIT_PRIORITY)',
  '  .init.data : { *(SORT_BY_INIT_PRIORITY(.init_array.*)) }',
  '#endif',
  '#ifdef EFI',
  '  .reloc : { *(.reloc) }',
  '#endif',
  '  CONFIG_MARK = MARK;',
  '}',
  '',
].join('\n');

function xen417Tree(extra: Record<string, string> = {}): string {
  return makeTree({
    Makefile: [
      'export XEN_VERSION       = 4',
      'export XEN_SUBVERSION    = 17',
      'CFLAGS += -pipe -D__XEN__ -include $(srctree)/include/xen/config.h',
      'AFLAGS += -D__ASSEMBLY__',
      '',
    ].join('\n'),
    'Rules.mk': 'cmd_cpp_lds_S = $(CPP) -P $(call cpp_flags,$(a_flags)) -DLINKER_SCRIPT -MQ $@ -o $@ $<\n',
    '.config': 'CONFIG_LD_IS_GNU=y\nCONFIG_X86=y\n',
    'arch/x86/arch.mk': [
      'export XEN_IMG_OFFSET := 0x200000',
      'CFLAGS += -I$(srctree)/arch/x86/include/asm/mach-generic',
      'CFLAGS += -I$(srctree)/arch/x86/include/asm/mach-default',
      'CFLAGS += -DXEN_IMG_OFFSET=$(XEN_IMG_OFFSET)',
      'AFLAGS-$(call ld-option,--print-output-format) += -DHAVE_LD_SORT_BY_INIT_PRIORITY',
      '',
    ].join('\n'),
    'arch/x86/efi/check.c': 'int __attribute__((__ms_abi__)) test(int i) { return i; }\n',
    'include/generated/autoconf.h': '#define CONFIG_X86 1\n',
    'include/xen/config.h': '#include <generated/autoconf.h>\n#ifdef __XEN__\n#define MARK CONFIG_X86\n#endif\n',
    'include/xen/xen.lds.h': '#define DECL_SECTION(x) x : AT(ADDR(x) - __XEN_VIRT_START)\n',
    'arch/x86/include/asm/page.h': '#include <mach_page.h>\n#define __XEN_VIRT_START 0xffff82d080000000\n',
    'arch/x86/include/asm/mach-generic/mach_page.h': '',
    'arch/x86/include/asm/mach-default/.keep': '',
    'arch/x86/xen.lds.S': XEN_417_SCRIPT,
    ...extra,
  });
}

/** The command the issue says Xen 4.17's build is byte-identical to, on this machine. */
const XEN_417_FLAGS = [
  '-D__ASSEMBLY__', '-DLINKER_SCRIPT', '-D__XEN__', '-include', './include/xen/config.h', '-I./include',
  '-I./arch/x86/include', '-I./arch/x86/include/asm/mach-generic', '-I./arch/x86/include/asm/mach-default',
  '-DXEN_IMG_OFFSET=0x200000', '-DBUILD_ID', '-DXEN_BUILD_EFI', '-DBUILD_ID_EFI', '-DHAVE_LD_SORT_BY_INIT_PRIORITY',
];

describe('deriveXenTreeFlags: Xen 4.17 layout', () => {
  let root: string;
  beforeAll(() => {
    root = xen417Tree();
  });
  afterAll(() => removeTree(root));

  it('derives the flags of Xen 4.17\'s build', () => {
    const flags = deriveXenTreeFlags(root);
    expect(flags.cwd).toBe(root);
    expect(flags.program).toEqual(['gcc', '-E']);
    expect(flags.flags).toEqual(XEN_417_FLAGS);
    expect(flags.description).toMatch(/^Xen 4\.17 \(arch\/x86\/include era\)/);
  });

  it('preprocesses like `gcc -E -P <those flags>` and maps back into the tree', () => {
    const userCwd = path.dirname(root);
    const xen = path.basename(root);
    const r = preprocessScript(`${xen}/arch/x86/xen.lds.S`, { cwd: userCwd, xenRoot: xen });
    const built = run('gcc', ['-E', '-P', ...XEN_417_FLAGS, 'arch/x86/xen.lds.S'], root);
    expect(contentLines(r.source.text)).toEqual(contentLines(built));
    expect(r.source.text).toContain('.note.gnu.build-id : AT(');
    expect(r.source.text).toContain('SORT_BY_INIT_PRIORITY');
    expect(r.source.text).toContain('CONFIG_MARK = 1;');
    expect(r.source.text).not.toContain('.reloc');

    const p = r.source.position(locate(r.source.text, '.note.gnu.build-id : AT').offset);
    expect(p).toMatchObject({ file: `${xen}/arch/x86/xen.lds.S`, line: 10, column: 3 });
    expect(p.notes[0].message).toBe(`in expansion of macro 'DECL_SECTION' defined at ${xen}/include/xen/xen.lds.h:1`);
  });

  it('gives efi.lds with -D EFI, as the build does', () => {
    const r = preprocessScript(path.join(root, 'arch/x86/xen.lds.S'), { cwd: root, xenRoot: root, defines: ['EFI'] });
    expect(r.source.text).toContain('.reloc : { *(.reloc) }');
  });

  it('refuses a tree it cannot vouch for', () => {
    expect(() => deriveXenTreeFlags(path.join(root, 'nope'))).toThrow(/not a directory/);
    const top = makeTree({ 'xen/Makefile': 'export XEN_VERSION = 4\n' });
    const bare = xen417Tree({ 'Rules.mk': '# no lds rule\n' });
    const unconfigured = xen417Tree();
    fs.rmSync(path.join(unconfigured, '.config'));
    const neither = makeTree({ Makefile: 'export XEN_VERSION = 4\nexport XEN_SUBVERSION = 12\n' });
    try {
      expect(() => deriveXenTreeFlags(top)).toThrow(/pass its xen\/ directory/);
      expect(() => deriveXenTreeFlags(bare)).toThrow(/Rules\.mk has no 'cmd_cpp_lds_S = …' rule/);
      expect(() => deriveXenTreeFlags(unconfigured)).toThrow(/\.config is missing \(run make defconfig first\)/);
      expect(() => deriveXenTreeFlags(neither)).toThrow(/Xen 4\.12 with neither arch\/x86\/include\/asm .* nor include\/asm-x86/);
    } finally {
      [top, bare, unconfigured, neither].forEach(removeTree);
    }
  });
});

describe('deriveXenTreeFlags: Xen 4.7/4.8 layout', () => {
  let root: string;
  beforeAll(() => {
    root = makeTree({
      Makefile: 'export XEN_VERSION       = 4\nexport XEN_SUBVERSION    = 8\n',
      'Rules.mk': [
        'CFLAGS += -pipe -g -D__XEN__ -include $(BASEDIR)/include/xen/config.h',
        'AFLAGS-y                += -D__ASSEMBLY__',
        '',
      ].join('\n'),
      'arch/x86/Rules.mk': [
        'CFLAGS += -I$(BASEDIR)/include',
        'CFLAGS += -I$(BASEDIR)/include/asm-x86/mach-generic',
        'CFLAGS += -I$(BASEDIR)/include/asm-x86/mach-default',
        '',
      ].join('\n'),
      'arch/x86/Makefile': [
        'ifeq ($(call ld-ver-build-id,$(LD) $(filter -m%,$(EFI_LDFLAGS))),y)',
        'CFLAGS += -DBUILD_ID_EFI',
        'endif',
        '',
        'xen.lds: xen.lds.S',
        '\t$(CC) -P -E -Ui386 $(AFLAGS) -o $@ $<',
        "\tsed -e 's/xen\\.lds\\.o:/xen\\.lds:/g' <.xen.lds.d >.xen.lds.d.new",
        '',
      ].join('\n'),
      'include/xen/config.h': '#define MARK 48\n',
      'include/asm-x86/page.h': '#define PAGE_SIZE 4096\n',
      'include/asm-x86/mach-generic/.keep': '',
      'include/asm-x86/mach-default/.keep': '',
      'arch/x86/xen.lds.S': '#include <asm/page.h>\nSECTIONS { . = PAGE_SIZE; M = MARK; i = i386; }\n',
    });
  });
  afterAll(() => removeTree(root));

  it('needs the include/asm link the build makes', () => {
    expect(() => deriveXenTreeFlags(root)).toThrow(/include\/asm .* is missing; run make once/);
  });

  it('derives the 4.8 rule\'s flags, run in arch/x86', () => {
    fs.symlinkSync('asm-x86', path.join(root, 'include/asm'));
    const flags = deriveXenTreeFlags(root);
    expect(flags.cwd).toBe(path.join(root, 'arch/x86'));
    expect(flags.program).toEqual(['gcc']);
    expect(flags.flags).toEqual([
      '-P', '-E', '-Ui386', '-D__ASSEMBLY__', '-D__XEN__', '-include', path.join(root, 'include/xen/config.h'),
      `-I${path.join(root, 'include')}`, `-I${path.join(root, 'include/asm-x86/mach-generic')}`,
      `-I${path.join(root, 'include/asm-x86/mach-default')}`, '-DBUILD_ID', '-DBUILD_ID_EFI',
    ]);
    const r = preprocessScript(path.join(root, 'arch/x86/xen.lds.S'), { cwd: root, xenRoot: root });
    expect(r.commandLine).toContain(`cd ${path.join(root, 'arch/x86')} && gcc -E -Ui386 `);
    expect(contentLines(r.source.text)).toEqual(['SECTIONS { . = 4096; M = 48; i = i386; }']);
    expect(r.source.position(locate(r.source.text, '4096').offset)).toMatchObject({
      file: path.join(root, 'arch/x86/xen.lds.S'),
      line: 2,
      column: 16,
      notes: [{ message: `in expansion of macro 'PAGE_SIZE' defined at ${path.join(root, 'include/asm/page.h')}:1` }],
    });
  });
});
