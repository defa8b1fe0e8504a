import type { Budget } from '../core/budget.js';
import { baseVariantOf, isSchedulerVariant } from '../core/scheduler.js';
import { metricInfo } from '../tasks/metrics.js';
import type { Metric } from '../tasks/types.js';
import type { CurvePoint } from './curves.js';
import { groupKey } from './keys.js';
import type { RunData } from './samples.js';

interface FixedPoint {
  budget: Budget;
  score: number;
  lo: number;
  hi: number;
  meanTokens: number;
}

/** The scheduler arm of one model × task × anchoring arm, beside that arm's fixed budgets. */
export interface SchedulerArm {
  model: string;
  taskId: string;
  /** The arm's own variant (e.g. 'paper+scheduler') and the fixed-budget variant it sits beside. */
  variant: string;
  baseVariant: string;
  metric: Metric;
  ceiling: Budget;
  n: number;
  score: number;
  lo: number;
  hi: number;
  meanTokens: number;
  medianTokens: number;
  /** Probe cost, kept apart from reasoning tokens; null when the samples carry no scheduler record. */
  meanProbeTokens: number | null;
  meanProbes: number | null;
  /** How reasoning ended: converged (probes agreed), budget (the ceiling), model (closed it), limit. */
  ends: Record<string, number>;
  /** The fixed budget with the best score, and the largest fixed budget, of the same arm. */
  bestFixed: FixedPoint | null;
  largestFixed: FixedPoint | null;
}

/**
 * One row per scheduler arm (all items). Score and tokens come from the arm's curve point, so they
 * are computed exactly like the fixed budgets'; probe counts come from the samples' records.
 */
export function analyseScheduler(data: RunData, curves: CurvePoint[]): SchedulerArm[] {
  const all = curves.filter((p) => p.stratum === 'all');
  const per = new Map<
    string,
    { probes: number; probeTokens: number; k: number; ends: Record<string, number> }
  >();
  for (const s of data.samples) {
    if (!isSchedulerVariant(s.variant) || s.outcome === 'error') continue;
    const k = groupKey(s.model, s.taskId, s.variant);
    let a = per.get(k);
    if (!a) {
      a = { probes: 0, probeTokens: 0, k: 0, ends: {} };
      per.set(k, a);
    }
    const r = data.scheduled?.get(s.key);
    if (!r) continue;
    a.k++;
    a.probes += r.probes;
    a.probeTokens += r.probeTokens;
    a.ends[r.end] = (a.ends[r.end] ?? 0) + 1;
  }
  const out: SchedulerArm[] = [];
  for (const p of all) {
    if (!isSchedulerVariant(p.variant)) continue;
    const base = baseVariantOf(p.variant);
    const fixed = all
      .filter(
        (q) =>
          q.model === p.model &&
          q.taskId === p.taskId &&
          q.variant === base &&
          q.n > 0 &&
          q.budget !== 'natural',
      )
      .sort((a, b) => Number(a.budget) - Number(b.budget));
    const higherIsWorse = metricInfo(p.metric, p.taskId).worse === 'higher';
    const better = (a: CurvePoint, b: CurvePoint) => (higherIsWorse ? a.score < b.score : a.score > b.score);
    const best = fixed.reduce<CurvePoint | null>((m, q) => (m === null || better(q, m) ? q : m), null);
    const a = per.get(groupKey(p.model, p.taskId, p.variant));
    out.push({
      model: p.model,
      taskId: p.taskId,
      variant: p.variant,
      baseVariant: base,
      metric: p.metric,
      ceiling: p.budget,
      n: p.n,
      score: p.score,
      lo: p.lo,
      hi: p.hi,
      meanTokens: p.meanTokens,
      medianTokens: p.medianTokens,
      meanProbeTokens: a?.k ? a.probeTokens / a.k : null,
      meanProbes: a?.k ? a.probes / a.k : null,
      ends: a?.ends ?? {},
      bestFixed: best ? fixedPoint(best) : null,
      largestFixed: fixed.length ? fixedPoint(fixed[fixed.length - 1]) : null,
    });
  }
  return out;
}

function fixedPoint(p: CurvePoint): FixedPoint {
  return { budget: p.budget, score: p.score, lo: p.lo, hi: p.hi, meanTokens: p.meanTokens };
}
