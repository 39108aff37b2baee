/**
 * Parser for the map file GNU ld 2.40 writes with `-Map=FILE`.
 *
 * Why the map and not the ELF: the map is ld's own account of its layout, printed from its
 * internal state (ldlang.c lang_map / print_statement). In particular an output section's LMA
 * is printed as ld computed it (`load address 0x…` when it differs from the VMA), whereas
 * `objdump -h` rebuilds LMAs from program headers and gets some NOBITS sections wrong.
 *
 * The format, from ldlang.c (SECTION_NAME_MAP_LENGTH is 16):
 * - output section: `\nNAME` then, if ld created a BFD section for it, spaces up to column 16
 *   (or a newline and 16 spaces when NAME is 15 characters or longer) and `0xVMA 0xSIZE`,
 *   followed by ` load address 0xLMA` when LMA != VMA. Sections ld never created (only
 *   wildcards that matched nothing, /DISCARD/) print the name alone. Sections ld created and
 *   then removed as empty are still printed, with size 0 — the map alone cannot tell them
 *   from kept empty sections; linkCase() decides that from the ELF.
 * - input section: ` NAME` padded to column 16 (or wrapped the same way), `0xADDR 0xSIZE FILE`.
 * - assignment: 16 spaces, the value column left-justified in 34 characters, the expression:
 *   `0xVALUE` (final value), `[0xVALUE]` (value read back from the symbol table), `[!provide]`
 *   (PROVIDE not used), `[unresolved]` or `*undef*`. PROVIDE and PROVIDE_HIDDEN both print
 *   as `PROVIDE (sym = expr)`, HIDDEN as a plain `sym = expr`, `x += e` as `x = (x + e)`.
 * - object symbols under input sections: 16 spaces, `0xVALUE`, spaces, the name (no ` = `).
 */
import { LdInputSection, MapAssignment } from './caseTypes';

/** An output section statement as the map prints it. */
export interface MapOutputSection {
  name: string;
  /** Undefined when ld never created the section (name printed alone). */
  vma?: bigint;
  size?: bigint;
  /** The `load address`, or the VMA when the map prints none. */
  lma?: bigint;
}

/** A line of the "Memory Configuration" table. */
export interface MapMemoryRegion {
  name: string;
  origin: bigint;
  length: bigint;
  /** Attribute letters as ld prints them (`axrwl`, `!` before negated ones), may be empty. */
  attributes: string;
}

export interface LdMap {
  memoryRegions: MapMemoryRegion[];
  /** Output section statements in map (statement) order, /DISCARD/ included. */
  outputSections: MapOutputSection[];
  inputSections: LdInputSection[];
  assignments: MapAssignment[];
}

const HEX = '0x([0-9a-fA-F]+)';
const OUTPUT_ADDR = new RegExp(`^${HEX}\\s+${HEX}(?: load address ${HEX})?$`);
const INPUT_ADDR = new RegExp(`^${HEX}\\s+${HEX} (.*)$`);
const DATA_STMT = new RegExp(`^${HEX}\\s+${HEX} (BYTE|SHORT|LONG|QUAD|SQUAD) `);
const ASSIGN_VALUE = /^(0x[0-9a-fA-F]+|\[0x[0-9a-fA-F]+\]|\[!provide\]|\[unresolved\]|\*undef\*)\s+(\S.*)$/;
const REGION_LINE = new RegExp(`^(\\S+)\\s+${HEX}\\s+${HEX}\\s*(\\S*)$`);
/** Lines at column 0 that are not output sections. */
const TOP_LEVEL_KEYWORDS = /^(LOAD |OUTPUT\(|START GROUP|END GROUP|TARGET\(|INSERT (AFTER|BEFORE) |Address of section )/;

/** The section of the map that holds the layout (everything before it is ignored). */
const LAYOUT_HEADER = 'Linker script and memory map';
/** ldlang.h: the column where addresses start. */
const SECTION_NAME_MAP_LENGTH = 16;

export class LdMapParseError extends Error {
  constructor(message: string, readonly line: number) {
    super(`map line ${line}: ${message}`);
  }
}

export function parseLdMap(text: string): LdMap {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const result: LdMap = { memoryRegions: [], outputSections: [], inputSections: [], assignments: [] };

  let i = 0;
  // Memory Configuration table (always printed, at least the *default* region).
  const memIdx = lines.indexOf('Memory Configuration');
  const layoutIdx = lines.indexOf(LAYOUT_HEADER);
  if (layoutIdx < 0) throw new LdMapParseError(`no "${LAYOUT_HEADER}" header`, 1);
  if (memIdx >= 0) {
    for (let k = memIdx + 1; k < layoutIdx; k++) {
      const line = lines[k];
      if (line === '' || line.startsWith('Name ')) continue;
      const m = REGION_LINE.exec(line);
      if (!m) throw new LdMapParseError(`unrecognised memory region line: ${line}`, k + 1);
      result.memoryRegions.push({ name: m[1], origin: BigInt('0x' + m[2]), length: BigInt('0x' + m[3]), attributes: m[4] });
    }
  }

  let current: MapOutputSection | undefined;
  for (i = layoutIdx + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    // ld appends a cross reference table with --cref; nothing of the layout follows it.
    if (line.startsWith('Cross Reference Table')) break;

    if (!line.startsWith(' ')) {
      if (TOP_LEVEL_KEYWORDS.test(line)) {
        current = undefined;
        continue;
      }
      // An output section statement.
      const m = /^(\S+)(?:\s+(.*))?$/.exec(line);
      if (!m) throw new LdMapParseError(`unrecognised line: ${line}`, i + 1);
      const section: MapOutputSection = { name: m[1] };
      let addrText = m[2];
      if (addrText === undefined && section.name.length >= SECTION_NAME_MAP_LENGTH - 1) {
        // Long names wrap (ldlang.c: len >= SECTION_NAME_MAP_LENGTH - 1): the address is on
        // the next line, indented 16 columns. A shorter name alone was never created.
        const next = lines[i + 1] ?? '';
        if (/^ {16}0x/.test(next) && OUTPUT_ADDR.test(next.trim())) {
          addrText = next.trim();
          i++;
        }
      }
      if (addrText !== undefined) {
        const a = OUTPUT_ADDR.exec(addrText.trim());
        if (!a) throw new LdMapParseError(`unrecognised output section address: ${line}`, i + 1);
        section.vma = BigInt('0x' + a[1]);
        section.size = BigInt('0x' + a[2]);
        section.lma = a[3] !== undefined ? BigInt('0x' + a[3]) : section.vma;
      }
      result.outputSections.push(section);
      current = section;
      continue;
    }

    // Indented 16 columns: assignment, data statement, object symbol, or wrapped input section.
    if (line.startsWith(' '.repeat(16))) {
      const body = line.trim();
      if (DATA_STMT.test(body)) continue;
      const assign = ASSIGN_VALUE.exec(body);
      if (assign) {
        const parsed = parseAssignmentExpression(assign[2]);
        if (parsed) {
          const valueText = assign[1];
          const hex = /^\[?0x([0-9a-fA-F]+)\]?$/.exec(valueText);
          result.assignments.push({ ...parsed, valueText, value: hex ? BigInt('0x' + hex[1]) : undefined });
          continue;
        }
      }
      // `(size before relaxing)` lines and object symbols (0xVALUE NAME) carry nothing we need.
      continue;
    }

    // Indented 1 column: input section, *fill*, FILL mask, or a wild statement.
    const body = line.slice(1);
    if (body.startsWith('*fill*') || body.startsWith('FILL mask')) continue;
    const m = /^(\S+)\s+(0x.*)$/.exec(body);
    if (m) {
      const addr = INPUT_ADDR.exec(m[2]);
      if (addr) {
        pushInput(result, current, m[1], addr);
        continue;
      }
    } else if (/^\S+$/.test(body) && body.length + 1 >= SECTION_NAME_MAP_LENGTH - 1 && !body.includes('(')) {
      // A long input section name whose address wrapped to the next line (same rule as for
      // output sections, counting the leading space). Wild statements such as `*(.x)` never
      // wrap; they are followed by their own input sections or by data statements.
      const next = lines[i + 1] ?? '';
      const addr = /^ {16}0x/.test(next) ? INPUT_ADDR.exec(next.trim()) : null;
      if (addr && !/ = /.test(addr[3]) && !DATA_STMT.test(next.trim())) {
        pushInput(result, current, body, addr);
        i++;
        continue;
      }
    }
    // Wild statements (` *(.text)`, ` EXCLUDE_FILE(…) …`) and CONSTRUCTORS lines: skip.
  }
  return result;
}

function pushInput(result: LdMap, current: MapOutputSection | undefined, name: string, addr: RegExpExecArray): void {
  // Wild statements never look like `NAME 0x… 0x… FILE`; anything that does is an input section.
  result.inputSections.push({
    outputSection: current?.name ?? '',
    name,
    file: addr[3],
    vma: BigInt('0x' + addr[1]),
    size: BigInt('0x' + addr[2]),
  });
}

/** Splits the expression column of an assignment line; undefined if it is no assignment. */
function parseAssignmentExpression(text: string): Omit<MapAssignment, 'value' | 'valueText'> | undefined {
  let m = /^PROVIDE \((\S+) = (.*)\)$/.exec(text);
  if (m) return { symbol: m[1], kind: 'provide', expression: m[2] };
  m = /^ASSERT \((.*)\)$/.exec(text);
  if (m) return { symbol: '', kind: 'assert', expression: m[1] };
  m = /^(\S+) = (.*)$/.exec(text);
  if (m) return { symbol: m[1], kind: m[1] === '.' ? 'dot' : 'assign', expression: m[2] };
  return undefined;
}

/**
 * The symbols the script defines according to the map: every non-dot assignment with a value,
 * PROVIDEs that were taken. A symbol assigned several times appears once (the map prints the
 * final value on every line that assigns it).
 */
export function scriptSymbolsFromMap(map: LdMap): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const a of map.assignments) {
    if ((a.kind === 'assign' || a.kind === 'provide') && a.value !== undefined) out.set(a.symbol, a.value);
  }
  return out;
}
