import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeCurves } from '../../src/analysis/curves.js';
import { simulateRunData } from '../../src/analysis/synthetic.js';
import { analyseTrends, type Trend } from '../../src/analysis/trend.js';
import { SIM_PROFILES } from '../../src/providers/sim/profiles.js';
import { misleadingMath } from '../../src/tasks/counting/misleading-math.js';
import type { Item } from '../../src/tasks/types.js';

/**
 * Acceptance: 50 seeded sim runs per profile with known truth. Each run: 100 Misleading Math items
 * (a fresh seeded set per run) × budgets 0, 1024, 4096, 16384 × 3 trials, with output limits high
 * enough that nothing is cut off (so sim:flat is truly flat). "Decline found" = the paired per-item
 * test (sign-flip permutation, smallest vs largest budget) has p < 0.05 and the score fell.
 * The Table 1 arrow and the slope CI are measured alongside.
 */
const SEEDS = 50;

function run(profile: 'inverse' | 'flat', seed: number): Trend {
  const loaded = misleadingMath.load(
    { n: 100, distractors: [1, 2, 3, 4, 5] },
    { seed: 7000 + seed, baseDir: '.' },
  ) as Item[];
  // Item ids carry the seed so every run draws fresh item difficulties in the simulator.
  const items = loaded.map((it) => ({ ...it, itemId: `s${seed}-${it.itemId}` }));
  const data = simulateRunData({
    profile: SIM_PROFILES[profile],
    items,
    budgets: [0, 1024, 4096, 16384],
    trials: 3,
    seed,
  });
  const all = analyseTrends(data, computeCurves(data), { seed }).find((t) => t.stratum === 'all');
  assert.ok(all);
  return all;
}

function rates(profile: 'inverse' | 'flat') {
  let paired = 0;
  let table = 0;
  let slope = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const t = run(profile, seed);
    if (t.paired && t.paired.p < 0.05 && t.paired.meanDiff < 0) paired++;
    if (t.trend === 'down') table++;
    if (t.slope && t.slope.hi < 0) slope++;
  }
  return { paired: paired / SEEDS, table: table / SEEDS, slope: slope / SEEDS };
}

test(`sim:inverse declines are found and sim:flat gives at most 5% false declines (${SEEDS} seeds each)`, (t) => {
  const inv = rates('inverse');
  const flat = rates('flat');
  t.diagnostic(
    `sim:inverse detection: paired test ${inv.paired}, Table 1 ↓ ${inv.table}, slope CI < 0 ${inv.slope}`,
  );
  t.diagnostic(
    `sim:flat false declines: paired test ${flat.paired}, Table 1 ↓ ${flat.table}, slope CI < 0 ${flat.slope}`,
  );
  assert.ok(inv.paired >= 0.95, `inverse detection rate ${inv.paired}`);
  assert.ok(flat.paired <= 0.05, `flat false-positive rate ${flat.paired}`);
  assert.ok(flat.table <= 0.05, `flat Table 1 false-positive rate ${flat.table}`);
  assert.ok(flat.slope <= 0.05, `flat slope false-positive rate ${flat.slope}`);
});
