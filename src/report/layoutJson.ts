/**
 * The JSON contract of `ldscope eval --json` (other tools read it):
 * `{"sections":[{"name","vma","lma","size"}…],"symbols":{…},"asserts":[…],"diagnostics":[…]}`
 * with every number a lowercase `0x` hex string, sections in output order.
 */
import type { LayoutResult } from '../layout/LayoutResult';

const hex = (v: bigint) => '0x' + v.toString(16);

export interface LayoutJson {
  sections: Array<{ name: string; vma: string; lma: string; size: string }>;
  symbols: Record<string, string>;
  asserts: Array<{ message: string; passed: boolean | null; file?: string; line?: number; column?: number }>;
  diagnostics: Array<{ severity: string; code: string; message: string; file?: string; line?: number; column?: number }>;
}

export function layoutToJson(r: LayoutResult): LayoutJson {
  const symbols: Record<string, string> = {};
  for (const [name, value] of r.symbols) symbols[name] = hex(value);
  return {
    sections: r.sections.map((s) => ({ name: s.name, vma: hex(s.vma), lma: hex(s.lma), size: hex(s.size) })),
    symbols,
    asserts: r.asserts.map((a) => ({ message: a.message, passed: a.passed ?? null, ...(a.position ?? {}) })),
    diagnostics: r.diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, ...(d.position ?? {}) })),
  };
}

export function layoutJsonText(r: LayoutResult): string {
  return JSON.stringify(layoutToJson(r), null, 2);
}
