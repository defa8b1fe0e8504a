// @ts-check
// Zstandard for the store's long texts (text-codec.js), from the fastest source this process has:
//
//   node:zlib               zstdCompressSync / zstdDecompressSync (Node 22.15 and later)
//   zstd-napi               the native binding, an optional dependency: prebuilt where its download
//                           is reachable, else built from its bundled zstd sources (node-gyp, ~30 s);
//                           where neither works npm skips it. It compresses into buffers V8 allocates
//                           (with one context reused), so V8 sees all the memory it takes.
//   fzstd                   pure JavaScript, decompression only: a store written with zstd can be
//                           read wherever overthink runs, only more slowly
//
// Without a compressor, texts are deflated as before (text-codec.js). OVERTHINK_STORE_CODEC=deflate
// chooses deflate even where zstd is at hand; =zstd refuses to run without a zstd compressor.
//
// Plain JavaScript, as text-codec.js, for the writing thread.
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import { decompress as fzstdDecompress } from 'fzstd';

/** Level 3, zstd's default: bench/codec.ts measured ratio 0.342 at ~0.2 ms per 40k characters. */
export const ZSTD_LEVEL = 3;

/** A zstd frame's first four bytes (28 B5 2F FD): no raw deflate stream can begin with them. */
export function isZstdFrame(/** @type {Uint8Array} */ b) {
  return b.length >= 4 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd;
}

/**
 * @typedef {{ source: string, compress?: (b: Buffer) => Buffer, decompress: (b: Uint8Array) => Buffer }} Zstd
 */

/** @type {Zstd | undefined} */
let chosen;

/** The zstd this process uses (chosen once, at first use). */
export function zstd() {
  chosen ??= pick();
  return chosen;
}

/** @returns {Zstd} */
function pick() {
  const z = /** @type {Record<string, any>} */ (zlib);
  if (typeof z.zstdCompressSync === 'function' && typeof z.zstdDecompressSync === 'function') {
    const params = { [z.constants.ZSTD_c_compressionLevel]: ZSTD_LEVEL };
    return {
      source: 'node:zlib',
      compress: (b) => z.zstdCompressSync(b, { params }),
      decompress: (b) => z.zstdDecompressSync(b),
    };
  }
  const binding = nativeBinding();
  if (binding) {
    // One context each, reused: creating one per text costs more than compressing a short one.
    const compressor = new binding.Compressor();
    compressor.setParameters({ compressionLevel: ZSTD_LEVEL });
    const decompressor = new binding.Decompressor();
    return {
      source: 'zstd-napi',
      compress: (b) => compressor.compress(b),
      decompress: (b) => decompressor.decompress(b),
    };
  }
  return { source: 'fzstd', decompress: (b) => Buffer.from(fzstdDecompress(b)) };
}

/** The optional native binding, or undefined where it is not installed or does not load. */
function nativeBinding() {
  try {
    return createRequire(import.meta.url)('zstd-napi');
  } catch {
    return undefined;
  }
}

/**
 * Throws what `writeCodec` would for OVERTHINK_STORE_CODEC, up front; loads no binding unless the
 * variable asks for zstd by name (the thread that opens a store never compresses: the writing
 * thread does).
 */
export function checkCodecSetting() {
  if (process.env.OVERTHINK_STORE_CODEC) writeCodec();
}

/** @type {'zstd' | 'deflate' | undefined} */
let writing;

/**
 * The codec new long texts are written with: 'zstd' where a compressor is at hand, else 'deflate';
 * OVERTHINK_STORE_CODEC chooses (an unknown value, or 'zstd' without a compressor, is an error).
 * @returns {'zstd' | 'deflate'}
 */
export function writeCodec() {
  writing ??= codecAsked();
  return writing;
}

/** @returns {'zstd' | 'deflate'} */
function codecAsked() {
  const asked = process.env.OVERTHINK_STORE_CODEC;
  if (asked === undefined || asked === '') return zstd().compress ? 'zstd' : 'deflate';
  if (asked === 'deflate') return 'deflate';
  if (asked === 'zstd') {
    if (zstd().compress) return 'zstd';
    throw new Error(
      'OVERTHINK_STORE_CODEC=zstd, but this process has no zstd compressor: install the optional dependency zstd-napi (it needs a C compiler where no prebuilt binary can be downloaded), or run Node 22.15 or later',
    );
  }
  throw new Error(`OVERTHINK_STORE_CODEC: 'zstd' or 'deflate', got '${asked}'`);
}
