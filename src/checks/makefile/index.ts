/**
 * The Makefile's image-end recipe (issue 6, item 4): how Xen's `arch/x86/Makefile` tells
 * mkelf32 where the image ends, evaluated against the linked ELF.
 *
 *   const recipe = readImageEndRecipe('xen/arch/x86/Makefile', { target: 'xen' });
 *   const result = await evaluateImageEndRecipe(recipe, 'xen/xen-syms');
 *   const { verdict, message, location } = explainImageEnd(result, { address, symbol: '__2M_rwdata_end' }, recipe);
 *
 * readImageEndRecipe throws InputError for an unreadable Makefile or one without an mkelf32
 * command for the target; everything it cannot model is reported in `unsupported`, never guessed.
 */
export { readImageEndRecipe } from './readImageEndRecipe';
export type { ImageEndRecipe, ReadImageEndRecipeOptions, RecipeLocation, RecipeArgument, EndArgument } from './readImageEndRecipe';
export { evaluateImageEndRecipe } from './evaluateImageEnd';
export type { ImageEndResult, Mkelf32Image, EvaluateImageEndOptions } from './evaluateImageEnd';
export { explainImageEnd, formatSize } from './explainImageEnd';
export type { ImageEndExplanation, TrueImageEnd } from './explainImageEnd';
export type { PickedSymbol } from './imageEndPipeline';
export type { Mkelf32MemorySizeRule } from './mkelf32Model';
