import type { CurvePoint } from './curves.js';
import { budgetOrder } from './curves.js';

export type TrendClass = 'down' | 'up' | 'flat' | 'noisy' | 'insufficient';

export const TREND_ARROW: Record<TrendClass, string> = {
  down: '↓',
  up: '↑',
  flat: '→',
  noisy: '~',
  insufficient: '·',
};

export interface Trend {
  model: string;
  taskId: string;
  variant: string;
  stratum: string;
  metric: CurvePoint['metric'];
  /** 'down' always means "worse with more reasoning", whatever the metric's direction. */
  trend: TrendClass;
  from: CurvePoint;
  to: CurvePoint;
  /** Change in score from the smallest to the largest budget (points for shares, units for error). */
  delta: number;
}

/**
 * The paper's Table 1 rule, comparing the smallest and the largest budget: a change beyond the
 * threshold (2 accuracy points, or 0.05 error) with non-overlapping 95% CIs is a real trend;
 * a change within the threshold is flat; anything else is noisy. For error metrics a rise in
 * error is 'down' (worse).
 */
export function classifyTrend(points: CurvePoint[]): Trend | null {
  const sorted = points.filter((p) => p.n > 0).sort((a, b) => budgetOrder(a.budget) - budgetOrder(b.budget));
  if (sorted.length < 2) return null;
  const from = sorted[0];
  const to = sorted[sorted.length - 1];
  const isError = from.metric === 'error';
  const delta = isError ? to.score - from.score : (to.score - from.score) * 100;
  const threshold = isError ? 0.05 : 2;
  const overlap = from.lo <= to.hi && to.lo <= from.hi;
  let trend: TrendClass;
  if (!Number.isFinite(delta)) trend = 'insufficient';
  else if (Math.abs(delta) <= threshold) trend = 'flat';
  else if (overlap) trend = 'noisy';
  else trend = delta < 0 !== isError ? 'down' : 'up';
  return {
    model: from.model,
    taskId: from.taskId,
    variant: from.variant,
    stratum: from.stratum,
    metric: from.metric,
    trend,
    from,
    to,
    delta,
  };
}

/** One trend per curve (model × task × variant × stratum). */
export function classifyAll(points: CurvePoint[]): Trend[] {
  const byCurve = new Map<string, CurvePoint[]>();
  for (const p of points) {
    const k = [p.model, p.taskId, p.variant, p.stratum].join('\u0000');
    const list = byCurve.get(k) ?? [];
    list.push(p);
    byCurve.set(k, list);
  }
  const out: Trend[] = [];
  for (const list of byCurve.values()) {
    const t = classifyTrend(list);
    if (t) out.push(t);
  }
  return out;
}
