/**
 * The ld options of a differential case (LinkCase.ldArgs), as ldscope's layout options.
 */
import { buildLayoutOptions, LayoutOptions, LayoutOptionsInput } from '../../../src/layout/options/LayoutOptions';
import type { LinkCase } from '../../support/ldOracle/caseTypes';

export function layoutOptionsForCase(c: LinkCase): LayoutOptions {
  const input: LayoutOptionsInput = { emulation: c.arch === 'i386' ? 'elf_i386' : 'elf_x86_64', z: [], defsym: [], sectionStart: [] };
  const args = c.ldArgs;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let m: RegExpExecArray | null;
    if (a === '-z') input.z!.push(args[++i]);
    else if (a === '--defsym') input.defsym!.push(args[++i]);
    else if ((m = /^--defsym=(.*)$/.exec(a))) input.defsym!.push(m[1]);
    else if ((m = /^--sort-section=(.*)$/.exec(a))) input.sortSection = m[1];
    else if ((m = /^-Ttext=(.*)$/.exec(a))) input.Ttext = m[1];
    else if ((m = /^-Tdata=(.*)$/.exec(a))) input.Tdata = m[1];
    else if ((m = /^-Tbss=(.*)$/.exec(a))) input.Tbss = m[1];
    else if ((m = /^--section-start=(.*)$/.exec(a))) input.sectionStart!.push(m[1]);
    else if ((m = /^-Ttext-segment=(.*)$/.exec(a))) input.TtextSegment = m[1];
    else if ((m = /^-Trodata-segment=(.*)$/.exec(a))) input.TrodataSegment = m[1];
    else if ((m = /^-Tldata-segment=(.*)$/.exec(a))) input.TldataSegment = m[1];
    else if ((m = /^-e(.+)$/.exec(a)) || (m = /^--entry=(.*)$/.exec(a))) input.entry = m[1];
    else if ((m = /^-u(.+)$/.exec(a))) (input.undefined ??= []).push(m[1]);
    else if (a === '--print-memory-usage') continue;
    else if (a === '-N') input.omagic = true;
    else if (a === '-n') input.nmagic = true;
    else if ((m = /^--build-id(?:=(.*))?$/.exec(a))) input.buildId = m[1] ?? '';
    else throw new Error(`ldArgs: option ${a} not understood by the harness`);
  }
  return buildLayoutOptions(input);
}
