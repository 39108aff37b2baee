/**
 * Reading yargs' parsed values the same way in every command: a repeatable option is one value
 * or an array of them; a single-valued option given twice keeps the last (as ld and cpp do).
 */
export function argvList(argv: Record<string, unknown>, name: string): string[] {
  const v = argv[name];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

export function argvSingle(argv: Record<string, unknown>, name: string): string | undefined {
  const v = argv[name];
  if (v === undefined || v === null) return undefined;
  return String(Array.isArray(v) ? v[v.length - 1] : v);
}
