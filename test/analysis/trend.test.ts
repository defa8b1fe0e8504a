import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeCurves } from '../../src/analysis/curves.js';
import { pairedTest, signFlipP } from '../../src/analysis/paired.js';
import { bootstrapSlope, ItemSums } from '../../src/analysis/slope.js';
import { simulateRunData } from '../../src/analysis/synthetic.js';
import { analyseTrends, classifyTrend } from '../../src/analysis/trend.js';
import { SIM_PROFILES } from '../../src/providers/sim/profiles.js';
import { items, curvePoint as point } from './fixtures.js';

test('Table 1 rule: down, flat, noisy, and error metrics where a rise is worse', () => {
  assert.equal(classifyTrend([point(0, 0.95, 0.9, 0.98), point(16384, 0.8, 0.75, 0.85)])?.trend, 'down');
  assert.equal(classifyTrend([point(0, 0.8, 0.75, 0.85), point(16384, 0.95, 0.9, 0.98)])?.trend, 'up');
  assert.equal(classifyTrend([point(0, 0.9, 0.85, 0.95), point(16384, 0.885, 0.83, 0.93)])?.trend, 'flat');
  assert.equal(classifyTrend([point(0, 0.9, 0.8, 0.97), point(16384, 0.85, 0.75, 0.92)])?.trend, 'noisy');
  const err = classifyTrend([point(0, 1.0, 0.9, 1.1, 'error'), point(8192, 1.5, 1.4, 1.6, 'error')]);
  assert.equal(err?.trend, 'down');
  assert.ok(Math.abs((err?.delta ?? 0) - 0.5) < 1e-12);
  // Budgets are sorted, and the natural regime is not a budget to compare.
  assert.equal(classifyTrend([point(16384, 0.8, 0.75, 0.85), point(0, 0.95, 0.9, 0.98)])?.from.budget, 0);
  assert.equal(classifyTrend([{ ...point(0, 0.9, 0.8, 0.95), budget: 'natural' }]), null);
});

test('bootstrap slope recovers a known slope, is seeded, and widens when trials are clustered', () => {
  const sums = new ItemSums(2);
  for (let i = 0; i < 60; i++)
    for (const x of [10, 11, 12, 13, 14]) sums.add(`i${i}`, x, 0.9 - 0.05 * (x - 10) + ((i % 3) - 1) * 0.1);
  const r = bootstrapSlope(sums, 7, 500);
  assert.ok(r);
  assert.ok(Math.abs(r.slope + 0.05) < 1e-9, String(r.slope));
  assert.ok(r.lo <= -0.05 && r.hi >= -0.05 && r.hi < 0);
  assert.equal(r.items, 60);
  assert.equal(r.samples, 300);
  assert.deepEqual(bootstrapSlope(sums, 7, 500), r);
  // Fewer than two items: no slope.
  const one = new ItemSums();
  one.add('a', 1, 1);
  one.add('a', 2, 0);
  assert.equal(bootstrapSlope(one, 1), null);
});

test('sign-flip p-value matches exact enumeration on a small case', () => {
  // Five items all +1: 2 of the 32 sign patterns are as extreme, p = 1/16.
  const p = signFlipP([1, 1, 1, 1, 1], 3, 40000);
  assert.ok(Math.abs(p - 0.0625) < 0.006, String(p));
  assert.equal(signFlipP([0, 0, 0], 1, 100), 1);
});

test('paired test: McNemar for one binary sample per side, sign-flip otherwise', () => {
  const k = 40;
  const lowSum = new Float64Array(k).fill(1);
  const highSum = Float64Array.from({ length: k }, (_, i) => (i < 12 ? 0 : 1));
  const ones = new Float64Array(k).fill(1);
  const m = pairedTest({ lowSum, lowN: ones, highSum, highN: ones, binary: true }, 1);
  assert.equal(m?.test, 'mcnemar-mid-p');
  assert.equal(m?.fell, 12);
  assert.equal(m?.rose, 0);
  assert.ok((m?.p ?? 1) < 0.001);
  assert.ok(Math.abs((m?.meanDiff ?? 0) + 12 / 40) < 1e-12);
  const threes = new Float64Array(k).fill(3);
  const s = pairedTest(
    {
      lowSum: threes,
      lowN: threes,
      highSum: Float64Array.from(highSum, (x) => x * 3),
      highN: threes,
      binary: true,
    },
    1,
  );
  assert.equal(s?.test, 'sign-flip');
  assert.ok((s?.p ?? 1) < 0.01);
  // Items missing one side are left out.
  const half = Float64Array.from({ length: k }, (_, i) => (i % 2 ? 1 : 0));
  assert.equal(pairedTest({ lowSum, lowN: half, highSum, highN: ones, binary: true }, 1)?.items, 20);
});

test('analyseTrends on a simulated inverse-scaling run: negative slope, significant paired test, Holm ≥ raw', () => {
  const its = items(
    Array.from({ length: 80 }, (_, i) => `i${i}`),
    { strata: (id) => ({ num_distractors: (Number(id.slice(1)) % 5) + 1 }) },
  );
  const data = simulateRunData({
    profile: SIM_PROFILES.inverse,
    items: its,
    budgets: [0, 1024, 4096, 16384],
    trials: 3,
    seed: 5,
  });
  const trends = analyseTrends(data, computeCurves(data), { seed: 1 });
  assert.equal(trends.length, 6);
  const all = trends.find((t) => t.stratum === 'all');
  assert.ok(all?.slope && all.slope.hi < 0, JSON.stringify(all?.slope));
  assert.ok(all?.paired && all.paired.p < 0.01 && all.paired.meanDiff < 0);
  for (const t of trends) assert.ok((t.pHolm ?? 0) >= (t.paired?.p ?? 0) - 1e-12);
  // Same seed, same numbers.
  const again = analyseTrends(data, computeCurves(data), { seed: 1 });
  assert.deepEqual(
    again.map((t) => [t.slope, t.paired]),
    trends.map((t) => [t.slope, t.paired]),
  );
});
