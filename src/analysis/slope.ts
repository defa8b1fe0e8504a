/**
 * The slope of score against log2(realized reasoning tokens), by ordinary least squares over the
 * samples that reasoned at all (a sample with 0 tokens has no place on a log axis, and budget 0 is
 * "no reasoning", a different regime rather than the left end of a dose–response curve), with a 95% CI from an item-clustered bootstrap: whole items are resampled with
 * replacement, so trials of one item (which share its difficulty) are never treated as independent.
 * Each item is reduced to five sums first, so a resample costs O(items), not O(samples).
 */
export interface SlopeResult {
  /** Score change per doubling of reasoning tokens. */
  slope: number;
  lo: number;
  hi: number;
  /** Two-sided bootstrap p-value for slope = 0 (share of resamples on the other side of 0, doubled). */
  p: number;
  items: number;
  samples: number;
  resamples: number;
}

export class ItemSums {
  private readonly index = new Map<string | number, number>();
  /**
   * Per item, side by side: n, Σx, Σy, Σx², Σxy. Packed, so a bootstrap draw reads one run of five
   * numbers (the resampling loop below runs items × resamples times per curve).
   */
  sums: Float64Array;
  count = 0;
  samples = 0;

  constructor(capacity = 64) {
    this.sums = new Float64Array(5 * capacity);
  }

  add(item: string | number, x: number, y: number): void {
    let i = this.index.get(item);
    if (i === undefined) {
      i = this.count++;
      this.index.set(item, i);
      if (5 * i >= this.sums.length) {
        const grown = new Float64Array(this.sums.length * 2);
        grown.set(this.sums);
        this.sums = grown;
      }
    }
    const o = 5 * i;
    const p = this.sums;
    p[o]++;
    p[o + 1] += x;
    p[o + 2] += y;
    p[o + 3] += x * x;
    p[o + 4] += x * y;
    this.samples++;
  }
}

function olsSlope(n: number, sx: number, sy: number, sxx: number, sxy: number): number {
  const den = n * sxx - sx * sx;
  return den > 1e-12 * n * n ? (n * sxy - sx * sy) / den : Number.NaN;
}

/** log2 of the realized reasoning tokens; NaN for samples that did not reason (left out of slopes). */
export function tokensToX(tokens: number): number {
  return tokens > 0 ? Math.log2(tokens) : Number.NaN;
}

export function bootstrapSlope(sums: ItemSums, seed: number, resamples = 1000): SlopeResult | null {
  const k = sums.count;
  if (k < 2) return null;
  const packed = sums.sums;
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let o = 0; o < 5 * k; o += 5) {
    n += packed[o];
    sx += packed[o + 1];
    sy += packed[o + 2];
    sxx += packed[o + 3];
    sxy += packed[o + 4];
  }
  const slope = olsSlope(n, sx, sy, sxx, sxy);
  if (!Number.isFinite(slope)) return null;
  // The generator (mulberry32, as util/rng.ts) is inlined: this loop runs items × resamples times.
  let state = seed >>> 0;
  const boots = new Float64Array(resamples);
  let filled = 0;
  for (let r = 0; r < resamples; r++) {
    let bn = 0;
    let bx = 0;
    let by = 0;
    let bxx = 0;
    let bxy = 0;
    for (let j = 0; j < k; j++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const o = 5 * Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * k);
      bn += packed[o];
      bx += packed[o + 1];
      by += packed[o + 2];
      bxx += packed[o + 3];
      bxy += packed[o + 4];
    }
    const b = olsSlope(bn, bx, by, bxx, bxy);
    if (Number.isFinite(b)) boots[filled++] = b;
  }
  const sorted = boots.subarray(0, filled).sort();
  if (filled < 20) return null;
  let below = 0;
  while (below < filled && sorted[below] <= 0) below++;
  const above = filled - below;
  return {
    slope,
    lo: sorted[Math.floor(0.025 * (filled - 1))],
    hi: sorted[Math.ceil(0.975 * (filled - 1))],
    p: Math.min(1, (2 * (Math.min(below, above) + 1)) / (filled + 1)),
    items: k,
    samples: sums.samples,
    resamples: filled,
  };
}
