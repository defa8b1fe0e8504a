import type { Trend } from '../analysis/trend.js';

/** Small number formatters shared by the HTML and terminal reports. */
export function fmtP(p: number | undefined): string {
  if (p === undefined || !Number.isFinite(p)) return 'n/a';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

export function fmtSlope(t: Pick<Trend, 'metric' | 'slope'>): string {
  const s = t.slope;
  if (!s) return 'n/a';
  const f = (x: number) => (t.metric === 'error' ? x.toFixed(3) : `${(x * 100).toFixed(1)}`);
  return `${f(s.slope)} [${f(s.lo)}, ${f(s.hi)}]${t.metric === 'error' ? '' : ' pts'}`;
}

export function fmtTok(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a';
}

export function pct(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : `${(x * 100).toFixed(1)}%`;
}
