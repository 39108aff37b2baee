import type { CheckContext } from '../CheckContext';
import { hex, sizeText } from '../CheckContext';
import type { Finding } from '../Finding';
import { constantValue, referencedSymbols } from '../scriptFacts';
import { MIB, PAD_RESERVATION, type XenImage } from './xenImage';

/**
 * The rules of Xen's x86 image (--profile xen): the image offset and `_start` on 2 MiB
 * superpage boundaries, every `__2M_*` boundary on SECTION_ALIGN, the image end past every
 * allocated byte, and the 16 MiB the `.pad` design reserves.
 */
export function checkXenImage(ctx: CheckContext, image: XenImage): Finding[] {
  const findings: Finding[] = [];
  const { virtualStart, start, imageEnd, end, sectionAlign } = image;

  for (const what of image.unknown) {
    findings.push({ rule: 'xen.unknown', severity: 'note', message: `cannot know ${what}` });
  }

  if (virtualStart && start) {
    const offset = start.value - virtualStart.value;
    if (offset % (2n * MIB) !== 0n) {
      findings.push({
        rule: 'xen.image-offset',
        severity: 'error',
        message: `XEN_IMG_OFFSET (_start − ${virtualStart.source}) is ${hex(offset)}, not a multiple of 2 MiB: the early page tables map the image with 2 MiB superpages`,
        location: start.position,
        expected: 'a multiple of 0x200000',
        actual: hex(offset),
      });
    }
  }

  if (start) {
    const assert = ctx.facts.asserts.find((a) => referencedSymbols(a.condition).has('_start'));
    if (assert && start.value % (2n * MIB) !== 0n) {
      findings.push({
        rule: 'xen.start-alignment',
        severity: 'error',
        message: `_start (${hex(start.value)}) is not 2 MiB aligned, as the script asserts`,
        location: assert.range.position,
        expected: 'a multiple of 0x200000',
        actual: hex(start.value),
      });
    }
  }

  if (sectionAlign) {
    for (const name of ctx.facts.assignments.keys()) {
      if (!name.startsWith('__2M_')) continue;
      const sym = ctx.symbol(name);
      if (!sym || sym.value % sectionAlign.value === 0n) continue;
      findings.push({
        rule: 'xen.boundary-alignment',
        severity: 'error',
        message: `${name} (${hex(sym.value)}) is not on a SECTION_ALIGN (${sizeText(sectionAlign.value)}) boundary`,
        location: ctx.assignmentPosition(name),
        expected: `a multiple of ${hex(sectionAlign.value)}`,
        actual: hex(sym.value),
      });
    }
  }

  if (imageEnd) {
    let last: { name: string; end: bigint } | undefined;
    for (const s of ctx.allocatedSections()) {
      const sEnd = s.addr + ctx.memorySize(s);
      if (!last || sEnd > last.end) last = { name: s.name, end: sEnd };
    }
    if (last && imageEnd.value < last.end) {
      findings.push({
        rule: 'xen.image-end',
        severity: 'error',
        message: `the image end ${imageEnd.source} (${hex(imageEnd.value)}) is below the end of ${last.name} (${hex(last.end)}): whatever sizes the image from it leaves ${last.end - imageEnd.value} bytes out`,
        location: imageEnd.position,
        expected: `>= ${hex(last.end)}`,
        actual: hex(imageEnd.value),
      });
    }
  }

  const pad = ctx.facts.outputSections.get('.pad');
  if (pad && pad.kind === 'OutputSection') {
    for (const st of pad.statements) {
      if (st.kind !== 'Assignment' || st.symbol !== '.' || st.value.kind !== 'Call' || st.value.function !== 'ALIGN' || st.value.args.length !== 1) continue;
      const align = constantValue(st.value.args[0]);
      if (align !== undefined && align !== PAD_RESERVATION) {
        findings.push({
          rule: 'xen.pad-alignment',
          severity: 'error',
          message: `.pad aligns the image to ${sizeText(align)}; the .pad design pads it to the 16 MiB boot loaders reserve`,
          location: st.range.position,
          expected: hex(PAD_RESERVATION),
          actual: hex(align),
        });
      }
    }
  }

  if (image.padded && imageEnd) {
    if (imageEnd.value % PAD_RESERVATION !== 0n) {
      findings.push({
        rule: 'xen.pad-alignment',
        severity: 'error',
        message: `${imageEnd.source} (${hex(imageEnd.value)}) is not 16 MiB aligned: the .pad design pads the image to a 16 MiB boundary`,
        location: imageEnd.position,
        expected: 'a multiple of 0x1000000',
        actual: hex(imageEnd.value),
      });
    }
    if (start && end && end.value - start.value > PAD_RESERVATION) {
      findings.push({
        rule: 'xen.pad-overflow',
        severity: 'error',
        message: `_end − _start is ${sizeText(end.value - start.value)}, more than the 16 MiB the .pad design reserves`,
        location: end.position,
        expected: `<= ${hex(PAD_RESERVATION)}`,
        actual: hex(end.value - start.value),
      });
    }
  }

  const virtEnd = ctx.symbol('XEN_VIRT_END');
  const nrCpus = ctx.symbol('NR_CPUS');
  if (virtEnd && nrCpus && imageEnd) {
    const limit = virtEnd.value - nrCpus.value * 4096n;
    if (imageEnd.value > limit) {
      findings.push({
        rule: 'xen.stubs-area',
        severity: 'error',
        message: `the image end ${hex(imageEnd.value)} runs into the stubs area (XEN_VIRT_END − NR_CPUS pages = ${hex(limit)})`,
        location: imageEnd.position,
        expected: `<= ${hex(limit)}`,
        actual: hex(imageEnd.value),
      });
    }
  }
  return findings;
}
