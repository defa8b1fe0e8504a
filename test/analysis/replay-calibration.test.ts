import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Interval } from '../../src/analysis/clustered.js';
import type { ReplayGroup } from '../../src/analysis/replay.js';
import { FINDINGS, type Finding, replayOnce, truthOf } from '../../src/analysis/replay-calibration.js';
import { SIM_PROFILES } from '../../src/providers/sim/profiles.js';
import { parseAt } from '../../src/run/checkpoints.js';

/**
 * Replay recovers the simulator's truth: over 50 sweeps of 100 fresh items × 2 trials of sim:peaked,
 * replayed as the CLI replays them, each finding's 95% interval covers the population value (read
 * from 100,000 traces straight from the simulator) in at least 86% of sweeps (2.9 binomial sd below
 * 95% at 50 sweeps; docs/methods.md has the 200-sweep table), and the estimates are unbiased.
 */
test('replay findings on sim:peaked: intervals cover the simulator truth, estimates centre on it', async () => {
  const c = parseAt('256,512,1024,2048,4096,8192');
  const truth = truthOf(SIM_PROFILES.peaked, 16384, c, 100_000, 1);
  const reps = 50;
  const hits = Object.fromEntries(Object.keys(FINDINGS).map((k) => [k, 0])) as Record<Finding, number>;
  const sums = { ...hits };
  for (let r = 0; r < reps; r++) {
    const g = await replayOnce(SIM_PROFILES.peaked, 16384, c, 100, 2, 5000 + r);
    for (const [k, f] of Object.entries(FINDINGS) as [Finding, (g: ReplayGroup) => Interval][]) {
      const i = f(g);
      sums[k] += i.estimate;
      if (i.lo <= truth[k] && truth[k] <= i.hi) hits[k]++;
    }
  }
  for (const k of Object.keys(FINDINGS) as Finding[]) {
    assert.ok(hits[k] / reps >= 0.86, `${k}: coverage ${hits[k]}/${reps} of truth ${truth[k]}`);
    const mean = sums[k] / reps;
    const tolerance = k.endsWith('Tokens') ? 0.1 * truth[k] : 0.02;
    assert.ok(Math.abs(mean - truth[k]) <= tolerance, `${k}: mean estimate ${mean}, truth ${truth[k]}`);
  }
  // The simulated reasoner does lose answers it had: the finding is not trivially 0.
  assert.ok(truth.hadItAndLostIt > 0.1 && truth.endAccuracy < truth.oracleAccuracy);
});
