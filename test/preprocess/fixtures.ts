import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A fresh temporary directory holding the given files (paths relative to it). */
export function makeTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldscope-pp-test-'));
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  return dir;
}

export function removeTree(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** 1-based line and column of the first occurrence of `needle` in `text` (must exist). */
export function locate(text: string, needle: string, nth = 1): { line: number; column: number; offset: number } {
  let offset = -1;
  for (let k = 0; k < nth; k++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`fixture: '${needle}' (#${nth}) not found`);
  }
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1, offset };
}

/** The non-blank lines of a text: what cpp -P and cpp with markers have in common. */
export function contentLines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/** Runs a real command and returns its stdout (throws with stderr on failure). */
export function run(program: string, args: string[], cwd: string): string {
  return execFileSync(program, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
