/**
 * The ld command-line options that change a layout, as ldscope takes them. Their order
 * relative to the script matters to ld (statements are added as options are read); ldscope
 * places them all before the script, as on a command line `ld OPTIONS -T SCRIPT OBJECTS`.
 */
import { InputError } from '../../diagnostics/errors';
import { EMULATIONS, Emulation, EmulationName } from './Emulation';

/** One option that adds a statement, in command-line order. */
export type OrderedOption =
  /** --defsym SYM=EXPR */
  | { kind: 'defsym'; symbol: string; expression: string }
  /** -Ttext/-Tdata/-Tbss/-Ttext-segment/-Trodata-segment/-Tldata-segment (a segment) */
  | { kind: 'segment-start'; section: string; address: bigint }
  /** --section-start SECTION=ADDRESS */
  | { kind: 'section-start'; section: string; address: bigint };

export interface LayoutOptions {
  emulation: Emulation;
  maxPageSize: bigint;
  commonPageSize: bigint;
  separateCode: boolean;
  relro: boolean;
  /** -N: text not read-only, not demand paged. */
  omagic: boolean;
  /** -n: not demand paged. */
  nmagic: boolean;
  ordered: OrderedOption[];
  /** --sort-section */
  sortSection: 'none' | 'name' | 'alignment';
  /** -e */
  entry?: string;
  /** -u */
  undefinedSymbols: string[];
  /** --build-id: ld adds a .note.gnu.build-id input section of this size. */
  buildIdNoteSize?: bigint;
}

export interface LayoutOptionsInput {
  emulation?: string;
  z?: string[];
  defsym?: string[];
  Ttext?: string;
  Tdata?: string;
  Tbss?: string;
  TtextSegment?: string;
  TrodataSegment?: string;
  TldataSegment?: string;
  sectionStart?: string[];
  sortSection?: string;
  omagic?: boolean;
  nmagic?: boolean;
  entry?: string;
  undefined?: string[];
  buildId?: string;
}

/** bfd_scan_vma(…, 16) as ld uses it for -Ttext and --section-start: hex, optional 0x. */
export function parseHexAddress(text: string, what: string): bigint {
  const t = text.trim();
  if (!/^(0[xX])?[0-9a-fA-F]+$/.test(t)) throw new InputError(`ldscope: invalid hex number \`${text}' for ${what}`);
  return BigInt(t.startsWith('0x') || t.startsWith('0X') ? t : '0x' + t) & ((1n << 64n) - 1n);
}

/** strtoul(…, 0): what ld accepts for -z max-page-size=. */
function parseCNumber(text: string, what: string): bigint {
  const t = text.trim();
  let v: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) v = BigInt(t);
  else if (/^0[0-7]*$/.test(t)) v = t === '0' ? 0n : BigInt('0o' + t.slice(1));
  else if (/^[1-9][0-9]*$/.test(t)) v = BigInt(t);
  else throw new InputError(`ldscope: invalid ${what} \`${text}'`);
  return v;
}

export function buildLayoutOptions(input: LayoutOptionsInput): LayoutOptions {
  const emuName = (input.emulation ?? 'elf_x86_64') as EmulationName;
  const emulation = EMULATIONS[emuName];
  if (!emulation) {
    throw new InputError(`ldscope: unrecognised emulation mode: ${input.emulation} (supported: ${Object.keys(EMULATIONS).join(', ')})`);
  }
  let maxPageSize: bigint | undefined;
  let commonPageSize: bigint | undefined;
  let separateCode = emulation.separateCodeDefault;
  let relro = emulation.relroDefault;
  for (const z of input.z ?? []) {
    const [key, value] = z.split('=', 2);
    switch (key) {
      case 'max-page-size':
        maxPageSize = parseCNumber(value ?? '', 'maximum page size');
        if (maxPageSize === 0n || (maxPageSize & (maxPageSize - 1n)) !== 0n) {
          throw new InputError(`ldscope: invalid maximum page size \`${value}'`);
        }
        break;
      case 'common-page-size':
        commonPageSize = parseCNumber(value ?? '', 'common page size');
        if (commonPageSize === 0n || (commonPageSize & (commonPageSize - 1n)) !== 0n) {
          throw new InputError(`ldscope: invalid common page size \`${value}'`);
        }
        break;
      case 'separate-code':
        separateCode = true;
        break;
      case 'noseparate-code':
        separateCode = false;
        break;
      case 'relro':
        relro = true;
        break;
      case 'norelro':
        relro = false;
        break;
      default:
        throw new InputError(`ldscope: -z ${z} is not an option that changes the layout (supported: max-page-size=, common-page-size=, separate-code, noseparate-code, relro, norelro)`);
    }
  }
  // ldelf_after_parse: a common page size above the maximum is clamped (or the maximum raised
  // when only the common one was given); both given and inconsistent is an error.
  let maxP = maxPageSize ?? emulation.maxPageSize;
  let commonP = commonPageSize ?? emulation.commonPageSize;
  if (commonP > maxP) {
    if (commonPageSize === undefined) commonP = maxP;
    else if (maxPageSize === undefined) maxP = commonP;
    else throw new InputError(`ldscope: common page size (0x${commonP.toString(16)}) > maximum page size (0x${maxP.toString(16)})`);
  }
  const ordered: OrderedOption[] = [];
  for (const d of input.defsym ?? []) {
    const eq = d.indexOf('=');
    if (eq <= 0) throw new InputError(`ldscope: --defsym ${d}: expected SYMBOL=EXPRESSION`);
    ordered.push({ kind: 'defsym', symbol: d.slice(0, eq).trim(), expression: d.slice(eq + 1) });
  }
  const segments: Array<[string | undefined, string]> = [
    [input.Tbss, '.bss'],
    [input.Tdata, '.data'],
    [input.Ttext, '.text'],
    [input.TtextSegment, '.text-segment'],
    [input.TrodataSegment, '.rodata-segment'],
    [input.TldataSegment, '.ldata-segment'],
  ];
  for (const [value, section] of segments) {
    if (value !== undefined) ordered.push({ kind: 'segment-start', section, address: parseHexAddress(value, `-T${section.slice(1)}`) });
  }
  for (const s of input.sectionStart ?? []) {
    const eq = s.lastIndexOf('=');
    if (eq <= 0) throw new InputError(`ldscope: --section-start ${s}: expected SECTION=ADDRESS`);
    ordered.push({ kind: 'section-start', section: s.slice(0, eq), address: parseHexAddress(s.slice(eq + 1), '--section-start') });
  }
  const sortSection = input.sortSection ?? 'none';
  if (sortSection !== 'none' && sortSection !== 'name' && sortSection !== 'alignment') {
    throw new InputError(`ldscope: invalid --sort-section argument \`${sortSection}' (name or alignment)`);
  }
  let buildIdNoteSize: bigint | undefined;
  if (input.buildId !== undefined && input.buildId !== 'none') {
    const hashLength: Record<string, bigint> = { '': 20n, sha1: 20n, md5: 16n, uuid: 16n };
    const style = input.buildId;
    let len = hashLength[style];
    if (len === undefined && /^0x[0-9a-fA-F]+$/.test(style)) len = BigInt((style.length - 2) >> 1);
    if (len === undefined) throw new InputError(`ldscope: invalid --build-id style \`${style}'`);
    // Elf_External_Note header (12 bytes) + "GNU\0" + the hash.
    buildIdNoteSize = 16n + len;
  }
  return {
    emulation,
    maxPageSize: maxP,
    commonPageSize: commonP,
    separateCode,
    relro,
    omagic: input.omagic ?? false,
    nmagic: input.nmagic ?? false,
    ordered,
    sortSection,
    entry: input.entry,
    undefinedSymbols: input.undefined ?? [],
    buildIdNoteSize,
  };
}
