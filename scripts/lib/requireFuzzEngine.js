// Loads the fuzz engine (test/support/fuzz/*.ts) into plain Node by transpiling it on the fly
// with the project's own TypeScript, so scripts/fuzz.js and the jest test run one and the same
// implementation. Only the engine's directory is compiled this way: the parser itself must
// come from dist/, and the engine imports nothing but types from src/ (erased here).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const engineDir = path.resolve(__dirname, '..', '..', 'test', 'support', 'fuzz');
// The engine's one import outside its directory: the test tools' shared random source.
const sharedRandom = path.resolve(engineDir, '..', 'SeededRandom.ts');
const previous = require.extensions['.ts'];

require.extensions['.ts'] = function compileEngineModule(module, filename) {
  if (path.dirname(filename) !== engineDir && filename !== sharedRandom) {
    if (previous) return previous(module, filename);
    throw new Error(`requireFuzzEngine: refusing to compile ${filename} (only ${engineDir} is compiled here)`);
  }
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
  });
  module._compile(outputText, filename);
};

/** require() of one engine module by its base name, e.g. requireFuzzEngine('FuzzInput'). */
module.exports = function requireFuzzEngine(name) {
  return require(path.join(engineDir, `${name}.ts`));
};
