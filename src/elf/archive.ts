/**
 * The `ar` container (what `ar rcs libfoo.a` writes): an 8-byte magic, then for each member a
 * 60-byte text header and the member's bytes, padded to an even offset. GNU ar keeps names
 * longer than 15 characters in a "//" member and refers to them as "/<offset>"; BSD ar puts
 * them in front of the data as "#1/<length>". The symbol index ("/" or "/SYM64/") and the
 * long-name table are bookkeeping, not members. elfinfo reads only ELF, so the members'
 * bytes are handed to it one by one.
 */
import { InputError } from '../diagnostics/errors';

export const ARCHIVE_MAGIC = '!<arch>\n';
export const THIN_ARCHIVE_MAGIC = '!<thin>\n';

const HEADER_SIZE = 60;

export interface RawArchiveMember {
  name: string;
  /** Offset of the member's header in the archive (for messages). */
  headerOffset: number;
  data: Uint8Array;
}

export function isArchive(data: Uint8Array): boolean {
  return startsWith(data, ARCHIVE_MAGIC) || startsWith(data, THIN_ARCHIVE_MAGIC);
}

function startsWith(data: Uint8Array, text: string): boolean {
  if (data.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (data[i] !== text.charCodeAt(i)) return false;
  return true;
}

function latin1(data: Uint8Array, start: number, end: number): string {
  return Buffer.from(data.buffer, data.byteOffset + start, end - start).toString('latin1');
}

/** The members of an archive in file order, without the symbol index and long-name table. */
export function parseArchive(data: Uint8Array, fileName: string): RawArchiveMember[] {
  const fail = (what: string): never => {
    throw new InputError(`${fileName}: ${what}`);
  };
  if (startsWith(data, THIN_ARCHIVE_MAGIC)) {
    fail('thin archives (members kept in separate files) are not supported');
  }
  if (!startsWith(data, ARCHIVE_MAGIC)) fail('not an archive (no !<arch> magic)');

  const members: RawArchiveMember[] = [];
  let longNames: Uint8Array | undefined;
  let pos = ARCHIVE_MAGIC.length;
  while (pos < data.length) {
    // A lone padding byte at the very end is tolerated, as GNU ar does.
    if (pos === data.length - 1 && data[pos] === 0x0a) break;
    if (data.length - pos < HEADER_SIZE) {
      fail(`truncated archive member header at offset 0x${pos.toString(16)}`);
    }
    if (data[pos + 58] !== 0x60 || data[pos + 59] !== 0x0a) {
      fail(`corrupt archive member header at offset 0x${pos.toString(16)} (no \`\\n terminator)`);
    }
    const rawName = latin1(data, pos, pos + 16).replace(/ +$/, '');
    const sizeText = latin1(data, pos + 48, pos + 58).trim();
    if (!/^\d+$/.test(sizeText)) {
      fail(`archive member header at offset 0x${pos.toString(16)} has a bad size field '${sizeText}'`);
    }
    const size = Number(sizeText);
    let start = pos + HEADER_SIZE;
    if (size > data.length - start) {
      fail(
        `archive member at offset 0x${pos.toString(16)} (size ${size}) extends past the end of the file (size ${data.length})`,
      );
    }
    const end = start + size;
    let name: string | undefined;
    if (rawName === '/' || rawName === '/SYM64/' || rawName === '__.SYMDEF' || rawName === '__.SYMDEF SORTED') {
      name = undefined; // symbol index
    } else if (rawName === '//') {
      longNames = data.subarray(start, end);
    } else if (/^\/\d+$/.test(rawName)) {
      const offset = Number(rawName.slice(1));
      if (!longNames) fail(`archive member at offset 0x${pos.toString(16)} uses a long name but there is no // table`);
      if (offset >= longNames!.length) {
        fail(`archive member at offset 0x${pos.toString(16)}: long-name offset ${offset} is past the end of the // table`);
      }
      let stop = longNames!.indexOf(0x0a, offset);
      if (stop < 0) stop = longNames!.length;
      name = latin1(longNames!, offset, stop).replace(/\/$/, '');
    } else if (/^#1\/\d+$/.test(rawName)) {
      const length = Number(rawName.slice(3));
      if (length > size) fail(`archive member at offset 0x${pos.toString(16)}: BSD name length ${length} exceeds its size`);
      name = latin1(data, start, start + length).replace(/\0+$/, '');
      start += length;
    } else {
      name = rawName.replace(/\/$/, '');
    }
    if (name !== undefined) members.push({ name, headerOffset: pos, data: data.subarray(start, end) });
    pos = end + (end % 2);
  }
  return members;
}
