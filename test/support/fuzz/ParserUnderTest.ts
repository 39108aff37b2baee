/**
 * The parser the fuzzer drives, passed in rather than imported: the jest test hands over the
 * TypeScript sources (src/), the CLI runner (scripts/fuzz.js) the compiled build (dist/).
 * Only types are imported here, so this engine never pulls a second copy of the parser in,
 * and `instanceof` checks use the error classes of the parser actually under test.
 */
import type { InputError, ScriptSyntaxError } from '../../../src/diagnostics/errors';
import type { SourceFile } from '../../../src/diagnostics/SourceFile';
import type { parseScript, parseScriptFile } from '../../../src/script/ScriptParser';

export interface ParserUnderTest {
  parseScript: typeof parseScript;
  parseScriptFile: typeof parseScriptFile;
  SourceFile: typeof SourceFile;
  ScriptSyntaxError: typeof ScriptSyntaxError;
  InputError: typeof InputError;
}
