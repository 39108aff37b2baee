/**
 * ld's arithmetic on bfd_vma: 64-bit unsigned with wrap-around (ld is built with a 64-bit
 * bfd_vma on x86-64 hosts, also for elf_i386 links), signed division and remainder, and x86
 * shift semantics (the count is taken modulo 64, as the shl/shr instructions do).
 */
import { MASK64 } from './Etree';

const SIGN = 1n << 63n;

const TWO64 = 1n << 64n;

/** v modulo 2^64 (allocates nothing when v is already in range, the common case). */
export function wrap(v: bigint): bigint {
  if (v >= 0n && v <= MASK64) return v;
  return v & MASK64;
}

/** a + b modulo 2^64, for a and b already in range. */
export function add64(a: bigint, b: bigint): bigint {
  const v = a + b;
  return v > MASK64 ? v - TWO64 : v;
}

/** a - b modulo 2^64, for a and b already in range. */
export function sub64(a: bigint, b: bigint): bigint {
  const v = a - b;
  return v < 0n ? v + TWO64 : v;
}

export function toSigned(v: bigint): bigint {
  return v & SIGN ? v - (1n << 64n) : v;
}

/** align_n: round up to a multiple of ALIGN (any value, not only powers of two). */
export function alignN(value: bigint, align: bigint): bigint {
  if (align <= 1n) return value;
  return wrap(((value + align - 1n) & MASK64) / align * align);
}

/** align_power: round up to a multiple of 2^power. */
const POWERS: bigint[] = Array.from({ length: 65 }, (_, i) => 1n << BigInt(i));

const LOW_MASKS: bigint[] = POWERS.map((p) => p - 1n);
const HIGH_MASKS: bigint[] = LOW_MASKS.map((m) => MASK64 ^ m);

export function alignPower(value: bigint, power: number): bigint {
  if (power <= 0) return value;
  const mask = LOW_MASKS[power];
  if ((value & mask) === 0n) return value;
  // (The high mask is 64 bits wide, so this also wraps.)
  return (value + mask) & HIGH_MASKS[power];
}

/** make_log2ceil. */
export function log2ceilValue(value: bigint): bigint {
  let result = -1n;
  let roundUp = false;
  let v = value;
  do {
    result++;
    if (v > 1n && (v & 1n)) roundUp = true;
    v >>= 1n;
  } while (v !== 0n);
  if (roundUp) result++;
  return result;
}

export class DivisionByZero extends Error {
  constructor(readonly operator: '/' | '%') {
    super(`${operator} by zero`);
  }
}

/** The value of `lhs OP rhs` for the operators that fold to a plain number computation. */
export function binaryValue(code: string, lhs: bigint, rhs: bigint): bigint {
  switch (code) {
    case '+':
      return wrap(lhs + rhs);
    case '-':
      return wrap(lhs - rhs);
    case '*':
      return wrap(lhs * rhs);
    case '/':
      if (rhs === 0n) throw new DivisionByZero('/');
      return wrap(toSigned(lhs) / toSigned(rhs));
    case '%':
      if (rhs === 0n) throw new DivisionByZero('%');
      return wrap(toSigned(lhs) % toSigned(rhs));
    case '<<':
      return wrap(lhs << (rhs & 63n));
    case '>>':
      return lhs >> (rhs & 63n);
    case '&':
      return lhs & rhs;
    case '^':
      return lhs ^ rhs;
    case '|':
      return lhs | rhs;
    case '==':
      return lhs === rhs ? 1n : 0n;
    case '!=':
      return lhs !== rhs ? 1n : 0n;
    case '<':
      return lhs < rhs ? 1n : 0n;
    case '>':
      return lhs > rhs ? 1n : 0n;
    case '<=':
      return lhs <= rhs ? 1n : 0n;
    case '>=':
      return lhs >= rhs ? 1n : 0n;
    case '&&':
      return lhs !== 0n && rhs !== 0n ? 1n : 0n;
    case '||':
      return lhs !== 0n || rhs !== 0n ? 1n : 0n;
    case 'MAX':
      return lhs > rhs ? lhs : rhs;
    case 'MIN':
      return lhs < rhs ? lhs : rhs;
    case 'ALIGN':
      return alignN(lhs, rhs);
    default:
      throw new Error(`binaryValue: ${code}`);
  }
}

export function unaryValue(code: string, v: bigint): bigint {
  switch (code) {
    case '-':
      return wrap(-v);
    case '~':
      return wrap(~v);
    case '!':
      return v === 0n ? 1n : 0n;
    case 'LOG2CEIL':
      return log2ceilValue(v);
    default:
      throw new Error(`unaryValue: ${code}`);
  }
}
