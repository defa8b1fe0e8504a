import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseRun } from '../../src/analysis/analyse.js';
import { compareRuns } from '../../src/analysis/compare.js';
import { simulateRunData } from '../../src/analysis/synthetic.js';
import { SIM_PROFILES } from '../../src/providers/sim/profiles.js';
import { items, curvePoint as pt } from './fixtures.js';

test('compare: differences from the baseline with Newcombe intervals where both runs have the point', () => {
  const a = {
    label: 'A',
    simulated: false,
    analysis: { curves: [pt(0, 0.9, 0.8, 0.95), pt(1024, 0.8, 0.7, 0.88)], trends: [] },
  };
  const b = {
    label: 'B',
    simulated: true,
    analysis: { curves: [pt(0, 0.7, 0.6, 0.78), pt(4096, 0.5, 0.4, 0.6)], trends: [] },
  };
  const c = compareRuns([a, b]);
  assert.deepEqual(c.runs, [
    { label: 'A', simulated: false },
    { label: 'B', simulated: true },
  ]);
  assert.deepEqual(
    c.rows.map((r) => [r.budget, r.cells.map((x) => x?.run ?? null)]),
    [
      [0, ['A', 'B']],
      [1024, ['A', null]],
      [4096, [null, 'B']],
    ],
  );
  assert.deepEqual(c.rows[1].diffs, [null, null]);
  const [row] = c.rows;
  assert.equal(row.diffs[0], null);
  const d = row.diffs[1]!;
  assert.ok(Math.abs(d.diff + 0.2) < 1e-12);
  // Newcombe: lo = d − sqrt((p2−l2)² + (u1−p1)²), hi = d + sqrt((u2−p2)² + (p1−l1)²).
  assert.ok(Math.abs(d.lo - (-0.2 - Math.sqrt(0.1 ** 2 + 0.05 ** 2))) < 1e-12);
  assert.ok(Math.abs(d.hi - (-0.2 + Math.sqrt(0.08 ** 2 + 0.1 ** 2))) < 1e-12);
});

test('compare two simulated runs: the inverse run declines, the flat one does not', () => {
  const its = items(
    Array.from({ length: 60 }, (_, i) => `i${i}`),
    { strata: (id) => ({ num_distractors: (Number(id.slice(1)) % 5) + 1 }) },
  );
  const run = (name: 'inverse' | 'flat', seed: number) =>
    analyseRun(
      simulateRunData({
        profile: SIM_PROFILES[name],
        items: its,
        budgets: [0, 16384],
        trials: 3,
        seed,
        model: 'sim:x',
      }),
    );
  const c = compareRuns([
    { label: 'flat', simulated: true, analysis: run('flat', 1) },
    { label: 'inverse', simulated: true, analysis: run('inverse', 2) },
  ]);
  const t = c.trends.find((x) => x.stratum === 'all')!;
  assert.ok(t.perRun[0] && t.perRun[1]);
  assert.ok((t.perRun[1]!.p ?? 1) < 0.05 && t.perRun[1]!.delta < 0);
  const high = c.rows.find((r) => r.stratum === 'all' && r.budget === 16384)!;
  assert.ok(high.diffs[1]!.diff < 0);
});
