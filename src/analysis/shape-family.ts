import { Rng } from '../util/rng.js';

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
 *
 * The permutation guard: when every item has the same trials at every budget (a complete run),
 * a second null comes from shuffling each item's budgets (whole cells, trial by trial, realized
 * tokens staying with their budget). It is exact under "no budget makes a difference", and c is the
 * larger of the two quantiles: a flat curve is then called anything else at most 5% of the time
 * (Westfall & Young's permutation max-T), and the intervals stay simultaneous as the bootstrap's.
 *
 * From GAUSSIAN_FROM items on, the bootstrap (whose cost grows with items × resamples) gives way to
 * its large-sample limit: the null maxima are drawn from the joint normal of the budget means and
 * the slope with their item-clustered covariance (the form of Hothorn, Bretz & Westfall 2008), which
 * is what the bootstrap approaches as items grow, at a cost that does not.
 */
export interface FamilyInput {
  /** Items (rows) × positions (columns), row-major: each item's mean score at each budget. */
  y: Float64Array;
  items: number;
  positions: number;
  /** Per item, five numbers: n, Σx, Σy, Σx², Σxy over its samples that reasoned (x = log2 tokens). */
  slopeSums: Float64Array | null;
  /**
   * Per item, two K×K tables over the trials t of position j that reasoned: w[j][j'] = Σ y(j', t) and
   * m[j][j'] = Σ x(j, t)·y(j', t), which give the slope when the positions' samples are swapped
   * trial by trial. Present when every item has the same trials at every position; enables the
   * permutation guard.
   */
  aligned?: { w: Float64Array; m: Float64Array } | null;
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
  /** pair(j, k) for j < k: mean of (score at k − score at j). */
  pair: (j: number, k: number) => MemberInterval;
  slope: MemberInterval | null;
  critical: number;
  /** Draws of the null maximum: bootstrap replicates, or normal draws for many items. */
  resamples: number;
  method: 'bootstrap' | 'bootstrap+permutation' | 'gaussian';
}

/** From this many items on, the bootstrap gives way to its large-sample (Gaussian) limit. */
export const GAUSSIAN_FROM = 2000;

export function shapeFamily(
  x: FamilyInput,
  seed: number,
  resamples = 1000,
  method: 'auto' | 'bootstrap' | 'gaussian' = 'auto',
): FamilyResult | null {
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
  const ss = x.slopeSums;
  const S = P + (ss ? 1 : 0);
  // Estimates and standard errors on the data (a replicate uses the same formulas).
  const est = new Float64Array(S);
  const se = new Float64Array(S);
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const work = { sums: new Float64Array(K), cross: new Float64Array(K * K) };
  if (!estimate(x.y, K, all, n, ss, pj, pk, work, est, se)) {
    // A slope that cannot be estimated (no reasoning, or one token count) leaves the family.
    return ss ? shapeFamily({ ...x, slopeSums: null }, seed, resamples, method) : null;
  }
  const gaussian = method === 'gaussian' || (method === 'auto' && n >= GAUSSIAN_FROM);
  const nulls = gaussian
    ? [gaussianMaxima(x, est, se, pj, pk, seed, Math.max(resamples, 10_000))]
    : [bootstrapMaxima(x, est, pj, pk, seed, resamples)];
  // The permutation guard: exact under "no budget makes a difference", so a flat curve is called
  // anything else at most 5% of the time whatever the bootstrap's small-sample error.
  if (!gaussian && x.aligned && method !== 'bootstrap')
    nulls.push(permutationMaxima(x, x.aligned, pj, pk, seed ^ 0x5bd1e995, resamples));
  for (const m of nulls) m.sort();
  // The ⌈0.95(B+1)⌉-th smallest: the usual conservative Monte Carlo quantile; the larger of the two.
  const critical = Math.max(
    ...nulls.map((m) => m[Math.min(m.length - 1, Math.ceil(0.95 * (m.length + 1)) - 1)]),
  );
  const member = (s: number): MemberInterval => {
    const e = est[s];
    const d = se[s];
    // A member with no spread at all is either exactly 0 (no evidence) or a change every item shares.
    const t = d > 0 ? Math.abs(e) / d : e === 0 ? 0 : Number.POSITIVE_INFINITY;
    const p = Math.max(
      ...nulls.map((m) => {
        let above = 0;
        while (above < m.length && m[m.length - 1 - above] >= t) above++;
        return (above + 1) / (m.length + 1);
      }),
    );
    return { estimate: e, sd: d, lo: e - critical * d, hi: e + critical * d, p };
  };
  const members = Array.from({ length: S }, (_, s) => member(s));
  return {
    pair: (j, k) => {
      const s = pairIndex[j * K + k];
      if (s < 0) throw new RangeError(`no pair ${j}, ${k}`);
      return members[s];
    },
    slope: ss ? members[P] : null,
    critical,
    resamples: nulls[0].length,
    method: gaussian ? 'gaussian' : nulls.length > 1 ? 'bootstrap+permutation' : 'bootstrap',
  };
}

/**
 * The permutation null of "no budget makes a difference": within each item the positions' samples
 * are exchangeable, so each replicate shuffles them (whole cells, trial by trial, the realized tokens
 * staying with their budget), recomputes every member and its standard error, and keeps the largest
 * |θ^π| / se^π. Its quantile is an exact level-5% critical value for the complete null.
 */
function permutationMaxima(
  x: FamilyInput,
  aligned: { w: Float64Array; m: Float64Array },
  pj: Int32Array,
  pk: Int32Array,
  seed: number,
  resamples: number,
): Float64Array {
  const n = x.items;
  const K = x.positions;
  const P = pj.length;
  const ss = x.slopeSums;
  const S = P + (ss ? 1 : 0);
  const work = { sums: new Float64Array(K), cross: new Float64Array(K * K) };
  const yp = new Float64Array(n * K);
  const sp = ss ? Float64Array.from(ss) : null;
  const pi = new Int32Array(K);
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const pEst = new Float64Array(S);
  const pSe = new Float64Array(S);
  const maxT = new Float64Array(resamples);
  let state = seed >>> 0;
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < K; j++) pi[j] = j;
      for (let j = K - 1; j > 0; j--) {
        state = (state + 0x6d2b79f5) >>> 0;
        let v = state;
        v = Math.imul(v ^ (v >>> 15), v | 1);
        v ^= v + Math.imul(v ^ (v >>> 7), v | 61);
        const q = Math.floor((((v ^ (v >>> 14)) >>> 0) / 4294967296) * (j + 1));
        const tmp = pi[j];
        pi[j] = pi[q];
        pi[q] = tmp;
      }
      const o = i * K;
      for (let j = 0; j < K; j++) yp[o + j] = x.y[o + pi[j]];
      if (sp) {
        // Position j keeps its tokens and takes position π(j)'s answers, trial by trial.
        const t = i * K * K;
        let sy = 0;
        let sxy = 0;
        for (let j = 0; j < K; j++) {
          sy += aligned.w[t + j * K + pi[j]];
          sxy += aligned.m[t + j * K + pi[j]];
        }
        sp[5 * i + 2] = sy;
        sp[5 * i + 4] = sxy;
      }
    }
    const slopeOk = estimate(yp, K, all, n, sp, pj, pk, work, pEst, pSe);
    let t = 0;
    for (let s = 0; s < S; s++)
      if (pSe[s] > 0 && (s < P || slopeOk)) t = Math.max(t, Math.abs(pEst[s]) / pSe[s]);
    maxT[r] = t;
  }
  return maxT;
}

/**
 * The bootstrap-t null: per replicate, whole items drawn with replacement, every member's estimate
 * and standard error recomputed, and the largest |θ* − θ̂| / se* kept.
 */
function bootstrapMaxima(
  x: FamilyInput,
  est: Float64Array,
  pj: Int32Array,
  pk: Int32Array,
  seed: number,
  resamples: number,
): Float64Array {
  const n = x.items;
  const K = x.positions;
  const S = est.length;
  const P = pj.length;
  const work = { sums: new Float64Array(K), cross: new Float64Array(K * K) };
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
    const slopeOk = estimate(x.y, K, draw, n, x.slopeSums, pj, pk, work, bEst, bSe);
    let t = 0;
    for (let s = 0; s < S; s++) {
      // A replicate with no spread in a member (or no slope) says nothing about that member.
      if (bSe[s] > 0 && (s < P || slopeOk)) t = Math.max(t, Math.abs(bEst[s] - est[s]) / bSe[s]);
    }
    maxT[r] = t;
  }
  return maxT;
}

/**
 * The bootstrap's large-sample limit, for many items (its cost grows with items × resamples): the
 * budget means and the slope are jointly normal with the item-clustered covariance of their
 * influence (each item's deviation from the mean; the slope's sandwich score), so the members'
 * null maxima are drawn from that normal, at a cost that does not grow with the items.
 */
function gaussianMaxima(
  x: FamilyInput,
  est: Float64Array,
  se: Float64Array,
  pj: Int32Array,
  pk: Int32Array,
  seed: number,
  draws: number,
): Float64Array {
  const n = x.items;
  const K = x.positions;
  const P = pj.length;
  const ss = est.length > P ? x.slopeSums : null;
  const D = K + (ss ? 1 : 0);
  const means = new Float64Array(K);
  for (let i = 0; i < n; i++) for (let b = 0; b < K; b++) means[b] += x.y[i * K + b];
  for (let b = 0; b < K; b++) means[b] /= n;
  const slope = ss ? slopeInfluence(ss, n) : null;
  // Covariance of (means, slope) from per-item influence, with the n/(n − 1) factor of se.
  const cov = new Float64Array(D * D);
  const g = new Float64Array(D);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < K; b++) g[b] = (x.y[i * K + b] - means[b]) / n;
    if (slope) g[K] = slope[i];
    for (let a = 0; a < D; a++) for (let b = a; b < D; b++) cov[a * D + b] += g[a] * g[b];
  }
  for (let a = 0; a < D; a++)
    for (let b = a; b < D; b++) {
      cov[a * D + b] *= n / (n - 1);
      cov[b * D + a] = cov[a * D + b];
    }
  const L = cholesky(cov, D);
  const rng = new Rng(seed);
  const e = new Float64Array(D);
  const z = new Float64Array(D);
  const maxT = new Float64Array(draws);
  for (let r = 0; r < draws; r++) {
    for (let a = 0; a < D; a++) e[a] = rng.normal();
    for (let a = 0; a < D; a++) {
      let v = 0;
      for (let b = 0; b <= a; b++) v += L[a * D + b] * e[b];
      z[a] = v;
    }
    let t = 0;
    for (let s = 0; s < P; s++) if (se[s] > 0) t = Math.max(t, Math.abs(z[pk[s]] - z[pj[s]]) / se[s]);
    if (ss && se[P] > 0) t = Math.max(t, Math.abs(z[K]) / se[P]);
    maxT[r] = t;
  }
  return maxT;
}

/** Per item, its share of the OLS slope's deviation: u_i / Σ(x − x̄)², whose squares sum to the sandwich variance. */
function slopeInfluence(ss: Float64Array, n: number): Float64Array {
  let a = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const o = 5 * i;
    a += ss[o];
    sx += ss[o + 1];
    sy += ss[o + 2];
    sxx += ss[o + 3];
    sxy += ss[o + 4];
  }
  const mx = sx / a;
  const my = sy / a;
  const dxx = sxx - a * mx * mx;
  const b = (sxy - a * mx * my) / dxx;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = 5 * i;
    const ni = ss[o];
    if (ni === 0) continue;
    const cxy = ss[o + 4] - mx * ss[o + 2] - my * ss[o + 1] + ni * mx * my;
    const cxx = ss[o + 3] - 2 * mx * ss[o + 1] + ni * mx * mx;
    out[i] = (cxy - b * cxx) / dxx;
  }
  return out;
}

/** Lower-triangular L with L·Lᵀ = a (positive semi-definite: a zero pivot gives a zero column). */
function cholesky(a: Float64Array, d: number): Float64Array {
  const L = new Float64Array(d * d);
  let trace = 0;
  for (let i = 0; i < d; i++) trace += a[i * d + i];
  const tiny = 1e-14 * Math.max(trace, 1e-300);
  for (let j = 0; j < d; j++) {
    let v = a[j * d + j];
    for (let k = 0; k < j; k++) v -= L[j * d + k] ** 2;
    if (v <= tiny) continue;
    const pivot = Math.sqrt(v);
    L[j * d + j] = pivot;
    for (let i = j + 1; i < d; i++) {
      let w = a[i * d + j];
      for (let k = 0; k < j; k++) w -= L[i * d + k] * L[j * d + k];
      L[i * d + j] = w / pivot;
    }
  }
  return L;
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
  work: { sums: Float64Array; cross: Float64Array },
  est: Float64Array,
  se: Float64Array,
): boolean {
  const { sums, cross } = work;
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
