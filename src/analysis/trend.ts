import { metricInfo } from '../tasks/metrics.js';
import { deriveSeed } from '../util/rng.js';
import type { CurvePoint } from './curves.js';
import { budgetOrder } from './curves.js';
import { groupKey } from './keys.js';
import { type PairedResult, pairedTest } from './paired.js';
import { indexSamples } from './sample-index.js';
import type { RunData } from './samples.js';
import { bootstrapSlope, ItemSums, type SlopeResult, tokensToX } from './slope.js';
import { holm } from './stats.js';

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
  /** Which way the score moves when the model does worse (error: up; matching-behaviour: per subset). */
  worse: 'lower' | 'higher';
  from: CurvePoint;
  to: CurvePoint;
  /** Change in score from the smallest to the largest budget (points for shares, units for error). */
  delta: number;
  /** Score against log2(realized tokens) over samples that reasoned, item-clustered bootstrap CI (see slope.ts). */
  slope?: SlopeResult | null;
  /** Smallest vs largest budget, paired by item (see paired.ts). */
  paired?: PairedResult | null;
  /** The paired p-value after Holm's adjustment over every paired test in the run. */
  pHolm?: number;
}

/**
 * The paper's Table 1 rule, comparing the smallest and the largest budget: a change beyond the
 * threshold (2 accuracy points, or 0.05 error) with non-overlapping 95% CIs is a real trend;
 * a change within the threshold is flat; anything else is noisy. For error metrics a rise in
 * error is 'down' (worse). The natural regime has no budgets to compare and gets no trend here.
 */
export function classifyTrend(points: CurvePoint[]): Trend | null {
  const sorted = points
    .filter((p) => p.n > 0 && p.budget !== 'natural')
    .sort((a, b) => budgetOrder(a.budget) - budgetOrder(b.budget));
  if (sorted.length < 2) return null;
  const from = sorted[0];
  const to = sorted[sorted.length - 1];
  const info = metricInfo(from.metric, from.taskId);
  const isError = !info.share;
  const delta = isError ? to.score - from.score : (to.score - from.score) * 100;
  const threshold = isError ? 0.05 : 2;
  const overlap = from.lo <= to.hi && to.lo <= from.hi;
  let trend: TrendClass;
  if (!Number.isFinite(delta)) trend = 'insufficient';
  else if (Math.abs(delta) <= threshold) trend = 'flat';
  else if (overlap) trend = 'noisy';
  else trend = delta < 0 !== (info.worse === 'higher') ? 'down' : 'up';
  return {
    model: from.model,
    taskId: from.taskId,
    variant: from.variant,
    stratum: from.stratum,
    metric: from.metric,
    trend,
    worse: info.worse,
    from,
    to,
    delta,
  };
}

/** One trend per curve (model × task × variant × stratum), Table 1 rule only. */
export function classifyAll(points: CurvePoint[]): Trend[] {
  const byCurve = new Map<string, CurvePoint[]>();
  for (const p of points) {
    const k = groupKey(p.model, p.taskId, p.variant, p.stratum);
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

export interface TrendOptions {
  /** Seeds the bootstrap and permutation draws: the same run and seed give the same numbers. */
  seed?: number;
  resamples?: number;
  permutations?: number;
}

interface Acc {
  trend: Trend;
  low: number;
  high: number;
  sums: ItemSums;
  items: Map<number, number>;
  lowSum: number[];
  lowN: number[];
  highSum: number[];
  highN: number[];
}

/**
 * The Table 1 rule plus the two statistical checks for every curve, in one pass over the samples.
 * Holm's adjustment runs over all paired tests, since each curve is one more chance of a false alarm.
 */
export function analyseTrends(data: RunData, points: CurvePoint[], o: TrendOptions = {}): Trend[] {
  const trends = classifyAll(points);
  const ix = indexSamples(data);
  const S = ix.strata.length;
  const curveOf = new Map(ix.curves.map((c, i) => [groupKey(c.model, c.taskId, c.variant), i]));
  const strataOf = new Map(ix.strata.map((s, i) => [s, i]));
  const budgetOf = new Map(ix.budgets.map((b, i) => [b, i]));
  const accs: (Acc | undefined)[] = new Array(ix.curves.length * S);
  for (const t of trends) {
    const c = curveOf.get(groupKey(t.model, t.taskId, t.variant));
    const st = strataOf.get(t.stratum);
    if (c === undefined || st === undefined) continue;
    accs[c * S + st] = {
      trend: t,
      low: budgetOf.get(t.from.budget)!,
      high: budgetOf.get(t.to.budget)!,
      sums: new ItemSums(),
      items: new Map(),
      lowSum: [],
      lowN: [],
      highSum: [],
      highN: [],
    };
  }
  const natural = ix.budgets.indexOf('natural');
  for (let i = 0; i < data.samples.length; i++) {
    const b = ix.budget[i];
    const y = ix.score[i];
    if (b === natural || !Number.isFinite(y)) continue;
    const x = tokensToX(data.samples[i].reasoningTokens);
    const item = ix.item[i];
    const base = ix.curve[i] * S;
    for (const st of ix.items[item].strata) {
      const a = accs[base + st];
      if (!a) continue;
      if (Number.isFinite(x)) a.sums.add(item, x, y);
      if (b !== a.low && b !== a.high) continue;
      let k = a.items.get(item);
      if (k === undefined) {
        k = a.items.size;
        a.items.set(item, k);
        a.lowSum.push(0);
        a.lowN.push(0);
        a.highSum.push(0);
        a.highN.push(0);
      }
      if (b === a.low) {
        a.lowSum[k] += y;
        a.lowN[k]++;
      } else {
        a.highSum[k] += y;
        a.highN[k]++;
      }
    }
  }
  const seed = o.seed ?? 1;
  for (const a of accs) {
    if (!a) continue;
    const t = a.trend;
    const k = groupKey(t.model, t.taskId, t.variant, t.stratum);
    t.slope = bootstrapSlope(a.sums, deriveSeed('slope', seed, k), o.resamples ?? 1000);
    t.paired = pairedTest(
      {
        lowSum: Float64Array.from(a.lowSum),
        lowN: Float64Array.from(a.lowN),
        highSum: Float64Array.from(a.highSum),
        highN: Float64Array.from(a.highN),
        binary: t.metric !== 'error',
      },
      deriveSeed('paired', seed, k),
      o.permutations ?? 4999,
    );
  }
  const adjusted = holm(trends.map((t) => t.paired?.p ?? Number.NaN));
  trends.forEach((t, i) => {
    t.pHolm = adjusted[i];
  });
  return trends;
}
