import type { Budget } from '../run/keys.js';
import { budgetOrder, groupKey } from './curves.js';
import { itemKey, type RunData, type ScoredSample } from './samples.js';

/**
 * Per-item flips between the smallest and the largest budget. An item is "right" at a budget when
 * most of its trials there are correct (more than half), "wrong" when most are not; a tie decides
 * nothing and the item is counted as undetermined. Majority over trials, not trial-by-trial
 * pairing: trial numbers carry no meaning across budgets, and a majority is what a reader means by
 * "the model gets this item right". Error metrics have no right/wrong and are skipped.
 */
export type FlipDirection = 'right-to-wrong' | 'wrong-to-right';

export interface Flip {
  itemId: string;
  direction: FlipDirection;
  strata: string;
  lowCorrect: number;
  lowN: number;
  highCorrect: number;
  highN: number;
  /** One trace per side whose outcome matches the item's majority there (lowest trial first). */
  lowKey: string;
  highKey: string;
}

export interface FlipSummary {
  model: string;
  taskId: string;
  variant: string;
  low: Budget;
  high: Budget;
  items: number;
  rightToWrong: number;
  wrongToRight: number;
  stayedRight: number;
  stayedWrong: number;
  undetermined: number;
  flips: Flip[];
}

interface Side {
  correct: number;
  n: number;
  samples: ScoredSample[];
}

export function computeFlips(data: RunData): FlipSummary[] {
  const curves = new Map<string, { budgets: Set<Budget>; samples: ScoredSample[] }>();
  for (const s of data.samples) {
    if (s.outcome === 'error' || s.budget === 'natural') continue;
    if ((data.metrics.get(s.taskId) ?? 'accuracy') === 'error') continue;
    const k = groupKey(s.model, s.taskId, s.variant);
    let c = curves.get(k);
    if (!c) {
      c = { budgets: new Set(), samples: [] };
      curves.set(k, c);
    }
    c.budgets.add(s.budget);
    c.samples.push(s);
  }
  const out: FlipSummary[] = [];
  for (const { budgets, samples } of curves.values()) {
    const sorted = [...budgets].sort((a, b) => budgetOrder(a) - budgetOrder(b));
    if (sorted.length < 2) continue;
    const low = sorted[0];
    const high = sorted[sorted.length - 1];
    const byItem = new Map<string, { low: Side; high: Side }>();
    for (const s of samples) {
      if (s.budget !== low && s.budget !== high) continue;
      let e = byItem.get(s.itemId);
      if (!e) {
        e = { low: { correct: 0, n: 0, samples: [] }, high: { correct: 0, n: 0, samples: [] } };
        byItem.set(s.itemId, e);
      }
      const side = s.budget === low ? e.low : e.high;
      side.n++;
      if (s.correct) side.correct++;
      side.samples.push(s);
    }
    const first = samples[0];
    const sum: FlipSummary = {
      model: first.model,
      taskId: first.taskId,
      variant: first.variant,
      low,
      high,
      items: 0,
      rightToWrong: 0,
      wrongToRight: 0,
      stayedRight: 0,
      stayedWrong: 0,
      undetermined: 0,
      flips: [],
    };
    for (const [itemId, e] of byItem) {
      if (e.low.n === 0 || e.high.n === 0) continue;
      sum.items++;
      const a = majority(e.low);
      const b = majority(e.high);
      if (a === null || b === null) sum.undetermined++;
      else if (a && b) sum.stayedRight++;
      else if (!a && !b) sum.stayedWrong++;
      else {
        const direction: FlipDirection = a ? 'right-to-wrong' : 'wrong-to-right';
        if (a) sum.rightToWrong++;
        else sum.wrongToRight++;
        const item = data.items.get(itemKey(first.taskId, itemId));
        sum.flips.push({
          itemId,
          direction,
          strata: item
            ? Object.entries(item.strata)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')
            : '',
          lowCorrect: e.low.correct,
          lowN: e.low.n,
          highCorrect: e.high.correct,
          highN: e.high.n,
          lowKey: representative(e.low.samples, a),
          highKey: representative(e.high.samples, b),
        });
      }
    }
    sum.flips.sort(
      (x, y) =>
        (x.direction === y.direction ? 0 : x.direction === 'right-to-wrong' ? -1 : 1) ||
        x.itemId.localeCompare(y.itemId, undefined, { numeric: true }),
    );
    out.push(sum);
  }
  return out.sort(
    (a, b) =>
      a.model.localeCompare(b.model) ||
      a.taskId.localeCompare(b.taskId) ||
      a.variant.localeCompare(b.variant),
  );
}

function majority(side: Side): boolean | null {
  if (2 * side.correct > side.n) return true;
  if (2 * side.correct < side.n) return false;
  return null;
}

function representative(samples: ScoredSample[], correct: boolean): string {
  const pick =
    samples.filter((s) => s.correct === correct).sort((a, b) => a.trial - b.trial)[0] ?? samples[0];
  return pick.key;
}

/** Sample keys of flipped items at the two compared budgets, with the flip direction (1 = R→W, 2 = W→R). */
export function flipMarks(data: RunData, flips: FlipSummary[]): Map<string, number> {
  const dir = new Map<string, number>();
  const budgets = new Map<string, [Budget, Budget]>();
  for (const f of flips) {
    budgets.set(groupKey(f.model, f.taskId, f.variant), [f.low, f.high]);
    for (const x of f.flips)
      dir.set(groupKey(f.model, f.taskId, f.variant, x.itemId), x.direction === 'right-to-wrong' ? 1 : 2);
  }
  const out = new Map<string, number>();
  if (dir.size === 0) return out;
  for (const s of data.samples) {
    const lh = budgets.get(groupKey(s.model, s.taskId, s.variant));
    if (!lh || (s.budget !== lh[0] && s.budget !== lh[1])) continue;
    const d = dir.get(groupKey(s.model, s.taskId, s.variant, s.itemId));
    if (d) out.set(s.key, d);
  }
  return out;
}
