/**
 * Section contents, for the few consumers that need bytes rather than headers (the layout's
 * model of ld's SEC_MERGE string/constant merging). The headers come from readObjectFile /
 * readElf; this gives the bytes of one section from the file's data, and the data of each
 * member of an archive in the order readObjectFile lists its members.
 */
import { InputError } from '../diagnostics/errors';
import { SHT } from './constants';
import { isArchive, parseArchive } from './archive';
import type { ElfSection } from './types';

/** The bytes of SECTION in an ELF file's DATA (empty for SHT_NOBITS). */
export function sectionContents(data: Uint8Array, section: ElfSection, fileName: string): Uint8Array {
  if (section.type === SHT.NOBITS) return new Uint8Array(0);
  const start = Number(section.offset);
  const end = start + Number(section.size);
  if (end > data.length) throw new InputError(`${fileName}: section ${section.name} extends past the end of the file`);
  return data.subarray(start, end);
}

/**
 * The data of one command-line file for sectionContents: the file itself, or for an archive
 * its members' data, index for index with readObjectFile's `members`.
 */
export function memberData(data: Uint8Array, fileName: string): Uint8Array[] | undefined {
  if (!isArchive(data)) return undefined;
  return parseArchive(data, fileName).map((m) => m.data);
}
