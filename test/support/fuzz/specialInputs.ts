/**
 * Inputs no random mutation reaches: recursion 100,000 levels deep in every construct that
 * nests, files of tens of megabytes, binary garbage, bytes that are not UTF-8, NULs, every
 * single byte value, INCLUDE loops. Built lazily: the big ones are only made when run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FuzzInput } from './FuzzInput';
import { SeededRandom } from '../SeededRandom';
import type { SeedScript } from './seedScripts';

export interface SpecialInput {
  label: string;
  build(): FuzzInput;
}

export interface SpecialInputOptions {
  /** Directory for the inputs that must be real files (bytes read by the parser's own I/O). */
  tmpDir: string;
  /** A real script, repeated or salted for some cases. */
  script: SeedScript;
  /** Size of the big-file cases (the acceptance criterion says 50 MB). */
  bigBytes?: number;
  /**
   * Size of the real script repeated (defaults to bigBytes). Its AST is real-sized: about
   * 18 bytes of heap per byte of text, and the parse of one such file is bound by GC.
   */
  scriptBytes?: number;
  /**
   * Size of the big cases whose AST is far denser than a real script's (one giant expression,
   * nothing but `;`): 50 MB of `+ 1` is some 12 million nodes, 4 GB of heap.
   */
  denseBytes?: number;
  /** Nesting depth of the deep cases. */
  depth?: number;
  seed?: number;
}

function textInput(label: string, name: string, text: string): FuzzInput {
  return { label, name, text, bytes: text.length };
}

function fileInput(label: string, file: string, bytes: Buffer): FuzzInput {
  fs.writeFileSync(file, bytes);
  return { label, name: file, file, bytes: bytes.length };
}

/** A string of about `bytes` chars made of `unit` repeated, wrapped in head and tail. */
function sized(head: string, unit: string, tail: string, bytes: number): string {
  return head + unit.repeat(Math.max(1, Math.ceil((bytes - head.length - tail.length) / unit.length))) + tail;
}

/** Byte sequences that are not valid UTF-8 (overlong forms, surrogates, stray continuations). */
const INVALID_UTF8 = [
  [0xff, 0xfe],
  [0xc3, 0x28],
  [0xa0, 0xa1],
  [0xe2, 0x28, 0xa1],
  [0xed, 0xa0, 0x80],
  [0xf0, 0x28, 0x8c, 0x28],
  [0xf8, 0xa1, 0xa1, 0xa1, 0xa1],
  [0xc0, 0xaf],
  [0xfe],
  [0x80],
];

export function specialInputs(options: SpecialInputOptions): SpecialInput[] {
  const { tmpDir, script } = options;
  const big = options.bigBytes ?? 50_000_000;
  const dense = options.denseBytes ?? big;
  const repeated = options.scriptBytes ?? big;
  const n = options.depth ?? 100_000;
  const seed = options.seed ?? 1;
  const name = path.join(tmpDir, 'special.ld');
  const t = (label: string, make: () => string): SpecialInput => ({ label, build: () => textInput(label, name, make()) });

  const cases: SpecialInput[] = [
    // Deep nesting: a recursive-descent parser must turn a blown stack into a syntax error.
    t(`${n} '(' unbalanced, in an assignment`, () => `x = ${'('.repeat(n)}1;`),
    t(`${n} '(' balanced, in an assignment`, () => `x = ${'('.repeat(n)}1${')'.repeat(n)};`),
    t(`${n} '(' in an input section description`, () => `SECTIONS { .t : { *${'('.repeat(n)}.t } }`),
    t(`${n} '(' in a MEMORY origin`, () => `MEMORY { R : ORIGIN = ${'('.repeat(n)}0${')'.repeat(n)}, LENGTH = 1 }`),
    t(`${n} '(' in ASSERT`, () => `ASSERT(${'('.repeat(n)}1${')'.repeat(n)}, "deep")`),
    t(`${n} '{' at top level`, () => '{'.repeat(n)),
    t(`${n} '{' balanced, after SECTIONS`, () => `SECTIONS ${'{'.repeat(n)}${'}'.repeat(n)}`),
    t(`${n} '{' in an output section`, () => `SECTIONS { .t : ${'{'.repeat(n)} *(.t) ${'}'.repeat(n)} }`),
    t(`${n} '{' in VERSION`, () => `VERSION ${'{'.repeat(n)}`),
    t(`${n} '{' in MEMORY`, () => `MEMORY ${'{'.repeat(n)}`),
    t(`${n} unary operators`, () => `x = ${'-!~'.repeat(Math.ceil(n / 3))}1;`),
    t(`${n} nested ternaries`, () => `x = ${'1 ? '.repeat(n)}1${' : 1'.repeat(n)};`),
    t(`${n} nested SORT`, () => `SECTIONS { .t : { *(${'SORT('.repeat(n)}.t${')'.repeat(n)}) } }`),
    t(`${n} nested EXCLUDE_FILE`, () => `SECTIONS { .t : { *(${'EXCLUDE_FILE('.repeat(n)}) } }`),
    t(`${n} operands in one expression`, () => `x = 1${' + 1'.repeat(n)};`),
    t(`${Math.floor(n / 5)} output sections in one SECTIONS`, () => `SECTIONS {${' .t : { *(.t) }'.repeat(Math.floor(n / 5))} }`),
    // Big files.
    t(`${mb(big)} comment`, () => sized('x = 1; /*', ' comment text ', '*/ y = 2;', big)),
    t(`${mb(big)} unterminated comment`, () => sized('x = 1; /*', ' comment text ', '', big)),
    t(`${mb(repeated)} of a real script repeated`, () => sized('', script.text, '', repeated)),
    t(`${mb(dense)} expression`, () => sized('x = 1', ' + 0x10 * (2 - 1)', ';', dense)),
    t(`${mb(big)} name`, () => sized('', 'n', ' = 1;', big)),
    t(`${mb(big)} quoted name`, () => sized('ENTRY("', 'q', '")', big)),
    t(`${mb(dense)} of ';'`, () => ';'.repeat(dense)),
    t(`${mb(big)} of newlines`, () => '\n'.repeat(big)),
    // Binary garbage and encodings.
    t('1 MB of random bytes', () => new SeededRandom(seed).bytes(1_000_000)),
    t('a script with 64 KB of random bytes in the middle', () => {
      const at = script.text.length >> 1;
      return script.text.slice(0, at) + new SeededRandom(seed + 1).bytes(65_536) + script.text.slice(at);
    }),
    t('every byte value 0..255 in sequence, 64 times', () => allBytes().repeat(64)),
    {
      label: 'a file starting 0xff 0xfe with invalid UTF-8 in names and comments',
      build: () => fileInput('invalid UTF-8 file', path.join(tmpDir, 'invalid-utf8.ld'), invalidUtf8Script()),
    },
    {
      label: 'a UTF-16LE file with a byte-order mark',
      build: () =>
        fileInput('UTF-16LE file', path.join(tmpDir, 'utf16.ld'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(script.text, 'utf16le')])),
    },
    t('invalid UTF-8 decoded as UTF-8 (U+FFFD replacement characters)', () => invalidUtf8Script().toString('utf8')),
    t('lone surrogates and astral characters', () => script.text.replace(/;/g, ';\ud800 \udfff \ud83d\ude00 ')),
    t('NUL after every token', () => script.text.replace(/(\s+)/g, '\0$1')),
    t('NUL bytes inside names and numbers', () => 'x\0y = 0x1\x0000;\nSECTIONS { .te\0xt : { *(.te\0xt) } }'),
    // ld ignores each invalid character with a warning, so this parses, one warning a byte.
    t('256 KB of NUL bytes', () => '\0'.repeat(262_144)),
    t('empty file', () => ''),
    t('only whitespace', () => ' \t\r\n\f\v'.repeat(1000)),
    t('CR-only line endings', () => script.text.replace(/\n/g, '\r')),
    // INCLUDE: a missing file is an InputError; a file that includes itself hits ld's depth limit.
    t('INCLUDE of a missing file', () => 'INCLUDE fuzz-no-such-file.ld\n'),
    t('INCLUDE of a missing file inside SECTIONS', () => 'SECTIONS { INCLUDE fuzz-no-such-file.ld }\n'),
    {
      label: 'a file that INCLUDEs itself',
      build: () => fileInput('self INCLUDE', path.join(tmpDir, 'self.ld'), Buffer.from('INCLUDE self.ld\n')),
    },
    {
      label: 'a file that INCLUDEs itself inside an output section',
      build: () => {
        fs.writeFileSync(path.join(tmpDir, 'self-section.inc'), '*(.t) INCLUDE self-section.inc\n');
        const main = Buffer.from('SECTIONS { .t : { INCLUDE self-section.inc } }\n');
        return fileInput('self INCLUDE in section', path.join(tmpDir, 'self-section.ld'), main);
      },
    },
  ];
  // Each byte value alone, and in an expression and in an input section description.
  for (let b = 0; b < 256; b++) {
    const c = String.fromCharCode(b);
    const hex = b.toString(16).padStart(2, '0');
    cases.push(t(`byte 0x${hex} in three contexts`, () => `${c}\nx = 1 ${c} 2;\nSECTIONS { .t : { *(.t${c}) ${c} } ${c} }\n`));
  }
  return cases;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes >= 1e6 ? 0 : 1)} MB`;
}

function allBytes(): string {
  let s = '';
  for (let b = 0; b < 256; b++) s += String.fromCharCode(b);
  return s;
}

function invalidUtf8Script(): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0xfe])];
  INVALID_UTF8.forEach((bytes, i) => {
    parts.push(Buffer.from(`/* comment `), Buffer.from(bytes), Buffer.from(` */\nsym${i}`), Buffer.from(bytes));
    parts.push(Buffer.from(` = 0x${i};\nSECTIONS { .s${i}`), Buffer.from(bytes), Buffer.from(' : { *(.s'), Buffer.from(bytes), Buffer.from(') } }\n'));
  });
  return Buffer.concat(parts);
}
