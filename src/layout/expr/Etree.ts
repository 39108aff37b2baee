/**
 * Expressions as ld holds them after parsing (ldexp.h etree_type): the script AST lowered to
 * ld's node kinds, with the constant folding ld's parser performs while building the tree
 * (exp_binop/exp_unop/exp_trinop fold operands that are all numbers, so `1/0` is an error even
 * where it would never be evaluated). Assignment nodes are mutable: a PROVIDE becomes
 * "provided" the first time it defines its symbol, as in ld.
 */
import type { SourceRange } from '../../diagnostics/SourceRange';

export type NameCode =
  | 'NAME'
  | 'DEFINED'
  | 'SIZEOF_HEADERS'
  | 'ADDR'
  | 'LOADADDR'
  | 'SIZEOF'
  | 'ALIGNOF'
  | 'ORIGIN'
  | 'LENGTH'
  | 'CONSTANT';

export type UnaryCode = '-' | '!' | '~' | 'ALIGN' | 'ABSOLUTE' | 'NEXT' | 'LOG2CEIL' | 'DATA_SEGMENT_END';

export type BinaryCode =
  | '*' | '/' | '%' | '+' | '-' | '<<' | '>>'
  | '<' | '>' | '<=' | '>=' | '==' | '!='
  | '&' | '^' | '|' | '&&' | '||'
  | 'MAX' | 'MIN' | 'ALIGN' | 'DATA_SEGMENT_ALIGN' | 'DATA_SEGMENT_RELRO_END' | 'SEGMENT_START';

interface Node {
  /** Where the expression starts in the script (undefined for trees ld makes itself). */
  range: SourceRange | undefined;
}

export interface ValueNode extends Node {
  k: 'value';
  value: bigint;
}

export interface NameNode extends Node {
  k: 'name';
  code: NameCode;
  name: string;
}

export interface UnaryNode extends Node {
  k: 'unary';
  code: UnaryCode;
  child: Etree;
}

/**
 * For SEGMENT_START, lhs is the default and rhs a NAME node with the segment name (ld swaps
 * the operands); for DATA_SEGMENT_RELRO_END(offset, exp), lhs is exp and rhs offset.
 */
export interface BinaryNode extends Node {
  k: 'binary';
  code: BinaryCode;
  lhs: Etree;
  rhs: Etree;
}

export interface TrinaryNode extends Node {
  k: 'trinary';
  cond: Etree;
  lhs: Etree;
  rhs: Etree;
}

export interface AssertNode extends Node {
  k: 'assert';
  child: Etree;
  message: string;
}

export interface AssignNode extends Node {
  k: 'assign';
  /** 'provide' until the PROVIDE has defined its symbol once, then 'provided'. */
  cls: 'assign' | 'provide' | 'provided';
  dst: string;
  src: Etree;
  hidden: boolean;
}

export type Etree = ValueNode | NameNode | UnaryNode | BinaryNode | TrinaryNode | AssertNode | AssignNode;

export const MASK64 = (1n << 64n) - 1n;

export function valueNode(value: bigint, range?: SourceRange): ValueNode {
  return { k: 'value', value: value & MASK64, range };
}

export function nameNode(code: NameCode, name: string, range?: SourceRange): NameNode {
  return { k: 'name', code, name, range };
}

export function assignNode(dst: string, src: Etree, cls: AssignNode['cls'] = 'assign', hidden = false, range?: SourceRange): AssignNode {
  return { k: 'assign', cls, dst, src, hidden, range: range ?? src.range };
}
