import type { Budget } from '../core/budget.js';
import { itemKey } from '../core/item-key.js';
import type { Item, Metric } from '../tasks/types.js';
import type { RunData } from './samples.js';

/**
 * Integer ids for everything the analyses group by, computed once per run and shared: which curve
 * (model × task × variant), item, budget and strata each sample belongs to, plus its score. The hot
 * loops then index typed arrays instead of building string keys per sample, which is what keeps a
 * million-sample analysis within seconds.
 */
export interface CurveId {
  model: string;
  taskId: string;
  variant: string;
  metric: Metric;
}

export interface ItemId {
  taskId: string;
  itemId: string;
  /** Stratum ids of the item: always 0 ('all') first, then one per stratum variable. */
  strata: number[];
}

export interface SampleIndex {
  curves: CurveId[];
  items: ItemId[];
  /** Stratum labels; id 0 is 'all'. */
  strata: string[];
  /** Budgets in ascending order, 'natural' last. */
  budgets: Budget[];
  /** Per sample. */
  curve: Int32Array;
  item: Int32Array;
  budget: Int32Array;
  /**
   * The sample's score on its task's metric: 1/0 for shares, the clipped absolute error for error
   * metrics; NaN for provider errors and for error-metric answers without a number.
   */
  score: Float64Array;
}

/** The paper clips each absolute error at 1000 before averaging (its "RMSE"). */
export const ERROR_CLIP = 1000;
const cache = new WeakMap<RunData, SampleIndex>();

/** Strata labels of an item: always 'all', plus one 'name=value' per stratum variable. */
export function strataLabels(item: Item | undefined): string[] {
  const out = ['all'];
  if (item) for (const [k, v] of Object.entries(item.strata)) out.push(`${k}=${v}`);
  return out;
}

/** Budgets in ascending order, 'natural' after every number. */
export function budgetOrder(b: Budget): number {
  return b === 'natural' ? Number.POSITIVE_INFINITY : b;
}

export function indexSamples(data: RunData): SampleIndex {
  const hit = cache.get(data);
  if (hit && hit.curve.length === data.samples.length) return hit;
  const n = data.samples.length;
  const curves: CurveId[] = [];
  const items: ItemId[] = [];
  const strata = ['all'];
  const strataIds = new Map<string, number>([['all', 0]]);
  const curveIds = new Map<string, Map<string, Map<string, number>>>();
  const itemIds = new Map<string, Map<string, number>>();
  const budgetSet = new Set<Budget>();
  const idx: SampleIndex = {
    curves,
    items,
    strata,
    budgets: [],
    curve: new Int32Array(n),
    item: new Int32Array(n),
    budget: new Int32Array(n),
    score: new Float64Array(n),
  };
  const rawBudget: Budget[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = data.samples[i];
    const byVariant = child(child(curveIds, s.model), s.taskId);
    let c = byVariant.get(s.variant);
    if (c === undefined) {
      c = curves.length;
      curves.push({
        model: s.model,
        taskId: s.taskId,
        variant: s.variant,
        metric: data.metrics.get(s.taskId) ?? 'accuracy',
      });
      byVariant.set(s.variant, c);
    }
    idx.curve[i] = c;
    const ofTask = child(itemIds, s.taskId);
    let it = ofTask.get(s.itemId);
    if (it === undefined) {
      it = items.length;
      const ids = [0];
      for (const label of strataLabels(data.items.get(itemKey(s.taskId, s.itemId))).slice(1)) {
        let id = strataIds.get(label);
        if (id === undefined) {
          id = strata.length;
          strata.push(label);
          strataIds.set(label, id);
        }
        ids.push(id);
      }
      items.push({ taskId: s.taskId, itemId: s.itemId, strata: ids });
      ofTask.set(s.itemId, it);
    }
    idx.item[i] = it;
    budgetSet.add(s.budget);
    rawBudget[i] = s.budget;
    const metric = curves[c].metric;
    idx.score[i] =
      s.outcome === 'error'
        ? Number.NaN
        : metric !== 'error'
          ? s.correct
            ? 1
            : 0
          : s.absError === undefined
            ? Number.NaN
            : Math.min(ERROR_CLIP, s.absError);
  }
  idx.budgets = [...budgetSet].sort((a, b) => budgetOrder(a) - budgetOrder(b));
  const bIds = new Map(idx.budgets.map((b, i) => [b, i]));
  for (let i = 0; i < n; i++) idx.budget[i] = bIds.get(rawBudget[i])!;
  cache.set(data, idx);
  return idx;
}

/** The map under `key`, created on first use (nested maps: no joined key string per sample). */
function child<V>(m: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let c = m.get(key);
  if (!c) {
    c = new Map();
    m.set(key, c);
  }
  return c;
}
