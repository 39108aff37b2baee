/**
 * The one-screen summary `ldscope xen` prints: where the image lives, its sections, where it
 * ends, what the Makefile hands mkelf32, and the verdict.
 */
import * as path from 'node:path';
import { hex, sizeText } from '../checks/CheckContext';
import type { CheckContext } from '../checks/CheckContext';
import { countBySeverity, type CheckReport } from '../checks/Finding';
import type { XenTree } from '../checks/xen/xenTree';
import type { XenImage } from '../checks/xen/xenImage';
import { renderFindingsText } from './findingsText';

export function renderXenSummary(tree: XenTree, ctx: CheckContext, image: XenImage | undefined, report: CheckReport): string {
  const rel = (p: string) => path.relative(process.cwd(), p) || '.';
  const lines: string[] = [];
  lines.push(`Xen image in ${rel(tree.buildDir)}`);
  lines.push(`  script         ${rel(tree.script)} (flags from ${rel(tree.cmdFile)})`);
  lines.push(`  ELF            ${rel(tree.elf)}`);
  lines.push(`  Makefile       ${tree.makefile ? rel(tree.makefile) : '(none found)'}`);
  lines.push('');
  const facts = report.facts ?? {};
  const fact = (label: string, key: string) => lines.push(`  ${label.padEnd(14)} ${facts[key] ?? 'unknown'}`);
  fact('virtual start', 'virtual start');
  fact('image offset', 'image offset');
  fact('section align', 'section alignment');
  lines.push('');
  lines.push(`  ${'section'.padEnd(22)} ${'VMA'.padEnd(18)}  ${'LMA'.padEnd(18)}  ${'size'.padStart(10)}`);
  for (const s of ctx.allocatedSections()) {
    lines.push(`  ${s.name.padEnd(22)} ${hex(s.addr).padEnd(18)}  ${hex(ctx.loadAddress(s)).padEnd(18)}  ${hex(s.size).padStart(10)}  ${sizeText(s.size)}`);
  }
  lines.push('');
  fact('image end', 'image end');
  if (image?.start && image.end) lines.push(`  ${'_end − _start'.padEnd(14)} ${sizeText(image.end.value - image.start.value)}`);
  fact('image size', 'image size');
  lines.push(`  ${'padded'.padEnd(14)} ${image?.padded ? 'yes (.pad to 16 MiB)' : 'no'}`);
  if (tree.makefile) fact('Makefile end', 'Makefile image end');
  lines.push('');
  const findings = renderFindingsText(report).trimEnd().split('\n');
  // The count line of the findings rendering becomes the verdict.
  findings.pop();
  if (findings.length > 0) lines.push(...findings, '');
  const c = countBySeverity(report.findings);
  lines.push(`verdict: ${c.error > 0 ? 'FAIL' : 'OK'} (${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'})`);
  return lines.join('\n') + '\n';
}
