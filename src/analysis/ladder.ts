import type { Budget } from '../core/budget.js';
import { budgetLabel } from '../core/budget.js';
import { budgetOrder } from './curves.js';
import { groupKey } from './keys.js';
import { indexSamples } from './sample-index.js';
import type { RunData } from './samples.js';
import { ksTwoSample, quantile } from './stats.js';

/**
 * Effort ladders. Some models take no token budget: the budget is sent as an effort level
 * (o-series `reasoning_effort`, adaptive Claude `output_config.effort`, Gemini 3 `thinkingLevel`),
 * so several budgets can become the same request, and two levels can make the model reason just as
 * long. Per model × task × variant whose budgets were sent as levels: the realized reasoning tokens
 * per budget and per level, and a flag for each pair of levels (adjacent in realized tokens) whose
 * token distributions a two-sample Kolmogorov–Smirnov test cannot tell apart: the knob collapsed.
 * The shape test orders such a curve by realized tokens (shape.ts), never by the level's name.
 */
export interface LadderStep {
  level: string;
  budgets: Budget[];
  n: number;
  median: number;
  q1: number;
  q3: number;
  mean: number;
}

export interface LadderPair {
  from: string;
  to: string;
  d: number;
  p: number;
  indistinguishable: boolean;
}

export interface Ladder {
  model: string;
  taskId: string;
  variant: string;
  /** Levels in order of median realized tokens. */
  steps: LadderStep[];
  /** Neighbouring steps compared. */
  pairs: LadderPair[];
  warnings: string[];
}

export function analyseLadders(data: RunData, alpha = 0.05): Ladder[] {
  const levels = data.levels;
  if (!levels || levels.size === 0) return [];
  const ix = indexSamples(data);
  const tokens = new Map<string, Map<string, { budgets: Set<Budget>; t: number[] }>>();
  for (let i = 0; i < data.samples.length; i++) {
    const s = data.samples[i];
    if (s.outcome === 'error' || s.budget === 'natural') continue;
    const level = levels.get(groupKey(s.model, String(s.budget)));
    if (!level) continue;
    const c = ix.curves[ix.curve[i]];
    const k = groupKey(c.model, c.taskId, c.variant);
    let byLevel = tokens.get(k);
    if (!byLevel) {
      byLevel = new Map();
      tokens.set(k, byLevel);
    }
    let e = byLevel.get(level);
    if (!e) {
      e = { budgets: new Set(), t: [] };
      byLevel.set(level, e);
    }
    e.budgets.add(s.budget);
    if (s.reasoningSource !== 'unknown') e.t.push(s.reasoningTokens);
  }
  const out: Ladder[] = [];
  for (const [k, byLevel] of tokens) {
    const [model, taskId, variant] = k.split('\u0000');
    const steps = [...byLevel].map(([level, e]) => {
      const t = Float64Array.from(e.t).sort();
      let sum = 0;
      for (const x of t) sum += x;
      return {
        step: {
          level,
          budgets: [...e.budgets].sort((a, b) => budgetOrder(a) - budgetOrder(b)),
          n: t.length,
          median: quantile(t, 0.5),
          q1: quantile(t, 0.25),
          q3: quantile(t, 0.75),
          mean: t.length ? sum / t.length : Number.NaN,
        },
        t,
      };
    });
    steps.sort(
      (a, b) =>
        a.step.median - b.step.median || budgetOrder(a.step.budgets[0]) - budgetOrder(b.step.budgets[0]),
    );
    const pairs: LadderPair[] = [];
    for (let i = 1; i < steps.length; i++) {
      // A level whose counts are all unknown (an imported log gave none) has nothing to compare.
      if (steps[i - 1].t.length === 0 || steps[i].t.length === 0) continue;
      const { d, p } = ksTwoSample(steps[i - 1].t, steps[i].t);
      pairs.push({
        from: steps[i - 1].step.level,
        to: steps[i].step.level,
        d,
        p,
        indistinguishable: !(p < alpha),
      });
    }
    const warnings: string[] = [];
    for (const { step } of steps)
      if (step.budgets.length > 1)
        warnings.push(
          `budgets ${step.budgets.map(budgetLabel).join(', ')} were all sent as effort ${step.level}: the same request, so they cannot differ but by chance`,
        );
    for (const p of pairs)
      if (p.indistinguishable)
        warnings.push(
          `effort ${p.from} and ${p.to} gave indistinguishable reasoning lengths (KS D = ${p.d.toFixed(3)}, p = ${p.p.toFixed(3)}): the knob collapsed there`,
        );
    const byBudget = [...steps].sort(
      (a, b) => budgetOrder(a.step.budgets[0]) - budgetOrder(b.step.budgets[0]),
    );
    if (byBudget.some((s, i) => s !== steps[i]))
      warnings.push(
        `realized tokens do not rise with the budget (${steps.map((s) => `${s.step.level} ${Math.round(s.step.median)}`).join(' < ')} tokens, median): the curve is tested in that order`,
      );
    out.push({ model, taskId, variant, steps: steps.map((s) => s.step), pairs, warnings });
  }
  return out.sort(
    (a, b) =>
      a.model.localeCompare(b.model) ||
      a.taskId.localeCompare(b.taskId) ||
      a.variant.localeCompare(b.variant),
  );
}
