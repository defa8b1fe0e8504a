import { isSchedulerVariant } from '../core/scheduler.js';
import { clusteredMean, clusteredRatio, type Interval } from './clustered.js';
import { groupKey } from './keys.js';
import { rightIsCorrect } from './replay.js';
import type { RunData, ScoredSample } from './samples.js';

/**
 * Token efficiency of one model × task × arm over its fixed budgets.
 *
 * - Per item: the smallest budget at which it is solved reliably (right in every trial there), and
 *   the reasoning tokens spent beyond it at the largest budget ("waste": the largest budget's mean
 *   realized tokens on the item minus those at its reliable budget).
 * - Per budget: accuracy per 1,000 reasoning tokens (Σ right / Σ tokens × 1000), and
 *   OptimalThinkingBench's overthinking-adjusted accuracy (Aggarwal et al. 2025, arXiv 2508.13141):
 *   OAA_t = (1/n) Σ correct_i · 1[tokens_i < t], a right answer counting only when it came within t
 *   reasoning tokens, and its area AUC_OAA = (1/t_max) ∫₀^t_max OAA_t dt = (1/n) Σ correct_i ·
 *   max(0, 1 − tokens_i / t_max), the closed form their evaluation code computes (eval.py: score =
 *   max(0, 1000 − tokens)/1000 · accuracy, t_max = 1,000 for their simple questions). Here t_max is
 *   the model's largest budget in the run, since these tasks are asked at budgets up to it.
 */
export interface BudgetEfficiency {
  budget: number;
  n: number;
  accuracy: number;
  meanTokens: number;
  /** Right answers per 1,000 reasoning tokens; null where no tokens were spent (budget 0). */
  perThousand: Interval | null;
  /** AUC of OAA_t over t in [0, tMax], with a 95% interval (items as clusters). */
  aucOaa: Interval;
  /** OAA_t at each of the run's budgets as threshold t (t > 0). */
  oaa: { t: number; value: number }[];
}

export interface Efficiency {
  model: string;
  taskId: string;
  variant: string;
  /** The threshold range of AUC_OAA: the model's largest budget here. */
  tMax: number;
  budgets: BudgetEfficiency[];
  items: number;
  /** Items solved reliably at some budget, and how many first at each budget. */
  solvedReliably: number;
  firstReliableAt: { budget: number; items: number }[];
  /** Reasoning tokens spent beyond each reliably solved item's smallest reliable budget, at the largest budget. */
  waste: Interval | null;
  /** Waste as a share of the largest budget's mean realized tokens on those items. */
  wasteShare: number | null;
}

export function analyseEfficiency(data: RunData): Efficiency[] {
  const groups = new Map<string, ScoredSample[]>();
  for (const s of data.samples) {
    if (s.outcome === 'error' || s.budget === 'natural' || isSchedulerVariant(s.variant)) continue;
    if (!rightIsCorrect(data.metrics.get(s.taskId))) continue;
    const k = groupKey(s.model, s.taskId, s.variant);
    let g = groups.get(k);
    if (!g) {
      g = [];
      groups.set(k, g);
    }
    g.push(s);
  }
  const out: Efficiency[] = [];
  for (const ss of groups.values()) out.push(efficiencyOf(ss));
  return out.sort(
    (a, b) =>
      a.model.localeCompare(b.model) ||
      a.taskId.localeCompare(b.taskId) ||
      a.variant.localeCompare(b.variant),
  );
}

export function efficiencyOf(ss: ScoredSample[]): Efficiency {
  const budgets = [...new Set(ss.map((s) => s.budget as number))].sort((a, b) => a - b);
  const tMax = Math.max(1, budgets[budgets.length - 1]);
  const itemIds = new Map<string, number>();
  const cluster = (s: ScoredSample) => {
    const id = itemIds.get(s.itemId) ?? itemIds.size;
    itemIds.set(s.itemId, id);
    return id;
  };
  const perBudget: BudgetEfficiency[] = budgets.map((b) => {
    const at = ss.filter((s) => s.budget === b);
    const c = at.map(cluster);
    const right = at.map((s): number => (s.correct ? 1 : 0));
    const tokens = at.map((s) => s.reasoningTokens);
    const total = tokens.reduce((x, y) => x + y, 0);
    let perThousand: Interval | null = null;
    if (total > 0) {
      const r = clusteredRatio(
        right,
        tokens.map((t) => t / 1000),
        c,
      );
      const half = Number.isFinite(r.se) ? 1.959964 * r.se : 0;
      perThousand = {
        estimate: r.estimate,
        lo: Math.max(0, r.estimate - half),
        hi: r.estimate + half,
        n: at.length,
      };
    }
    return {
      budget: b,
      n: at.length,
      accuracy: right.reduce((x, y) => x + y, 0) / at.length,
      meanTokens: total / at.length,
      perThousand,
      aucOaa: clusteredMean(
        at.map((s) => (s.correct ? Math.max(0, 1 - s.reasoningTokens / tMax) : 0)),
        c,
        { min: 0, max: 1 },
      ),
      oaa: budgets
        .filter((t) => t > 0)
        .map((t) => ({
          t,
          value: at.reduce((x, s) => x + (s.correct && s.reasoningTokens < t ? 1 : 0), 0) / at.length,
        })),
    };
  });
  // Per item: right in every trial at a budget = reliable there.
  const byItem = new Map<string, Map<number, { right: number; n: number; tokens: number }>>();
  for (const s of ss) {
    const m = byItem.get(s.itemId) ?? new Map();
    byItem.set(s.itemId, m);
    const c = m.get(s.budget as number) ?? { right: 0, n: 0, tokens: 0 };
    m.set(s.budget as number, c);
    c.n++;
    c.tokens += s.reasoningTokens;
    if (s.correct) c.right++;
  }
  const largest = budgets[budgets.length - 1];
  const firstAt = new Map<number, number>();
  const waste: number[] = [];
  let largestTokens = 0;
  for (const cells of byItem.values()) {
    const b = budgets.find((x) => {
      const c = cells.get(x);
      return c !== undefined && c.n > 0 && c.right === c.n;
    });
    if (b === undefined) continue;
    firstAt.set(b, (firstAt.get(b) ?? 0) + 1);
    const top = cells.get(largest);
    if (!top) continue;
    const here = cells.get(b)!;
    waste.push(top.tokens / top.n - here.tokens / here.n);
    largestTokens += top.tokens / top.n;
  }
  const solved = [...firstAt.values()].reduce((x, y) => x + y, 0);
  const s0 = ss[0];
  return {
    model: s0.model,
    taskId: s0.taskId,
    variant: s0.variant,
    tMax,
    budgets: perBudget,
    items: byItem.size,
    solvedReliably: solved,
    firstReliableAt: budgets
      .filter((b) => firstAt.has(b))
      .map((b) => ({ budget: b, items: firstAt.get(b)! })),
    waste: waste.length
      ? clusteredMean(
          waste,
          waste.map((_, i) => i),
        )
      : null,
    wasteShare: waste.length && largestTokens > 0 ? waste.reduce((x, y) => x + y, 0) / largestTokens : null,
  };
}
