/**
 * Judges an evaluated image-end recipe against the true end of the image (the check's Xen rule:
 * `__end_of_image__` for a padded image, else `__2M_rwdata_end`) and says why in one sentence,
 * e.g.
 *
 *   `$(NM) -nr $(TARGET)-syms | head -n 1` picks ALT_START (A, 0xffff82d0c0000000), so mkelf32
 *   sets the memory size to 1022 MiB (0x3fe00000); the image ends at 0xffff82d080a00000
 *   (__2M_rwdata_end)
 */
import type { SourcePosition } from '../../diagnostics/SourceFile';
import type { ImageEndResult } from './evaluateImageEnd';
import type { ImageEndRecipe } from './readImageEndRecipe';

export interface TrueImageEnd {
  /** The address the image must reach. */
  address: bigint;
  /** The symbol it was read from, e.g. `__2M_rwdata_end`. */
  symbol: string;
}

export interface ImageEndExplanation {
  /** ok: mkelf32's segment ends where the image does (or, when mkelf32 pads, covers it); unknown: not evaluable. */
  verdict: 'ok' | 'wrong' | 'unknown';
  /** The sentence, without a location. */
  message: string;
  /** The end-address argument when there is one, else the mkelf32 command. */
  location: SourcePosition;
  /** `file:line: message`, as in the example. */
  text: string;
}

const KiB = 1n << 10n;
const MiB = 1n << 20n;
const PAGE = 4n * KiB;

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** A size in the largest binary unit that divides it ("8 MiB", "3872 KiB", "5 bytes"). */
export function formatUnits(size: bigint): string {
  if (size !== 0n && size % MiB === 0n) return `${size / MiB} MiB`;
  if (size !== 0n && size % KiB === 0n) return `${size / KiB} KiB`;
  return `${size} bytes`;
}

/** A size in units, with its hex value: "8 MiB (0x800000)". */
export function formatSize(size: bigint): string {
  return `${formatUnits(size)} (${hex(size)})`;
}

function alignUp(v: bigint, a: bigint): bigint {
  return (v + a - 1n) & ~(a - 1n);
}

export function explainImageEnd(result: ImageEndResult, trueEnd: TrueImageEnd, recipe?: ImageEndRecipe): ImageEndExplanation {
  const location: SourcePosition = recipe?.end?.position ?? {
    file: result.recipe.file,
    line: result.recipe.line,
    column: result.recipe.column,
  };
  const finish = (verdict: ImageEndExplanation['verdict'], message: string): ImageEndExplanation => ({
    verdict,
    message,
    location,
    text: `${location.file}:${location.line}: ${message}`,
  });
  const target = `${hex(trueEnd.address)} (${trueEnd.symbol})`;
  const image = result.image;

  if (result.unsupported) return finish('unknown', `cannot evaluate the image-end recipe: ${result.unsupported}`);

  if (result.noEndArgument) {
    const rule = image?.rule;
    if (!image || image.memorySize === undefined || image.end === undefined || rule?.kind !== 'pad-memsz') {
      const why = rule?.kind === 'unknown' ? rule.reason : 'the memory size mkelf32 writes is not known';
      return finish('unknown', `mkelf32 gets no end address and pads the image itself, but ${why}`);
    }
    const source = `${rule.source.file}:${rule.source.line}`;
    const covers = image.end >= trueEnd.address;
    const message =
      `mkelf32 gets no end address: it pads p_memsz ${hex(image.segmentMemsz)} up to ${formatUnits(rule.alignment)} (${source}), ` +
      `so the memory size is ${formatSize(image.memorySize)} and the segment ends at ${hex(image.end)}, ` +
      (covers ? `covering the image, which ends at ${target}` : `short of the image end ${target}`);
    return finish(covers ? 'ok' : 'wrong', message);
  }

  const shown = `\`${result.selectingPipeline ?? result.pipeline}\``;
  if (result.noOutput) {
    return finish('wrong', `${shown} prints nothing, so mkelf32 gets no end address; the image ends at ${target}`);
  }
  if (result.value === undefined) return finish('unknown', `${shown} gives no end address`);

  const picked = result.pickedSymbol;
  const what = picked
    ? picked.value === result.value
      ? `picks ${picked.name} (${picked.type}, ${hex(picked.value)})`
      : `prints ${result.valueText} (from nm's line for ${picked.name})`
    : `is ${result.valueText}`;

  if (!image || image.memorySize === undefined || image.end === undefined) {
    // Without mkelf32's arithmetic, compare the address itself.
    const ok = result.value === trueEnd.address;
    return finish(ok ? 'ok' : 'wrong', `${shown} ${what}; the image ends at ${target}`);
  }
  const ok = image.end === alignUp(trueEnd.address, PAGE);
  const size = `so mkelf32 sets the memory size to ${formatSize(image.memorySize)}`;
  if (ok) return finish('ok', `${shown} ${what}, ${size}, which ends at the image end ${target}`);
  return finish('wrong', `${shown} ${what}, ${size}, ending at ${hex(image.end)}; the image ends at ${target}`);
}
