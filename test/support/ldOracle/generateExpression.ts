/**
 * Random linker-script expressions for symbol values (never for addresses: an expression that
 * moves `.` must stay predictable enough for ld to accept the case).
 *
 * ld has no `^` operator (ldlex.l), so XOR is never drawn. Everything it draws is valid for ld: divisors and moduli are non-zero constants, shift
 * counts are small constants, symbols are ones already defined (script or object) except
 * inside DEFINED(), and section names are ones the script declares.
 */
import { ScriptBuilder, hex } from './scriptBuilder';

export interface ExpressionScope {
  /** `.` may appear (inside SECTIONS). */
  allowDot: boolean;
}

const BINARY_OPS: ReadonlyArray<readonly [number, string]> = [
  [6, '+'], [4, '-'], [2, '*'], [1, '/'], [1, '%'], [2, '&'], [2, '|'],
  [1, '<<'], [1, '>>'], [1, '=='], [1, '!='], [1, '<'], [1, '>='], [0.5, '&&'], [0.5, '||'],
];

const OP_TAG: Record<string, string> = {
  '*': 'arith-mul', '/': 'arith-div', '%': 'arith-mod', '&': 'arith-bitwise', '|': 'arith-bitwise',
'<<': 'arith-shift', '>>': 'arith-shift', '==': 'arith-compare',
  '!=': 'arith-compare', '<': 'arith-compare', '>=': 'arith-compare', '&&': 'arith-logical', '||': 'arith-logical',
};

export function generateExpression(b: ScriptBuilder, scope: ExpressionScope, depth = 0): string {
  const rng = b.rng;
  if (depth >= 3 || rng.chance(0.45)) return leaf(b, scope);
  const form = rng.weighted([
    [6, 'binary'], [1.5, 'minmax'], [1, 'ternary'], [1, 'unary'], [1, 'absolute'], [1, 'align2'], [0.6, 'defined'],
    [0.3, 'log2ceil'],
  ] as const);
  switch (form) {
    case 'binary': {
      const op = rng.weighted(BINARY_OPS);
      if (OP_TAG[op]) b.tag(OP_TAG[op]);
      const lhs = generateExpression(b, scope, depth + 1);
      let rhs: string;
      if (op === '/' || op === '%') rhs = hex(rng.int(1, 0x1000));
      else if (op === '<<' || op === '>>') rhs = String(rng.int(0, 12));
      else rhs = generateExpression(b, scope, depth + 1);
      if (op === '-') b.tag('arith-sub');
      return `(${lhs} ${op} ${rhs})`;
    }
    case 'minmax': {
      const f = rng.pick(['MIN', 'MAX']);
      b.tag(f);
      return `${f}(${generateExpression(b, scope, depth + 1)}, ${generateExpression(b, scope, depth + 1)})`;
    }
    case 'ternary':
      b.tag('ternary');
      return `(${generateExpression(b, scope, depth + 1)} ? ${generateExpression(b, scope, depth + 1)} : ${generateExpression(b, scope, depth + 1)})`;
    case 'unary': {
      const op = rng.pick(['-', '~', '!']);
      b.tag(op === '!' ? 'arith-logical' : 'arith-unary');
      return `${op}(${generateExpression(b, scope, depth + 1)})`;
    }
    case 'absolute':
      b.tag('ABSOLUTE');
      return `ABSOLUTE(${generateExpression(b, scope, depth + 1)})`;
    case 'align2':
      b.tag('ALIGN-expr');
      return `ALIGN(${generateExpression(b, scope, depth + 1)}, ${hex(1n << BigInt(rng.int(0, 12)))})`;
    case 'defined': {
      b.tag('DEFINED', 'ternary');
      const name = rng.chance(0.5) ? anySymbol(b) ?? 'nosuch_sym' : rng.pick(['nosuch_sym', 'also_undefined']);
      const fallback = generateExpression(b, scope, depth + 1);
      // Only a symbol known to be defined may appear outside DEFINED().
      const known = b.scriptSymbols.includes(name) || b.objectSymbols.includes(name);
      return `(DEFINED(${name}) ? ${known ? name : hex(rng.int(0, 0xffff))} : ${fallback})`;
    }
    case 'log2ceil':
      b.tag('LOG2CEIL');
      return `LOG2CEIL(${generateExpression(b, scope, depth + 1)})`;
  }
}

function anySymbol(b: ScriptBuilder): string | undefined {
  const all = [...b.scriptSymbols, ...b.objectSymbols];
  return all.length > 0 ? b.rng.pick(all) : undefined;
}

function leaf(b: ScriptBuilder, scope: ExpressionScope): string {
  const rng = b.rng;
  const choices: Array<readonly [number, string]> = [[4, 'number']];
  if (scope.allowDot) choices.push([3, 'dot']);
  if (b.scriptSymbols.length > 0) choices.push([3, 'script-symbol']);
  if (b.objectSymbols.length > 0) choices.push([2, 'object-symbol']);
  if (b.sections.length > 0) choices.push([3, 'section-fn']);
  if (b.regions.length > 0) choices.push([1, 'region-fn']);
  choices.push([0.5, 'constant']);
  switch (rng.weighted(choices)) {
    case 'dot':
      b.tag('dot-in-expr');
      return '.';
    case 'script-symbol':
      return rng.pick(b.scriptSymbols);
    case 'object-symbol':
      b.tag('object-symbol-in-expr');
      return rng.pick(b.objectSymbols);
    case 'section-fn': {
      const f = rng.weighted([[3, 'ADDR'], [2, 'SIZEOF'], [2, 'LOADADDR'], [1, 'ALIGNOF']] as const);
      b.tag(f);
      return `${f}(${rng.pick(b.sections)})`;
    }
    case 'region-fn': {
      const f = rng.pick(['ORIGIN', 'LENGTH']);
      b.tag(f);
      return `${f}(${rng.pick(b.regions)})`;
    }
    case 'constant': {
      b.tag('CONSTANT');
      return `CONSTANT(${rng.pick(['MAXPAGESIZE', 'COMMONPAGESIZE'])})`;
    }
    default:
      return numberLiteral(b);
  }
}

/** A number in one of ld's literal forms (hex, decimal, K/M suffixes, octal-looking 0NN is avoided). */
export function numberLiteral(b: ScriptBuilder): string {
  const rng = b.rng;
  switch (rng.weighted([[5, 'hex'], [2, 'dec'], [1, 'K'], [0.5, 'M'], [0.3, 'hexsuffix']] as const)) {
    case 'dec':
      return String(rng.int(0, 100000));
    case 'K':
      b.tag('K-M-suffix');
      return `${rng.int(1, 64)}K`;
    case 'M':
      b.tag('K-M-suffix');
      return `${rng.int(1, 16)}M`;
    case 'hexsuffix':
      b.tag('h-suffix');
      return `0${rng.int(1, 0xfff).toString(16)}h`;
    default:
      return hex(rng.int(0, 0xfffff));
  }
}
