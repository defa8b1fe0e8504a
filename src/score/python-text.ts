/**
 * The few Python string semantics the paper's scorer depends on, so that `paper` scoring gives the
 * reference's verdict on any text (model output is untrusted and may hold any character):
 * `str.strip()`, `float(str)`, `len()` in code points and the `\s`/`\w` classes of `re`.
 */

/** Characters for which Python's `str.isspace()` is true (and which `re`'s `\s` matches). */
export const PY_SPACE =
  '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const LEADING = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING = new RegExp(`[${PY_SPACE}]+$`);

/** Python's `s.strip()`: unlike `String.prototype.trim` it keeps U+FEFF and strips U+001C–U+001F, U+0085. */
export function pyStrip(s: string): string {
  return s.replace(LEADING, '').replace(TRAILING, '');
}

/** Python's `len(s)`: code points, not UTF-16 units. */
export function pyLen(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const DECIMAL = /\p{Nd}/u;

/**
 * A Unicode decimal digit's value. Decimal digits come in runs of ten code points, 0 to 9, so the
 * value is the position in the run (runs may follow one another, as the mathematical digits do).
 */
function digitValue(cp: number): number {
  let start = cp;
  while (start > 0 && DECIMAL.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

const FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/**
 * Python's `float(s)` for a string, or null where Python raises ValueError. Python first turns any
 * Unicode decimal digit into its ASCII digit ('٥' and '５' read as 5), strips whitespace, and takes
 * underscores between digits (PEP 515), 'inf'/'infinity'/'nan' in any case; hexadecimal and
 * thousands separators are errors.
 */
export function pyFloat(s: string): number | null {
  let ascii = '';
  for (const ch of pyStrip(s)) {
    const cp = ch.codePointAt(0) as number;
    ascii += cp > 0x7f && DECIMAL.test(ch) ? String(digitValue(cp)) : ch;
  }
  const special = SPECIAL.exec(ascii);
  if (special) {
    if (special[2].toLowerCase() === 'nan') return Number.NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!FLOAT.test(ascii)) return null;
  return Number(ascii.replace(/_/g, ''));
}

/** Python's `str()` of a JSON value as the reference's records hold it (floats keep their '.0'). */
export function pyStr(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
  return v;
}

function pyFloatRepr(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const s = String(v);
  // JavaScript writes 1e+21 and 1e-7 where Python writes 1e+21 and 1e-07.
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}
