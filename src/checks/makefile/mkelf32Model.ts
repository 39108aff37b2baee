/**
 * What Xen's `arch/x86/boot/mkelf32` does with the image's memory size, from its source:
 *
 * - 2005 to 2025 (`mkelf32 [--notes] <in> <out> <load-base> <final-exec-addr>`):
 *   `mem_siz = (uint32_t)(final_exec_addr - in64_phdr.p_vaddr)` — the end address the Makefile
 *   computed minus the start of the input's (first) loadable segment.
 * - From commit 4fb075201f (Aug 2025; Xen 4.21.0, 4.20.2, 4.19.4) there is no end argument and
 *   `mem_siz` is the input segment's `p_memsz` rounded up: to 1 MiB as first written
 *   (`(1U << 20)`, meant as 2 MiB), to 2 MiB after commit 5416c455f6 (Apr 2026; 4.22.0, 4.21.2,
 *   4.20.4), later spelled `ROUNDUP(…, MB(2))`.
 *
 * In every version it then ends the segment on a page boundary of the physical load address:
 * `mem_siz += -(loadbase + mem_siz) & 0xfff`. All of it is 32-bit unsigned arithmetic.
 */
import * as fs from 'fs';
import type { SourcePosition } from '../../diagnostics/SourceFile';

const U32 = 0xffffffffn;
const U64 = (1n << 64n) - 1n;

/** How mkelf32 computes the memory size, as read from its source (or not known). */
export type Mkelf32MemorySizeRule =
  /** mem_siz = final-exec-addr − p_vaddr (needs the end argument). */
  | { kind: 'end-argument'; source?: SourcePosition; text?: string }
  /** mem_siz = p_memsz rounded up to `alignment` (no end argument). */
  | { kind: 'pad-memsz'; alignment: bigint; source: SourcePosition; text: string }
  | { kind: 'unknown'; reason: string; source?: SourcePosition; text?: string };

/** Removes C comments, keeping line breaks so that line numbers stay right. */
function stripCComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) => m.replace(/[^\n]/g, ' '));
}

function sizeMacro(unit: string, n: bigint): bigint {
  return n << (unit === 'KB' ? 10n : unit === 'MB' ? 20n : 30n);
}

/** Recognises the `mem_siz = …;` statement of mkelf32.c (the versions in Xen's history). */
export function parseMkelf32MemorySizeRule(file: string, content: string): Mkelf32MemorySizeRule {
  const code = stripCComments(content);
  const lines = code.split('\n');
  const original = content.split('\n');
  for (let k = 0; k < lines.length; k++) {
    if (!lines[k].includes('mem_siz')) continue; // a string search is cheaper than the regex on every line
    const m = /\bmem_siz\s*=\s*([^;]*);/.exec(lines[k]);
    if (!m) continue;
    const source: SourcePosition = { file, line: k + 1, column: m.index + 1 };
    const text = original[k].trim();
    const expr = m[1].replace(/\s+/g, '');
    if (/^(\((uint32_t|u32|uint64_t|u64)\))?\(?final_exec_addr-[\w.>-]*p_vaddr\)?$/.test(expr)) {
      return { kind: 'end-argument', source, text };
    }
    const shifted = /^\(\(uint32_t\)in64_phdr\.p_memsz\+\(1U<<(\d+)\)-1\)&\(-1U<<(\d+)\)$/.exec(expr);
    if (shifted && shifted[1] === shifted[2]) {
      return { kind: 'pad-memsz', alignment: 1n << BigInt(shifted[1]), source, text };
    }
    const roundup = /^ROUNDUP\(\(uint32_t\)in64_phdr\.p_memsz,(KB|MB|GB)\((\d+)\)\)$/.exec(expr);
    if (roundup) return { kind: 'pad-memsz', alignment: sizeMacro(roundup[1], BigInt(roundup[2])), source, text };
    return { kind: 'unknown', reason: `mkelf32.c computes the memory size in a way ldscope does not know: ${text}`, source, text };
  }
  return { kind: 'unknown', reason: `${file} has no \`mem_siz = …;\` statement` };
}

export function readMkelf32MemorySizeRule(file: string): Mkelf32MemorySizeRule {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch {
    return { kind: 'unknown', reason: `cannot read ${file} to learn how mkelf32 sizes the image` };
  }
  return parseMkelf32MemorySizeRule(file, content);
}

/** C's strtoull(text, NULL, 16): leading blanks, a sign, an optional 0x, hex digits; saturates. */
export function strtoull16(text: string): { value: bigint; digits: number } {
  const m = /^[ \t\n\v\f\r]*([+-]?)(?:0[xX](?=[0-9a-fA-F]))?([0-9a-fA-F]*)/.exec(text)!;
  const digits = m[2];
  if (digits === '') return { value: 0n, digits: 0 };
  let value = BigInt(`0x${digits}`);
  if (value > U64) value = U64; // ERANGE: ULLONG_MAX
  else if (m[1] === '-') value = -value & U64;
  return { value, digits: digits.length };
}

/** The final `mem_siz += -(loadbase + mem_siz) & 0xfff` in 32-bit arithmetic. */
function endOnPage(memSize: bigint, loadBase: bigint): bigint {
  const base = loadBase & U32;
  return (memSize + (-(base + memSize) & 0xfffn)) & U32;
}

/** mkelf32's p_memsz when given an end address (the 2005–2025 tool). */
export function memorySizeFromEnd(finalExecAddr: bigint, segmentVaddr: bigint, loadBase: bigint): bigint {
  return endOnPage((finalExecAddr - segmentVaddr) & U32, loadBase);
}

/** mkelf32's p_memsz when it pads the input's p_memsz itself (2025 on). */
export function memorySizeByPadding(segmentMemsz: bigint, alignment: bigint, loadBase: bigint): bigint {
  const memsz = segmentMemsz & U32;
  return endOnPage(((memsz + alignment - 1n) & ~(alignment - 1n)) & U32, loadBase);
}
