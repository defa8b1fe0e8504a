import { pyStrip } from '../../util/py-text.js';

/**
 * A list of strings written as a Python literal, read as the paper's task_loader reads a string
 * `classes` field: `ast.literal_eval`, which must give a list, then `.strip()` on every entry. Only
 * what such a list can hold is accepted: str literals in single, double or triple quotes (with the
 * r/u prefixes and Python's escapes), adjacent literals joined, a trailing comma, comments and line
 * breaks between entries. Anything else (a tuple, a number, bytes, a nested list) is an error, as it
 * was a skipped record for the reference.
 */
export class PythonLiteralError extends Error {}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * `classes` as task_loader takes them: a list as it is, or a Python list literal in a string
 * (parsed, each entry stripped); at least 2 strings. `fail` names the place and throws.
 */
export function classList(raw: unknown, fail: (expected: string) => never): string[] {
  let list: unknown = raw;
  if (typeof raw === 'string') {
    try {
      list = parsePythonStringList(raw);
    } catch (err) {
      if (!(err instanceof PythonLiteralError)) throw err;
      fail(`a list of strings such as ['yes', 'no'], ${err.message}`);
    }
  }
  if (!Array.isArray(list) || list.length < 2 || !list.every((x) => typeof x === 'string'))
    fail('a list of at least 2 strings');
  return list as string[];
}

/** The entries of a Python list literal of strings, each `.strip()`ped as task_loader does. */
export function parsePythonStringList(text: string): string[] {
  return new Reader(text).list().map(pyStrip);
}

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  list(): string[] {
    this.space();
    if (this.s[this.i] !== '[') throw this.fail('expected a list literal starting with [');
    this.i++;
    const out: string[] = [];
    for (;;) {
      this.space();
      if (this.s[this.i] === ']') break;
      out.push(this.string());
      this.space();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.s[this.i] !== ']') throw this.fail("expected ',' or ']' after an entry");
      break;
    }
    this.i++;
    this.space();
    if (this.i < this.s.length) throw this.fail('expected nothing after the closing ]');
    return out;
  }

  /** Whitespace, line continuations and comments (allowed inside brackets). */
  private space(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') this.i++;
      else if (c === '\\' && this.s[this.i + 1] === '\n') this.i += 2;
      else if (c === '#') while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
      else break;
    }
  }

  /** One entry: one or more adjacent string literals, concatenated. */
  private string(): string {
    let value = this.literal();
    for (;;) {
      const at = this.i;
      this.space();
      if (/^[rRuU]?['"]/.test(this.s.slice(this.i, this.i + 2))) value += this.literal();
      else {
        this.i = at;
        return value;
      }
    }
  }

  private literal(): string {
    let raw = false;
    const p = this.s[this.i];
    if (p === 'r' || p === 'R') {
      raw = true;
      this.i++;
    } else if (p === 'u' || p === 'U') this.i++;
    else if (p === 'b' || p === 'B' || p === 'f' || p === 'F')
      throw this.fail('expected a plain string literal (bytes and f-strings are not text entries)');
    const q = this.s[this.i];
    if (q !== "'" && q !== '"') throw this.fail('expected a quoted string entry');
    const triple = this.s.startsWith(q.repeat(3), this.i);
    const close = triple ? q.repeat(3) : q;
    this.i += close.length;
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) throw this.fail('expected the string to be closed');
      if (this.s.startsWith(close, this.i)) {
        this.i += close.length;
        return out;
      }
      const c = this.s[this.i];
      if (c === '\n' && !triple) throw this.fail('expected the string to close before the line ends');
      if (c !== '\\') {
        out += c;
        this.i++;
        continue;
      }
      const n = this.s[this.i + 1];
      if (n === undefined) throw this.fail('expected a character after the backslash');
      if (raw) {
        // A raw string keeps the backslash; it still cannot end on an escaped quote.
        out += c + n;
        this.i += 2;
        continue;
      }
      this.i += 2;
      if (n === '\n') continue;
      if (n in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[n];
      else if (n >= '0' && n <= '7') {
        let digits = n;
        while (digits.length < 3 && /[0-7]/.test(this.s[this.i] ?? '')) digits += this.s[this.i++];
        out += String.fromCodePoint(Number.parseInt(digits, 8));
      } else if (n === 'x' || n === 'u' || n === 'U') {
        const len = n === 'x' ? 2 : n === 'u' ? 4 : 8;
        const hex = this.s.slice(this.i, this.i + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex))
          throw this.fail(`expected ${len} hex digits after \\${n}`);
        const cp = Number.parseInt(hex, 16);
        if (cp > 0x10ffff) throw this.fail('expected a code point no larger than U+10FFFF');
        out += String.fromCodePoint(cp);
        this.i += len;
      } else if (n === 'N')
        throw this.fail('expected no \\N{…} escapes (named characters are not supported)');
      else out += c + n; // an unknown escape keeps its backslash, as in Python
    }
  }

  private fail(what: string): PythonLiteralError {
    return new PythonLiteralError(`${what} (at character ${this.i + 1})`);
  }
}
