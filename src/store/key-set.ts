/**
 * A set of sample keys (32 lowercase hex characters, see core/sample-key.ts) held as 128-bit numbers in one
 * typed array: about 32 bytes a key at most, against ~100 for a Set<string>, and nothing for the
 * garbage collector to trace. A resumed paper-scale run keeps a million of them. Exact: keys are
 * compared in full, never by a prefix; hex digits in either case name the same key (the stored keys
 * are lower-case). Anything that is not a 32-hex key goes to a plain Set.
 */
export class KeySet {
  /** 4 words per slot; a slot of four zero words is empty (the all-zero key is tracked apart). */
  private table: Uint32Array;
  private mask: number;
  private count = 0;
  private zero = false;
  private readonly other = new Set<string>();
  private readonly w = new Uint32Array(4);

  constructor(expected = 1024) {
    let slots = 16;
    while (slots < expected * 2) slots *= 2;
    this.table = new Uint32Array(slots * 4);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count + (this.zero ? 1 : 0) + this.other.size;
  }

  add(key: string): this {
    if (!this.parse(key)) {
      this.other.add(key);
      return this;
    }
    this.put(this.w[0], this.w[1], this.w[2], this.w[3]);
    return this;
  }

  /** Adds keys given as raw 16-byte digests, back to back (as SQLite's unhex() gives them). */
  addDigests(buf: Uint8Array): this {
    const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    for (let o = 0; o + 16 <= buf.byteLength; o += 16)
      this.put(v.getUint32(o), v.getUint32(o + 4), v.getUint32(o + 8), v.getUint32(o + 12));
    return this;
  }

  has(key: string): boolean {
    if (!this.parse(key)) return this.other.has(key);
    const w = this.w;
    if ((w[0] | w[1] | w[2] | w[3]) === 0) return this.zero;
    const t = this.table;
    for (let i = w[0] & this.mask; ; i = (i + 1) & this.mask) {
      const o = i * 4;
      if (t[o] === w[0] && t[o + 1] === w[1] && t[o + 2] === w[2] && t[o + 3] === w[3]) return true;
      if ((t[o] | t[o + 1] | t[o + 2] | t[o + 3]) === 0) return false;
    }
  }

  /** Adds one parsed key, growing the table first when it would be more than half full. */
  private put(a: number, b: number, c: number, d: number): void {
    if ((a | b | c | d) === 0) {
      this.zero = true;
      return;
    }
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    this.insert(a, b, c, d);
  }

  /** Linear probing; the keys are hashes already, so their first word is a good slot index. */
  private insert(a: number, b: number, c: number, d: number): void {
    const t = this.table;
    for (let i = a & this.mask; ; i = (i + 1) & this.mask) {
      const o = i * 4;
      if (t[o] === a && t[o + 1] === b && t[o + 2] === c && t[o + 3] === d) return;
      if ((t[o] | t[o + 1] | t[o + 2] | t[o + 3]) === 0) {
        t[o] = a;
        t[o + 1] = b;
        t[o + 2] = c;
        t[o + 3] = d;
        this.count++;
        return;
      }
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = old.length / 2 - 1;
    this.count = 0;
    for (let o = 0; o < old.length; o += 4) {
      if ((old[o] | old[o + 1] | old[o + 2] | old[o + 3]) !== 0)
        this.insert(old[o], old[o + 1], old[o + 2], old[o + 3]);
    }
  }

  /** 32 hex characters → this.w (either case, as for SQLite's unhex); false for anything else. */
  private parse(key: string): boolean {
    if (key.length !== 32) return false;
    for (let j = 0; j < 4; j++) {
      let v = 0;
      for (let k = j * 8; k < j * 8 + 8; k++) {
        const c = key.charCodeAt(k);
        const d = c < 128 ? HEX[c] : -1;
        if (d < 0) return false;
        v = (v << 4) | d;
      }
      this.w[j] = v >>> 0;
    }
    return true;
  }
}

/** Hex digit values by character code; -1 for anything else. */
const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX[97 + i] = 10 + i;
  HEX[65 + i] = 10 + i;
}
