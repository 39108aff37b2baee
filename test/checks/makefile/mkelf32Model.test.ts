/**
 * mkelf32's number parsing (C's strtoull base 16, compiled with gcc) and the recognition of
 * the memory-size statement of each mkelf32.c version in Xen's history.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMkelf32MemorySizeRule, readMkelf32MemorySizeRule, strtoull16 } from '../../../src/checks/makefile/mkelf32Model';

test('strtoull16 reads what C strtoull(s, NULL, 16) reads', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-strtoull-'));
  try {
    const src = path.join(dir, 'strtoull.c');
    fs.writeFileSync(
      src,
      '#include <stdio.h>\n#include <stdlib.h>\nint main(int argc, char **argv) {\n' +
        '  for (int i = 1; i < argc; i++) printf("%llx\\n", strtoull(argv[i], NULL, 16));\n  return 0;\n}\n',
    );
    execFileSync('gcc', ['-O2', '-o', path.join(dir, 'strtoull'), src]);
    const inputs = [
      '0xffff82d0405c8000', 'ffff82d0405c8000', '0XFFFF82D0405C8000', '  0x1f', '\t\n0x1f', '0x', '', 'zz',
      '0x12g4', '-1', '-0x10', '+0x10', '0xffffffffffffffffff', '00x5', '0x-5', '0x0x5', ' +ff',
    ];
    const real = execFileSync(path.join(dir, 'strtoull'), inputs, { encoding: 'utf8' }).trim().split('\n');
    expect(inputs.map((s) => strtoull16(s).value.toString(16))).toEqual(real);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe("recognising mkelf32.c's memory-size statement", () => {
  // One statement per version of the line in Xen's history (2005 … 2026).
  test.each([
    ['        mem_siz = (u32)(final_exec_addr - in64_phdr.p_vaddr);', { kind: 'end-argument' }],
    ['    mem_siz = (uint32_t)(final_exec_addr - in64_phdr.p_vaddr);', { kind: 'end-argument' }],
    ['    mem_siz = ((uint32_t)in64_phdr.p_memsz + (1U << 20) - 1) & (-1U << 20);', { kind: 'pad-memsz', alignment: 1n << 20n }],
    ['    mem_siz = ((uint32_t)in64_phdr.p_memsz + (1U << 21) - 1) & (-1U << 21);', { kind: 'pad-memsz', alignment: 2n << 20n }],
    ['    mem_siz = ROUNDUP((uint32_t)in64_phdr.p_memsz, MB(2));', { kind: 'pad-memsz', alignment: 2n << 20n }],
    ['    mem_siz = (uint32_t)in64_phdr.p_memsz;', { kind: 'unknown' }],
    ['    /*mem_siz = (uint32_t)in64_phdr.p_memsz;*/\n    mem_siz = (uint32_t)(final_exec_addr - in64_phdr.p_vaddr);', { kind: 'end-argument' }],
  ])('%s', (statement, expected) => {
    const rule = parseMkelf32MemorySizeRule('mkelf32.c', `int main(void)\n{\n${statement}\n}\n`);
    expect(rule).toMatchObject(expected);
    if (rule.kind !== 'unknown') expect(rule.source?.line).toBe(3 + statement.split('\n').length - 1);
  });

  test('a missing source is unknown, with the reason', () => {
    const rule = readMkelf32MemorySizeRule('/nonexistent/boot/mkelf32.c');
    expect(rule).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/cannot read \/nonexistent/) });
  });
});
