/**
 * Script AST expressions → ld expression trees (Etree), folding constant operands the way
 * ld's exp_binop/exp_unop/exp_trinop do while the script is parsed.
 */
import type { Expr } from '../../script/ast';
import { binaryValue, DivisionByZero, unaryValue } from './arithmetic';
import { BinaryCode, Etree, nameNode, UnaryCode, valueNode } from './Etree';

/** Thrown for `N / 0` and `N % 0` between constants: ld rejects those while parsing. */
export class ConstantDivisionByZero extends Error {
  constructor(readonly operator: '/' | '%', readonly at: Expr) {
    super(`${operator} by zero`);
  }
}

export function lowerExpression(e: Expr): Etree {
  switch (e.kind) {
    case 'Number':
      return valueNode(e.value, e.range);
    case 'Symbol':
      return nameNode('NAME', e.name, e.range);
    case 'Unary':
      return unary(e.operator, lowerExpression(e.operand), e);
    case 'Binary':
      return binary(e.operator, lowerExpression(e.left), lowerExpression(e.right), e, e.right);
    case 'Ternary': {
      const cond = lowerExpression(e.condition);
      const lhs = lowerExpression(e.whenTrue);
      const rhs = lowerExpression(e.whenFalse);
      if (cond.k === 'value' && lhs.k === 'value' && rhs.k === 'value') {
        return valueNode(cond.value !== 0n ? lhs.value : rhs.value, e.range);
      }
      return { k: 'trinary', cond, lhs, rhs, range: e.range };
    }
    case 'Call': {
      const args = e.args.map(lowerExpression);
      switch (e.function) {
        case 'ABSOLUTE':
          return unary('ABSOLUTE', args[0], e);
        case 'ALIGN':
          return args.length === 1 ? unary('ALIGN', args[0], e) : binary('ALIGN', args[0], args[1], e, e.args[1]);
        case 'BLOCK':
          return unary('ALIGN', args[0], e);
        case 'NEXT':
          return unary('NEXT', args[0], e);
        case 'LOG2CEIL':
          return unary('LOG2CEIL', args[0], e);
        case 'MAX':
          return binary('MAX', args[0], args[1], e, e.args[1]);
        case 'MIN':
          return binary('MIN', args[0], args[1], e, e.args[1]);
        case 'DATA_SEGMENT_ALIGN':
          return binary('DATA_SEGMENT_ALIGN', args[0], args[1], e, e.args[1]);
        case 'DATA_SEGMENT_RELRO_END':
          // DATA_SEGMENT_RELRO_END(offset, exp): ld builds the node with the operands swapped.
          return binary('DATA_SEGMENT_RELRO_END', args[1], args[0], e, e.args[0]);
        case 'DATA_SEGMENT_END':
          return unary('DATA_SEGMENT_END', args[0], e);
      }
      throw new Error(`lowerExpression: unknown function ${(e as { function: string }).function}`);
    }
    case 'Query':
      return nameNode(e.function, e.name, e.range);
    case 'SizeofHeaders':
      return nameNode('SIZEOF_HEADERS', '', e.range);
    case 'SegmentStart':
      return {
        k: 'binary',
        code: 'SEGMENT_START',
        lhs: lowerExpression(e.default),
        rhs: nameNode('NAME', e.segment, e.range),
        range: e.range,
      };
    case 'AssertExpr':
      return { k: 'assert', child: lowerExpression(e.condition), message: e.message, range: e.range };
  }
}

const UNFOLDED_UNARY = new Set<UnaryCode>(['ALIGN', 'ABSOLUTE', 'NEXT', 'DATA_SEGMENT_END']);
const UNFOLDED_BINARY = new Set<BinaryCode>(['ALIGN', 'DATA_SEGMENT_ALIGN', 'DATA_SEGMENT_RELRO_END', 'SEGMENT_START']);

function unary(code: UnaryCode, child: Etree, at: Expr): Etree {
  if (child.k === 'value' && !UNFOLDED_UNARY.has(code)) return valueNode(unaryValue(code, child.value), at.range);
  return { k: 'unary', code, child, range: at.range };
}

function binary(code: BinaryCode, lhs: Etree, rhs: Etree, at: Expr, rhsExpr: Expr): Etree {
  if (lhs.k === 'value' && rhs.k === 'value' && !UNFOLDED_BINARY.has(code)) {
    try {
      return valueNode(binaryValue(code, lhs.value, rhs.value), at.range);
    } catch (err) {
      if (err instanceof DivisionByZero) throw new ConstantDivisionByZero(err.operator, rhsExpr);
      throw err;
    }
  }
  return { k: 'binary', code, lhs, rhs, range: at.range };
}
