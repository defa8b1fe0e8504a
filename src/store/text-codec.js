// @ts-check
// How a sample's long texts are kept (schema v10): each text once, compressed when long.
//
//   text, reasoning_text, raw   a TEXT value is the text itself; a BLOB value is its UTF-8 bytes
//                               deflated (raw deflate, level 4). SQLite's type is the marker, so a
//                               store from before v10 (all TEXT) reads as it is, with no rewrite.
//   raw                         the provider's body with the answer and the reasoning cut out where
//                               they occur JSON-escaped: a compact body starts with MARK and a letter
//                               naming the escaping, and MARK + 'R' / MARK + 'T' stand where the
//                               reasoning / answer were. A body that contains MARK anywhere, or whose
//                               rebuild is not byte for byte the original, is kept whole.
//
// Plain JavaScript with no imports of ours: the writing thread (writer-thread.js) packs rows with it,
// and starts as it is from src/, dist/ and the bundle; the store's readers unpack with it.
import zlib from 'node:zlib';

/** Texts shorter than this stay plain: below it deflate saves under half and costs ~6 µs a read. */
export const PACK_MIN_CHARS = 1024;
/** Compression level: bench/codec.ts measured level 4 as the knee (ratio 0.33, ~0.7 ms per 40k). */
const LEVEL = 4;
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
 * A text as stored: itself when short (or when deflate would not make it smaller), else its deflated
 * UTF-8 bytes.
 * @param {string | null} s
 * @returns {string | Buffer | null}
 */
export function packText(s) {
  if (s === null || s === undefined || s.length < PACK_MIN_CHARS || !wellFormed(s)) return s;
  const bytes = Buffer.from(s, 'utf8');
  const packed = zlib.deflateRawSync(bytes, { level: LEVEL });
  return packed.length < bytes.length ? packed : s;
}

/**
 * A stored text column as the text it holds (either layout).
 * @param {unknown} v
 * @returns {string | null}
 */
export function unpackText(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return zlib.inflateRawSync(v).toString('utf8');
  return String(v);
}

/**
 * The raw body with the answer and the reasoning cut out where it holds them JSON-escaped, or the
 * body itself when it does not, or when the cut body does not rebuild to it byte for byte.
 * @param {string | null} raw
 * @param {string | null} text
 * @param {string | null} reasoning
 * @returns {string | null}
 */
export function compactRaw(raw, text, reasoning) {
  if (raw === null || raw === undefined || raw.includes(MARK)) return raw;
  for (const [flag, escapeJson] of Object.entries(ESCAPINGS)) {
    /** @type {string} */
    let body = raw;
    /** @type {Record<string, string>} */
    const cut = {};
    for (const [tag, span] of /** @type {const} */ ([
      ['R', reasoning],
      ['T', text],
    ])) {
      // A span with a lone surrogate reads back otherwise (as U+FFFD): the raw body keeps its escape.
      if (span === null || span === undefined || span.length < MIN_SPAN || !wellFormed(span)) continue;
      const escaped = escapeJson(span);
      const at = body.indexOf(escaped);
      if (at < 0) continue;
      body = body.slice(0, at) + MARK + tag + body.slice(at + escaped.length);
      cut[tag] = escaped;
    }
    if (body === raw) continue;
    // Verified as the reader will rebuild it (the escaped spans reused: escaping 40k costs ~0.2 ms).
    if (fill(body, (tag) => cut[tag] ?? '') === raw) return MARK + flag + body;
  }
  return raw;
}

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
 * Packs a sample row's values in place: the raw body compacted against its texts, then each long
 * text deflated. `at` gives the positions (or names) of the three columns in the row.
 * @param {Record<string, unknown> | unknown[]} values
 * @param {{ text: string | number, reasoning: string | number, raw: string | number }} at
 */
export function packSampleRow(values, at) {
  const row = /** @type {Record<string | number, unknown>} */ (/** @type {unknown} */ (values));
  const text = /** @type {string | null} */ (row[at.text]);
  const reasoning = /** @type {string | null} */ (row[at.reasoning]);
  row[at.raw] = packText(compactRaw(/** @type {string | null} */ (row[at.raw]), text, reasoning));
  row[at.text] = packText(text);
  row[at.reasoning] = packText(reasoning);
}
