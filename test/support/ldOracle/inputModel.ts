/**
 * The generator's model of the relocatable inputs of a case, before they are rendered as
 * assembly. The script generator reads it to write patterns that match (or deliberately miss)
 * real input sections and to bound how much space the inputs can take, so that explicit
 * addresses never make ld move `.` backwards or overlap sections.
 */

/** What an input section holds; decides its flags and section type. */
export type SectionKind = 'text' | 'rodata' | 'data' | 'bss' | 'note' | 'nonalloc';

export interface InputSectionModel {
  /** Section name, e.g. `.text.f2`. */
  name: string;
  kind: SectionKind;
  /** log2 of the section alignment (`.p2align`). */
  alignLog2: number;
  /** Exact size in bytes of what the generator emits (padding of inner .balign included). */
  size: number;
  /** Global symbols defined in this section (names unique across the case). */
  symbols: string[];
  /** Inner directives, rendered in order. */
  body: BodyItem[];
  /** Names in the /DISCARD/ vocabulary: never referenced from kept code or the script. */
  discardable: boolean;
}

export type BodyItem =
  | { op: 'label'; name: string }
  | { op: 'bytes'; count: number; fill: number }
  | { op: 'balign'; bytes: number }
  | { op: 'refs' };

export interface CommonSymbolModel {
  name: string;
  size: number;
  align: number;
}

export interface ObjectModel {
  /** `o0.o`, `o1.o`, … */
  name: string;
  archive?: string;
  sections: InputSectionModel[];
  commons: CommonSymbolModel[];
}

export interface InputModel {
  objects: ObjectModel[];
  /** Symbols the objects reference (`.quad sym` in o0's `.data.refs`), filled by the script generator. */
  references: string[];
}

export function allSections(model: InputModel): Array<{ object: ObjectModel; section: InputSectionModel }> {
  return model.objects.flatMap((object) => object.sections.map((section) => ({ object, section })));
}

/** Distinct input section names present in the case, in first-appearance order. */
export function sectionNames(model: InputModel): string[] {
  return [...new Set(allSections(model).map((s) => s.section.name))];
}

/**
 * An upper bound of the bytes all inputs can occupy wherever ld puts them: every section's
 * size plus a full alignment's worth of padding, and every COMMON symbol likewise.
 */
export function inputSpaceBound(model: InputModel): bigint {
  let total = 0n;
  for (const o of model.objects) {
    for (const s of o.sections) total += BigInt(s.size) + (1n << BigInt(s.alignLog2));
    for (const c of o.commons) total += BigInt(c.size + c.align);
  }
  return total + BigInt(MAX_REFERENCES * 8 + 8);
}

/** At most this many symbols are referenced from `.data.refs` (keeps the space bound fixed). */
export const MAX_REFERENCES = 16;
