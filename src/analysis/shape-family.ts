/**
 * Simultaneous inference over a whole budget curve, so that the best budget may be picked from the
 * same data it is tested on. The family is every pair of budgets (K(K−1)/2 paired mean differences
 * over items) plus the slope of score on log2(realized tokens). Each member has an estimate θ̂_s and
 * a standard error se_s (pairs: sd of the per-item differences / √n; slope: OLS with an
 * item-clustered sandwich error). One item-clustered bootstrap (whole items resampled with
 * replacement, trials kept inside their item) recomputes both on every replicate and keeps the
 * largest studentised deviation of any member:
 *
 *   T*_r = max_s |θ*_rs − θ̂_s| / se*_rs
 *
 * Its 95% quantile c makes θ̂_s ± c·se_s simultaneous 95% intervals: with probability ≥ 95% (in large
 * samples) every interval covers its true value at once, so any claim read from any of them — "the
 * best budget beats the largest", whichever budget turned out best — is wrong at most 5% of the time.
 * This is the single-step max-T method of Westfall & Young (1993) in the studentised bootstrap form
 * of Romano & Wolf (2005); studentising each replicate by its own standard error (bootstrap-t) keeps
 * the level closer to nominal in samples of a few hundred items than a fixed bootstrap sd does. The
 * adjusted p-value of a member is the share of T*_r at least its |θ̂_s|/se_s.
 */
export interface FamilyInput {
  /** Items (rows) × positions (columns), row-major: each item's mean score at each budget. */
  y: Float64Array;
  items: number;
  positions: number;
  /** Per item, five numbers: n, Σx, Σy, Σx², Σxy over its samples that reasoned (x = log2 tokens). */
  slopeSums: Float64Array | null;
}

export interface MemberInterval {
  estimate: number;
  /** Standard error on the data. */
  sd: number;
  /** Simultaneous 95% interval: estimate ± critical × sd. */
  lo: number;
  hi: number;
  /** Family-adjusted two-sided p-value. */
  p: number;
}

export interface FamilyResult {
  /** Mean score per position over the items. */
  means: number[];
  /** pair(j, k) for j < k: mean of (score at k − score at j). */
  pair: (j: number, k: number) => MemberInterval;
  slope: MemberInterval | null;
  critical: number;
  resamples: number;
}

export function shapeFamily(x: FamilyInput, seed: number, resamples = 1000): FamilyResult | null {
  const n = x.items;
  const K = x.positions;
  if (n < 2 || K < 2) return null;
  const P = (K * (K - 1)) / 2;
  const pj = new Int32Array(P);
  const pk = new Int32Array(P);
  const pairIndex = new Int32Array(K * K).fill(-1);
  for (let j = 0, s = 0; j < K; j++)
    for (let k = j + 1; k < K; k++, s++) {
      pj[s] = j;
      pk[s] = k;
      pairIndex[j * K + k] = s;
    }
  const y = x.y;
  const ss = x.slopeSums;
  const S = P + (ss ? 1 : 0);
  // Estimates and standard errors on the data, then on each replicate (same formulas).
  const est = new Float64Array(S);
  const se = new Float64Array(S);
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const sums = new Float64Array(K);
  const cross = new Float64Array(K * K);
  if (!estimate(y, K, all, n, ss, pj, pk, sums, cross, est, se)) {
    // A slope that cannot be estimated (no reasoning, or one token count) leaves the family.
    return ss ? shapeFamily({ ...x, slopeSums: null }, seed, resamples) : null;
  }
  // The generator (mulberry32, as util/rng.ts) is inlined: this loop runs items × resamples times.
  let state = seed >>> 0;
  const draw = new Int32Array(n);
  const bEst = new Float64Array(S);
  const bSe = new Float64Array(S);
  const maxT = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    for (let t = 0; t < n; t++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let v = state;
      v = Math.imul(v ^ (v >>> 15), v | 1);
      v ^= v + Math.imul(v ^ (v >>> 7), v | 61);
      draw[t] = Math.floor((((v ^ (v >>> 14)) >>> 0) / 4294967296) * n);
    }
    const slopeOk = estimate(y, K, draw, n, ss, pj, pk, sums, cross, bEst, bSe);
    let t = 0;
    for (let s = 0; s < S; s++) {
      // A replicate with no spread in a member (or no slope) says nothing about that member.
      if (bSe[s] > 0 && (s < P || slopeOk)) t = Math.max(t, Math.abs(bEst[s] - est[s]) / bSe[s]);
    }
    maxT[r] = t;
  }
  maxT.sort();
  // The ⌈0.95(B+1)⌉-th smallest: the usual conservative Monte Carlo quantile.
  const critical = maxT[Math.min(resamples - 1, Math.ceil(0.95 * (resamples + 1)) - 1)];
  const member = (s: number): MemberInterval => {
    const e = est[s];
    const d = se[s];
    // A member with no spread at all is either exactly 0 (no evidence) or a change every item shares.
    const t = d > 0 ? Math.abs(e) / d : e === 0 ? 0 : Number.POSITIVE_INFINITY;
    let above = 0;
    while (above < resamples && maxT[resamples - 1 - above] >= t) above++;
    return {
      estimate: e,
      sd: d,
      lo: e - critical * d,
      hi: e + critical * d,
      p: (above + 1) / (resamples + 1),
    };
  };
  const members = Array.from({ length: S }, (_, s) => member(s));
  return {
    means: Array.from({ length: K }, (_, b) => {
      let m = 0;
      for (let i = 0; i < n; i++) m += y[i * K + b];
      return m / n;
    }),
    pair: (j, k) => {
      const s = pairIndex[j * K + k];
      if (s < 0) throw new RangeError(`no pair ${j}, ${k}`);
      return members[s];
    },
    slope: ss ? members[P] : null,
    critical,
    resamples,
  };
}

/**
 * Every member's estimate and standard error over the items in `rows` (a bootstrap draw, or all of
 * them): pairs from the per-item differences (mean, and sd/√n), the slope by OLS with an
 * item-clustered (sandwich) standard error. Returns false when the slope cannot be estimated.
 */
function estimate(
  y: Float64Array,
  K: number,
  rows: Int32Array,
  n: number,
  ss: Float64Array | null,
  pj: Int32Array,
  pk: Int32Array,
  sums: Float64Array,
  cross: Float64Array,
  est: Float64Array,
  se: Float64Array,
): boolean {
  sums.fill(0);
  cross.fill(0);
  for (let t = 0; t < n; t++) {
    const o = rows[t] * K;
    for (let a = 0; a < K; a++) {
      const ya = y[o + a];
      sums[a] += ya;
      for (let b = a; b < K; b++) cross[a * K + b] += ya * y[o + b];
    }
  }
  const P = pj.length;
  for (let s = 0; s < P; s++) {
    const j = pj[s];
    const k = pk[s];
    const d = (sums[k] - sums[j]) / n;
    // Σ(y_k − y_j)² over items, from the cross-products.
    const sq = cross[k * K + k] + cross[j * K + j] - 2 * cross[j * K + k];
    est[s] = d;
    se[s] = Math.sqrt(Math.max(0, (sq - n * d * d) / (n - 1)) / n);
  }
  if (!ss) return true;
  let a = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let t = 0; t < n; t++) {
    const o = 5 * rows[t];
    a += ss[o];
    sx += ss[o + 1];
    sy += ss[o + 2];
    sxx += ss[o + 3];
    sxy += ss[o + 4];
  }
  const mx = sx / a;
  const my = sy / a;
  const dxx = sxx - a * mx * mx;
  if (!(a > 0) || !(dxx > 1e-12 * a)) {
    est[P] = Number.NaN;
    se[P] = 0;
    return false;
  }
  const b = (sxy - a * mx * my) / dxx;
  // Each item's score contribution Σ(x − x̄)(e) with e = (y − ȳ) − b(x − x̄), from its five sums.
  let uu = 0;
  for (let t = 0; t < n; t++) {
    const o = 5 * rows[t];
    const ni = ss[o];
    if (ni === 0) continue;
    const cxy = ss[o + 4] - mx * ss[o + 2] - my * ss[o + 1] + ni * mx * my;
    const cxx = ss[o + 3] - 2 * mx * ss[o + 1] + ni * mx * mx;
    const u = cxy - b * cxx;
    uu += u * u;
  }
  est[P] = b;
  // The usual small-sample factor n/(n − 1) for n clusters.
  se[P] = Math.sqrt((uu * n) / (n - 1)) / dxx;
  return true;
}
