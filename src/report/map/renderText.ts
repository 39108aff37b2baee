/**
 * `ldscope map --text`: the map for a terminal. GNU ld's `--print-memory-usage` table (the
 * same one `eval` prints, so it reads like ld's link output) and one line per section with a
 * bar proportional to its size, the largest section filling the bar.
 */
import { memoryUsageTable } from '../layoutText';
import { byteSize, paddedHex } from './format';
import type { MapFacts } from './MapFacts';
import { KIND_LABEL } from './sectionKind';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `fraction` × `width` cells, in eighths of a cell; never empty for a non-zero size. */
export function bar(fraction: number, width: number, nonZero: boolean): string {
  let eighths = Math.round(Math.max(0, Math.min(1, fraction)) * width * 8);
  if (nonZero && eighths === 0) eighths = 1;
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

export function renderText(facts: MapFacts, barWidth = 32): string {
  // ld prints the header alone when the script has no MEMORY: so does this, then says why.
  const out: string[] = [memoryUsageTable(facts.regions), ...(facts.regions.length === 0 ? ['(the script has no MEMORY regions)'] : []), ''];
  const digits = facts.elfClass === 32 ? 8 : 16;
  const nameWidth = Math.max(12, ...facts.sections.map((s) => s.name.length));
  const largest = facts.sections.reduce((m, s) => (s.size > m ? s.size : m), 0n);
  out.push(`${'Section'.padEnd(nameWidth)}  ${'VMA'.padEnd(digits)}  ${'LMA'.padEnd(digits)}  ${'Size'.padStart(10)}  Kind`.trimEnd());
  for (const s of facts.sections) {
    const vma = s.traits.alloc ? paddedHex(s.vma, digits) : '-'.padEnd(digits);
    const lma = s.traits.alloc ? paddedHex(s.lma, digits) : '-'.padEnd(digits);
    const fraction = largest > 0n ? Number(s.size) / Number(largest) : 0;
    out.push(`${s.name.padEnd(nameWidth)}  ${vma}  ${lma}  ${byteSize(s.size).padStart(10)}  ${KIND_LABEL[s.kind].padEnd(16)} ${bar(fraction, barWidth, s.size > 0n)}`.trimEnd());
  }
  const counts = { error: 0, warning: 0, note: 0 };
  for (const f of facts.findings) counts[f.severity]++;
  out.push('', `${facts.findings.length} finding${facts.findings.length === 1 ? '' : 's'}: ${counts.error} errors, ${counts.warning} warnings, ${counts.note} notes${facts.findings.length ? " (see 'ldscope check' or the HTML map)" : ''}`);
  for (const p of facts.provenance) out.push(p);
  return out.join('\n') + '\n';
}
