/**
 * The mini-Xen sample (samples/mini-xen) built with the machine's make, gcc and ld. It is built
 * once into a directory named by a hash of the sample's files, so the test files of this
 * directory (separate jest workers) share one build; a build goes to a fresh directory that is
 * renamed into place, so concurrent builders do not clash.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { C_LOCALE_ENV } from './realTools';

export const MINI_XEN_SOURCE = path.resolve(__dirname, '../../../../samples/mini-xen');

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

/** The build directory (xen-syms, xen-pad-syms, xen-era1..3, arch/x86/boot/mkelf32 …). */
export function miniXenBuild(): string {
  const hash = createHash('sha256');
  for (const file of listFiles(MINI_XEN_SOURCE)) {
    // Outputs of an in-tree build are not part of the recipe.
    if (/\.(o|d|cmd|lds|elf32)$|\/xen-(syms|pad-syms|era\d)$|\/mkelf32$|\/prelink\.o$/.test(file)) continue;
    hash.update(path.relative(MINI_XEN_SOURCE, file)).update('\0').update(fs.readFileSync(file));
  }
  const dir = path.join(os.tmpdir(), `ldscope-minixen-${hash.digest('hex').slice(0, 16)}`);
  if (fs.existsSync(path.join(dir, 'xen-era3'))) return dir;
  const work = fs.mkdtempSync(`${dir}.tmp-`);
  const r = spawnSync('make', ['-s', '-C', MINI_XEN_SOURCE, `O=${work}`], { encoding: 'utf8', env: C_LOCALE_ENV });
  if (r.status !== 0) throw new Error(`building mini-xen failed:\n${r.stdout}${r.stderr}`);
  try {
    fs.renameSync(work, dir);
  } catch {
    // Another worker got there first.
    fs.rmSync(work, { recursive: true, force: true });
  }
  return dir;
}
