/** Wilson score interval for k successes in n trials (95% by default). Never leaves [0, 1]. */
export function wilson(k: number, n: number, z = 1.959964): { lo: number; hi: number } {
  if (n === 0) return { lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

export function mean(xs: ArrayLike<number>): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** Quantile by linear interpolation between order statistics (type 7, as R and numpy default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function sortedCopy(xs: ArrayLike<number>): Float64Array {
  return Float64Array.from(xs).sort();
}

/** Mean and 95% normal-approximation CI of a numeric sample (for error metrics). */
export function meanCI(xs: ArrayLike<number>): { mean: number; lo: number; hi: number } {
  const n = xs.length;
  const m = mean(xs);
  if (n < 2) return { mean: m, lo: m, hi: m };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i] - m) ** 2;
  const se = Math.sqrt(ss / (n - 1) / n);
  return { mean: m, lo: m - 1.959964 * se, hi: m + 1.959964 * se };
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Two-sided McNemar test as an exact binomial test on the discordant pairs, with the mid-p
 * correction (half the probability of the observed table), which keeps the size close to nominal
 * where the plain exact test is conservative. b = right→wrong, c = wrong→right.
 */
export function mcnemarMidP(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  // P(X = i) for X ~ Binomial(n, 1/2), summed in log space so large n stays finite.
  let tail = 0;
  let logP = -n * Math.LN2;
  for (let i = 0; i <= k; i++) {
    const p = Math.exp(logP);
    tail += i === k ? p / 2 : p;
    logP += Math.log((n - i) / (i + 1));
  }
  return Math.min(1, 2 * tail);
}

/**
 * Two-sample Kolmogorov–Smirnov test on sorted samples: D and the asymptotic p-value
 * (Kolmogorov distribution with the Stephens small-sample correction).
 */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): { d: number; p: number } {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return { d: Number.NaN, p: Number.NaN };
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i], b[j]);
    while (i < n && a[i] <= x) i++;
    while (j < m && b[j] <= x) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const ne = (n * m) / (n + m);
  const sq = Math.sqrt(ne);
  return { d, p: kolmogorovQ((sq + 0.12 + 0.11 / sq) * d) };
}

/** Q(λ) = 2 Σ (-1)^(k-1) exp(-2 k² λ²): the Kolmogorov survival function. */
function kolmogorovQ(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  let sign = 1;
  for (let k = 1; k <= 100; k++) {
    const term = sign * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
    sign = -sign;
  }
  return Math.max(0, Math.min(1, 2 * sum));
}

/** Holm's step-down adjustment: controls the family-wise error rate across `ps`. NaN stays NaN. */
export function holm(ps: readonly number[]): number[] {
  const idx = ps.map((p, i) => [p, i] as const).filter(([p]) => Number.isFinite(p));
  idx.sort((x, y) => x[0] - y[0]);
  const out = ps.map(() => Number.NaN);
  let running = 0;
  idx.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (idx.length - rank) * p));
    out[i] = running;
  });
  return out;
}
