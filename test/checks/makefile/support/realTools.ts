/**
 * Runs the machine's real tools for comparison, many invocations per shell so that a few
 * hundred cases cost one process start rather than hundreds. Everything runs in the C locale.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const C_LOCALE_ENV = { ...process.env, LC_ALL: 'C' };

export interface ToolRun {
  status: number;
  stdout: string;
}

/** Quotes a word for sh. */
export function shQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs `command args…` with `input` on standard input, for every case, in one sh process.
 * Outputs are written to numbered files so that any bytes (no final newline …) survive.
 */
export function runToolBatch(command: string, cases: { args: string[]; input: string }[]): ToolRun[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-tools-'));
  try {
    const lines: string[] = [];
    cases.forEach((c, k) => {
      fs.writeFileSync(path.join(dir, `${k}.in`), c.input);
      lines.push(`${command} ${c.args.map(shQuote).join(' ')} < ${k}.in > ${k}.out 2>/dev/null; echo $? > ${k}.status`);
    });
    fs.writeFileSync(path.join(dir, 'run.sh'), lines.join('\n') + '\n');
    const r = spawnSync('sh', ['run.sh'], { cwd: dir, env: C_LOCALE_ENV, encoding: 'utf8' });
    if (r.error) throw r.error;
    return cases.map((_, k) => ({
      status: Number(fs.readFileSync(path.join(dir, `${k}.status`), 'utf8').trim()),
      stdout: fs.readFileSync(path.join(dir, `${k}.out`), 'utf8'),
    }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
