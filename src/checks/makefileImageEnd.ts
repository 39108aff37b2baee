/**
 * Rule xen.makefile-image-end: the end address the Makefile's mkelf32 recipe computes (or,
 * in Xen 4.21+, the padding mkelf32 applies itself) against the image end the script and
 * the ELF say.
 */
import { hex } from './CheckContext';
import type { CheckContext } from './CheckContext';
import type { Finding } from './Finding';
import { evaluateImageEndRecipe, explainImageEnd, readImageEndRecipe } from './makefile';
import type { ImageEndRecipe, ImageEndResult, ReadImageEndRecipeOptions } from './makefile';
import type { ElfFile } from '../elf/types';
import type { XenImage } from './xen/xenImage';

export interface MakefileImageEnd {
  findings: Finding[];
  /** What the Makefile hands mkelf32, for the summary. */
  fact?: string;
}

export async function checkMakefileImageEnd(
  ctx: CheckContext,
  image: XenImage | undefined,
  makefile: string,
  elfPath: string,
  options: ReadImageEndRecipeOptions = {},
): Promise<MakefileImageEnd> {
  return judgeMakefileImageEnd(await evaluateMakefileImageEnd(ctx.elf, makefile, elfPath, options), image);
}

/** The Makefile's recipe and what it computes against the ELF. */
export interface EvaluatedImageEnd {
  recipe: ImageEndRecipe;
  result: ImageEndResult;
}

/**
 * The first half of checkMakefileImageEnd: reading the recipe and running its pipeline need
 * only the Makefile and the ELF, not the script, so `ldscope xen` does it while cpp runs.
 */
export async function evaluateMakefileImageEnd(
  elf: ElfFile,
  makefile: string,
  elfPath: string,
  options: ReadImageEndRecipeOptions = {},
): Promise<EvaluatedImageEnd> {
  const recipe = readImageEndRecipe(makefile, options);
  return { recipe, result: await evaluateImageEndRecipe(recipe, elfPath, { elf }) };
}

/** The second half: the recipe's value against the image end the script and the ELF say. */
export function judgeMakefileImageEnd({ recipe, result }: EvaluatedImageEnd, image: XenImage | undefined): MakefileImageEnd {
  const fact = result.noEndArgument
    ? 'no end address (mkelf32 pads the image itself)'
    : result.value !== undefined
      ? `${hex(result.value)}${result.pickedSymbol ? ` (${result.pickedSymbol.name})` : ''}`
      : 'not evaluated';
  if (!image?.imageEnd) {
    return {
      fact,
      findings: [{ rule: 'xen.makefile-image-end', severity: 'warning', message: 'cannot judge the Makefile\'s image end: the image end itself is not known' }],
    };
  }
  const explanation = explainImageEnd(result, { address: image.imageEnd.value, symbol: image.imageEnd.source }, recipe);
  const severity = explanation.verdict === 'wrong' ? 'error' : explanation.verdict === 'unknown' ? 'warning' : 'note';
  return {
    fact,
    findings: [
      {
        rule: 'xen.makefile-image-end',
        severity,
        message: explanation.message,
        location: { ...explanation.location, notes: [] },
        ...(explanation.verdict === 'wrong' && result.value !== undefined
          ? { expected: hex(image.imageEnd.value), actual: hex(result.value) }
          : {}),
      },
    ],
  };
}
