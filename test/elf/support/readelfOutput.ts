/**
 * Reads what `readelf -hSlsW` prints (binutils 2.40) into plain records, so the tests can
 * compare ldscope's ELF reader with readelf field by field.
 */
import { execFileSync } from 'child_process';

export interface ReadelfHeader {
  class: string;
  data: string;
  type: string;
  entry: bigint;
}

export interface ReadelfSection {
  index: number;
  name: string;
  type: string;
  addr: bigint;
  offset: bigint;
  size: bigint;
  entsize: bigint;
  flags: string;
  link: number;
  info: number;
  align: bigint;
}

export interface ReadelfSegment {
  type: string;
  offset: bigint;
  vaddr: bigint;
  paddr: bigint;
  filesz: bigint;
  memsz: bigint;
  flags: string;
  align: bigint;
  sections: string[];
}

export interface ReadelfSymbol {
  index: number;
  value: bigint;
  size: bigint;
  type: string;
  bind: string;
  vis: string;
  ndx: string;
  name: string;
}

export interface ReadelfOutput {
  header: ReadelfHeader;
  sectionCount: number;
  sections: ReadelfSection[];
  segments: ReadelfSegment[];
  symbolTables: Map<string, ReadelfSymbol[]>;
}

const hex = (s: string) => BigInt('0x' + s);

export function runReadelf(file: string): ReadelfOutput {
  const text = execFileSync('readelf', ['-hSlsW', file], { maxBuffer: 1 << 30, env: { ...process.env, LC_ALL: 'C' } }).toString(
    'utf8',
  );
  return parseReadelf(text);
}

export function parseReadelf(text: string): ReadelfOutput {
  const lines = text.split('\n');
  const field = (label: string): string => {
    const line = lines.find((l) => l.trimStart().startsWith(label + ':'));
    if (line === undefined) throw new Error(`readelf output has no '${label}' line`);
    return line.slice(line.indexOf(':') + 1).trim();
  };
  const header: ReadelfHeader = {
    class: field('Class'),
    data: field('Data'),
    type: field('Type').split(' ')[0],
    entry: BigInt(field('Entry point address')),
  };
  // "9", or "0 (66008)" when the count is in section 0 (extended numbering).
  const count = /^(\d+)(?: \((\d+)\))?/.exec(field('Number of section headers'))!;
  const sectionCount = Number(count[2] ?? count[1]);

  const sections: ReadelfSection[] = [];
  const segments: ReadelfSegment[] = [];
  const symbolTables = new Map<string, ReadelfSymbol[]>();
  let mode: 'none' | 'sections' | 'segments' | 'mapping' | 'symbols' = 'none';
  let table: ReadelfSymbol[] = [];
  for (const line of lines) {
    if (line.startsWith('Section Headers:')) mode = 'sections';
    else if (line.startsWith('Program Headers:')) mode = 'segments';
    else if (line.startsWith(' Section to Segment mapping:')) mode = 'mapping';
    else if (line.startsWith('Symbol table ')) {
      mode = 'symbols';
      table = [];
      symbolTables.set(/^Symbol table '([^']*)'/.exec(line)![1], table);
    } else if (line.startsWith('Key to Flags:')) mode = 'none';
    else if (mode === 'sections') {
      const m = /^\s*\[\s*(\d+)\] (.*)$/.exec(line);
      if (!m) continue;
      // The name is padded to 17 columns (longer names push the rest right); no test name has spaces.
      const rest = m[2];
      const name = rest.startsWith(' ') ? '' : rest.split(' ')[0];
      const fields =
        /^(.*?)\s+([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+)\s+([A-Za-z]*)\s+(\d+)\s+(\d+)\s+(\d+)$/.exec(
          rest.slice(name.length),
        );
      if (!fields) throw new Error(`cannot read readelf section line: ${line}`);
      sections.push({
        index: Number(m[1]),
        name,
        type: fields[1].trim(),
        addr: hex(fields[2]),
        offset: hex(fields[3]),
        size: hex(fields[4]),
        entsize: hex(fields[5]),
        flags: fields[6],
        link: Number(fields[7]),
        info: Number(fields[8]),
        align: BigInt(fields[9]),
      });
    } else if (mode === 'segments') {
      const m = /^  (\S+)\s+0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) 0x([0-9a-f]+) (.{3}) 0x([0-9a-f]+)$/.exec(line);
      if (!m) continue;
      segments.push({
        type: m[1],
        offset: hex(m[2]),
        vaddr: hex(m[3]),
        paddr: hex(m[4]),
        filesz: hex(m[5]),
        memsz: hex(m[6]),
        flags: m[7],
        align: hex(m[8]),
        sections: [],
      });
    } else if (mode === 'mapping') {
      const m = /^   (\d+)     (.*)$/.exec(line);
      if (!m) continue;
      segments[Number(m[1])].sections = m[2].split(' ').filter((s) => s !== '');
    } else if (mode === 'symbols') {
      const m = /^\s*(\d+): ([0-9a-f]+)\s+(0x[0-9a-f]+|\d+) (\S+)\s+(\S+)\s+(\S+)\s+(UND|ABS|COM|LARGE_COM|\d+|\S+\[0x[0-9a-f]+\]) (.*)$/.exec(
        line,
      );
      if (!m) continue;
      table.push({
        index: Number(m[1]),
        value: hex(m[2]),
        size: BigInt(m[3]),
        type: m[4],
        bind: m[5],
        vis: m[6],
        ndx: m[7],
        name: m[8],
      });
    }
  }
  return { header, sectionCount, sections, segments, symbolTables };
}
