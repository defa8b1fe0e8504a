import type { Budget } from '../core/budget.js';
import { itemKey } from '../core/item-key.js';
import { type RegressionSummary, summariseRegression } from '../score/regression.js';
import { budgetOrder } from './curves.js';
import {
  type BudgetCorrelations,
  type FeatureCorrelationRow,
  featureCorrelations,
} from './feature-correlation.js';
import { indexSamples } from './sample-index.js';
import type { RunData } from './samples.js';

/**
 * Regression tasks (metric 'error'): per budget, the paper's clipped error next to the true MAE and
 * RMSE with unparsable answers counted, and the paper's Fig. 7 — how predictions correlate with the
 * true value and with each input feature (items carrying meta.features).
 */
export interface RegressionResult {
  model: string;
  taskId: string;
  variant: string;
  stratum: string;
  errors: (RegressionSummary & { budget: Budget })[];
  correlations: BudgetCorrelations[];
}

export function analyseRegression(data: RunData): RegressionResult[] {
  const ix = indexSamples(data);
  const S = ix.strata.length;
  // Per indexed item: its true value and numeric features (null unless it has a number target).
  const truth = ix.items.map((it) => {
    const item = data.items.get(itemKey(it.taskId, it.itemId));
    return item?.target.kind === 'number'
      ? { value: item.target.value, features: numericFeatures(item.meta?.features) }
      : null;
  });
  const groups = new Map<
    number,
    { head: Omit<RegressionResult, 'errors' | 'correlations'>; rows: FeatureCorrelationRow[] }
  >();
  for (let i = 0; i < data.samples.length; i++) {
    const s = data.samples[i];
    const c = ix.curve[i];
    const t = truth[ix.item[i]];
    if (s.outcome === 'error' || ix.curves[c].metric !== 'error' || !t) continue;
    for (const st of ix.items[ix.item[i]].strata) {
      const k = c * S + st;
      let g = groups.get(k);
      if (!g) {
        g = {
          head: { model: s.model, taskId: s.taskId, variant: s.variant, stratum: ix.strata[st] },
          rows: [],
        };
        groups.set(k, g);
      }
      g.rows.push({
        budget: s.budget,
        prediction: s.prediction !== undefined && Number.isFinite(s.prediction) ? s.prediction : null,
        trueGrade: t.value,
        features: t.features,
      });
    }
  }
  const out: RegressionResult[] = [];
  for (const { head, rows } of groups.values()) {
    const budgets = [...new Set(rows.map((r) => r.budget))].sort((a, b) => budgetOrder(a) - budgetOrder(b));
    const errors = budgets.map((budget) => ({
      budget,
      ...summariseRegression(
        rows
          .filter((r) => r.budget === budget)
          .map((r) => ({ prediction: r.prediction, truth: r.trueGrade })),
      ),
    }));
    const withFeatures = rows.filter((r) => Object.keys(r.features).length > 0);
    out.push({ ...head, errors, correlations: withFeatures.length ? featureCorrelations(withFeatures) : [] });
  }
  return out;
}

function numericFeatures(f: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof f !== 'object' || f === null) return out;
  for (const [k, v] of Object.entries(f)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}
