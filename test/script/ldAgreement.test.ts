/**
 * The parser agrees with the real GNU ld on accept/reject, snippet by snippet. Each snippet is
 * written to a file and given to `ld -T` with no inputs: a clean parse ends in "no input files"
 * (or a semantic complaint), a syntax error says "syntax error". The snippets aim at the
 * corners of ld's context-dependent lexer; the verdicts come from ld, not from this file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SourceFile } from '../../src/diagnostics/SourceFile';
import { ScriptSyntaxError } from '../../src/diagnostics/errors';
import { parseScript } from '../../src/script/ScriptParser';

const snippets: string[] = [
  // top level
  'ENTRY(_start)',
  'ENTRY(_start) ;;',
  'OUTPUT_FORMAT("elf64-x86-64")',
  'OUTPUT_FORMAT("elf64-x86-64", "elf64-x86-64", "elf64-x86-64")',
  'OUTPUT_FORMAT(elf64-x86-64, elf64-x86-64, elf64-x86-64)',
  'OUTPUT_FORMAT(elf64-x86-64 , elf64-x86-64 , elf64-x86-64)',
  'OUTPUT_ARCH(i386:x86-64)',
  'TARGET(binary)',
  'SEARCH_DIR("=/usr/lib"); SEARCH_DIR(/lib)',
  'INPUT(a.o, b.o)',
  'GROUP ( libc.so.6 libc_nonshared.a  AS_NEEDED ( ld-linux-x86-64.so.2 ) )',
  'INPUT(-lfoo)',
  'FORCE_COMMON_ALLOCATION INHIBIT_COMMON_ALLOCATION',
  'FORCE_GROUP_ALLOCATION',
  'NOCROSSREFS(.text .data)',
  'NOCROSSREFS_TO(.text .data)',
  'EXTERN(a b, c)',
  'REGION_ALIAS(a, b)',
  'REGION_ALIAS(a , b)',
  'REGION_ALIAS("a", b)',
  'LD_FEATURE("SANE_EXPR")',
  'INSERT AFTER .text',
  'INSERT BEFORE .data',
  'STARTUP(crt0.o)',
  'x = 1;',
  'x=1;',
  'x = 1',
  'x = 1, y = 2;',
  'x ^= 1;',
  'x <<= 1; y >>= 2; z &= 3; w |= 4; v *= 5; u /= 6; t += 7; s -= 8;',
  'HIDDEN(x = 1);',
  'PROVIDE(x = 1);',
  'PROVIDE_HIDDEN(x = 1);',
  'PROVIDE(x=1);',
  'ASSERT(1, "x");',
  'ASSERT(1, x)',
  // expressions
  'x = a/2;',
  'x = a / 2;',
  'x = 1 ^ 2;',
  'x = 1 @ 2;',
  'x = bad;',
  'x = 10h + $ff + 4K + 2M + 010 + 0x10 + 1b + 7o + 9d;',
  'x = 1 ? 2 : 3 ? 4 : 5;',
  'x = -~!1;',
  'x = +1;',
  'x = 1 + * 2;',
  'x = ((((1))));',
  'x = ALIGN(4) + ALIGN(., 8) + BLOCK(4) + ABSOLUTE(.) + NEXT(4) + LOG2CEIL(9);',
  'x = MAX(1, 2) + MIN(1, 2);',
  'x = DEFINED(foo) ? foo : 0;',
  'x = DEFINED(abcd);',
  'x = SIZEOF(.text) + ADDR(.text) + LOADADDR(.text) + ALIGNOF(.text) + SIZEOF_HEADERS;',
  'x = CONSTANT(MAXPAGESIZE) + CONSTANT (COMMONPAGESIZE);',
  'x = SEGMENT_START("text-segment", 0x400000);',
  'x = SEGMENT_START(text,0x10);',
  'x = ORIGIN(ram) + LENGTH(ram);',
  'x = DATA_SEGMENT_ALIGN(0x1000, 0x1000) + DATA_SEGMENT_RELRO_END(0, .) + DATA_SEGMENT_END(.);',
  'x = ASSERT(1, "y");',
  'x = 1 + COPY;',
  'x = 1 # comment\n;',
  'x = 1 /* comment */ ;',
  'x = 1; /* unterminated',
  'x = 1; @',
  // MEMORY
  'MEMORY { ram (rwx) : ORIGIN = 0, LENGTH = 4K }',
  'MEMORY { ram (rwx) : ORIGIN = 0 LENGTH = 4K }',
  'MEMORY { RAM: ORIGIN = 0, LENGTH = 4K }',
  'MEMORY { RAM : org=0, l=4K }',
  'MEMORY { RAM : org =0, l =4K }',
  'MEMORY { RAM : ORIGIN = 0 l = 4K }',
  'MEMORY { rom (rx!w) : o = 0, len = 1M  ram (!rx) : o = 0x100000, l = 1M }',
  'MEMORY { }',
  // PHDRS
  'PHDRS { text PT_LOAD FILEHDR PHDRS ; data PT_LOAD FLAGS(6) ; note PT_NOTE AT(0x100) ; x 7 ; }',
  'PHDRS { }',
  // SECTIONS
  'SECTIONS { a=1; }',
  'SECTIONS { .=0x1000; }',
  'SECTIONS { . = 0x1000; .text : { *(.text) } }',
  'SECTIONS { .text : { *(.text) } x = 1; }',
  'SECTIONS { ASSERT(1, "x"); }',
  'SECTIONS { ASSERT(1, "x") }',
  'SECTIONS { .text: { *(.text) } }',
  'SECTIONS { .text :{ *(.text) } }',
  'SECTIONS { .text : { *(.text) } ; }',
  'SECTIONS { ; }',
  'SECTIONS { .text : { *(.text) } , .data : {} }',
  'SECTIONS { .t : { *(.text) } =0x90 .d : { } }',
  'SECTIONS { .t foo+1 : { } }',
  'SECTIONS { .text 10h : { } }',
  'SECTIONS { .text l : { } }',
  'SECTIONS { .text ~x : { } }',
  'SECTIONS { ~ : { } }',
  'SECTIONS { .t : {} = 0x90 abcd : {} }',
  'SECTIONS { .t : {} = 0x90 NOLOAD : {} }',
  'SECTIONS { .t : {} = 0x90 .d : {} }',
  'SECTIONS { .t : {} = 0x90 OVERLAY : { .a { } } }',
  'MEMORY { r : ORIGIN = 0, LENGTH = 1 abcd : ORIGIN = 0, LENGTH = 1 }',
  'SECTIONS { .text 0x100+0x10 : { a=1; } }',
  'SECTIONS { .text : { a = 1 ; b=2; } }',
  'SECTIONS { .t : { KEEP(*(.a)) ; ; } }',
  'SECTIONS { .t : { * (.text) } }',
  'SECTIONS { .t : { *(.text) } >ram }',
  'SECTIONS { .t : { *(.text) | } }',
  'SECTIONS { .t : { PROVIDE(a=.); } }',
  'SECTIONS { .t : { PROVIDE(a = .), } }',
  'SECTIONS { .t : { PROVIDE(a = .); } }',
  'SECTIONS { .t : { a = ., } }',
  'SECTIONS { .t : { .+=4; } }',
  'SECTIONS { .t : { . += 4; } }',
  'SECTIONS { .bss (NOLOAD) : { *(.bss) } .x (COPY) : {} .y (INFO) : {} .z (DSECT) : {} .o (OVERLAY) : {} }',
  'SECTIONS { .r (READONLY) : {} .t (TYPE = 1) : {} .u (READONLY (TYPE = 1)) : {} .v () : {} }',
  'SECTIONS { .t 0x1000 (NOLOAD) : AT(0x2000) ALIGN(16) ALIGN_WITH_INPUT SUBALIGN(4) ONLY_IF_RO { } >ram AT>rom :text :data =0xff, }',
  'SECTIONS { .t BIND(0x100) BLOCK(0x10) : { } }',
  'SECTIONS { /DISCARD/ : { *(.comment) *(.note.*) } }',
  'SECTIONS { .t : { *(EXCLUDE_FILE(*crtend.o *otherfile.o) .ctors) EXCLUDE_FILE(*crtend.o) *(.dtors) } }',
  'SECTIONS { .t : { *(SORT(.a*)) *(SORT_BY_NAME(SORT_BY_ALIGNMENT(.b*))) *(SORT_BY_ALIGNMENT(SORT_BY_NAME(.c*))) } }',
  'SECTIONS { .t : { *(SORT_BY_INIT_PRIORITY(.init_array.*)) *(SORT_NONE(.x)) SORT(*)(.y) } }',
  'SECTIONS { .t : { *(SORT_NONE(SORT_BY_NAME(.x))) } }',
  'SECTIONS { .t : { *(SORT_BY_INIT_PRIORITY(SORT_BY_NAME(.x))) } }',
  'SECTIONS { .t : { KEEP(SORT(*)(.ctors)) } }',
  'SECTIONS { .t : { INPUT_SECTION_FLAGS(SHF_ALLOC & !SHF_WRITE) *(.text) } }',
  'SECTIONS { .t : { libc.a:printf.o(.text) *libgcc.a:*(.text) } }',
  'SECTIONS { .t : { [ .a .b ] } }',
  'SECTIONS { .t : { *(.text,.data) } }',
  'SECTIONS { .t : { BYTE(1) SHORT(2) LONG(3) QUAD(4) SQUAD(5) FILL(0x90) } }',
  'SECTIONS { .t : { CREATE_OBJECT_SYMBOLS CONSTRUCTORS SORT(CONSTRUCTORS) } }',
  'SECTIONS { .t : { ASSERT(1, "x"); } }',
  'SECTIONS { .t : { ASSERT(1, "x") } }',
  'SECTIONS { OVERLAY 0x1000 : NOCROSSREFS AT(0x4000) { .o1 { *(.o1) } .o2 { *(.o2) } :ph =0 } >ram }',
  'SECTIONS { OVERLAY : { .o1 { *(.o1) } } }',
  'SECTIONS { GROUP 0x100 : { .a : { *(.a) } } }',
  'SECTIONS { l : { } }',
  'SECTIONS { .t : { *(.text) } } VERSION { V1 { global: foo; bar; local: *; }; V2 { baz; } V1; }',
  'VERSION { { global: *; }; }',
  '{ global: foo; local: *; };',
  'SECTIONS { .t : { *(.text) }',
  'SECTIONS { .t : { *(.text) } } }',
  'x = (1;',
  'SECTIONS { .t : { KEEP(*(.a) } }',
];

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-agree-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

function ldAccepts(text: string): boolean {
  const file = path.join(workDir, 'snippet.ld');
  fs.writeFileSync(file, text + '\n');
  const r = spawnSync('ld', ['-T', file, '-o', path.join(workDir, 'a.out')], { encoding: 'utf8' });
  const out = r.stderr + r.stdout;
  return !/syntax error|EOF in comment/.test(out);
}

function ldscopeAccepts(text: string): boolean {
  try {
    parseScript(new SourceFile('snippet.ld', text + '\n'));
    return true;
  } catch (e) {
    if (e instanceof ScriptSyntaxError) return false;
    throw e;
  }
}

test('ld is GNU ld 2.40', () => {
  expect(execFileSync('ld', ['--version'], { encoding: 'utf8' })).toMatch(/GNU ld .* 2\.40/);
});

test.each(snippets)('agrees with ld: %s', (snippet) => {
  expect(ldscopeAccepts(snippet)).toBe(ldAccepts(snippet));
});

test('the snippets exercise both verdicts', () => {
  const verdicts = snippets.map(ldAccepts);
  expect(verdicts.filter((v) => v).length).toBeGreaterThan(40);
  expect(verdicts.filter((v) => !v).length).toBeGreaterThan(15);
});
