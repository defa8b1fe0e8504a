/**
 * Which of several groups of literals occur in a text, ASCII case ignored, in one pass (Wu–Manber:
 * a table of two-character blocks says how far the window may jump; a block that ends a literal's
 * prefix is checked in place). The tagger's prefilter (failure-modes.ts): a 40k-character trace is
 * scanned for the required literals of every rule at once, instead of once per rule by its regex.
 *
 * Literals are lowercase printable ASCII (regex-literals.ts makes them so). A text character matches
 * a literal character when it is that character or, for a letter, its uppercase: exactly what a
 * regular expression with `i` (without `u`) does for an ASCII character of its pattern.
 */
export class LiteralScan {
  /** Length of the window: the shortest literal. */
  private readonly m: number;
  /** How far the window's end may jump, by the hash of the two characters it ends on. */
  private readonly shift = new Uint8Array(1 << 14);
  /** Hash → the literals whose first m characters end with a block of that hash (null: none). */
  private readonly ends: (number[] | null)[] = new Array(1 << 14).fill(null);
  private readonly literals: string[] = [];
  private readonly bits: number[] = [];
  readonly all: number;

  /** groups[i] holds the literals of group bit `1 << i`; every literal at least 2 characters. */
  constructor(groups: readonly (readonly string[])[]) {
    let all = 0;
    groups.forEach((g, i) => {
      for (const lit of g) {
        if (lit.length < 2 || !/^[\x20-\x7e]+$/.test(lit) || lit !== lit.toLowerCase())
          throw new Error(
            `LiteralScan: not a lowercase ASCII literal of 2+ characters: ${JSON.stringify(lit)}`,
          );
        this.literals.push(lit);
        this.bits.push(1 << i);
        all |= 1 << i;
      }
    });
    this.all = all;
    this.m = Math.min(...this.literals.map((l) => l.length));
    const m = this.m;
    this.shift.fill(Math.min(255, m - 1));
    this.literals.forEach((lit, k) => {
      for (let j = 2; j <= m; j++) {
        const h = hash(lit.charCodeAt(j - 2), lit.charCodeAt(j - 1));
        if (m - j < this.shift[h]) this.shift[h] = m - j;
        if (j === m) {
          const list = this.ends[h] ?? [];
          if (!list.includes(k)) list.push(k);
          this.ends[h] = list;
        }
      }
    });
  }

  /** The bits of the groups with a literal in `text` (stops early once every group is found). */
  scan(text: string): number {
    if (this.literals.length === 0) return 0;
    const { m, shift, ends, literals, bits, all } = this;
    const n = text.length;
    let found = 0;
    let pos = m - 1;
    while (pos < n) {
      const h = hash(text.charCodeAt(pos - 1), text.charCodeAt(pos));
      const s = shift[h];
      if (s > 0) {
        pos += s;
        continue;
      }
      const list = ends[h] as number[];
      const start = pos - m + 1;
      for (let i = 0; i < list.length; i++) {
        const k = list[i];
        if (found & bits[k] || !matchAt(text, start, literals[k])) continue;
        found |= bits[k];
        if (found === all) return found;
      }
      pos++;
    }
    return found;
  }
}

/**
 * Two characters' block, folded to 14 bits. Letters fold to lowercase by `| 32`; other characters may
 * share a hash with a letter (non-ASCII ones by their low 7 bits), which only makes a jump shorter or
 * sends a window to the exact check, never skips a literal.
 */
function hash(a: number, b: number): number {
  return (((a | 32) & 127) << 7) | ((b | 32) & 127);
}

/** ASCII letters to lowercase; a non-ASCII character to 0, which no literal holds. */
function fold(c: number): number {
  return c < 128 ? (c >= 65 && c <= 90 ? c + 32 : c) : 0;
}

function matchAt(text: string, start: number, lit: string): boolean {
  if (start + lit.length > text.length) return false;
  for (let k = 0; k < lit.length; k++)
    if (fold(text.charCodeAt(start + k)) !== lit.charCodeAt(k)) return false;
  return true;
}
