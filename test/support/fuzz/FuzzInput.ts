/**
 * One fuzz input, and the property every input must satisfy: the parser returns an AST or
 * throws a clean ScriptSyntaxError (an InputError only for an INCLUDE it cannot find), never
 * anything else, and it finishes within a bound that only a hang exceeds.
 */
import * as fs from 'node:fs';
import type { ParserUnderTest } from './ParserUnderTest';

export interface FuzzInput {
  /** What the input is, for reports: `seed-file +mutation +mutation` or a special case's name. */
  label: string;
  /** The name the parser sees; relative INCLUDEs are looked up next to it. */
  name: string;
  /** The text to parse (as ldscope reads files: latin1, one char per byte)… */
  text?: string;
  /** …or a file to parse with parseScriptFile (for inputs whose bytes matter, e.g. 0xff 0xfe). */
  file?: string;
  /** Size in bytes (chars), for the time bound and the report. */
  bytes: number;
}

export type OutcomeKind = 'accepted' | 'syntax-error' | 'include-error' | 'crash';

export interface FuzzOutcome {
  kind: OutcomeKind;
  /** Wall time of the parse, in milliseconds. */
  ms: number;
  /** True when `ms` exceeds hangBoundMs: the parser as good as hung. */
  tooSlow: boolean;
  /** For a crash: the exception's stack (or why a syntax error is not clean). */
  detail?: string;
}

/**
 * How long a parse may take before it counts as a hang: 10 s per MB, at least 10 s. This is
 * a hang detector, not a benchmark (scripts/bench-parse.js measures speed): two orders of
 * magnitude above the parser's normal speed, so a loaded machine does not trip it.
 */
export function hangBoundMs(bytes: number): number {
  return Math.max(10_000, (bytes / 1_000_000) * 10_000);
}

/** A syntax error is clean when it starts `file:line:col: error:` with real numbers. */
const CLEAN_SYNTAX_ERROR = /^[^\n]*:([1-9]\d*):([1-9]\d*): error: \S/;

export function runInput(parser: ParserUnderTest, input: FuzzInput): FuzzOutcome {
  const start = process.hrtime.bigint();
  let kind: OutcomeKind;
  let detail: string | undefined;
  try {
    if (input.file !== undefined) parser.parseScriptFile(input.file);
    else parser.parseScript(new parser.SourceFile(input.name, input.text ?? ''));
    kind = 'accepted';
  } catch (e) {
    ({ kind, detail } = classifyError(parser, input, e));
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { kind, ms, tooSlow: ms > hangBoundMs(input.bytes), detail };
}

function classifyError(parser: ParserUnderTest, input: FuzzInput, e: unknown): { kind: OutcomeKind; detail?: string } {
  if (e instanceof parser.ScriptSyntaxError) {
    if (CLEAN_SYNTAX_ERROR.test(e.message)) return { kind: 'syntax-error' };
    return { kind: 'crash', detail: `ScriptSyntaxError without a file:line:col: location:\n${e.message}` };
  }
  // The only I/O a parse does is INCLUDE; a damaged INCLUDE name is a missing file.
  if (e instanceof parser.InputError && /INCLUDE/.test(e.message) && mentionsInclude(input)) {
    return { kind: 'include-error' };
  }
  const stack = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : `non-Error thrown: ${String(e)}`;
  return { kind: 'crash', detail: stack };
}

function mentionsInclude(input: FuzzInput): boolean {
  const text = input.text ?? fs.readFileSync(input.file ?? '', 'latin1');
  return text.includes('INCLUDE');
}
