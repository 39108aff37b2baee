/**
 * Where the fuzzer's seed scripts come from: the hand-written fixtures, GNU ld's own default
 * script (`ld --verbose`), or a whole corpus directory. A seed keeps its path as its name so
 * that relative INCLUDEs in it (and in its mutants) resolve next to it, as for ld.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SeedScript {
  name: string;
  text: string;
}

/** Every file in `dir` (recursively) whose name matches `pattern`, sorted for determinism. */
export function loadSeedDirectory(dir: string, pattern: RegExp = /./): SeedScript[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && pattern.test(entry.name)) files.push(p);
    }
  };
  walk(dir);
  return files.sort().map((name) => ({ name, text: fs.readFileSync(name, 'latin1') }));
}

/**
 * The scripts of an unpacked corpus (../shared/corpus/corpus.tar.xz): the files its
 * MANIFEST.tsv and EXCLUDED.tsv list (accepted and rejected by ld alike: both are good
 * starting points), or every file when there is no manifest.
 */
export function loadCorpus(dir: string): SeedScript[] {
  const manifests = ['MANIFEST.tsv', 'EXCLUDED.tsv'].map((m) => path.join(dir, m)).filter((m) => fs.existsSync(m));
  if (manifests.length === 0) return loadSeedDirectory(dir);
  const files = new Set<string>();
  for (const manifest of manifests) {
    const [head, ...rows] = fs.readFileSync(manifest, 'utf8').split('\n').filter(Boolean);
    const column = head.split('\t').indexOf('corpus_path');
    if (column < 0) throw new Error(`${manifest}: no corpus_path column`);
    for (const row of rows) files.add(path.join(dir, row.split('\t')[column]));
  }
  return [...files].sort().map((name) => ({ name, text: fs.readFileSync(name, 'latin1') }));
}

/**
 * GNU ld's built-in default script for this machine, as `ld --verbose` prints it between two
 * lines of `=`. Generated at run time, not stored: it is the machine's real linker's script.
 */
export function ldVerboseScript(ld = 'ld'): SeedScript {
  const out = execFileSync(ld, ['--verbose'], { encoding: 'latin1' });
  const m = /^={40,}\n([\s\S]*?)^={40,}$/m.exec(out);
  if (!m) throw new Error(`${ld} --verbose printed no script between lines of '='`);
  return { name: path.join(process.cwd(), 'ld-verbose-default.x'), text: m[1] };
}
