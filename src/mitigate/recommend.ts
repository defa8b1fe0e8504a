import { budgetOrder, type CurvePoint } from '../analysis/curves.js';
import { bestPoint } from '../analysis/shape.js';
import { armPrompt } from '../prompts/anchoring.js';
import { metricInfo } from '../tasks/metrics.js';
import type { BudgetPolicy, BudgetScore, TaskPolicy } from './policy.js';

/**
 * Per task and stratum: the budget that maximises the score (minimises it for error metrics), and
 * the smallest budget whose score is within epsilon of that best, on the plain prompt arm. The best
 * budget is the one the gate's `no-decline-from-best` measures from (analysis/shape.ts bestPoint),
 * so the two never name different bests for the same curve.
 * Natural-regime points are ignored: they have no budget to recommend.
 */
export function recommend(
  curves: CurvePoint[],
  o: { model: string; run: string; epsilon: number },
): BudgetPolicy {
  const tasks: Record<string, TaskPolicy> = {};
  const byTask = new Map<string, CurvePoint[]>();
  for (const p of curves) {
    if (p.model !== o.model || p.budget === 'natural' || p.n === 0 || !Number.isFinite(p.score)) continue;
    // Only the plain prompt arm: anchoring arms ('paper+8shot') and the scheduler arm change more
    // than the budget, and their points must not compete with the plain arm's at the same budget.
    if (armPrompt(p.variant) !== p.variant) continue;
    byTask.set(p.taskId, [...(byTask.get(p.taskId) ?? []), p]);
  }
  for (const [taskId, points] of byTask) {
    const all = pick(
      points.filter((p) => p.stratum === 'all'),
      o.epsilon,
    );
    if (!all) continue;
    const strata: NonNullable<TaskPolicy['strata']> = {};
    for (const label of new Set(points.map((p) => p.stratum))) {
      if (label === 'all') continue;
      const r = pick(
        points.filter((p) => p.stratum === label),
        o.epsilon,
      );
      if (r) strata[label] = r;
    }
    tasks[taskId] = { metric: points[0].metric, ...all, ...(Object.keys(strata).length ? { strata } : {}) };
  }
  return {
    tool: 'overthink',
    kind: 'budget-policy',
    version: 1,
    model: o.model,
    run: o.run,
    createdAt: new Date().toISOString(),
    epsilon: o.epsilon,
    tasks,
  };
}

function pick(points: CurvePoint[], epsilon: number): { best: BudgetScore; recommended: BudgetScore } | null {
  if (points.length === 0) return null;
  const lowerIsBetter = metricInfo(points[0].metric, points[0].taskId).worse === 'higher';
  const sorted = [...points].sort((a, b) => budgetOrder(a.budget) - budgetOrder(b.budget));
  const best = bestPoint(sorted);
  const within = (p: CurvePoint) =>
    lowerIsBetter ? p.score <= best.score + epsilon : p.score >= best.score - epsilon;
  const recommended = sorted.find(within) ?? best;
  return { best: toScore(best), recommended: toScore(recommended) };
}

function toScore(p: CurvePoint): BudgetScore {
  return { budget: p.budget as number, score: p.score, lo: p.lo, hi: p.hi, n: p.n };
}
