/**
 * The human-readable report of `ldscope eval`: the output sections as `objdump -h` lists them
 * (size, VMA, LMA, alignment, flags — no file offsets, which a layout does not decide), the
 * symbols the script assigns, and GNU ld's `--print-memory-usage` table when MEMORY is used.
 */
import { SEC } from '../layout/bfd/sectionFlags';
import type { LayoutResult, RegionUsage } from '../layout/LayoutResult';

function pad(v: bigint, width: number): string {
  return v.toString(16).padStart(width, '0');
}

/** objdump's flag words for a section, from BFD flags. */
function flagWords(flags: number): string {
  const words: string[] = [];
  if (flags & SEC.HAS_CONTENTS) words.push('CONTENTS');
  if (flags & SEC.ALLOC) words.push('ALLOC');
  if (flags & SEC.LOAD) words.push('LOAD');
  if (flags & SEC.READONLY) words.push('READONLY');
  if (flags & SEC.CODE) words.push('CODE');
  if (flags & SEC.DATA) words.push('DATA');
  if (flags & SEC.THREAD_LOCAL) words.push('THREAD_LOCAL');
  if (flags & SEC.DEBUGGING) words.push('DEBUGGING');
  return words.join(', ');
}

/** lang_print_memory_size */
function memorySize(sz: bigint): string {
  if ((sz & 0x3fffffffn) === 0n) return `${(sz >> 30n).toString().padStart(10)} GB`;
  if ((sz & 0xfffffn) === 0n) return `${(sz >> 20n).toString().padStart(10)} MB`;
  if ((sz & 0x3ffn) === 0n) return `${(sz >> 10n).toString().padStart(10)} KB`;
  return ` ${sz.toString().padStart(10)} B`;
}

/** lang_print_memory_usage */
export function memoryUsageTable(regions: RegionUsage[]): string {
  const lines = ['Memory region         Used Size  Region Size  %age Used'];
  for (const r of regions) {
    let line = `${r.name.padStart(16)}: ${memorySize(r.used)}${memorySize(r.length)}`;
    if (r.length !== 0n) {
      const percent = (Number(r.used) * 100) / Number(r.length);
      line += `    ${percent.toFixed(2).padStart(6)}%`;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

export function layoutText(r: LayoutResult): string {
  const w = r.elfClass === 32 ? 8 : 16;
  const out: string[] = ['Sections:'];
  const nameWidth = Math.max(13, ...r.sections.map((s) => s.name.length));
  out.push(`Idx ${'Name'.padEnd(nameWidth)} ${'Size'.padEnd(8)}  ${'VMA'.padEnd(w)}  ${'LMA'.padEnd(w)}  Algn`);
  r.sections.forEach((s, i) => {
    out.push(`${String(i).padStart(3)} ${s.name.padEnd(nameWidth)} ${pad(s.size, 8)}  ${pad(s.vma, w)}  ${pad(s.lma, w)}  2**${s.alignmentPower}`);
    out.push(`${' '.repeat(4 + nameWidth + 1)}${flagWords(s.flags)}${s.unknown ? `  (address not known: ${s.unknown})` : ''}`);
  });
  if (r.symbols.size > 0 || r.unknownSymbols.size > 0) {
    out.push('', 'Symbols:');
    for (const [name, v] of r.symbols) out.push(`${pad(v, w)} ${name}`);
    for (const [name, why] of r.unknownSymbols) out.push(`${'?'.repeat(w)} ${name}  (${why})`);
  }
  if (r.segments.length > 0) {
    out.push('', 'Program headers:');
    for (const s of r.segments) out.push(`  ${s.name.padEnd(12)} ${s.sections.join(' ')}`);
  }
  if (r.regions.length > 0) out.push('', memoryUsageTable(r.regions));
  const failed = r.asserts.filter((a) => a.passed === false);
  if (failed.length > 0) {
    out.push('', 'Failed assertions:');
    for (const a of failed) out.push(`  ${a.position ? `${a.position.file}:${a.position.line}: ` : ''}${a.message}`);
  }
  return out.join('\n');
}
