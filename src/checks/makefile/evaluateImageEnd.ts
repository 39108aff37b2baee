/**
 * Evaluates an image-end recipe against the linked ELF: runs the end-address pipeline with
 * ldscope's nm and filter models, parses its output the way mkelf32 does (strtoull base 16 of
 * the first word), and computes the memory size mkelf32 writes and where the image's memory
 * therefore ends.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../../diagnostics/errors';
import { readObjectFile } from '../../elf/readElf';
import type { ElfFile, ElfSegment, ObjectFile } from '../../elf/types';
import { runImageEndPipeline, type PickedSymbol } from './imageEndPipeline';
import { memorySizeByPadding, memorySizeFromEnd, strtoull16, type Mkelf32MemorySizeRule } from './mkelf32Model';
import type { ImageEndRecipe, RecipeLocation } from './readImageEndRecipe';
import { UnsupportedIdiom } from './UnsupportedIdiom';

const PT_LOAD = 1;
const U32 = 0xffffffffn;

/** The segment mkelf32 writes, as far as it can be known. */
export interface Mkelf32Image {
  /** Physical load base (the `<load-base>` argument, as mkelf32 parses it). */
  loadBase?: bigint;
  /** The input's loadable segment. */
  segmentVaddr: bigint;
  segmentMemsz: bigint;
  /** The p_memsz mkelf32 writes. */
  memorySize?: bigint;
  /** segmentVaddr + memorySize: where the image's memory ends, in virtual addresses. */
  end?: bigint;
  rule: Mkelf32MemorySizeRule;
}

export interface ImageEndResult {
  recipe: RecipeLocation;
  /** The end-address pipeline as written in the Makefile ('' when there is none). */
  pipeline: string;
  /** The stages of `pipeline` that choose the line, without trailing stages that only reformat it. */
  selectingPipeline?: string;
  /** The command the shell would run. */
  shellPipeline?: string;
  /** What the pipeline prints. */
  output?: string;
  /** The word mkelf32 reads as its end address, and the value it makes of it. */
  valueText?: string;
  value?: bigint;
  /** The nm line the value came from. */
  pickedSymbol?: PickedSymbol;
  /** Why the recipe could not be evaluated ("unsupported idiom: …"). */
  unsupported?: string;
  /** mkelf32 is not given an end address; `image` follows mkelf32.c's own rule. */
  noEndArgument?: true;
  /** The pipeline printed nothing: mkelf32 is called without its end address. */
  noOutput?: true;
  image?: Mkelf32Image;
  /** Assumptions and caveats (locale, conditional definitions, the first of several words …). */
  notes: string[];
}

export interface EvaluateImageEndOptions {
  /** Where the recipe runs (file names in it are relative to it); default: the ELF's directory. */
  buildDir?: string;
  /** The ELF at `elfPath`, when the caller has already read it. */
  elf?: ElfFile;
}

/** Splits a written pipeline at its top-level `|`, keeping quotes and make references whole. */
function splitWrittenPipeline(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const stop = end < 0 ? text.length : end + 1;
      current += text.slice(i, stop);
      i = stop - 1;
    } else if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const close = text[i + 1] === '(' ? ')' : '}';
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === text[i + 1]) depth++;
        else if (text[j] === close && --depth === 0) break;
      }
      current += text.slice(i, j + 1);
      i = j;
    } else if (c === '|' && text[i + 1] !== '|') {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  parts.push(current.trim());
  return parts;
}

/** The loadable segment mkelf32 reads: the first program header (Xen's tool expects a PT_LOAD there). */
function inputSegment(elf: ElfFile, notes: string[]): ElfSegment | undefined {
  const first = elf.segments[0];
  if (first && first.type === PT_LOAD) return first;
  const load = elf.segments.find((s) => s.type === PT_LOAD);
  if (load) notes.push(`${elf.name}: the first program header is not PT_LOAD; used segment ${load.index}`);
  return load;
}

/**
 * The file mkelf32 reads: `elfPath` when it has the input image's name (or the name is not
 * known), else that name in the build directory (mini-Xen's era 2 reads xen-pad-syms next to
 * xen-syms). When no such file exists, `elfPath` stands in for it, with a note.
 */
function inputImagePath(recipe: ImageEndRecipe, elfPath: string, buildDir: string, notes: string[]): string {
  const name = recipe.inImage?.value;
  if (name === undefined || path.basename(name) === path.basename(elfPath)) return elfPath;
  const candidate = path.resolve(buildDir, name);
  if (fs.existsSync(candidate)) return candidate;
  notes.push(`mkelf32's input image ${name} is not in ${buildDir}; ${elfPath} was read in its place`);
  return elfPath;
}

export async function evaluateImageEndRecipe(
  recipe: ImageEndRecipe,
  elfPath: string,
  options: EvaluateImageEndOptions = {},
): Promise<ImageEndResult> {
  const notes: string[] = [];
  const result: ImageEndResult = { recipe: recipe.recipe, pipeline: recipe.end?.written ?? '', notes };
  for (const use of recipe.variables) {
    if (use.origin.kind === 'makefile' && use.origin.alternatives) {
      const others = use.origin.alternatives.map((v) => `\`${v}\``).join(', ');
      notes.push(
        `$(${use.name}) was taken as \`${use.value}\` (${use.origin.file}:${use.origin.line}); ` +
          `under other conditions the Makefile sets it to ${others}`,
      );
    }
    if (use.origin.kind === 'default') notes.push(`$(${use.name}) = ${use.value || "''"}: ${use.origin.reason}`);
  }
  if (recipe.unsupported) {
    result.unsupported = `unsupported idiom: ${recipe.unsupported}`;
    return result;
  }

  const buildDir = options.buildDir ?? path.dirname(elfPath);
  const files = new Map<string, Promise<ObjectFile>>();
  if (options.elf) files.set(path.resolve(elfPath), Promise.resolve({ kind: 'elf', elf: options.elf }));
  const open = (file: string): Promise<ObjectFile> => {
    const key = path.resolve(file);
    let f = files.get(key);
    if (!f) files.set(key, (f = readObjectFile(file)));
    return f;
  };
  const inImage = inputImagePath(recipe, elfPath, buildDir, notes);
  // nm's operands are files in the build directory; the input image is wherever it was found.
  const openWord = (word: string) => open(word === recipe.inImage?.value ? inImage : path.resolve(buildDir, word));

  const object = await open(inImage);
  if (object.kind !== 'elf') throw new InputError(`${inImage}: is an archive, not a linked image`);
  const segment = inputSegment(object.elf, notes);

  const end = recipe.end;
  if (end) {
    result.shellPipeline = end.shell;
    if (end.unresolved && end.unresolved.length > 0) {
      result.unsupported = `unsupported idiom: the end address \`${end.written}\` uses ${end.unresolved.join(', ')}, which this Makefile does not define (pass it as a variable)`;
      return result;
    }
    if (end.form === 'literal') {
      result.output = end.shell ?? '';
    } else {
      try {
        const run = await runImageEndPipeline(end.shell ?? '', openWord);
        result.output = run.output;
        notes.push(...run.notes);
        const written = splitWrittenPipeline(end.written);
        if (written.length === run.stages.length) {
          let keep = run.stages.length;
          while (keep > 1 && run.stages[keep - 1].linePreserving) keep--;
          result.selectingPipeline = written.slice(0, keep).join(' | ');
        }
        const firstLine = run.stream.lines.find((l) => /[^ \t]/.test(l.text));
        if (firstLine?.origin) result.pickedSymbol = firstLine.origin;
      } catch (e) {
        if (e instanceof UnsupportedIdiom) {
          result.unsupported = e.message;
          return result;
        }
        throw e;
      }
    }
    // The shell splits the substitution's output into words; mkelf32 reads the first.
    const words = result.output.split(/[ \t\n]+/).filter((w) => w !== '');
    if (words.length === 0) {
      result.noOutput = true;
    } else {
      if (words.length > 1) notes.push(`the end address expands to ${words.length} words; mkelf32 reads the first, ${words[0]}`);
      const parsed = strtoull16(words[0]);
      if (parsed.digits === 0) notes.push(`mkelf32 reads \`${words[0]}\` as 0: it has no hexadecimal digits`);
      result.valueText = words[0];
      result.value = parsed.value;
    }
  } else {
    result.noEndArgument = true;
  }

  if (!segment) {
    notes.push(`${elfPath} has no loadable segment for mkelf32 to copy`);
    return result;
  }
  const image: Mkelf32Image = { segmentVaddr: segment.vaddr, segmentMemsz: segment.memsz, rule: recipe.memorySizeRule };
  result.image = image;
  if (recipe.loadBase?.value !== undefined) image.loadBase = strtoull16(recipe.loadBase.value).value & U32;
  else notes.push(`the load base \`${recipe.loadBase?.written ?? '?'}\` is not known here (pass it as a variable)`);

  const rule = recipe.memorySizeRule;
  if (image.loadBase === undefined) return result;
  if (rule.kind === 'pad-memsz') {
    if (end) notes.push(`mkelf32.c pads p_memsz itself and ignores the end address argument`);
    image.memorySize = memorySizeByPadding(segment.memsz, rule.alignment, image.loadBase);
  } else if (rule.kind === 'end-argument') {
    if (!end) notes.push(`mkelf32.c expects an end address that the recipe does not pass`);
    else if (result.value !== undefined) image.memorySize = memorySizeFromEnd(result.value, segment.vaddr, image.loadBase);
  } else {
    notes.push(rule.reason);
  }
  if (image.memorySize !== undefined) image.end = segment.vaddr + image.memorySize;
  return result;
}
