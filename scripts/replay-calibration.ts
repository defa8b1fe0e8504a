/**
 * Calibration of the replay findings on simulated ground truth (docs/methods.md, "Early-exit replay").
 * For each sim profile: `--reps` in-memory sweeps (fresh items each time) are replayed exactly as
 * `overthink replay` replays a sim model, and each finding's 95% interval is checked against the
 * simulator's own truth for the population of items (200,000 fresh traces read from sim/trace.ts
 * directly, not through the replay). Prints each finding's truth, mean estimate and coverage.
 *
 *   nice node --import tsx scripts/replay-calibration.ts --reps 200 --items 150 --trials 2
 */
import {
  FINDINGS,
  type Finding,
  replayOnce,
  truthOf,
} from '../src/analysis/replay-calibration.js';
import type { Interval } from '../src/analysis/clustered.js';
import type { ReplayGroup } from '../src/analysis/replay.js';
import { SIM_PROFILES } from '../src/providers/sim/profiles.js';
import { parseAt } from '../src/run/checkpoints.js';

async function main() {
  const arg = (name: string, dflt: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const reps = Number(arg('reps', '200'));
  const items = Number(arg('items', '150'));
  const trials = Number(arg('trials', '2'));
  const budget = Number(arg('budget', '16384'));
  const c = parseAt(arg('at', '256,512,1024,2048,4096,8192'));
  for (const name of arg('profiles', 'peaked,inverse,dip,flat').split(',')) {
    const profile = SIM_PROFILES[name];
    const truth = truthOf(profile, budget, c, 200_000, 1);
    const hits = Object.fromEntries(Object.keys(FINDINGS).map((k) => [k, 0])) as Record<Finding, number>;
    const sums = { ...hits };
    for (let r = 0; r < reps; r++) {
      const g = await replayOnce(profile, budget, c, items, trials, 1000 + r);
      for (const [k, f] of Object.entries(FINDINGS) as [Finding, (g: ReplayGroup) => Interval][]) {
        const i = f(g);
        sums[k] += i.estimate;
        if (i.lo <= truth[k] && truth[k] <= i.hi) hits[k]++;
      }
    }
    console.log(`sim:${name} · budget ${budget} · ${reps} sweeps of ${items} items × ${trials} trials`);
    for (const k of Object.keys(FINDINGS) as Finding[])
      console.log(
        `  ${k.padEnd(18)} truth ${truth[k].toFixed(4).padStart(10)}  mean estimate ${(sums[k] / reps).toFixed(4).padStart(10)}  coverage ${((hits[k] / reps) * 100).toFixed(1)}%`,
      );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
