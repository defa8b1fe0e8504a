/**
 * Python's text forms of numbers and JSON, where they differ from JavaScript's: `repr(float)` keeps
 * "3.0" and writes "1e-05", `format(x, '.2f')` rounds ties to even, `json.dumps` puts a space after
 * ',' and ':'. The paper's files and prompts were written by Python, so matching them byte for byte
 * needs these.
 */

/** A value Python holds as a float even when it is whole (json.dumps writes 7.0, not 7). */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** `repr(x)` / `str(x)` of a Python float. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  // toExponential() gives the shortest digits that round-trip, as Python's repr does.
  const [mant, expText] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1) || '0';
    return `${sign}${whole}.${frac}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
}

/** `format(x, f'.{places}f')`: the exact binary value, rounded half to even. */
export function pyFixed(x: number, places: number): string {
  if (!Number.isFinite(x)) return pyFloatRepr(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const { mantissa, exponent } = decompose(Math.abs(x));
  const scale = 10n ** BigInt(places);
  let q: bigint;
  if (exponent >= 0) q = (mantissa << BigInt(exponent)) * scale;
  else {
    const num = mantissa * scale;
    const den = 1n << BigInt(-exponent);
    q = num / den;
    const twice = (num % den) * 2n;
    if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  }
  const text = q.toString().padStart(places + 1, '0');
  return places === 0
    ? `${sign}${text}`
    : `${sign}${text.slice(0, -places)}.${text.slice(text.length - places)}`;
}

/** A finite double as mantissa × 2^exponent, both whole. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0
    ? { mantissa: fraction, exponent: -1074 }
    : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** `str(v)` of a JSON value as Python's json.loads would hold it (a whole JS number is an int). */
export function pyStr(v: unknown): string {
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return 'None';
  if (typeof v === 'string') return v;
  throw new TypeError('pyStr: only scalars');
}

/** `json.dumps(v, ensure_ascii=False)` for the values a creator writes (objects keep insertion order). */
export function pyJsonDumps(v: unknown): string {
  const n = v instanceof PyFloat ? v.value : typeof v === 'number' ? v : undefined;
  if (n !== undefined) {
    if (Number.isNaN(n)) return 'NaN';
    if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
    return typeof v === 'number' && Number.isInteger(n) ? String(n) : pyFloatRepr(n);
  }
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pyJsonDumps).join(', ')}]`;
  if (typeof v === 'object') {
    const parts = Object.entries(v as Record<string, unknown>).map(
      ([k, x]) => `${JSON.stringify(k)}: ${pyJsonDumps(x)}`,
    );
    return `{${parts.join(', ')}}`;
  }
  throw new TypeError(`pyJsonDumps: cannot write a ${typeof v}`);
}

/** The characters Python's str.isspace() accepts (what str.strip() strips and the regex class \s matches). */
export const PY_WHITESPACE =
  '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const EDGE_SPACE = new RegExp(`^[${PY_WHITESPACE}]+|[${PY_WHITESPACE}]+$`, 'g');

/** `str.strip()` with no argument. */
export function pyStrip(s: string): string {
  return s.replace(EDGE_SPACE, '');
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
