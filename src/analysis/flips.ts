import type { Budget } from '../core/budget.js';
import { groupKey } from './keys.js';
import { indexSamples } from './sample-index.js';
import type { RunData } from './samples.js';

/**
 * Per-item flips between two budgets: the smallest and the largest, and (flipsBetween) the best and
 * the largest. An item is "right" at a budget when
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
  samples: number[];
}

export function computeFlips(data: RunData): FlipSummary[] {
  const ix = indexSamples(data);
  const natural = ix.budgets.indexOf('natural');
  // Smallest and largest controlled budget per curve.
  const low = new Int32Array(ix.curves.length).fill(-1);
  const high = new Int32Array(ix.curves.length).fill(-1);
  for (let i = 0; i < data.samples.length; i++) {
    const b = ix.budget[i];
    if (b === natural || data.samples[i].outcome === 'error') continue;
    const c = ix.curve[i];
    if (low[c] < 0 || b < low[c]) low[c] = b;
    if (b > high[c]) high[c] = b;
  }
  return flipsAt(data, low, high);
}

/**
 * Flips between two chosen budgets per curve (model × task × variant), e.g. from the best budget to
 * the largest: `pairs` maps groupKey(model, task, variant) to the two budgets. Curves not in it, or
 * whose two budgets are the same, get none.
 */
export function computeFlipsBetween(
  data: RunData,
  pairs: Map<string, { low: Budget; high: Budget }>,
): FlipSummary[] {
  const ix = indexSamples(data);
  const low = new Int32Array(ix.curves.length).fill(-1);
  const high = new Int32Array(ix.curves.length).fill(-1);
  ix.curves.forEach((c, i) => {
    const p = pairs.get(groupKey(c.model, c.taskId, c.variant));
    if (!p) return;
    low[i] = ix.budgets.indexOf(p.low);
    high[i] = ix.budgets.indexOf(p.high);
    if (low[i] < 0 || high[i] < 0) low[i] = high[i] = -1;
  });
  return flipsAt(data, low, high);
}

/** Per curve c, flips from budget id low[c] to budget id high[c] (−1: no flips for that curve). */
function flipsAt(data: RunData, low: Int32Array, high: Int32Array): FlipSummary[] {
  const ix = indexSamples(data);
  const perCurve = ix.curves.map(() => new Map<number, { low: Side; high: Side }>());
  for (let i = 0; i < data.samples.length; i++) {
    const c = ix.curve[i];
    const b = ix.budget[i];
    if (ix.curves[c].metric === 'error' || low[c] === high[c] || (b !== low[c] && b !== high[c])) continue;
    const s = data.samples[i];
    if (s.outcome === 'error') continue;
    let e = perCurve[c].get(ix.item[i]);
    if (!e) {
      e = { low: { correct: 0, n: 0, samples: [] }, high: { correct: 0, n: 0, samples: [] } };
      perCurve[c].set(ix.item[i], e);
    }
    const side = b === low[c] ? e.low : e.high;
    side.n++;
    if (s.correct) side.correct++;
    side.samples.push(i);
  }
  const out: FlipSummary[] = [];
  ix.curves.forEach((curve, c) => {
    if (curve.metric === 'error' || low[c] < 0 || high[c] < 0 || low[c] === high[c]) return;
    const sum: FlipSummary = {
      model: curve.model,
      taskId: curve.taskId,
      variant: curve.variant,
      low: ix.budgets[low[c]],
      high: ix.budgets[high[c]],
      items: 0,
      rightToWrong: 0,
      wrongToRight: 0,
      stayedRight: 0,
      stayedWrong: 0,
      undetermined: 0,
      flips: [],
    };
    for (const [item, e] of perCurve[c]) {
      if (e.low.n === 0 || e.high.n === 0) continue;
      sum.items++;
      const a = majority(e.low);
      const b = majority(e.high);
      if (a === null || b === null) sum.undetermined++;
      else if (a && b) sum.stayedRight++;
      else if (!a && !b) sum.stayedWrong++;
      else {
        if (a) sum.rightToWrong++;
        else sum.wrongToRight++;
        const { itemId, strata } = ix.items[item];
        sum.flips.push({
          itemId,
          direction: a ? 'right-to-wrong' : 'wrong-to-right',
          // The item's stratum labels without 'all' (id 0).
          strata: strata
            .slice(1)
            .map((id) => ix.strata[id])
            .join(', '),
          lowCorrect: e.low.correct,
          lowN: e.low.n,
          highCorrect: e.high.correct,
          highN: e.high.n,
          lowKey: representative(data, e.low.samples, a),
          highKey: representative(data, e.high.samples, b),
        });
      }
    }
    sum.flips.sort(
      (x, y) =>
        (x.direction === y.direction ? 0 : x.direction === 'right-to-wrong' ? -1 : 1) ||
        x.itemId.localeCompare(y.itemId, undefined, { numeric: true }),
    );
    out.push(sum);
  });
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

function representative(data: RunData, idx: number[], correct: boolean): string {
  const samples = idx.map((i) => data.samples[i]);
  const pick =
    samples.filter((s) => s.correct === correct).sort((a, b) => a.trial - b.trial)[0] ?? samples[0];
  return pick.key;
}

/**
 * Sample keys of flipped items at the two compared budgets, with the flip direction (1 = R→W,
 * 2 = W→R), shifted left by `shift` bits so that two sets of flips can share one bitmask.
 */
export function flipMarks(data: RunData, flips: FlipSummary[], shift = 0): Map<string, number> {
  const out = new Map<string, number>();
  if (!flips.some((f) => f.flips.length > 0)) return out;
  const ix = indexSamples(data);
  const byCurve = new Map<number, { low: Budget; high: Budget; dir: Map<string, number> }>();
  const curveOf = new Map(ix.curves.map((c, i) => [groupKey(c.model, c.taskId, c.variant), i]));
  for (const f of flips) {
    const c = curveOf.get(groupKey(f.model, f.taskId, f.variant));
    if (c === undefined) continue;
    const dir = new Map(f.flips.map((x) => [x.itemId, (x.direction === 'right-to-wrong' ? 1 : 2) << shift]));
    byCurve.set(c, { low: f.low, high: f.high, dir });
  }
  for (let i = 0; i < data.samples.length; i++) {
    const e = byCurve.get(ix.curve[i]);
    if (!e) continue;
    const s = data.samples[i];
    if (s.budget !== e.low && s.budget !== e.high) continue;
    const d = e.dir.get(s.itemId);
    if (d) out.set(s.key, d);
  }
  return out;
}
