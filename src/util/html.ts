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

const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;
const SCRIPT_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
