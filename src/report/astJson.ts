/**
 * JSON for the AST: bigints as lowercase `0x` hex strings (JSON has no 64-bit integers),
 * source ranges as the user's file, line and column.
 */
export function astToJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v), 2);
}
