/**
 * `formatScript` on hand-written scripts: the exact canonical text for every construct, and
 * for each case that (1) formatting the output again changes nothing, (2) the output parses to
 * the input's AST (locations aside), (3) GNU ld reads both the input and the output to the
 * end. Where the layout has to work around ld's context-dependent lexer, ld is also shown to
 * reject the naive spelling.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SourceFile } from '../../src/diagnostics/SourceFile';
import type { Expr, Script } from '../../src/script/ast';
import { describeAstDifference, equalIgnoringLocations, findAstDifference } from '../../src/script/astEquality';
import { UnformattableScriptError, formatExpression, formatScript } from '../../src/script/ScriptFormatter';
import { parseScript } from '../../src/script/ScriptParser';
import { ldReadsScript } from './formatterLdOracle';

const INCLUDED = ['inc.ld', 'mem.ld', 'stmts.ld'];

function parse(text: string, name = 'case.ld'): Script {
  return parseScript(new SourceFile(name, text), { missingInclude: () => '' });
}

function fmt(text: string): string {
  return formatScript(parse(text));
}

interface Case {
  name: string;
  input: string;
  output: string;
}

const cases: Case[] = [
  {
    name: 'layout of a typical script',
    input: `/* comment */ OUTPUT_FORMAT("elf64-x86-64") ENTRY(_start)
MEMORY { ram (rwx) : ORIGIN = 0x100000, LENGTH = 1M }
SECTIONS { . = 0x100000;
  .text : { *(.text .text.*) }
  .data : { *(.data) PROVIDE(_edata = .); } > ram
  .bss (NOLOAD) : { *(.bss) *(COMMON) }
  /DISCARD/ : { *(.comment) } }`,
    output: `OUTPUT_FORMAT("elf64-x86-64")
ENTRY(_start)

MEMORY
{
  ram (rwx) : ORIGIN = 0x100000, LENGTH = 1M
}

SECTIONS
{
  . = 0x100000;
  .text : { *(.text .text.*) }
  .data :
  {
    *(.data)
    PROVIDE(_edata = .);
  } > ram
  .bss (NOLOAD) :
  {
    *(.bss)
    *(COMMON)
  }
  /DISCARD/ : { *(.comment) }
}
`,
  },
  {
    name: 'minimal parentheses from ld precedence',
    input: `x = (a + b) * c; y = a - (b - c); z = (a - b) - c; w = -(a); v = !(a == b);
u = a ? b : (c ? d : e); t = (a ? b : c) ? d : e; s = a || (b && c); r = (a || b) && c;
k = -(1 + 2) * 3; j = a << (b + c); i = (a << b) + c; h = (a < b) == c; g = (a & b) | c; f = +x; m = ~(-x); n = - -1;`,
    output: `x = (a + b) * c;
y = a - (b - c);
z = a - b - c;
w = -a;
v = !(a == b);
u = a ? b : c ? d : e;
t = (a ? b : c) ? d : e;
s = a || b && c;
r = (a || b) && c;
k = -(1 + 2) * 3;
j = a << b + c;
i = (a << b) + c;
h = a < b == c;
g = a & b | c;
f = x;
m = ~-x;
n = --1;
`,
  },
  {
    name: '`a/2` is one symbol, `a / 2` a division: spaces around every operator',
    input: 'q = a/2; p = a / 2; r = a/2 / 2; d = "a-b"; e = a-b;',
    output: 'q = a/2;\np = a / 2;\nr = a/2 / 2;\nd = "a-b";\ne = a - b;\n',
  },
  {
    name: 'numbers keep their spelling',
    input: 'x = 0x10 + 4K + 10h + $ff + 010 + 1b + 0X1f + 2m + 7o + 9d + ffh + abcd;',
    output: 'x = 0x10 + 4K + 10h + $ff + 010 + 1b + 0X1f + 2m + 7o + 9d + ffh + abcd;\n',
  },
  {
    name: 'every builtin, names quoted for the state ld reads them in',
    input: `x = "abcd" + "$ff" + "a b" + ORIGIN("l") + LENGTH(ram) + DEFINED(l) + "NOLOAD" + SIZEOF("a b") + ADDR(.text)
  + LOADADDR(.data) + ALIGNOF(.bss) + CONSTANT(MAXPAGESIZE) + SEGMENT_START("text-segment", 0) + ASSERT(1, msg)
  + SIZEOF_HEADERS + ALIGN(8) + ALIGN(., 8) + BLOCK(4) + NEXT(4) + ABSOLUTE(.) + LOG2CEIL(9) + MAX(1,2) + MIN(1, 2)
  + DATA_SEGMENT_ALIGN(0x1000, 0x1000) + DATA_SEGMENT_RELRO_END(0, .) + DATA_SEGMENT_END(.);`,
    output:
      'x = "abcd" + "$ff" + "a b" + ORIGIN("l") + LENGTH(ram) + DEFINED(l) + "NOLOAD" + SIZEOF("a b") + ADDR(.text) + ' +
      'LOADADDR(.data) + ALIGNOF(.bss) + CONSTANT(MAXPAGESIZE) + SEGMENT_START("text-segment", 0) + ASSERT(1, "msg") + ' +
      'SIZEOF_HEADERS + ALIGN(8) + ALIGN(., 8) + BLOCK(4) + NEXT(4) + ABSOLUTE(.) + LOG2CEIL(9) + MAX(1, 2) + MIN(1, 2) + ' +
      'DATA_SEGMENT_ALIGN(0x1000, 0x1000) + DATA_SEGMENT_RELRO_END(0, .) + DATA_SEGMENT_END(.);\n',
  },
  {
    name: 'symbols assigned at top level are SCRIPT-state names',
    input: '"l" = 1; "ENTRY" += 2; a-b = 3; "1x" = 4; a=b = 5; x,y = 6; "~" = 7; "/=" = 8; "$ff" = 9;',
    output: '"l" = 1;\n"ENTRY" += 2;\na-b = 3;\n"1x" = 4;\na=b = 5;\nx,y = 6;\n"~" = 7;\n"/=" = 8;\n"$ff" = 9;\n',
  },
  {
    name: 'output sections with every optional part',
    input: `SECTIONS {
  .text 0x1000 (NOLOAD) : AT(0x2000) ALIGN(16) SUBALIGN(4) ONLY_IF_RO { *(.text .text.*) KEEP(*(.init)) } >ram AT>rom :text :data =0x90909090
  .data : ALIGN_WITH_INPUT { *(.data) } > ram
  .ro (READONLY) : { *(.ro) } .ty (TYPE = SHT_PROGBITS) : { *(.ty) } .rt (READONLY (TYPE = 1)) : { }
  .sp : SPECIAL { } .rw : ONLY_IF_RW { } .c (COPY) : { } .i (INFO) : { } .d (DSECT) : { } .o (OVERLAY) : { } .e () : { }
  .b BIND(0x100) BLOCK(8) : { *(.b) } .b2 BIND(x) : { } }
PHDRS { text PT_LOAD; data PT_LOAD; }`,
    output: `SECTIONS
{
  .text 0x1000 (NOLOAD) : AT(0x2000) ALIGN(16) SUBALIGN(4) ONLY_IF_RO
  {
    *(.text .text.*)
    KEEP(*(.init))
  } > ram AT> rom :text :data = 0x90909090
  .data : ALIGN_WITH_INPUT { *(.data) } > ram
  .ro (READONLY) : { *(.ro) }
  .ty (TYPE = SHT_PROGBITS) : { *(.ty) }
  .rt (READONLY (TYPE = 1)) : { }
  .sp : SPECIAL { }
  .rw : ONLY_IF_RW { }
  .c (COPY) : { }
  .i (INFO) : { }
  .d (DSECT) : { }
  .o (OVERLAY) : { }
  .e : { }
  .b BIND(0x100) BLOCK(8) : { *(.b) }
  .b2 BIND(x) : { }
}

PHDRS
{
  text PT_LOAD;
  data PT_LOAD;
}
`,
  },
  {
    // ld reads the first token of an address in SCRIPT state (it is bison's look-ahead for
    // telling a section from an assignment): `10h` would be `10` and `h`, `l` the LENGTH
    // keyword, `~x` one name. Parentheses keep the meaning.
    name: "an output section address whose first token SCRIPT state reads differently",
    input: 'SECTIONS { .e (10h) : { } .f (~x) : { } .g (l) : { } .h (0x10) : { } .i (x) + 1 : { } .j -1 : { } }',
    output: 'SECTIONS\n{\n  .e (10h) : { }\n  .f (~x) : { }\n  .g (l) : { }\n  .h 0x10 : { }\n  .i x + 1 : { }\n  .j -1 : { }\n}\n',
  },
  {
    // ld reads the token after a fill in EXPRESSION state (and re-reads only a NAME): a `,`
    // ends the fill where the next section's name would read as something else there.
    name: 'a fill followed by a name EXPRESSION state reads differently',
    input: `SECTIONS {
  .a : { *(.a) } = 0x90, /foo : { *(.foo) } .b : { } = 1, abcd : { } .c : { } = 2, ENTRY(x)
  .d : { } = 3 /DISCARD/ : { } .e : { } = 4, .f : { } .g : { } = 5, .h-1 : { }
  OVERLAY : { .o1 { } = 1, "/o2" { } } = 6, NOLOAD : { } }`,
    output: `SECTIONS
{
  .a : { *(.a) } = 0x90,
  /foo : { *(.foo) }
  .b : { } = 1,
  abcd : { }
  .c : { } = 2
  ENTRY(x)
  .d : { } = 3
  /DISCARD/ : { }
  .e : { } = 4
  .f : { }
  .g : { } = 5
  .h-1 : { }
  OVERLAY :
  {
    .o1 { } = 1,
    /o2 { }
  } = 6,
  NOLOAD : { }
}
`,
  },
  {
    name: 'OVERLAY, and GROUP inside SECTIONS',
    input: `SECTIONS {
  OVERLAY 0x1000 : NOCROSSREFS AT(0x2000) SUBALIGN(4) {
    .ov1 { *(.ov1) } :text = 0x90
    .ov2 { *(.ov2) . = ALIGN(4); } } > ram AT> rom :text = 0
  OVERLAY : { .o3 { } }
  GROUP 0x100 : { .x : { } }
  GROUP BIND(0x200) BLOCK(4) (NOLOAD) : { y = 1; } }
PHDRS { text PT_LOAD; }`,
    output: `SECTIONS
{
  OVERLAY 0x1000 : NOCROSSREFS AT(0x2000) SUBALIGN(4)
  {
    .ov1 { *(.ov1) } :text = 0x90
    .ov2
    {
      *(.ov2)
      . = ALIGN(4);
    }
  } > ram AT> rom :text = 0
  OVERLAY :
  {
    .o3 { }
  }
  GROUP 0x100 :
  {
    .x : { }
  }
  GROUP BIND(0x200) BLOCK(4) (NOLOAD) :
  {
    y = 1;
  }
}

PHDRS
{
  text PT_LOAD;
}
`,
  },
  {
    name: 'input section descriptions: KEEP, EXCLUDE_FILE in both places, nested sorts, flags, data, fills',
    input: `SECTIONS { .text : {
  *(.text) KEEP(*crtbegin.o(.ctors)) EXCLUDE_FILE(*crtend.o *otherfile.o) *(.ctors) *(EXCLUDE_FILE(*crtend.o) .dtors .dtors.*)
  *(SORT(.ctors.*)) *(SORT_BY_NAME(SORT_BY_ALIGNMENT(.a*))) *(SORT_BY_ALIGNMENT(SORT(.b*)))
  *(SORT_BY_ALIGNMENT(SORT_BY_ALIGNMENT(.c*))) *(SORT(SORT(.d))) *(SORT_BY_INIT_PRIORITY(.init_array.*)) *(SORT_NONE(.fini))
  SORT(*)(.x) SORT_NONE(*.o)(.y) SORT(EXCLUDE_FILE(a.o) *)(.z)
  INPUT_SECTION_FLAGS(SHF_WRITE & !SHF_EXECINSTR) *(.data) INPUT_SECTION_FLAGS(SHF_ALLOC) [ .q .r ] [ .s ]
  foo.o INPUT_SECTION_FLAGS(SHF_ALLOC) bar.o lib*.a:*.o(.t) "x y"(.u "KEEP" "=" "[" a=b "/*c")
  BYTE(1) SHORT(2) LONG(3) QUAD(4) SQUAD(5) FILL(0x90) FILL(0x12345678); CREATE_OBJECT_SYMBOLS CONSTRUCTORS SORT(CONSTRUCTORS)
  x = 1; y += 2; z -= 3; a *= 4; b /= 5; c <<= 6; d >>= 7; e &= 8; f |= 9; "KEEP" = 1;
  PROVIDE(g = .); HIDDEN(h = .); PROVIDE_HIDDEN(i = .); ASSERT(. > 0, "too small"); INCLUDE stmts.ld } }`,
    output: `SECTIONS
{
  .text :
  {
    *(.text)
    KEEP(*crtbegin.o(.ctors))
    EXCLUDE_FILE(*crtend.o *otherfile.o) *(.ctors)
    *(EXCLUDE_FILE(*crtend.o) .dtors .dtors.*)
    *(SORT_BY_NAME(.ctors.*))
    *(SORT_BY_NAME(SORT_BY_ALIGNMENT(.a*)))
    *(SORT_BY_ALIGNMENT(SORT_BY_NAME(.b*)))
    *(SORT_BY_ALIGNMENT(.c*))
    *(SORT_BY_NAME(.d))
    *(SORT_BY_INIT_PRIORITY(.init_array.*))
    *(SORT_NONE(.fini))
    SORT_BY_NAME(*)(.x)
    SORT_NONE(*.o)(.y)
    SORT_BY_NAME(EXCLUDE_FILE(a.o) *)(.z)
    INPUT_SECTION_FLAGS(SHF_WRITE & !SHF_EXECINSTR) *(.data)
    INPUT_SECTION_FLAGS(SHF_ALLOC) [ .q .r ]
    [ .s ]
    foo.o
    INPUT_SECTION_FLAGS(SHF_ALLOC) bar.o
    lib*.a:*.o(.t)
    "x y"(.u "KEEP" "=" "[" a=b "/*c")
    BYTE(1);
    SHORT(2);
    LONG(3);
    QUAD(4);
    SQUAD(5);
    FILL(0x90);
    FILL(0x12345678);
    CREATE_OBJECT_SYMBOLS
    CONSTRUCTORS
    SORT_BY_NAME(CONSTRUCTORS)
    x = 1;
    y += 2;
    z -= 3;
    a *= 4;
    b /= 5;
    c <<= 6;
    d >>= 7;
    e &= 8;
    f |= 9;
    "KEEP" = 1;
    PROVIDE(g = .);
    HIDDEN(h = .);
    PROVIDE_HIDDEN(i = .);
    ASSERT(. > 0, "too small");
    INCLUDE stmts.ld
  }
}
`,
  },
  {
    name: 'MEMORY: attributes with `!`, o/org/l/len spelled out, INCLUDE',
    input: `MEMORY { ram (rx!w) : o = 0, l = 1K, abcd (!r) : org = 0x10, len = 2M
  INCLUDE mem.ld
  rom (rx) : ORIGIN = 0, LENGTH = 1 "my region" (r w) : ORIGIN = 0, LENGTH = 1 }`,
    output: `MEMORY
{
  ram (rx!w) : ORIGIN = 0, LENGTH = 1K,
  abcd (!r) : ORIGIN = 0x10, LENGTH = 2M
  INCLUDE mem.ld
  rom (rx) : ORIGIN = 0, LENGTH = 1
  "my region" (r w) : ORIGIN = 0, LENGTH = 1
}
`,
  },
  {
    name: 'PHDRS: types by name and number, FILEHDR, PHDRS, AT, FLAGS',
    input: 'PHDRS { headers PT_PHDR PHDRS ; text PT_LOAD FILEHDR AT(0x100) FLAGS(5) ; "p 1" 7 ; "PHDRS" 0x6474e550 FLAGS(4); }',
    output: `PHDRS
{
  headers PT_PHDR PHDRS;
  text PT_LOAD FILEHDR AT(0x100) FLAGS(5);
  "p 1" 7;
  "PHDRS" 0x6474e550 FLAGS(4);
}
`,
  },
  {
    name: 'VERSION: global/local labels, extern blocks, literal names, dependencies',
    input: `VERSION { V1 { global: foo; "bar baz"; extern "C++" { ns::f*; "ns::g()"; }; local: *; };
  V2 { global: x; } V1; V3 { local: y; }; V4 { z; }; V5 { } V1 V2; }`,
    output: `VERSION
{
  V1
  {
    global:
      foo;
      "bar baz";
      extern "C++"
      {
        ns::f*;
        "ns::g()";
      };
    local:
      *;
  };
  V2
  {
    global:
      x;
  } V1;
  V3
  {
    local:
      y;
  };
  V4
  {
    z;
  };
  V5 { } V1 V2;
}
`,
  },
  {
    name: 'the anonymous version',
    input: 'VERSION { { global: *; }; }',
    output: 'VERSION\n{\n  {\n    global:\n      *;\n  };\n}\n',
  },
  {
    name: 'INPUT, GROUP, AS_NEEDED, -l, sysroot `=`, names that need quotes',
    input: 'INPUT(a.o b.o -lfoo "x y.o" =/usr/lib/crt1.o) GROUP(libc.so.6 AS_NEEDED(-lgcc_s ld.so) "AS_NEEDED" "-lodd")',
    output: 'INPUT(a.o b.o -lfoo "x y.o" =/usr/lib/crt1.o)\nGROUP(libc.so.6 AS_NEEDED(-lgcc_s ld.so) "AS_NEEDED" "-lodd")\n',
  },
  {
    name: 'the other top-level commands',
    input: `OUTPUT_FORMAT(elf64-x86-64) OUTPUT_FORMAT("elf64-x86-64", "elf64-big", "elf64-little") OUTPUT_ARCH(i386:x86-64)
TARGET(binary) SEARCH_DIR("=/usr/lib") SEARCH_DIR(/lib) STARTUP(crt0.o) OUTPUT(a.out) MAP(x.map) FORCE_COMMON_ALLOCATION
INHIBIT_COMMON_ALLOCATION FORCE_GROUP_ALLOCATION NOCROSSREFS(.a .b) NOCROSSREFS_TO(.a .b) EXTERN(a b, c "d e")
MEMORY { ram : ORIGIN = 0, LENGTH = 1 } REGION_ALIAS("alias", ram) LD_FEATURE("SANE_EXPR") INSERT AFTER .text INSERT BEFORE .data
ENTRY(_start) ASSERT(1, "msg") HIDDEN(h = 1); PROVIDE(p = 2); PROVIDE_HIDDEN(ph = 3); INCLUDE inc.ld HLL() HLL(a b) SYSLIB(c) FLOAT NOFLOAT`,
    output: `OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_FORMAT("elf64-x86-64", "elf64-big", "elf64-little")
OUTPUT_ARCH(i386:x86-64)
TARGET(binary)
SEARCH_DIR("=/usr/lib")
SEARCH_DIR(/lib)
STARTUP(crt0.o)
OUTPUT(a.out)
MAP(x.map)
FORCE_COMMON_ALLOCATION
INHIBIT_COMMON_ALLOCATION
FORCE_GROUP_ALLOCATION
NOCROSSREFS(.a .b)
NOCROSSREFS_TO(.a .b)
EXTERN(a b c "d e")

MEMORY
{
  ram : ORIGIN = 0, LENGTH = 1
}

REGION_ALIAS("alias", ram)
LD_FEATURE(SANE_EXPR)
INSERT AFTER .text
INSERT BEFORE .data
ENTRY(_start)
ASSERT(1, "msg")
HIDDEN(h = 1);
PROVIDE(p = 2);
PROVIDE_HIDDEN(ph = 3);
INCLUDE inc.ld
HLL()
HLL(a b)
SYSLIB(c)
FLOAT
NOFLOAT
`,
  },
  {
    name: 'SECTIONS-level statements: ASSERT takes no separator there, INCLUDE, ENTRY',
    input: 'SECTIONS { ASSERT(1, "a") ENTRY(e) INCLUDE inc.ld PROVIDE(x = 1); x = 2; }',
    output: 'SECTIONS\n{\n  ASSERT(1, "a")\n  ENTRY(e)\n  INCLUDE inc.ld\n  PROVIDE(x = 1);\n  x = 2;\n}\n',
  },
  {
    name: 'an empty script',
    input: '/* only a comment */',
    output: '',
  },
];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-fmt-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.each(cases)('$name', ({ input, output }) => {
  test('formats to the canonical text', () => {
    expect(fmt(input)).toBe(output);
  });
  test('the output is already formatted and means the same', () => {
    expect(fmt(output)).toBe(output);
    const d = findAstDifference(parse(input), parse(output));
    expect(d && describeAstDifference(d)).toBeUndefined();
  });
});

test('GNU ld reads every input and every formatted output to the end', () => {
  const rejected: string[] = [];
  for (const c of cases) {
    for (const text of [c.input, c.output]) {
      const verdict = ldReadsScript(text, dir, INCLUDED);
      if (!verdict.readsWholeScript) rejected.push(`${c.name}:\n${text}\n--- ld said:\n${verdict.stderr}`);
    }
  }
  expect(rejected).toEqual([]);
});

test('GNU ld rejects the spellings the formatter avoids, and reads what it writes instead', () => {
  // Each naive spelling lexes the marked token in another state than it seems; ld and
  // ldscope's parser both reject it. The same AST written another way is accepted, and fmt
  // must write it in a form ld reads back.
  const cases: [naive: string, sameAst: string][] = [
    ['SECTIONS { .e 10h : { } }', 'SECTIONS { .e (10h) : { } }'], // an address starts in SCRIPT state: `10` `h`
    ['SECTIONS { .g l : { } }', 'SECTIONS { .g (l) : { } }'], // `l` is SCRIPT's LENGTH keyword
    ['SECTIONS { .a : { } = 1 abcd : { } }', 'SECTIONS { .a : { } = 1, abcd : { } }'], // after a fill, `abcd` is lexed as a number
    ['SECTIONS { .a : { } = 1 NOLOAD : { } }', 'SECTIONS { .a : { } = 1, NOLOAD : { } }'], // ... and NOLOAD as a keyword
    ['MEMORY { ram : ORIGIN = 0, LENGTH = 1 abcd : ORIGIN = 0, LENGTH = 1 }', 'MEMORY { ram : ORIGIN = 0, LENGTH = 1, abcd : ORIGIN = 0, LENGTH = 1 }'],
    ['SECTIONS { ~ : { } }', 'SECTIONS { "~" : { } }'], // `~` alone is an operator in SCRIPT state
  ];
  for (const [naive, sameAst] of cases) {
    expect([naive, ldReadsScript(naive, dir).readsWholeScript]).toEqual([naive, false]);
    expect(() => parse(naive)).toThrow(/syntax error/);
    expect([sameAst, ldReadsScript(sameAst, dir).readsWholeScript]).toEqual([sameAst, true]);
    const formatted = fmt(sameAst);
    expect(equalIgnoringLocations(parse(sameAst), parse(formatted))).toBe(true);
    expect([formatted, ldReadsScript(formatted, dir).readsWholeScript]).toEqual([formatted, true]);
  }
  // Why OUTPUT_FORMAT's names are always quoted: a SCRIPT-state name takes the `,` in.
  expect(ldReadsScript('OUTPUT_FORMAT(elf64-x86-64, elf64-x86-64, elf64-x86-64)', dir).readsWholeScript).toBe(false);
  // Why '^' is refused: ld's lexer has no such token.
  expect(ldReadsScript('x = 1 ^ 2;', dir).readsWholeScript).toBe(false);
});

test('the one-line form is only for a single input section description', () => {
  expect(fmt('SECTIONS { .a : { x = 1; } }')).toBe('SECTIONS\n{\n  .a :\n  {\n    x = 1;\n  }\n}\n');
  expect(fmt('SECTIONS { .a : { KEEP(*(.a)) } }')).toBe('SECTIONS\n{\n  .a : { KEEP(*(.a)) }\n}\n');
});

test('INCLUDE stays an INCLUDE line; the included text is not inlined', () => {
  const inc = path.join(dir, 'real-include.ld');
  fs.writeFileSync(inc, 'x = 1;\n');
  const main = path.join(dir, 'main.ld');
  const script = parseScript(new SourceFile(main, 'INCLUDE real-include.ld\ny = 2;\n'), { libraryPaths: [dir] });
  const inclusion = script.commands[0];
  expect(inclusion.kind === 'Include' && inclusion.commands.length).toBe(1);
  expect(formatScript(script)).toBe('INCLUDE real-include.ld\ny = 2;\n');
});

test('formatExpression prints one expression', () => {
  const script = parse('x = (1 + a/2) * -b;');
  const first = script.commands[0];
  expect(first.kind === 'Assignment' && formatExpression(first.value)).toBe('(1 + a/2) * -b');
});

describe('ASTs no script text can express are refused, not changed', () => {
  const formatOf = (commands: unknown[]) => () => formatScript({ kind: 'Script', commands } as unknown as Script);
  const assign = (value: Expr, symbol = 'x') => ({ kind: 'Assignment', symbol, operator: '=', value, provide: false, hidden: false });
  const sym = (name: string) => ({ kind: 'Symbol', name }) as Expr;

  test('a name containing `"`', () => {
    expect(formatOf([assign(sym('a"b'))])).toThrow(UnformattableScriptError);
    expect(formatOf([assign(sym('a'), 'a"b')])).toThrow(/contains '"'/);
  });
  test("the '^' operator, which ld's lexer cannot read", () => {
    expect(formatOf([assign({ kind: 'Binary', operator: '^', left: sym('a'), right: sym('b') } as Expr)])).toThrow(/'\^'/);
  });
  test('a number whose spelling does not mean its value', () => {
    expect(formatOf([assign({ kind: 'Number', value: 5n, text: '0x10' } as Expr)])).toThrow(/does not read back/);
    expect(formatOf([assign({ kind: 'Number', value: 1n, text: '1 2' } as Expr)])).toThrow(/does not read back/);
  });
  test('a glob version pattern with a blank (quoting would make it literal)', () => {
    const node = { kind: 'VersionNode', tag: 'V1', global: [{ pattern: 'a b', literal: false }], local: [], labels: [], dependencies: [] };
    expect(formatOf([{ kind: 'Version', nodes: [node] }])).toThrow(/version pattern/);
  });
  test('a -l library name that is not a file-name word', () => {
    expect(formatOf([{ kind: 'Input', group: false, items: [{ kind: 'InputFile', name: 'a b', library: true }] }])).toThrow(/-l/);
  });
});

describe('AST equality ignoring locations', () => {
  test('equal scripts in different layouts and comments', () => {
    expect(equalIgnoringLocations(parse('x =1;/*c*/SECTIONS{.a :{*(.a)}}'), parse('x = 1;\nSECTIONS\n{\n  .a : { *(.a) }\n}\n'))).toBe(true);
  });
  test('names the path of the first difference', () => {
    const d = findAstDifference(parse('SECTIONS { .a : { *(.a .b) } }'), parse('SECTIONS { .a : { *(.a .c) } }'));
    expect(d && describeAstDifference(d)).toBe('commands[0].commands[0].statements[0].sections[1].pattern: ".b" vs ".c"');
    const e = findAstDifference(parse('x = 0x10;'), parse('x = 16;'));
    expect(e && describeAstDifference(e)).toBe('commands[0].value.text: "0x10" vs "16"');
    const f = findAstDifference(parse('x = 1; y = 2;'), parse('x = 1;'));
    expect(f && describeAstDifference(f)).toBe('commands.length: 2 vs 1');
  });
  test('INCLUDE nodes compare by file name only', () => {
    fs.writeFileSync(path.join(dir, 'one.ld'), 'a = 1;');
    const withText = parseScript(new SourceFile(path.join(dir, 'x.ld'), 'INCLUDE one.ld'), { libraryPaths: [dir] });
    expect(equalIgnoringLocations(withText, parse('INCLUDE one.ld'))).toBe(true);
    expect(equalIgnoringLocations(withText, parse('INCLUDE two.ld'))).toBe(false);
  });
  test('an absent property equals an undefined one', () => {
    expect(equalIgnoringLocations({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(equalIgnoringLocations({ a: 1n }, { a: 1 })).toBe(false);
  });
});
