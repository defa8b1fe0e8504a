import { crc32 } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { badInput } from '../types.js';

/**
 * An Inspect `.eval` log: a ZIP whose members are JSON (header.json, summaries.json,
 * samples/<id>_epoch_<n>.json, …). Only the central directory is read when it opens; each member is
 * read, decompressed and checked when asked for, one at a time, so a log of any size costs the memory
 * of its largest member. Members are deflated (ZIP method 8) or, from Inspect 0.3.206, zstd-compressed
 * (method 93, possibly several frames): yauzl inflates the first, fzstd the second. A member's
 * length and CRC-32 must match the central directory's, so a damaged archive is refused rather than
 * read as something else.
 */
const STORED = 0;
const DEFLATE = 8;
const ZSTD = 93;
/** No member of a real log comes near this; a bigger one is refused before it is inflated. */
export const MAX_MEMBER_BYTES = 512 * 1024 * 1024;

export class EvalZip {
  private constructor(
    readonly file: string,
    private readonly zip: ZipFile,
    private readonly entries: Map<string, Entry>,
  ) {}

  static async open(file: string): Promise<EvalZip> {
    let zip: ZipFile;
    try {
      zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false });
    } catch (err) {
      throw badInput(file, '', `not a readable .eval (ZIP) file: ${(err as Error).message}`);
    }
    const entries = new Map<string, Entry>();
    try {
      for await (const e of zip.eachEntry()) entries.set(e.fileName, e);
    } catch (err) {
      zip.close();
      throw badInput(file, '', `a damaged ZIP directory: ${(err as Error).message}`);
    }
    return new EvalZip(file, zip, entries);
  }

  /** Member names, in the archive's order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** A member's text (UTF-8), decompressed and checked. */
  async text(name: string): Promise<string> {
    const e = this.entries.get(name);
    if (!e) throw badInput(this.file, name, 'missing from the archive');
    const bad = (what: string) => badInput(this.file, name, what);
    if (e.isEncrypted()) throw bad('encrypted, which Inspect never writes');
    if (e.uncompressedSize > MAX_MEMBER_BYTES)
      throw bad(
        `${e.uncompressedSize} bytes uncompressed, more than the ${MAX_MEMBER_BYTES} a member may hold`,
      );
    let data: Buffer;
    try {
      if (e.compressionMethod === STORED || e.compressionMethod === DEFLATE) data = await this.bytes(e, true);
      else if (e.compressionMethod === ZSTD) data = Buffer.from(zstdDecompress(await this.bytes(e, false)));
      else
        throw bad(
          `compressed with ZIP method ${e.compressionMethod}; Inspect writes deflate (8) or zstd (93)`,
        );
    } catch (err) {
      if ((err as Error).name === 'UserError') throw err;
      throw bad(`cannot be decompressed (a damaged archive?): ${(err as Error).message}`);
    }
    if (data.length !== e.uncompressedSize)
      throw bad(
        `holds ${data.length} bytes where the archive says ${e.uncompressedSize} (a damaged archive?)`,
      );
    if (crc32(data) !== e.crc32) throw bad('its CRC-32 does not match (a damaged archive?)');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch {
      throw bad('not valid UTF-8 text');
    }
  }

  private async bytes(e: Entry, decode: boolean): Promise<Buffer> {
    // Options only to ask for raw bytes: yauzl 3.4.0 reads an explicit `decodeFileData: true` as
    // "leave it deflated" (index.js: `decompress = options.decodeFileData !== true`).
    const stream = await this.zip.openReadStreamPromise(e, decode ? {} : { decodeFileData: false });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of stream as AsyncIterable<Buffer>) {
      size += c.length;
      // yauzl checks a deflated member against its declared size; a zstd one is checked after.
      if (size > MAX_MEMBER_BYTES) {
        stream.destroy();
        throw new Error(`more than ${MAX_MEMBER_BYTES} bytes`);
      }
      chunks.push(c);
    }
    return Buffer.concat(chunks, size);
  }

  close(): void {
    this.zip.close();
  }
}
