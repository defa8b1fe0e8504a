import type { Budget } from '../core/budget.js';
import type { SimProfile } from '../providers/sim/profiles.js';
import type { Item } from '../tasks/types.js';
import { deriveSeed } from '../util/rng.js';
import { computeCurves } from './curves.js';
import { disabledTagConfig } from './failure-config.js';
import { analyseShapes, declineFromBest } from './shape.js';
import type { ShapeClass } from './shape-class.js';
import { simulateRunData } from './synthetic.js';

/**
 * How often does the shape test name each shape, and how often does the gate's
 * `no-decline-from-best` fail, on sweeps of a sim profile with known truth? Each sweep is a fresh
 * set of items (so fresh item difficulties) run in memory through the same scoring and analysis as
 * a stored run: no store, no HTTP. On `sim:flat` every non-flat label is a false positive; on
 * `sim:peaked` the peaked label and the gate failing are its power.
 */
export interface ShapePowerOptions {
  profile: SimProfile;
  budgets: Budget[];
  items: number;
  trials: number;
  sims: number;
  seed: number;
  /** The gate rule's tolerance (a share: 0.02 = 2 points). */
  epsilon: number;
  resamples?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ShapePowerResult {
  sims: number;
  /** How many sweeps got each label (all-items curve). */
  counts: Record<ShapeClass, number>;
  /** Sweeps where `no-decline-from-best` fails. */
  gateFails: number;
  /** Sweeps where the best budget was each budget. */
  best: Record<string, number>;
}

export function shapePower(o: ShapePowerOptions): ShapePowerResult {
  const counts: Record<ShapeClass, number> = {
    decline: 0,
    rise: 0,
    flat: 0,
    peaked: 0,
    dip: 0,
    noisy: 0,
    insufficient: 0,
  };
  const best: Record<string, number> = {};
  let gateFails = 0;
  const target = { kind: 'number' as const, value: 1, tolerance: 0 };
  for (let s = 0; s < o.sims; s++) {
    const seed = deriveSeed('shape-power', o.seed, s);
    // Fresh item ids per sweep: the simulator draws each item's difficulty from its id.
    const items: Item[] = Array.from({ length: o.items }, (_, i) => ({
      taskId: 'shape-power',
      itemId: `${seed}-${i}`,
      prompt: '',
      target,
      strata: {},
    }));
    const data = simulateRunData({
      profile: o.profile,
      items,
      budgets: o.budgets,
      trials: o.trials,
      seed,
      text: 'none',
      tags: disabledTagConfig(),
    });
    const shape = analyseShapes(data, computeCurves(data), { seed, resamples: o.resamples })[0];
    counts[shape.shape]++;
    best[String(shape.best.budget)] = (best[String(shape.best.budget)] ?? 0) + 1;
    const d = declineFromBest(shape);
    if (d && d.lower > o.epsilon) gateFails++;
    o.onProgress?.(s + 1, o.sims);
  }
  return { sims: o.sims, counts, gateFails, best };
}
