import type { Budget } from '../run/keys.js';
import type { Outcome } from '../score/score.js';
import type { Item, Metric } from '../tasks/types.js';
import { itemKey, type RunData, type ScoredSample } from './samples.js';
import { meanCI, quantile, sortedCopy, wilson } from './stats.js';

/** The paper clips each absolute error at 1000 before averaging ("RMSE" in its figures). */
export const ERROR_CLIP = 1000;

export interface CurvePoint {
  model: string;
  taskId: string;
  variant: string;
  /** 'all' or 'name=value' for one stratum. */
  stratum: string;
  budget: Budget;
  metric: Metric;
  /** Samples scored (errors excluded: they are provider failures, not answers). */
  n: number;
  /** Accuracy / safe-rate: share correct. Error metric: mean clipped absolute error. */
  score: number;
  lo: number;
  hi: number;
  correct: number;
  outcomes: Record<Outcome, number>;
  meanTokens: number;
  q1Tokens: number;
  medianTokens: number;
  q3Tokens: number;
}

export function groupKey(...parts: (string | number)[]): string {
  return parts.join('\u0000');
}

/** Strata labels of an item: always 'all', plus one per stratum variable. */
export function strataLabels(item: Item | undefined): string[] {
  const out = ['all'];
  if (item) for (const [k, v] of Object.entries(item.strata)) out.push(`${k}=${v}`);
  return out;
}

/**
 * Per model × task × variant × stratum × budget: n, the score with a 95% CI (Wilson for shares,
 * normal for mean error), outcome counts, and the realized reasoning tokens' mean and quartiles.
 */
export function computeCurves(data: RunData): CurvePoint[] {
  const labels = strataCache(data);
  const groups = new Map<
    string,
    {
      head: Omit<
        CurvePoint,
        | 'n'
        | 'score'
        | 'lo'
        | 'hi'
        | 'correct'
        | 'outcomes'
        | 'meanTokens'
        | 'q1Tokens'
        | 'medianTokens'
        | 'q3Tokens'
      >;
      samples: ScoredSample[];
    }
  >();
  for (const s of data.samples) {
    const metric = data.metrics.get(s.taskId) ?? 'accuracy';
    for (const stratum of labels(s)) {
      const k = groupKey(s.model, s.taskId, s.variant, stratum, String(s.budget));
      let g = groups.get(k);
      if (!g) {
        g = {
          head: { model: s.model, taskId: s.taskId, variant: s.variant, stratum, budget: s.budget, metric },
          samples: [],
        };
        groups.set(k, g);
      }
      g.samples.push(s);
    }
  }
  const points: CurvePoint[] = [];
  for (const { head, samples } of groups.values()) points.push(summarise(head, samples));
  return points.sort(comparePoints);
}

function summarise(
  head: Pick<CurvePoint, 'model' | 'taskId' | 'variant' | 'stratum' | 'budget' | 'metric'>,
  samples: ScoredSample[],
): CurvePoint {
  const outcomes: Record<Outcome, number> = { correct: 0, wrong: 0, unparsable: 0, truncated: 0, error: 0 };
  for (const s of samples) outcomes[s.outcome]++;
  const answered = samples.filter((s) => s.outcome !== 'error');
  const n = answered.length;
  const correct = outcomes.correct;
  let score: number;
  let lo: number;
  let hi: number;
  if (head.metric === 'error') {
    const errs = answered
      .filter((s) => s.absError !== undefined)
      .map((s) => Math.min(ERROR_CLIP, s.absError!));
    ({ mean: score, lo, hi } = meanCI(errs));
  } else {
    score = n ? correct / n : Number.NaN;
    ({ lo, hi } = wilson(correct, n));
  }
  const tokens = sortedCopy(answered.map((s) => s.reasoningTokens));
  return {
    ...head,
    n,
    score,
    lo,
    hi,
    correct,
    outcomes,
    meanTokens: tokens.length ? tokens.reduce((a, b) => a + b, 0) / tokens.length : Number.NaN,
    q1Tokens: quantile(tokens, 0.25),
    medianTokens: quantile(tokens, 0.5),
    q3Tokens: quantile(tokens, 0.75),
  };
}

/** Strata labels per sample, computed once per item rather than once per sample. */
export function strataCache(data: RunData): (s: ScoredSample) => string[] {
  const cache = new Map<string, string[]>();
  return (s) => {
    const k = itemKey(s.taskId, s.itemId);
    let l = cache.get(k);
    if (!l) {
      l = strataLabels(data.items.get(k));
      cache.set(k, l);
    }
    return l;
  };
}

/**
 * One sample's score on its task's metric: 1/0 for shares; the clipped absolute error for error
 * metrics (NaN when no number could be parsed); NaN for provider errors, which are not answers.
 */
export function scoreOf(s: ScoredSample, metric: Metric): number {
  if (s.outcome === 'error') return Number.NaN;
  if (metric !== 'error') return s.correct ? 1 : 0;
  return s.absError === undefined ? Number.NaN : Math.min(ERROR_CLIP, s.absError);
}

export function budgetOrder(b: Budget): number {
  return b === 'natural' ? Number.POSITIVE_INFINITY : b;
}

function comparePoints(a: CurvePoint, b: CurvePoint): number {
  return (
    a.model.localeCompare(b.model) ||
    a.taskId.localeCompare(b.taskId) ||
    a.variant.localeCompare(b.variant) ||
    compareStrata(a.stratum, b.stratum) ||
    budgetOrder(a.budget) - budgetOrder(b.budget)
  );
}

/** 'all' first, then strata in natural order (num_distractors=2 before num_distractors=10). */
export function compareStrata(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'all') return -1;
  if (b === 'all') return 1;
  return a.localeCompare(b, undefined, { numeric: true });
}
