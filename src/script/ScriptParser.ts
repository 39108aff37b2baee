/**
 * Turns linker-script text into the AST: runs the peggy parser generated from
 * grammar/ldScript.peggy, renders its failures as gcc-style syntax errors, and resolves
 * INCLUDE the way ld does (each included file is parsed in the context of its INCLUDE).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as generated from '../generated/ldScript';
import { InputError, ScriptSyntaxError, renderDiagnostic } from '../diagnostics/errors';
import { SourceFile } from '../diagnostics/SourceFile';
import type {
  Include,
  MemoryCommand,
  Script,
  SectionStatement,
  SectionsCommand,
  TopLevelCommand,
} from './ast';
import { describeExpected } from './expectedTokens';

/** A non-fatal lexer message, as ld prints it ("ignoring invalid character …"). */
export interface ScriptWarning {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface ParseOptions {
  /** `-L` directories, searched for INCLUDE after the including file's directory. */
  libraryPaths?: string[];
  /** Collects lexer warnings; ld prints them and goes on. */
  warnings?: ScriptWarning[];
  /**
   * Text to use for an INCLUDE file that cannot be found (the corpus check stands in empty
   * files for INCLUDEs a package does not ship). Without it a missing file is an error.
   */
  missingInclude?: (name: string) => string | undefined;
}

type StartRule = 'ScriptFile' | 'SectionsFile' | 'StatementsFile' | 'MemoryFile';

/** ld's limit is MAX_INCLUDE_DEPTH (10) in ldlex.l. */
const MAX_INCLUDE_DEPTH = 10;

/** Parses one script (already read) and everything it INCLUDEs. */
export function parseScript(source: SourceFile, options: ParseOptions = {}): Script {
  const parsed = runParser(source, 'ScriptFile', options);
  const script = parsed.value as Script;
  if (parsed.hasIncludes) resolveIncludes(script.commands, 'ScriptFile', source, options, 0);
  return script;
}

/** Reads and parses a script file. */
export function parseScriptFile(file: string, options: ParseOptions = {}): Script {
  return parseScript(new SourceFile(file, readText(file)), options);
}

export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch (e) {
    throw new InputError(`ldscope: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** What the generated parser returned, and whether it made any INCLUDE nodes (to resolve). */
interface ParserRun {
  value: unknown;
  hasIncludes: boolean;
}

function runParser(source: SourceFile, startRule: StartRule, options: ParseOptions): ParserRun {
  const warnings: { offset: number; message: string }[] = [];
  // The grammar adds every INCLUDE node it makes to `includes`.
  const includes: unknown[] = [];
  const parserOptions = { startRule, sourceFile: source, warnings, includes, grammarSource: source.name };
  let result: unknown;
  try {
    // First without recording what each failed alternative expected (peggy's
    // peg$silentFails): that bookkeeping is only needed for an error message, and most
    // scripts have no error. A failure is parsed again with it on.
    result = generated.parse(source.text, { ...parserOptions, peg$silentFails: 1 } as generated.ParseOptions<StartRule>);
  } catch (first) {
    if (!(first instanceof generated.SyntaxError)) throw toSyntaxError(first, source);
    warnings.length = 0;
    includes.length = 0;
    try {
      result = generated.parse(source.text, parserOptions as generated.ParseOptions<StartRule>);
    } catch (e) {
      // ld prints what it skipped before it gives up, so keep the warnings of a failed parse.
      reportWarnings(warnings, source, options);
      throw toSyntaxError(e, source);
    }
  }
  reportWarnings(warnings, source, options);
  return { value: result, hasIncludes: includes.length > 0 };
}

function reportWarnings(warnings: { offset: number; message: string }[], source: SourceFile, options: ParseOptions): void {
  if (!options.warnings) return;
  for (const w of warnings.sort((a, b) => a.offset - b.offset)) {
    const p = source.position(w.offset);
    options.warnings.push({ file: p.file, line: p.line, column: p.column, message: w.message });
  }
}

function toSyntaxError(e: unknown, source: SourceFile): Error {
  if (e instanceof generated.SyntaxError) {
    const offset = e.location.start.offset;
    const reason = e.expected
      ? `syntax error: ${describeExpected(e.expected, e.found ?? null)}`
      : `syntax error: ${e.message}`;
    return syntaxErrorAt(source, offset, reason);
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    // ld's bison parser stops at a fixed depth too ("memory exhausted").
    return syntaxErrorAt(source, 0, 'syntax error: nesting too deep to parse');
  }
  return e as Error;
}

function syntaxErrorAt(source: SourceFile, offset: number, reason: string): ScriptSyntaxError {
  const pos = source.position(offset);
  return new ScriptSyntaxError(reason, pos, renderDiagnostic('error', reason, pos, source.displayLine(pos)));
}

/**
 * ld's INCLUDE search (ldfile.c ldfile_find_command_file): the name as given (relative to
 * the current directory), then each -L directory, then the including script's directory.
 */
export function findIncludeFile(name: string, includingFile: string, libraryPaths: string[]): string | undefined {
  const candidates = path.isAbsolute(name)
    ? [name]
    : [name, ...libraryPaths.map((d) => path.join(d, name)), path.join(path.dirname(includingFile), name)];
  return candidates.find((c) => {
    try {
      return fs.statSync(c).isFile();
    } catch {
      return false;
    }
  });
}

type Command = TopLevelCommand | SectionsCommand | SectionStatement | MemoryCommand;

function resolveIncludes(
  nodes: readonly Command[],
  context: StartRule,
  source: SourceFile,
  options: ParseOptions,
  depth: number,
): void {
  for (const node of nodes) {
    switch (node.kind) {
      case 'Include': {
        const inc = node;
        if (depth >= MAX_INCLUDE_DEPTH) {
          throw syntaxErrorAt(source, inc.range.start, 'includes nested too deeply');
        }
        const found = findIncludeFile(inc.file, source.name, options.libraryPaths ?? []);
        const standIn = found ? undefined : options.missingInclude?.(inc.file);
        if (!found && standIn === undefined) {
          const pos = source.position(inc.range.start);
          throw new InputError(
            renderDiagnostic('error', `cannot find INCLUDE file ${inc.file}`, pos, source.displayLine(pos)),
          );
        }
        const included = found ? new SourceFile(found, readText(found)) : new SourceFile(inc.file, standIn ?? '');
        const parsed = runParser(included, context, options);
        const commands = (context === 'ScriptFile' ? (parsed.value as Script).commands : parsed.value) as Command[];
        if (found) inc.resolvedPath = found;
        inc.commands = commands as never[];
        if (parsed.hasIncludes) resolveIncludes(commands, context, included, options, depth + 1);
        break;
      }
      case 'Sections':
      case 'SectionsGroup':
        resolveIncludes(node.commands, 'SectionsFile', source, options, depth);
        break;
      case 'Memory':
        resolveIncludes(node.regions, 'MemoryFile', source, options, depth);
        break;
      case 'OutputSection':
        resolveIncludes(node.statements, 'StatementsFile', source, options, depth);
        break;
      case 'Overlay':
        for (const s of node.sections) {
          resolveIncludes(s.statements, 'StatementsFile', source, options, depth);
        }
        break;
      default:
        break;
    }
  }
}
