/**
 * Errors GNU ld reports for a layout, and ldscope's report of them: the same verdict (ld fails
 * the link), the same message, and the script location ld names (its file:line; ldscope adds
 * the column).
 */
import { asm, linkBoth, section } from './support/ldLink';

const objs = [asm('a.o', section('.text', { flags: 'ax', align: 4, size: 0x40, label: 'start' }) + section('.data', { flags: 'aw', align: 3, size: 0x20, label: 'da' }))];

interface ErrorCase {
  name: string;
  script: string;
  /** What ld prints (a fragment of its stderr). */
  ld: RegExp;
  /** ldscope's diagnostic code and message fragment. */
  code: string;
  message: RegExp;
  /** The script line ld names (1-based), if it names one. */
  line?: number;
}

const cases: ErrorCase[] = [
  {
    name: 'moving . backwards inside a section',
    script: 'SECTIONS {\n  . = 0x400000;\n  .text : {\n    *(.text)\n    . = 0x10;\n  }\n}\n',
    ld: /cannot move location counter backwards \(from 0000000000400040 to 0000000000400010\)/,
    code: 'backwards-dot',
    message: /cannot move location counter backwards \(from 0000000000400040 to 0000000000400010\)/,
    line: 5,
  },
  {
    name: 'a region that overflows',
    script: 'MEMORY { ROM (rx) : ORIGIN = 0x1000, LENGTH = 0x20 }\nSECTIONS {\n  .text : { *(.text) } >ROM\n}\n',
    // The orphan .data follows .text into ROM (orphans take their anchor's region).
    ld: /section `.text' will not fit in region `ROM'\nld: region `ROM' overflowed by 64 bytes/,
    code: 'region-overflow',
    message: /section `.text' will not fit in region `ROM'/,
  },
  {
    name: 'a failed ASSERT',
    script: 'SECTIONS {\n  . = 0x400000;\n  .text : { *(.text) }\n  ASSERT(SIZEOF(.text) < 0x10, "text too big")\n}\n',
    // ld prints the message alone; ldscope adds where the ASSERT is.
    ld: /ld: text too big\n/,
    code: 'assert',
    message: /^text too big$/,
  },
  {
    name: 'division by zero',
    script: 'SECTIONS {\n  . = 0x400000;\n  .text : { *(.text) }\n  x = SIZEOF(.text) / (SIZEOF(.text) - 0x40);\n}\n',
    ld: /\/ by zero/,
    code: 'division-by-zero',
    message: /\/ by zero/,
    line: 4,
  },
  {
    name: 'division by zero between constants (found while parsing)',
    script: 'SECTIONS {\n  . = 0x400000;\n  .text : { *(.text) }\n  x = DEFINED(nosuch) ? 1 % 0 : 2;\n}\n',
    ld: /% by zero/,
    code: 'division-by-zero',
    message: /% by zero/,
    line: 4,
  },
  {
    name: 'an undefined symbol in an expression',
    script: 'SECTIONS {\n  . = 0x400000;\n  .text : { *(.text) }\n  x = nosuch + 1;\n}\n',
    ld: /undefined symbol `nosuch' referenced in expression/,
    code: 'undefined-symbol',
    message: /undefined symbol `nosuch' referenced in expression/,
    line: 4,
  },
  {
    name: 'an undefined section in an expression',
    script: 'SECTIONS {\n  . = 0x400000;\n  .text : { *(.text) }\n  x = ADDR(.nosuch);\n}\n',
    ld: /undefined section `.nosuch' referenced in expression/,
    code: 'undefined-section',
    message: /undefined section `.nosuch' referenced in expression/,
    line: 4,
  },
  {
    name: 'a section assigned to a phdr that does not exist',
    script: 'PHDRS { text PT_LOAD; }\nSECTIONS {\n  . = 0x400000;\n  .text : { *(.text) } :text\n  .data : { *(.data) } :nosuch\n}\n',
    ld: /section `.data' assigned to non-existent phdr `nosuch'/,
    code: 'unknown-phdr',
    message: /section `.data' assigned to non-existent phdr `nosuch'/,
  },
  {
    name: 'a loadable section in no region when MEMORY is used',
    script: 'MEMORY { ROM (r) : ORIGIN = 0x1000, LENGTH = 0x1000 }\nSECTIONS {\n  .text : { *(.text) }\n}\n',
    // .text goes to ROM by its attributes; the orphan .data matches no region.
    ld: /no memory region specified for loadable section `.data'/,
    code: 'no-memory-region',
    message: /no memory region specified for loadable section `.data'/,
  },
  {
    name: 'overlapping sections',
    script: 'SECTIONS {\n  .text 0x400000 : { *(.text) }\n  .data 0x400020 : { *(.data) }\n}\n',
    ld: /section .data LMA \[0000000000400020,000000000040003f\] overlaps section .text LMA \[0000000000400000,000000000040003f\]/,
    code: 'lma-overlap',
    message: /section .data LMA \[0000000000400020,000000000040003f\] overlaps section .text LMA \[0000000000400000,000000000040003f\]/,
  },
];

describe('layout errors, compared with GNU ld', () => {
  test('a region overflow is reported by how much, as ld does', async () => {
    const l = await linkBoth({ script: cases[1].script, objects: objs });
    expect(l.ours.diagnostics.map((d) => d.message)).toContain("region `ROM' overflowed by 64 bytes");
  });

  test('a failed ASSERT is reported at the ASSERT', async () => {
    const l = await linkBoth({ script: cases[2].script, objects: objs });
    const d = l.ours.diagnostics.find((x) => x.code === 'assert')!;
    expect(d.position?.line).toBe(4);
    expect(l.ours.asserts).toEqual([expect.objectContaining({ message: 'text too big', passed: false })]);
  });

  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const l = await linkBoth({ script: c.script, objects: objs });
    expect(l.ld.ok).toBe(false);
    expect(l.ld.stderr).toMatch(c.ld);
    expect(l.ours.valid).toBe(false);
    const d = l.ours.diagnostics.find((x) => x.code === c.code && x.severity === 'error');
    expect(d).toBeDefined();
    expect(d!.message).toMatch(c.message);
    if (c.line !== undefined) {
      // ld names the script and line: `ld:script.ld:LINE: …`.
      expect(l.ld.stderr).toContain(`script.ld:${c.line}`);
      expect(d!.position?.line).toBe(c.line);
      expect(d!.rendered).toMatch(new RegExp(`script\\.ld:${c.line}:\\d+: error: `));
    }
  });
});
