import type { SimProfile } from '../providers/sim/profiles.js';
import type { Item } from '../tasks/types.js';
import { deriveSeed } from '../util/rng.js';
import { type ParallelComparison, parallelOf } from './parallel.js';
import { simulateRunData } from './synthetic.js';

/**
 * How many items and trials parallel vs sequential needs (`overthink power --parallel`), and whether
 * its intervals hold, on a sim profile: `sims` in-memory sweeps of fresh items at two budgets go
 * through the report's own comparison (parallel.ts). Power is the share of sweeps whose 95% interval
 * excludes 0; coverage the share whose interval holds the profile's true difference, measured on a
 * sweep of `truthItems` fresh items with `truthTrials` trials each (every k-subset of them averaged,
 * which is unbiased for each item's majority@k).
 */
export interface ParallelPowerOptions {
  profile: SimProfile;
  budget: number;
  against: number;
  items: number[];
  trials: number[];
  sims: number;
  seed: number;
  truthItems?: number;
  truthTrials?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ParallelPowerCell {
  items: number;
  trials: number;
  /** The k the comparison matched (0 when these trials cannot make the pair). */
  k: number;
  /** The profile's true parallel − sequential difference at that k. */
  truth: number;
  power: number;
  coverage: number;
  meanDiff: number;
  /** 95% normal margin of the power estimate itself. */
  margin: number;
}

function itemsOf(prefix: string, n: number): Item[] {
  return Array.from({ length: n }, (_, i) => ({
    taskId: 'parallel',
    itemId: `${prefix}-${i}`,
    prompt: 'How many?',
    target: { kind: 'number' as const, value: 7, tolerance: 0 },
    strata: {},
  }));
}

/** The comparison on one in-memory sweep of `items` fresh items × `trials` trials. */
export function parallelSweep(
  profile: SimProfile,
  budget: number,
  against: number,
  items: number,
  trials: number,
  seed: number,
  k?: number,
): ParallelComparison | null {
  const data = simulateRunData({
    profile,
    items: itemsOf(`p${seed}`, items),
    budgets: [budget, against],
    trials,
    seed,
  });
  return parallelOf(data.samples, seed, k).find((c) => c.budget === budget && c.against === against) ?? null;
}

export function parallelPower(o: ParallelPowerOptions): ParallelPowerCell[] {
  // The truth at each k a cell matches, measured once.
  const truths = new Map<number, ParallelComparison | null>();
  const truthAt = (k: number) => {
    if (!truths.has(k))
      truths.set(
        k,
        parallelSweep(
          o.profile,
          o.budget,
          o.against,
          o.truthItems ?? 3000,
          o.truthTrials ?? 9,
          deriveSeed('parallel-truth', o.seed),
          k,
        ),
      );
    return truths.get(k) ?? null;
  };
  const cells: ParallelPowerCell[] = [];
  const total = o.items.length * o.trials.length * o.sims;
  let done = 0;
  for (const n of o.items)
    for (const t of o.trials) {
      let hits = 0;
      let covered = 0;
      let sum = 0;
      let k = 0;
      let made = 0;
      for (let s = 0; s < o.sims; s++) {
        const c = parallelSweep(
          o.profile,
          o.budget,
          o.against,
          n,
          t,
          deriveSeed('parallel-power', o.seed, n, t, s),
        );
        done++;
        if (done % 20 === 0) o.onProgress?.(done, total);
        if (!c) continue;
        made++;
        k = c.k;
        sum += c.diff.estimate;
        if (c.diff.lo > 0 || c.diff.hi < 0) hits++;
        const truth = truthAt(c.k);
        if (truth && c.diff.lo <= truth.diff.estimate && truth.diff.estimate <= c.diff.hi) covered++;
      }
      const power = hits / o.sims;
      cells.push({
        items: n,
        trials: t,
        k: made ? k : 0,
        truth: made ? (truthAt(k)?.diff.estimate ?? Number.NaN) : Number.NaN,
        power,
        coverage: made ? covered / made : Number.NaN,
        meanDiff: made ? sum / made : Number.NaN,
        margin: 1.959964 * Math.sqrt((power * (1 - power)) / o.sims),
      });
    }
  o.onProgress?.(total, total);
  return cells;
}
