/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/**
 * JSON that is safe inside <script type="application/json">: no '<' (so no '</script>' or
 * '<!--'), and no U+2028/2029. Lone surrogates need nothing here: JSON.stringify already writes them
 * as \uXXXX escapes, so the page stays valid UTF-8 and they parse back as they were.
 */
export function jsonForScript(value: unknown): string {
  // One pass (a 1M-sample report embeds ~100 MB of JSON; six passes took a second).
  return JSON.stringify(value).replace(UNSAFE_IN_SCRIPT, (c) => SCRIPT_ESCAPES[c]);
}

/**
 * jsonForScript(value) between `open` and `close`, in pieces: a plain object's members one by one
 * (down to its nested plain objects), an array of strings, numbers, booleans and nulls a slice at a
 * time, any other value whole. The pieces join to exactly that text (JSON.stringify's member order,
 * undefined members left out, the same escaping, which works character by character); a report of
 * 200,000 samples never holds its ~100 MB of JSON whole, nor one column of its trace excerpts.
 */
export function* jsonForScriptPieces(value: unknown, open = '', close = ''): Generator<string> {
  yield open;
  for (const piece of jsonPieces(value)) yield piece.replace(UNSAFE_IN_SCRIPT, (c) => SCRIPT_ESCAPES[c]);
  yield close;
}

function* jsonPieces(value: unknown): Generator<string> {
  const plain =
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    !('toJSON' in value);
  if (!plain) {
    if (Array.isArray(value) && value.length > ARRAY_SLICE && value.every(isJsonPrimitive))
      yield* arrayPieces(value);
    else yield JSON.stringify(value);
    return;
  }
  yield '{';
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    // What JSON.stringify leaves out of an object.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(k)}:`;
    first = false;
    yield* jsonPieces(v);
  }
  yield '}';
}

/** Elements per piece of a long array (of a sample browser column, ~1 MB of excerpts at most). */
const ARRAY_SLICE = 1024;

/**
 * Values JSON.stringify writes the same wherever they stand in an array (no toJSON, no undefined). A
 * hole, which `every` skips, is `null` in a slice as in the whole.
 */
function isJsonPrimitive(x: unknown): boolean {
  return x === null || typeof x === 'string' || typeof x === 'boolean' || typeof x === 'number';
}

function* arrayPieces(a: unknown[]): Generator<string> {
  for (let i = 0; i < a.length; i += ARRAY_SLICE) {
    const part = JSON.stringify(a.slice(i, i + ARRAY_SLICE));
    // '[x,y]' → '[x,y' first, ',x,y' after, and the last one keeps its ']'.
    const end = i + ARRAY_SLICE >= a.length ? part.length : part.length - 1;
    yield i === 0 ? part.slice(0, end) : `,${part.slice(1, end)}`;
  }
}

const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;
const SCRIPT_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
