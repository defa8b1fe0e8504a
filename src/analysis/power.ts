import type { Budget } from '../core/budget.js';
import type { SampleKey } from '../core/sample-key.js';
import { SIM_PROFILES, type SimProfile } from '../providers/sim/profiles.js';
import { simulate } from '../providers/sim/provider.js';
import { scoreSample } from '../score/score.js';
import type { Item } from '../tasks/types.js';
import { UserError } from '../util/errors.js';
import { deriveSeed, Rng } from '../util/rng.js';
import { pairedTest } from './paired.js';

/**
 * How many items and trials does it take to see a given drop? For each (items, trials) cell,
 * `sims` simulated sweeps of the smallest and the largest budget are scored and put through the
 * report's paired per-item test; power is the share of sweeps where the test finds a decline
 * (p < α and the score fell). The simulator keeps what makes real data hard: per-item difficulty
 * (so trials of an item are correlated) and soft budgets.
 */
export interface PowerOptions {
  /** Accuracy of an average item at the smallest budget. */
  base: number;
  /** Drop in an average item's accuracy from the smallest to the largest budget (0.05 = 5 points). */
  drop: number;
  low: number;
  high: number;
  items: number[];
  trials: number[];
  sims: number;
  alpha: number;
  seed: number;
  /** Sd of per-item difficulty on the logit scale (the sim default is 0.6). */
  itemSpread?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface PowerCell {
  items: number;
  trials: number;
  power: number;
  /** 95% Wilson-free normal margin of the power estimate itself. */
  margin: number;
  samples: number;
}

/**
 * A sim profile whose average item scores `base` at the low budget and `base − drop` at the high
 * one, with a straight line in log2(tokens) between (the sim's own model of inverse scaling).
 */
export function dropProfile(
  base: number,
  drop: number,
  low: number,
  high: number,
  itemSpread?: number,
): SimProfile {
  if (!(base > 0 && base < 1)) throw new UserError(`--base must be between 0 and 1, got ${base}`);
  if (!(drop > -1 && drop < base)) throw new UserError(`--drop must be below --base (${base}), got ${drop}`);
  if (!(high > low))
    throw new UserError(`the largest budget must exceed the smallest, got ${low} and ${high}`);
  if (low === 0 && high <= 1024)
    throw new UserError('with a smallest budget of 0 the largest must exceed 1024');
  const common = {
    ...SIM_PROFILES.flat,
    name: 'power',
    description: `power profile: ${base} → ${base - drop}`,
    truncationRate: 0,
    missingTagRate: 0,
  };
  if (itemSpread !== undefined) common.itemSpread = itemSpread;
  if (low === 0)
    return {
      ...common,
      noReasoning: base,
      atOneK: base,
      perDoubling: -drop / Math.log2(high / 1024),
      baseWeight: 1,
    };
  const perDoubling = -drop / Math.log2(high / low);
  return {
    ...common,
    noReasoning: base,
    atOneK: base - perDoubling * Math.log2(low / 1024),
    perDoubling,
    baseWeight: 1,
  };
}

export function powerTable(o: PowerOptions): PowerCell[] {
  const profile = dropProfile(o.base, o.drop, o.low, o.high, o.itemSpread);
  const cells: PowerCell[] = [];
  const total = o.items.length * o.trials.length * o.sims;
  let done = 0;
  for (const k of o.items) {
    for (const t of o.trials) {
      let hits = 0;
      for (let s = 0; s < o.sims; s++) {
        if (detects(profile, k, t, o, deriveSeed('power', o.seed, k, t, s))) hits++;
        done++;
        if (done % 50 === 0) o.onProgress?.(done, total);
      }
      const p = hits / o.sims;
      cells.push({
        items: k,
        trials: t,
        power: p,
        margin: 1.959964 * Math.sqrt((p * (1 - p)) / o.sims),
        samples: k * t * 2,
      });
    }
  }
  o.onProgress?.(total, total);
  return cells;
}

/** One simulated sweep: does the paired test find the decline? */
function detects(profile: SimProfile, k: number, trials: number, o: PowerOptions, seed: number): boolean {
  const rng = new Rng(seed);
  const lowSum = new Float64Array(k);
  const highSum = new Float64Array(k);
  const n = new Float64Array(k).fill(trials);
  const target = { kind: 'number' as const, value: 1, tolerance: 0 };
  for (let i = 0; i < k; i++) {
    const item: Item = { taskId: 'power', itemId: `${seed}-${i}`, prompt: '', target, strata: {} };
    for (const [budget, sums] of [
      [o.low, lowSum],
      [o.high, highSum],
    ] as [Budget, Float64Array][]) {
      for (let t = 0; t < trials; t++) {
        const key: SampleKey = {
          model: 'sim:power',
          taskId: 'power',
          itemId: item.itemId,
          regime: 'controlled',
          budget,
          trial: t,
          variant: 'paper',
        };
        const r = simulate(
          profile,
          { key, seed: (rng.next() * 4294967296) >>> 0, system: '', user: '', budget, maxTokens: 1e9, item },
          'none',
        );
        if (scoreSample({ text: r.text, stopReason: r.stopReason, error: null }, target).correct) sums[i]++;
      }
    }
  }
  const res = pairedTest({ lowSum, lowN: n, highSum, highN: n, binary: true }, seed ^ 0x9e3779b9, 999);
  return res !== null && res.p < o.alpha && res.meanDiff < 0;
}
