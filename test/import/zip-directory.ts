import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/**
 * A second way into a ZIP, for checking the importer against: the central directory read by hand
 * (end-of-directory record, then each file header) and deflated members inflated with zlib. It
 * shares nothing with the importer's yauzl + fzstd path.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  offset: number;
}

export function zipDirectory(file: string): ZipEntry[] {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error(`${file}: no end-of-central-directory record`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    out.push({
      name: buf.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
      method,
      compressedSize,
      size,
      offset,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** A member's raw (still compressed) bytes. */
export function memberBytes(file: string, e: ZipEntry): Buffer {
  const buf = readFileSync(file);
  const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
  return buf.subarray(start, start + e.compressedSize);
}

/** A deflated member as JSON (zlib's inflate: the second path). */
export function deflatedJson(file: string, e: ZipEntry): unknown {
  if (e.method !== 8) throw new Error(`${e.name} is not deflated (method ${e.method})`);
  return JSON.parse(inflateRawSync(memberBytes(file, e)).toString('utf8'));
}
