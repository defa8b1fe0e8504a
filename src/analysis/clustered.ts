/**
 * Estimates over samples that come in clusters (the trials and traces of one item are not
 * independent): a ratio Σy / Σx with its cluster-robust (linearised, "sandwich") standard error,
 * computed from per-cluster totals. With one sample per cluster it is the ordinary standard error.
 */
export interface Clustered {
  estimate: number;
  se: number;
  /** Samples (Σ of x for a plain mean) and clusters. */
  n: number;
  clusters: number;
}

export interface Interval {
  estimate: number;
  lo: number;
  hi: number;
  n: number;
}

const Z = 1.959964;

/** Σy / Σx over all samples, and its cluster-robust standard error: C/(C−1) Σc (Yc − R·Xc)² / X². */
export function clusteredRatio(
  y: ArrayLike<number>,
  x: ArrayLike<number>,
  cluster: ArrayLike<number>,
): Clustered {
  const ys = new Map<number, number>();
  const xs = new Map<number, number>();
  let Y = 0;
  let X = 0;
  for (let i = 0; i < y.length; i++) {
    const c = cluster[i];
    ys.set(c, (ys.get(c) ?? 0) + y[i]);
    xs.set(c, (xs.get(c) ?? 0) + x[i]);
    Y += y[i];
    X += x[i];
  }
  const C = xs.size;
  if (X <= 0) return { estimate: Number.NaN, se: Number.NaN, n: X, clusters: C };
  const r = Y / X;
  let ss = 0;
  for (const [c, xc] of xs) ss += (ys.get(c)! - r * xc) ** 2;
  const se = C > 1 ? Math.sqrt((C / (C - 1)) * ss) / X : Number.NaN;
  return { estimate: r, se, n: X, clusters: C };
}

/**
 * A mean of values known to lie in [min, max], with a cluster-robust normal 95% interval widened, where
 * needed, to the means with one more value at either bound, and kept within the bounds. A mean
 * carried by rare large values (a trace first right only near its end) has an interval of width 0
 * in a sample that saw none of them; the extra value keeps room for them, as the Wilson interval
 * does for a share with no successes.
 */
export function clusteredMean(
  y: ArrayLike<number>,
  cluster: ArrayLike<number>,
  bounds?: { min: number; max: number },
): Interval {
  const c = clusteredRatio(
    y,
    Array.from({ length: y.length }, () => 1),
    cluster,
  );
  const half = Number.isFinite(c.se) ? Z * c.se : 0;
  let lo = c.estimate - half;
  let hi = c.estimate + half;
  if (bounds && c.n > 0) {
    lo = Math.max(bounds.min, Math.min(lo, (c.estimate * c.n + bounds.min) / (c.n + 1)));
    hi = Math.min(bounds.max, Math.max(hi, (c.estimate * c.n + bounds.max) / (c.n + 1)));
  }
  return { estimate: c.estimate, lo, hi, n: c.n };
}

/**
 * A share (y in {0, 1}) with a continuity-corrected Wilson 95% interval on the effective sample size n·(design effect)⁻¹,
 * n_eff = p(1−p)/se², so clustered samples count for what they are worth. Never degenerate at 0 or 1:
 * with no spread to measure, the clusters are counted as independent samples.
 */
export function clusteredShare(y: ArrayLike<number>, cluster: ArrayLike<number>): Interval {
  return clusteredShareOf(
    y,
    Array.from({ length: y.length }, () => 1),
    cluster,
  );
}

/** A share among the samples with x = 1 (e.g. "first right in the first half, among those ever right"). */
export function clusteredShareOf(
  y: ArrayLike<number>,
  x: ArrayLike<number>,
  cluster: ArrayLike<number>,
): Interval {
  const c = clusteredRatio(y, x, cluster);
  if (!(c.n > 0)) return { estimate: Number.NaN, lo: 0, hi: 1, n: 0 };
  const p = c.estimate;
  const spread = p * (1 - p);
  const nEff =
    spread > 0 && c.se > 0 ? Math.min(c.n, Math.max(1, spread / (c.se * c.se))) : Math.min(c.n, c.clusters);
  const w = wilsonCC(p, nEff);
  return { estimate: p, lo: w.lo, hi: w.hi, n: c.n };
}

/**
 * Wilson's score interval with continuity correction (Newcombe 1998, Stat. Med. 17:857, method 4).
 * Replay's shares sit near 0 and 1 (an oracle that is almost always right), where the plain Wilson
 * interval covers less than 95% (Brown, Cai & DasGupta 2001); the corrected one does not.
 */
export function wilsonCC(p: number, n: number): { lo: number; hi: number } {
  if (!(n > 0)) return { lo: 0, hi: 1 };
  const z2 = Z * Z;
  const d = 2 * (n + z2);
  const lo =
    p <= 0
      ? 0
      : (2 * n * p + z2 - 1 - Z * Math.sqrt(Math.max(0, z2 - 2 - 1 / n + 4 * p * (n * (1 - p) + 1)))) / d;
  const hi =
    p >= 1
      ? 1
      : (2 * n * p + z2 + 1 + Z * Math.sqrt(Math.max(0, z2 + 2 - 1 / n + 4 * p * (n * (1 - p) - 1)))) / d;
  return { lo: Math.max(0, lo), hi: Math.min(1, hi) };
}
