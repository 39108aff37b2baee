/**
 * Ground truth for a differential case: assemble and link it with the machine's real GNU
 * `as`/`ld`, then read what ld produced.
 *
 * Sources of truth, each for what it is right about:
 * - ld's map file: output sections (order, VMA, size, and the LMA as ld computed it) and the
 *   list of symbols the script assigns.
 * - the ELF's section headers: which of the map's sections survived (ld prints removed empty
 *   sections in the map too, with size 0).
 * - the ELF's symbol table: final values of script symbols (cross-checked with the map).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LdResult, LdSection, LinkCase } from './caseTypes';
import { parseLdMap, scriptSymbolsFromMap, MapOutputSection } from './parseLdMap';
import { readElfFacts, SYNTHESISED_SECTIONS, ElfFacts } from './readElfFacts';

export const SCRIPT_FILE = 'script.ld';
export const MAP_FILE = 'out.map';
export const ELF_FILE = 'out.elf';

export function emulationOf(c: LinkCase): string {
  return c.arch === 'i386' ? 'elf_i386' : 'elf_x86_64';
}

/**
 * Input files in command-line order: objects given directly (in case order), then each
 * archive once, wrapped in --whole-archive so every member is linked (as the evaluator
 * assumes; without it ld would pull only members that resolve undefined symbols).
 */
export function ldInputArgs(c: LinkCase): string[] {
  const args: string[] = [];
  const archives: string[] = [];
  for (const o of c.objects) {
    if (o.archive === undefined) args.push(o.name);
    else if (!archives.includes(o.archive)) archives.push(o.archive);
  }
  if (archives.length > 0) args.push('--whole-archive', ...archives, '--no-whole-archive');
  return args;
}

/** The full ld argument list (run in the case directory). */
export function ldCommandLine(c: LinkCase): string[] {
  return ['-m', emulationOf(c), ...c.ldArgs, '-T', SCRIPT_FILE, `-Map=${MAP_FILE}`, '-o', ELF_FILE, ...ldInputArgs(c)];
}

/** Writes the sources, assembles them and builds archives. Throws if `as`/`ar` fail. */
export function assembleCase(c: LinkCase, dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const asFlag = c.arch === 'i386' ? '--32' : '--64';
  const members = new Map<string, string[]>();
  for (const o of c.objects) {
    const src = o.name.replace(/\.o$/, '') + '.s';
    fs.writeFileSync(path.join(dir, src), o.asm);
    const r = spawnSync('as', [asFlag, '-o', o.name, src], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`as failed on ${o.name} (case seed ${c.seed}):\n${r.stderr}`);
    if (o.archive !== undefined) {
      const list = members.get(o.archive) ?? [];
      list.push(o.name);
      members.set(o.archive, list);
    }
  }
  for (const [archive, objs] of members) {
    fs.rmSync(path.join(dir, archive), { force: true });
    execFileSync('ar', ['rcsD', archive, ...objs], { cwd: dir });
  }
  fs.writeFileSync(path.join(dir, SCRIPT_FILE), c.script);
}

export function linkCase(c: LinkCase, dir: string): LdResult {
  const t0 = performance.now();
  assembleCase(c, dir);
  const t1 = performance.now();
  for (const f of [MAP_FILE, ELF_FILE]) fs.rmSync(path.join(dir, f), { force: true });
  const ld = spawnSync('ld', ldCommandLine(c), { cwd: dir, encoding: 'utf8' });
  const t2 = performance.now();
  const files = {
    dir,
    script: path.join(dir, SCRIPT_FILE),
    map: path.join(dir, MAP_FILE),
    elf: path.join(dir, ELF_FILE),
  };
  const result: LdResult = {
    ok: ld.status === 0 && fs.existsSync(files.elf),
    stderr: ld.stderr ?? '',
    sections: [],
    symbols: new Map(),
    removedSections: [],
    elfSectionOrder: [],
    inputSections: [],
    assignments: [],
    inconsistencies: [],
    files,
    timing: { asMs: t1 - t0, ldMs: t2 - t1, readMs: 0 },
  };
  if (ld.error) throw ld.error;
  if (!result.ok) return result;

  const map = parseLdMap(fs.readFileSync(files.map, 'utf8'));
  const elf = readElfFacts(files.elf);
  result.inputSections = map.inputSections;
  result.assignments = map.assignments;
  matchSections(map.outputSections, elf, result);
  collectSymbols(scriptSymbolsFromMap(map), elf, c.arch === 'i386' ? 32 : 64, result);
  result.timing.readMs = performance.now() - t2;
  return result;
}

/**
 * Pairs the map's created output sections with the ELF's section headers by name (and by
 * address and size where a name repeats). A map
 * section with a header is kept; one without a header and with size 0 was removed by ld as
 * empty (strip_excluded_output_sections keeps the BFD section, so the map still prints it);
 * anything else is an inconsistency.
 *
 * By name and not by position: the section header order is ld's BFD section list, which is
 * not always the statement order of the map. When an orphan input lands in a script output
 * statement that had no section yet (its own patterns matched nothing), ld creates that
 * section late and it ends up last in the header table, wherever its address is.
 */
function matchSections(mapSections: MapOutputSection[], elf: ElfFacts, result: LdResult): void {
  const headers = elf.sections.filter((s) => s.index !== 0 && !SYNTHESISED_SECTIONS.has(s.name));
  result.elfSectionOrder = headers.map((h) => h.name);
  const used = headers.map(() => false);
  for (const ms of mapSections) {
    if (ms.vma === undefined || ms.size === undefined || ms.lma === undefined) continue; // never created
    if (ms.name === '/DISCARD/') continue;
    const section: LdSection = { name: ms.name, vma: ms.vma, lma: ms.lma, size: ms.size };
    // Exact match first: one name can head two statements (a script statement ld emptied and
    // removed, plus an orphan statement of the same name it created because the flags
    // differed, e.g. a NOLOAD `.bss` and orphan `.bss` inputs).
    let k = headers.findIndex((h, i) => !used[i] && h.name === ms.name && h.addr === ms.vma && h.size === ms.size);
    if (k < 0 && ms.size !== 0n) k = headers.findIndex((h, i) => !used[i] && h.name === ms.name);
    if (k >= 0) {
      used[k] = true;
      const h = headers[k];
      result.sections.push(section);
      if (h.addr !== ms.vma) result.inconsistencies.push(`${ms.name}: map VMA ${hex(ms.vma)} but ELF sh_addr ${hex(h.addr)}`);
      if (h.size !== ms.size) result.inconsistencies.push(`${ms.name}: map size ${hex(ms.size)} but ELF sh_size ${hex(h.size)}`);
    } else if (ms.size === 0n) {
      result.removedSections.push(section);
    } else {
      result.inconsistencies.push(`${ms.name}: map size ${hex(ms.size)} but no such section header in the ELF`);
      result.sections.push(section);
    }
  }
  headers.forEach((h, i) => {
    if (!used[i]) result.inconsistencies.push(`ELF section ${h.name} not in the map`);
  });
}

/**
 * Final values of the script's symbols from the ELF symbol table; the map's value for each
 * must agree (modulo the address width: the map of an elf32 link prints 32-bit values).
 */
function collectSymbols(fromMap: Map<string, bigint>, elf: ElfFacts, bits: 32 | 64, result: LdResult): void {
  const mask = (1n << BigInt(bits)) - 1n;
  const byName = new Map<string, bigint[]>();
  for (const s of elf.symbols) {
    const list = byName.get(s.name) ?? [];
    list.push(s.value);
    byName.set(s.name, list);
  }
  for (const [name, mapValue] of fromMap) {
    const values = byName.get(name);
    if (values === undefined) {
      result.inconsistencies.push(`symbol ${name}: in the map (${hex(mapValue)}) but not in the ELF symbol table`);
      result.symbols.set(name, mapValue & mask);
      continue;
    }
    if (new Set(values).size > 1) result.inconsistencies.push(`symbol ${name}: several ELF values ${values.map(hex).join(', ')}`);
    result.symbols.set(name, values[0]);
    if ((mapValue & mask) !== values[0]) {
      result.inconsistencies.push(`symbol ${name}: map says ${hex(mapValue)}, ELF says ${hex(values[0])}`);
    }
  }
}

function hex(v: bigint): string {
  return '0x' + v.toString(16);
}
