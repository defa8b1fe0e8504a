import type { Budget } from '../core/budget.js';
import type { Outcome } from '../core/outcome.js';
import type { Metric } from '../tasks/types.js';
import { emptyLosses, type Loss, lossOf } from './breakdown.js';
import { budgetOrder, indexSamples, strataLabels } from './sample-index.js';
import type { RunData } from './samples.js';
import { quantile, sortedCopy, wilson } from './stats.js';

export { budgetOrder, strataLabels };

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
  /** The n − correct samples that were not right, by what they were (see breakdown.ts). */
  lost: Record<Loss, number>;
  meanTokens: number;
  q1Tokens: number;
  medianTokens: number;
  q3Tokens: number;
}

/**
 * Per model × task × variant × stratum × budget: n, the score with a 95% CI (Wilson for shares,
 * normal for mean error), outcome counts, and the realized reasoning tokens' mean and quartiles.
 * One pass over the samples with integer group ids (see sample-index.ts).
 */
export function computeCurves(data: RunData): CurvePoint[] {
  const ix = indexSamples(data);
  const S = ix.strata.length;
  const B = ix.budgets.length;
  const groups = new Map<number, Acc>();
  const outcomeId: Record<Outcome, number> = { correct: 0, wrong: 1, unparsable: 2, truncated: 3, error: 4 };
  for (let i = 0; i < data.samples.length; i++) {
    const s = data.samples[i];
    const o = outcomeId[s.outcome];
    const y = ix.score[i];
    for (const st of ix.items[ix.item[i]].strata) {
      const g = (ix.curve[i] * S + st) * B + ix.budget[i];
      let a = groups.get(g);
      if (!a) {
        a = { outcomes: [0, 0, 0, 0, 0], lost: emptyLosses(), errN: 0, errSum: 0, errSq: 0, tokens: [] };
        groups.set(g, a);
      }
      a.outcomes[o]++;
      if (o === 4) continue;
      const loss = lossOf(s.outcome, s.refused);
      if (loss) a.lost[loss]++;
      // An imported sample whose log gave no count is not a sample that reasoned 0 tokens.
      if (s.reasoningSource !== 'unknown') a.tokens.push(s.reasoningTokens);
      if (Number.isFinite(y)) {
        a.errN++;
        a.errSum += y;
        a.errSq += y * y;
      }
    }
  }
  const points: CurvePoint[] = [];
  for (const [g, a] of groups) {
    const b = g % B;
    const st = Math.floor(g / B) % S;
    const c = ix.curves[Math.floor(g / B / S)];
    points.push(
      summarise(
        {
          model: c.model,
          taskId: c.taskId,
          variant: c.variant,
          stratum: ix.strata[st],
          budget: ix.budgets[b],
          metric: c.metric,
        },
        a,
      ),
    );
  }
  return points.sort(comparePoints);
}

interface Acc {
  /** correct, wrong, unparsable, truncated, error */
  outcomes: number[];
  lost: Record<Loss, number>;
  /** Samples with a score (for error metrics: a parsed number), their sum and sum of squares. */
  errN: number;
  errSum: number;
  errSq: number;
  tokens: number[];
}

function summarise(
  head: Pick<CurvePoint, 'model' | 'taskId' | 'variant' | 'stratum' | 'budget' | 'metric'>,
  a: Acc,
): CurvePoint {
  const [correct, wrong, unparsable, truncated, error] = a.outcomes;
  const outcomes: Record<Outcome, number> = { correct, wrong, unparsable, truncated, error };
  const n = correct + wrong + unparsable + truncated;
  let score: number;
  let lo: number;
  let hi: number;
  if (head.metric === 'error') {
    score = a.errN ? a.errSum / a.errN : Number.NaN;
    const se =
      a.errN > 1 ? Math.sqrt(Math.max(0, (a.errSq - a.errN * score * score) / (a.errN - 1)) / a.errN) : 0;
    lo = score - 1.959964 * se;
    hi = score + 1.959964 * se;
  } else {
    score = n ? correct / n : Number.NaN;
    ({ lo, hi } = wilson(correct, n));
  }
  const tokens = sortedCopy(a.tokens);
  let sum = 0;
  for (let i = 0; i < tokens.length; i++) sum += tokens[i];
  return {
    ...head,
    n,
    score,
    lo,
    hi,
    correct,
    outcomes,
    lost: a.lost,
    meanTokens: tokens.length ? sum / tokens.length : Number.NaN,
    q1Tokens: quantile(tokens, 0.25),
    medianTokens: quantile(tokens, 0.5),
    q3Tokens: quantile(tokens, 0.75),
  };
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
