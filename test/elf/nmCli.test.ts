/**
 * `ldscope nm` against GNU nm, byte for byte, on the real sample files with each flag
 * combination (run as child processes: `node dist/cli.js nm …`, after `npm run build`).
 * PowerPC files are compared with the PowerPC nm, whose BFD back-end knows PowerPC small data;
 * the host nm would read them as generic elf64-big.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { sample, type SampleName } from './support/samples';

const CLI = path.join(__dirname, '../../dist/cli.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[]): Run {
  const r = spawnSync(cmd, args, { env: { ...process.env, LC_ALL: 'C' }, maxBuffer: 1 << 30, encoding: 'latin1' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ldscopeNm(args: string[]): Run {
  return run(process.execPath, [CLI, 'nm', ...args]);
}

/** stderr with the program name taken off each line, so nm's and ours can be compared. */
function messages(stderr: string, program: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (l.startsWith(`${program}: `) ? l.slice(program.length + 2) : `UNEXPECTED ${l}`));
}

const FLAG_SETS: string[][] = [
  [],
  ['-n'],
  ['-r'],
  ['-nr'],
  ['-S'],
  ['-g'],
  ['--defined-only'],
  ['-p'],
  ['-n', '-S', '-g'],
  ['-r', '-S', '--defined-only'],
  ['-p', '-r'],
  ['-g', '--defined-only', '-n'],
];

const HOST_SAMPLES: SampleName[] = [
  'x86_64-exec',
  'x86_64-obj',
  'x86_64-dyn',
  'i386-obj',
  'i386-exec',
  'empty-strtab-obj',
  'many-sections-obj',
  'stripped-exec',
  'utf8-names-obj',
  'archive',
];
const PPC_SAMPLES: SampleName[] = ['ppc64-obj', 'ppc64-exec'];

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
});

describe.each([
  ['host nm', 'nm', HOST_SAMPLES],
  ['PowerPC nm', 'powerpc64-linux-gnu-nm', PPC_SAMPLES],
] as const)('several files at once, %s', (_label, nm, samples) => {
  let files: string[];
  beforeAll(() => {
    files = samples.map((s) => sample(s));
  });

  test.each(FLAG_SETS.map((f) => [f.join(' ') || '(no flags)', f] as const))('%s', (_name, flags) => {
    const theirs = run(nm, [...flags, ...files]);
    const ours = ldscopeNm([...flags, ...files]);
    expect(theirs.status).toBe(0);
    expect(ours.stdout.length).toBeGreaterThan(0);
    // toBe on the whole text: jest shows the first differing line.
    expect(ours.stdout).toBe(theirs.stdout);
    expect(messages(ours.stderr, 'ldscope')).toEqual(messages(theirs.stderr, nm));
    expect(ours.status).toBe(0);
  });
});

describe('one file at a time (no file headers)', () => {
  test.each(['x86_64-exec', 'x86_64-obj', 'i386-exec', 'archive', 'ppc64-obj'] as SampleName[])('%s', (name) => {
    const file = sample(name);
    const nm = name.startsWith('ppc64') ? 'powerpc64-linux-gnu-nm' : 'nm';
    for (const flags of [[], ['-n', '-S']]) {
      const theirs = run(nm, [...flags, file]);
      const ours = ldscopeNm([...flags, file]);
      expect(ours.stdout).toBe(theirs.stdout);
      expect(messages(ours.stderr, 'ldscope')).toEqual(messages(theirs.stderr, nm));
    }
  });

  test('a stripped file: nothing on stdout, "no symbols" on stderr, success', () => {
    const file = sample('stripped-exec');
    const ours = ldscopeNm([file]);
    expect(ours).toEqual({ status: 0, stdout: '', stderr: `ldscope: ${file}: no symbols\n` });
    expect(run('nm', [file]).stderr).toBe(`nm: ${file}: no symbols\n`);
  });

  test('an archive member that is not ELF is reported like nm does, and the exit status is 2', () => {
    const file = sample('archive-with-text');
    const theirs = run('nm', [file]);
    const ours = ldscopeNm([file]);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(messages(ours.stderr, 'ldscope')).toEqual(messages(theirs.stderr, 'nm'));
    expect(messages(ours.stderr, 'ldscope')).toEqual(['README.txt: file format not recognized']);
    expect(ours.status).toBe(2);
  });

  test('a missing file is an error naming it, the other files are still listed', () => {
    const good = sample('i386-obj');
    const ours = ldscopeNm([good, '/nonexistent/file.o']);
    expect(ours.status).toBe(2);
    expect(ours.stdout).toBe(run('nm', [good, '/nonexistent/file.o']).stdout);
    expect(ours.stderr).toBe('ldscope: /nonexistent/file.o: cannot read: no such file\n');
  });
});
