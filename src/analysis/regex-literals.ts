/**
 * Literals a regular expression cannot match without: for a pattern compiled with the flag `i` (and
 * no `u`, `m`, `s`), a set of lowercase ASCII strings such that every match of the pattern contains
 * one of them, ASCII case ignored. The tagger (failure-modes.ts) uses them to skip a rule's regex on a
 * trace that holds none of them, which is most traces: a scan for a few literals costs a fraction of
 * the regex's own scan.
 *
 * Only what is certain counts. A literal is a run of plain characters one after another in the
 * pattern's source; anything else (classes, `.`, escapes other than a punctuation mark, assertions,
 * back-references, lookarounds, a character with a quantifier allowing zero) ends the run, and a
 * shorter run is still required. A group required at least once contributes its own set. Non-ASCII
 * characters end a run too: under `i` without `u`, an ASCII character in the pattern matches only
 * itself and its other ASCII case (RegExp's Canonicalize keeps a non-ASCII character from folding to
 * ASCII), so an ASCII literal is found exactly by comparing lowercase ASCII.
 */

/** At least one of these occurs in every match; null when nothing is certain. */
export type LiteralSet = string[] | null;

/** The pattern's required literals (lowercase ASCII), or null when no literal is certain. */
export function requiredLiterals(source: string): LiteralSet {
  const p = new Parser(source);
  try {
    const set = p.disjunction();
    return p.at < source.length ? null : set; // a stray ')' would mean a misread: claim nothing
  } catch {
    return null; // a source the parser cannot follow: claim nothing
  }
}

/** Printable ASCII: the characters a literal may hold (anything else ends a run). */
function literalChar(c: number): boolean {
  return c >= 32 && c < 127;
}

const QUANTIFIER = /[*+?]|\{(\d+)(?:,(\d*))?\}/y;

class Parser {
  at = 0;
  constructor(private readonly s: string) {}

  /** alternative ('|' alternative)*: one of the alternatives' sets must hold, so their union. */
  disjunction(): LiteralSet {
    const out: string[] = [];
    let known = true;
    for (;;) {
      const alt = this.alternative();
      if (alt === null) known = false;
      else out.push(...alt);
      if (this.s[this.at] !== '|') break;
      this.at++;
    }
    return known && out.length > 0 ? [...new Set(out)] : null;
  }

  /** A sequence of terms up to '|' or ')': its best required factor (longest shortest literal). */
  private alternative(): LiteralSet {
    const factors: string[][] = [];
    let run = '';
    const end = () => {
      if (run) factors.push([run]);
      run = '';
    };
    const s = this.s;
    while (this.at < s.length && s[this.at] !== '|' && s[this.at] !== ')') {
      const c = s[this.at];
      let atom: { lit: string } | { set: LiteralSet } | null;
      if (c === '(') atom = { set: this.group() };
      else if (c === '[') {
        this.skipClass();
        atom = null;
      } else if (c === '\\') atom = this.escape();
      else if (c === '.' || c === '^' || c === '$') {
        this.at++;
        atom = null;
      } else if (c === '*' || c === '+' || c === '?') {
        // A quantifier with nothing before it is a syntax error the schema refused; claim nothing.
        return null;
      } else {
        // '{' that is not a quantifier, ']' and '}' are plain characters without `u`.
        this.at++;
        atom = literalChar(c.charCodeAt(0)) ? { lit: c.toLowerCase() } : null;
      }
      const q = this.quantifier();
      if (atom && 'lit' in atom) {
        if (q === undefined) {
          run += atom.lit;
          continue;
        }
        // With a quantifier the character may repeat (or be absent): the run stops at or before it.
        if (q >= 1) run += atom.lit;
        end();
        continue;
      }
      end();
      if (atom && 'set' in atom && atom.set && (q === undefined || q >= 1)) factors.push(atom.set);
    }
    end();
    let best: string[] | null = null;
    for (const f of factors) if (!best || score(f) > score(best)) best = f;
    return best;
  }

  /** A group: its disjunction's set, or null for lookarounds (zero width: nothing of the match). */
  private group(): LiteralSet {
    const s = this.s;
    this.at++; // (
    let look = false;
    if (s[this.at] === '?') {
      const two = s.slice(this.at, this.at + 3);
      if (two.startsWith('?:')) this.at += 2;
      else if (two.startsWith('?=') || two.startsWith('?!')) {
        this.at += 2;
        look = true;
      } else if (two === '?<=' || two === '?<!') {
        this.at += 3;
        look = true;
      } else if (two.startsWith('?<')) {
        const close = s.indexOf('>', this.at);
        if (close < 0) throw new Error('unterminated group name');
        this.at = close + 1;
      }
    }
    const set = this.disjunction();
    if (s[this.at] !== ')') throw new Error('unterminated group');
    this.at++;
    return look ? null : set;
  }

  /** [...] up to its first unescaped ']' ('[]' is the empty class without `u`). */
  private skipClass(): void {
    const s = this.s;
    this.at++;
    if (s[this.at] === '^') this.at++;
    while (this.at < s.length && s[this.at] !== ']') this.at += s[this.at] === '\\' ? 2 : 1;
    this.at++;
  }

  /**
   * An escape: a punctuation mark escaped is itself; every other escape is not a literal (classes,
   * assertions, control and code escapes, back-references). Consuming more than the escape holds is
   * safe (a literal is dropped, never invented); consuming less is not, so runs of digits, hex codes
   * and `\k<name>` are taken whole.
   */
  private escape(): { lit: string } | null {
    const s = this.s;
    const c = s[this.at + 1] ?? '';
    this.at += 2;
    if (/^[!-/:-@[-`{-~]$/.test(c)) return { lit: c };
    if (c === 'c' && /[A-Za-z]/.test(s[this.at] ?? '')) this.at++;
    else if (c === 'x' && /^[0-9A-Fa-f]{2}/.test(s.slice(this.at))) this.at += 2;
    else if (c === 'u' && /^[0-9A-Fa-f]{4}/.test(s.slice(this.at))) this.at += 4;
    else if (c === 'k' && s[this.at] === '<') {
      const close = s.indexOf('>', this.at);
      this.at = close < 0 ? s.length : close + 1;
    } else if (/\d/.test(c)) while (/\d/.test(s[this.at] ?? '')) this.at++;
    return null;
  }

  /** A quantifier after an atom: its minimum count, or undefined when there is none. */
  private quantifier(): number | undefined {
    QUANTIFIER.lastIndex = this.at;
    const m = QUANTIFIER.exec(this.s);
    if (!m) return undefined;
    this.at += m[0].length;
    if (this.s[this.at] === '?') this.at++; // lazy
    if (m[0] === '+') return 1;
    if (m[0] === '*' || m[0] === '?') return 0;
    return Number(m[1]);
  }
}

/** A set is as good as its shortest literal (longer literals are rarer and let a scan skip further). */
function score(set: string[]): number {
  return Math.min(...set.map((l) => l.length)) * 100 - set.length;
}
