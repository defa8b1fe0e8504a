// @ts-check
// How a sample's long texts are kept (schema v10, v11): each text once, compressed when long.
//
//   text, reasoning_text, raw   a TEXT value is the text itself; a BLOB value is its UTF-8 bytes
//                               compressed: a zstd frame (v11, level 3: zstd.js), or raw deflate
//                               (level 4: v10, and where no zstd compressor is at hand). A zstd frame
//                               starts with its magic number; SQLite's type marks a packed text, so a
//                               store from before v10 (all TEXT) reads as it is, with no rewrite.
//   raw                         the provider's body with the answer and the reasoning cut out where
//                               they occur JSON-escaped: a compact body starts with MARK and a letter
//                               naming the escaping, and MARK + 'R' / MARK + 'T' stand where the
//                               reasoning / answer were. A body that contains MARK anywhere, or whose
//                               rebuild is not byte for byte the original, is kept whole.
//
// Plain JavaScript importing only zstd.js (plain too): the writing thread (writer-thread.js) packs rows
// with it, and starts as it is from src/, dist/ and the bundle; the store's readers unpack with it.
import zlib from 'node:zlib';
import { isZstdFrame, writeCodec, zstd } from './zstd.js';

/** Texts shorter than this stay plain: below it compressing saves under half and costs ~6 µs a read. */
export const PACK_MIN_CHARS = 1024;
/**
 * Deflate's level, where zstd is not written: bench/codec.ts measured level 4 as deflate's knee (ratio
 * 0.33, ~0.55 ms per 40k characters; zstd level 3: 0.34 at ~0.2 ms, which decides 50 ms runs).
 */
const DEFLATE_LEVEL = 4;
/** U+0001 cannot appear unescaped in JSON text, nor in a body we compact (checked). */
const MARK = '\u0001';
/** Spans shorter than this are left in the body: cutting them saves less than the marker costs. */
const MIN_SPAN = 16;

/** A lone surrogate: SQLite stores its text as U+FFFD, so a text holding one is stored as before. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** JSON.stringify's escaping (what JS and most servers write), and Python's ensure_ascii one. */
const ESCAPINGS = {
  j: (/** @type {string} */ s) => JSON.stringify(s).slice(1, -1),
  a: (/** @type {string} */ s) =>
    JSON.stringify(s)
      .slice(1, -1)
      .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
};

/**
 * A text as stored: itself when short (or when compressing would not make it smaller), else its UTF-8
 * bytes compressed.
 * @param {string | null} s
 * @returns {string | Buffer | null}
 */
export function packText(s) {
  return compressText(textBytes(s));
}

/**
 * The first half of packing: a text that will be compressed as its UTF-8 bytes (in a buffer of its own
 * when long enough to be worth moving rather than copying to another thread), any other as it is.
 * @param {string | null} s
 * @returns {string | Buffer | null}
 */
function textBytes(s) {
  if (s === null || s === undefined || s.length < PACK_MIN_CHARS || !wellFormed(s)) return s;
  return Buffer.from(s, 'utf8');
}

/**
 * The second half: bytes compressed, unless that would not make them smaller (then the text again);
 * anything else as it is.
 * @param {unknown} v
 * @returns {any}
 */
function compressText(v) {
  if (!(v instanceof Uint8Array)) return v;
  // Across threads a Buffer arrives as a plain Uint8Array: viewed again as a Buffer, not copied.
  const bytes = Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  const compress = writeCodec() === 'zstd' ? zstd().compress : undefined;
  const packed = compress ? compress(bytes) : zlib.deflateRawSync(bytes, { level: DEFLATE_LEVEL });
  return packed.length < bytes.length ? packed : bytes.toString('utf8');
}

/**
 * A stored text column as the text it holds (either layout).
 * @param {unknown} v
 * @returns {string | null}
 */
export function unpackText(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array)
    return (isZstdFrame(v) ? zstd().decompress(v) : zlib.inflateRawSync(v)).toString('utf8');
  return String(v);
}

/**
 * The raw body with the answer and the reasoning cut out where it holds them JSON-escaped, or the
 * body itself when it does not. A cut is made only where the body holds exactly the text as the
 * escaping writes it (`escapedAt` compares them), so the body rebuilds byte for byte.
 * @param {string | null} raw
 * @param {string | null} text
 * @param {string | null} reasoning
 * @returns {string | null}
 */
export function compactRaw(raw, text, reasoning) {
  if (raw === null || raw === undefined || raw.includes(MARK)) return raw;
  for (const flag of /** @type {const} */ (['j', 'a'])) {
    /** @type {string} */
    let body = raw;
    for (const [tag, span] of /** @type {const} */ ([
      ['R', reasoning],
      ['T', text],
    ])) {
      // A span with a lone surrogate reads back otherwise (as U+FFFD): the raw body keeps its escape.
      if (span === null || span === undefined || span.length < MIN_SPAN || !wellFormed(span)) continue;
      // The escaped span holds no MARK (U+0001 is escaped), so it cannot overlap a marker already set.
      const found = indexOfEscaped(body, span, flag);
      if (found) body = body.slice(0, found[0]) + MARK + tag + body.slice(found[1]);
    }
    if (body !== raw) return MARK + flag + body;
  }
  return raw;
}

/**
 * A run of characters each escaping writes as themselves (for well-formed text), from `lastIndex`.
 * Sticky and greedy rather than a search for the next escaped character: V8 runs a negated class
 * under `*` about 2.5× faster than it looks for a class (a 48k-character trace: 22 µs against 55).
 */
const PLAIN_RUN = { j: /[^"\\\u0000-\u001f]*/y, a: /[^"\\\u0000-\u001f\u0080-\uffff]*/y };
/** Candidates (places where the escaped text's start occurs) tried before escaping the text whole. */
const MAX_CANDIDATES = 8;
/** Escapes in a text past which comparing piece by piece costs more than escaping it whole. */
const escapesWorthComparing = (/** @type {number} */ length) => 64 + (length >> 4);

/**
 * Where `body` first holds `text` as escaping `flag` writes it: [start, end), or undefined. The same
 * answer as `body.indexOf(ESCAPINGS[flag](text))`, without the 40k-character copy that escaping a
 * long text makes: candidates are where the escaped start of the text occurs, each compared in place.
 * @param {string} body
 * @param {string} text well-formed, at least MIN_SPAN characters
 * @param {'j' | 'a'} flag
 * @returns {[number, number] | undefined}
 */
export function indexOfEscaped(body, text, flag) {
  // The first 64 characters, not ending inside a surrogate pair ('j' writes a pair as it is).
  let k = Math.min(text.length, 64);
  if (k < text.length && isHighSurrogate(text.charCodeAt(k - 1))) k--;
  const head = ESCAPINGS[flag](text.slice(0, k));
  let at = body.indexOf(head);
  for (let tries = 0; at >= 0 && tries < MAX_CANDIDATES; tries++) {
    const end = escapedAt(body, at, text, flag);
    if (end === -2) break;
    if (end >= 0) return [at, end];
    at = body.indexOf(head, at + 1);
  }
  if (at < 0) return undefined;
  // Many candidates, or a text dense with escapes: escape it whole, as the reader will.
  const escaped = ESCAPINGS[flag](text);
  const whole = body.indexOf(escaped, at);
  return whole < 0 ? undefined : [whole, whole + escaped.length];
}

/**
 * Where the escaped `text` ends if `body` holds it at `at`, else -1; -2 when the text has too many
 * escapes to compare piece by piece. Runs of characters the escaping leaves alone are compared as
 * they are; each other character against its own escape (escaping is character by character).
 * @param {string} body
 * @param {number} at
 * @param {string} text
 * @param {'j' | 'a'} flag
 */
function escapedAt(body, at, text, flag) {
  const plain = PLAIN_RUN[flag];
  let budget = escapesWorthComparing(text.length);
  let i = at;
  let r = 0;
  for (;;) {
    plain.lastIndex = r;
    plain.test(text); // always matches (maybe nothing): lastIndex is where the run ends
    const e = plain.lastIndex;
    const found = e < text.length;
    if (e > r) {
      // substring and === compare in place (startsWith walks character by character: ~10× slower).
      if (body.substring(i, i + e - r) !== (r === 0 && e === text.length ? text : text.substring(r, e)))
        return -1;
      i += e - r;
    }
    if (!found) return i;
    if (--budget < 0) return -2;
    const c = text.charCodeAt(e);
    const esc = c < 0x80 ? ASCII_ESCAPES[c] : `\\u${c.toString(16).padStart(4, '0')}`;
    if (body.substring(i, i + esc.length) !== esc) return -1;
    i += esc.length;
    r = e + 1;
  }
}

/** How both escapings write the ASCII characters they escape (JSON.stringify's, as ESCAPINGS). */
const ASCII_ESCAPES = Array.from({ length: 0x80 }, (_, c) => ESCAPINGS.j(String.fromCharCode(c)));

/** @param {number} c */
const isHighSurrogate = (c) => c >= 0xd800 && c <= 0xdbff;

/**
 * The raw body as it was received, from what the raw column holds (unpacked) and the sample's texts.
 * @param {string | null} stored
 * @param {string | null} text
 * @param {string | null} reasoning
 * @returns {string | null}
 */
export function rebuildRaw(stored, text, reasoning) {
  if (stored === null || stored === undefined || stored[0] !== MARK) return stored;
  const escapeJson = ESCAPINGS[/** @type {keyof typeof ESCAPINGS} */ (stored[1])];
  if (!escapeJson) throw new Error(`a compact raw body with an unknown escaping '${stored[1]}'`);
  return fill(stored.slice(2), (tag) => escapeJson((tag === 'R' ? reasoning : text) ?? ''));
}

/**
 * A compact body with each marker replaced by its span.
 * @param {string} body
 * @param {(tag: string) => string} span
 */
function fill(body, span) {
  return body.replace(/\u0001([RT])/g, (_, tag) => span(tag));
}

/**
 * Whether a string holds no lone surrogate (String#isWellFormed where there is one: Node 20 has it).
 * @param {string} s
 */
function wellFormed(s) {
  const native = /** @type {{ isWellFormed?: () => boolean }} */ (/** @type {unknown} */ (s)).isWellFormed;
  return native ? native.call(s) : !LONE_SURROGATE.test(s);
}

/** Whether a stored raw column holds a compact body (for counting what was kept whole). */
export function isCompactRaw(/** @type {unknown} */ stored) {
  const s = unpackText(stored);
  return s !== null && s[0] === MARK;
}

/**
 * @typedef {{ text: string | number, reasoning: string | number, raw: string | number }} TextColumns
 * The positions (or names) of a sample row's three text columns.
 */

/**
 * Packs a sample row's values in place: the raw body compacted against its texts, then each long
 * text compressed. The same as `prepareSampleRow` then `compressSampleRow`.
 * @param {Record<string, unknown> | unknown[]} values
 * @param {TextColumns} at
 */
export function packSampleRow(values, at) {
  prepareSampleRow(values, at);
  compressSampleRow(values, at);
}

/**
 * The half of packing that needs the texts as strings, done where they already are (the thread that
 * received them): the raw body compacted, and each text to be compressed turned into its UTF-8 bytes.
 * Returns the buffers the bytes own whole, which a thread can be handed without a copy.
 * @param {Record<string, unknown> | unknown[]} values
 * @param {TextColumns} at
 * @returns {ArrayBuffer[]}
 */
export function prepareSampleRow(values, at) {
  const row = /** @type {Record<string | number, unknown>} */ (/** @type {unknown} */ (values));
  const text = /** @type {string | null} */ (row[at.text]);
  const reasoning = /** @type {string | null} */ (row[at.reasoning]);
  row[at.raw] = textBytes(compactRaw(/** @type {string | null} */ (row[at.raw]), text, reasoning));
  row[at.text] = textBytes(text);
  row[at.reasoning] = textBytes(reasoning);
  /** @type {ArrayBuffer[]} */
  const owned = [];
  for (const c of [at.text, at.reasoning, at.raw]) {
    const v = row[c];
    // A short Buffer is a slice of Node's shared pool: copied, never moved (that would move the pool).
    if (v instanceof Uint8Array && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength)
      owned.push(/** @type {ArrayBuffer} */ (v.buffer));
  }
  return owned;
}

/**
 * The other half, the CPU-heavy one (the writing thread's): each text prepared as bytes compressed.
 * @param {Record<string, unknown> | unknown[]} values
 * @param {TextColumns} at
 */
export function compressSampleRow(values, at) {
  const row = /** @type {Record<string | number, unknown>} */ (/** @type {unknown} */ (values));
  for (const c of [at.text, at.reasoning, at.raw]) row[c] = compressText(row[c]);
}
