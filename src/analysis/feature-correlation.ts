import type { Budget } from '../core/budget.js';

/**
 * The paper's Fig. 7: per reasoning budget, how a model's grade predictions correlate with the true
 * grade and with each input feature. A model that drifts toward spurious features shows its
 * prediction–sleep correlation rising while its prediction–truth correlation falls. Pure functions.
 */

export interface FeatureCorrelationRow {
  budget: Budget;
  /** null when the answer could not be parsed; such rows are counted, not used. */
  prediction: number | null;
  trueGrade: number;
  /** Numerically coded features of the student (e.g. stress 0/1/2). */
  features: Readonly<Record<string, number>>;
}

export interface BudgetCorrelations {
  budget: Budget;
  /** Rows with a numeric prediction, used for the correlations. */
  n: number;
  /** Rows at this budget without a usable prediction. */
  unparsable: number;
  /** Pearson r of prediction vs. true grade; null when undefined (fewer than 2 rows or no variance). */
  withTruth: number | null;
  /** Pearson r of prediction vs. each feature, over the rows that have that feature. */
  withFeatures: Record<string, number | null>;
  /** For reference: each feature's correlation with the true grade over the same rows. */
  truthWithFeatures: Record<string, number | null>;
}

/** Pearson correlation; null if fewer than two pairs or either side is constant. */
export function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Correlations per budget, budgets in ascending order with 'natural' last. */
export function featureCorrelations(rows: readonly FeatureCorrelationRow[]): BudgetCorrelations[] {
  const byBudget = new Map<Budget, FeatureCorrelationRow[]>();
  for (const r of rows) {
    const list = byBudget.get(r.budget);
    if (list) list.push(r);
    else byBudget.set(r.budget, [r]);
  }
  const budgets = [...byBudget.keys()].sort((a, b) => budgetOrder(a) - budgetOrder(b));
  return budgets.map((budget) => {
    const all = byBudget.get(budget) ?? [];
    const used = all.filter(
      (r): r is FeatureCorrelationRow & { prediction: number } =>
        r.prediction !== null && Number.isFinite(r.prediction),
    );
    const names = [...new Set(used.flatMap((r) => Object.keys(r.features)))].sort();
    const withFeatures: Record<string, number | null> = {};
    const truthWithFeatures: Record<string, number | null> = {};
    for (const name of names) {
      const have = used.filter((r) => Number.isFinite(r.features[name]));
      const f = have.map((r) => r.features[name]);
      withFeatures[name] = pearson(
        have.map((r) => r.prediction),
        f,
      );
      truthWithFeatures[name] = pearson(
        have.map((r) => r.trueGrade),
        f,
      );
    }
    return {
      budget,
      n: used.length,
      unparsable: all.length - used.length,
      withTruth: pearson(
        used.map((r) => r.prediction),
        used.map((r) => r.trueGrade),
      ),
      withFeatures,
      truthWithFeatures,
    };
  });
}

function budgetOrder(b: Budget): number {
  return b === 'natural' ? Number.POSITIVE_INFINITY : b;
}
