import type { Trend } from '../analysis/trend.js';

/** Small number formatters shared by the HTML and terminal reports. */
export function fmtP(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return 'n/a';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

/** A slope per doubling with its CI: points for shares, raw for error metrics. */
export function fmtSlope(t: {
  metric: Trend['metric'];
  slope?: { slope: number; lo: number; hi: number } | null;
}): string {
  const s = t.slope;
  if (!s) return 'n/a';
  const f = (x: number) => (t.metric === 'error' ? x.toFixed(3) : `${(x * 100).toFixed(1)}`);
  return `${f(s.slope)} [${f(s.lo)}, ${f(s.hi)}]${t.metric === 'error' ? '' : ' pts'}`;
}

/**
 * The one definition of a flip, shown wherever flips are counted (terminal, report, flips.csv's
 * notes). The paired test's "items fell / rose" counts something else: every item whose mean score
 * moved at all, over all its trials.
 */
export const FLIP_DEFINITION =
  'A flip is an item whose majority over its trials is right at one budget and wrong at the other (a tie is undetermined), counted from the smallest budget to the largest and from the best budget to the largest.';

/** A name followed by the variant, unless the variant is the default prompt ('paper'). */
export function withVariant(name: string, variant: string, sep = ' · '): string {
  return variant === 'paper' ? name : `${name}${sep}${variant}`;
}

export function fmtTok(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a';
}

export function pct(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : `${(x * 100).toFixed(1)}%`;
}
