/**
 * A file whose bytes are read from disk only where they are asked for. Reading an ELF file's
 * headers, symbols and string tables needs a tenth of a linked image like Xen's `xen-syms`
 * (the rest is code and data); reading all 3 MB of it cost more than parsing what is needed.
 *
 * The bytes live in one buffer of the file's size, filled page by page on first use, so a range
 * once read is never read again and every range handed out is the file's real content (an
 * unread page is never handed out as zeros). elfinfo parses from it through its own buffer
 * reader, wrapped to fill each range it asks for first.
 */
import * as fs from 'fs';
import * as elfinfo from 'elfinfo';
import { InputError } from '../diagnostics/errors';

const PAGE = 4096;

export class LazyFileBytes {
  private readonly data: Buffer;
  /** One flag per PAGE of the file: already read. */
  private readonly pageRead: Uint8Array;
  /** The first read error, for the caller to report as such (elfinfo would call it bad ELF). */
  private readError: InputError | undefined;

  private constructor(
    private readonly fd: number,
    /** Path as given, for messages. */
    readonly name: string,
    readonly size: number,
  ) {
    // Zero-filled memory of the file's size costs next to nothing until a page is touched.
    this.data = Buffer.alloc(size);
    this.pageRead = new Uint8Array(Math.ceil(size / PAGE));
  }

  /** Opens `path`, or throws an InputError that names it and says why it cannot be read. */
  static open(path: string): LazyFileBytes {
    let fd: number | undefined;
    try {
      fd = fs.openSync(path, 'r');
      const stat = fs.fstatSync(fd);
      if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      return new LazyFileBytes(fd, path, stat.size);
    } catch (e) {
      if (fd !== undefined) fs.closeSync(fd);
      throw cannotRead(path, e);
    }
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  /** The file's bytes [offset, offset + length), cut at the end of the file. */
  bytes(offset: number, length: number): Uint8Array {
    const end = Math.min(offset + length, this.size);
    this.fill(offset, end);
    return this.data.subarray(offset, Math.max(offset, end));
  }

  /** Throws the first error reading the file met, if any. */
  throwReadError(): void {
    if (this.readError) throw this.readError;
  }

  /**
   * elfinfo's reader for a buffer (its checks and messages for reads past the end, its
   * position for reads that give none), over this file's bytes: each range is read from disk
   * before elfinfo looks at it.
   */
  elfinfoReader(): elfinfo.Reader {
    const inner = elfinfo.buffer(this.data);
    // Where a read without a position starts: elfinfo's buffer reader moves its own position
    // the same way (by the length it gives, when the start is inside the file).
    let position = 0;
    const fillFor = (length: number, at: number | undefined) => {
      const start = at ?? position;
      if (!(start >= 0 && start <= this.size && length >= 0)) return;
      const end = Math.min(start + length, this.size);
      if (at === undefined) position = end;
      this.fill(start, end);
    };
    return {
      open: () => inner.open(),
      size: () => inner.size(),
      close: () => inner.close(),
      read: (length, at) => (fillFor(length, at), inner.read(length, at)),
      view: (length, at) => (fillFor(length, at), inner.view(length, at)),
    };
  }

  /** Reads the pages of [start, end) not read yet, each run of them with one read. */
  private fill(start: number, end: number): void {
    if (!(start >= 0 && end > start)) return;
    const last = Math.ceil(Math.min(end, this.size) / PAGE);
    for (let page = Math.floor(start / PAGE); page < last; page++) {
      if (this.pageRead[page]) continue;
      let runEnd = page + 1;
      while (runEnd < last && !this.pageRead[runEnd]) runEnd++;
      this.readPages(page, runEnd);
      page = runEnd - 1;
    }
  }

  private readPages(first: number, end: number): void {
    const from = first * PAGE;
    const to = Math.min(end * PAGE, this.size);
    try {
      for (let at = from; at < to; ) {
        const n = fs.readSync(this.fd, this.data, at, to - at, at);
        if (n === 0) throw new Error(`the file ends at ${at} bytes, but it had ${this.size} when opened`);
        at += n;
      }
    } catch (e) {
      this.readError ??= cannotRead(this.name, e);
      throw this.readError;
    }
    this.pageRead.fill(1, first, end);
  }
}

/** The InputError for a file that cannot be read: the path and why, in words. */
export function cannotRead(path: string, e: unknown): InputError {
  const err = e as NodeJS.ErrnoException;
  const why =
    err.code === 'ENOENT'
      ? 'no such file'
      : err.code === 'EISDIR'
        ? 'is a directory'
        : err.code === 'EACCES'
          ? 'permission denied'
          : err.message;
  return new InputError(`${path}: cannot read: ${why}`);
}
