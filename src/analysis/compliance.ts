import type { Budget } from '../core/budget.js';
import { budgetLabel } from '../core/budget.js';
import { indexSamples } from './sample-index.js';
import type { RunData } from './samples.js';
import { ksTwoSample, quantile } from './stats.js';

/**
 * Did the budget knob work? Per model × task × variant × requested budget: the realized reasoning
 * tokens (five-number summary plus 5th/95th percentiles), the share over budget, the share cut off
 * at the output limit, and where the counts came from. Adjacent budgets are compared with a
 * two-sample Kolmogorov–Smirnov test; when two budgets' realized distributions cannot be told
 * apart (p ≥ 0.05), the report warns that the knob had no effect between them.
 */
export interface BudgetCompliance {
  budget: Budget;
  n: number;
  min: number;
  p5: number;
  q1: number;
  median: number;
  q3: number;
  p95: number;
  max: number;
  mean: number;
  /** Share with realized > requested (for budget 0: any reasoning at all). Natural: null. */
  overBudget: number | null;
  /** Share more than 10% over the requested budget. */
  overBy10: number | null;
  truncated: number;
  sources: Record<string, number>;
}

export interface AdjacentTest {
  from: Budget;
  to: Budget;
  d: number;
  p: number;
  indistinguishable: boolean;
}

export interface ComplianceResult {
  model: string;
  taskId: string;
  variant: string;
  budgets: BudgetCompliance[];
  adjacent: AdjacentTest[];
  warnings: string[];
}

export function analyseCompliance(data: RunData, alpha = 0.05): ComplianceResult[] {
  const ix = indexSamples(data);
  const B = ix.budgets.length;
  const accs: (Acc | undefined)[] = new Array(ix.curves.length * B);
  for (let i = 0; i < data.samples.length; i++) {
    const s = data.samples[i];
    if (s.outcome === 'error') continue;
    const g = ix.curve[i] * B + ix.budget[i];
    let a = accs[g];
    if (!a) {
      a = { tokens: [], truncated: 0, sources: {} };
      accs[g] = a;
    }
    if (s.reasoningSource !== 'unknown') a.tokens.push(s.reasoningTokens);
    if (s.stopReason === 'max_tokens' || s.outcome === 'truncated') a.truncated++;
    const src = s.reasoningSource ?? 'unknown';
    a.sources[src] = (a.sources[src] ?? 0) + 1;
  }
  const out: ComplianceResult[] = [];
  ix.curves.forEach((c, ci) => {
    const present = ix.budgets.map((b, bi) => ({ b, a: accs[ci * B + bi] })).filter((x) => x.a !== undefined);
    if (present.length === 0) return;
    const sorted = present.map((x) => Float64Array.from(x.a!.tokens).sort());
    const budgets = present.map((x, k) => summarise(x.b, sorted[k], x.a!));
    const adjacent: AdjacentTest[] = [];
    // A budget whose counts are all unknown (an imported log that gave none) has nothing to compare.
    const controlled = present
      .map((x, k) => ({ b: x.b, t: sorted[k] }))
      .filter((x) => x.b !== 'natural' && x.t.length > 0);
    for (let k = 1; k < controlled.length; k++) {
      const { d, p } = ksTwoSample(controlled[k - 1].t, controlled[k].t);
      adjacent.push({
        from: controlled[k - 1].b,
        to: controlled[k].b,
        d,
        p,
        indistinguishable: !(p < alpha),
      });
    }
    out.push({
      model: c.model,
      taskId: c.taskId,
      variant: c.variant,
      budgets,
      adjacent,
      warnings: warnings(budgets, adjacent, alpha),
    });
  });
  return out.sort(
    (a, b) =>
      a.model.localeCompare(b.model) ||
      a.taskId.localeCompare(b.taskId) ||
      a.variant.localeCompare(b.variant),
  );
}

interface Acc {
  tokens: number[];
  truncated: number;
  sources: Record<string, number>;
}

function summarise(budget: Budget, t: Float64Array, a: Acc): BudgetCompliance {
  const n = t.length;
  let over = 0;
  let over10 = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += t[i];
    if (budget !== 'natural') {
      if (t[i] > budget) over++;
      if (t[i] > budget * 1.1) over10++;
    }
  }
  return {
    budget,
    n,
    min: n ? t[0] : Number.NaN,
    p5: quantile(t, 0.05),
    q1: quantile(t, 0.25),
    median: quantile(t, 0.5),
    q3: quantile(t, 0.75),
    p95: quantile(t, 0.95),
    max: n ? t[n - 1] : Number.NaN,
    mean: n ? sum / n : Number.NaN,
    overBudget: budget === 'natural' || n === 0 ? null : over / n,
    overBy10: budget === 'natural' || n === 0 ? null : over10 / n,
    truncated: n ? a.truncated / n : 0,
    sources: a.sources,
  };
}

function warnings(budgets: BudgetCompliance[], adjacent: AdjacentTest[], alpha: number): string[] {
  const w: string[] = [];
  const positive = budgets.filter((b) => b.budget !== 'natural' && b.n > 0);
  if (positive.length > 0 && positive.every((b) => b.max === 0))
    w.push(
      'no reasoning tokens were counted at any budget: the provider returned no counts, or reasoning was off',
    );
  const flat = adjacent.filter((a) => a.indistinguishable);
  if (adjacent.length > 0 && flat.length === adjacent.length)
    w.push(
      `the budget knob had no measurable effect: realized reasoning tokens are indistinguishable at every pair of adjacent budgets (Kolmogorov–Smirnov p ≥ ${alpha})`,
    );
  else
    for (const a of flat)
      w.push(
        `budgets ${budgetLabel(a.from)} and ${budgetLabel(a.to)} gave indistinguishable reasoning lengths (KS D = ${a.d.toFixed(3)}, p = ${a.p.toFixed(3)}): the knob had no effect there`,
      );
  for (const b of positive) {
    if (b.truncated >= 0.05)
      w.push(
        `${(b.truncated * 100).toFixed(1)}% of samples at budget ${budgetLabel(b.budget)} hit the output limit`,
      );
  }
  const estimated = budgets.reduce((s, b) => s + (b.sources.estimate ?? 0), 0);
  const total = budgets.reduce((s, b) => s + b.n, 0);
  if (estimated > 0)
    w.push(
      `${((estimated / total) * 100).toFixed(0)}% of reasoning-token counts are estimates, not provider counts`,
    );
  return w;
}
