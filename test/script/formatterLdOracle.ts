/**
 * Asks the real GNU ld whether it reads a script to the end without a syntax error.
 *
 * `ld -T script` with no inputs stops at the first syntax error, or at a fatal error while
 * parsing (a MEMORY attribute it does not know, a non-constant fill, …), or else after
 * parsing with "no input files" — or with a later complaint, e.g. about an INPUT file. To
 * know that ld really parsed the whole script, a canary line `)` is appended: ld must report
 * a syntax error on exactly that line and nowhere else. Warnings and non-syntax errors ld
 * prints while parsing (an undeclared region, an unknown LD_FEATURE) are allowed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface LdVerdict {
  /** ld parsed every line of the script. */
  readsWholeScript: boolean;
  stderr: string;
}

export function ldReadsScript(text: string, dir: string, includeFiles: readonly string[] = []): LdVerdict {
  for (const f of includeFiles) fs.writeFileSync(path.join(dir, f), '');
  const file = path.join(dir, 'fmt-check.ld');
  const body = text.endsWith('\n') || text === '' ? text : text + '\n';
  const canaryLine = body.split('\n').length;
  fs.writeFileSync(file, `${body})\n`, 'latin1');
  const r = spawnSync('ld', ['-T', path.basename(file), '-o', '/dev/null'], { cwd: dir, encoding: 'latin1' });
  const stderr = r.stderr ?? '';
  const problems = stderr
    .split('\n')
    .filter((l) => /syntax error|invalid character|memory exhausted/.test(l))
    .filter((l) => !l.endsWith(`fmt-check.ld:${canaryLine}: syntax error`));
  const canarySeen = stderr.includes(`fmt-check.ld:${canaryLine}: syntax error`);
  return { readsWholeScript: r.signal === null && canarySeen && problems.length === 0, stderr };
}
