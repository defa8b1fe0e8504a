import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeCurves } from '../../src/analysis/curves.js';
import { disabledTagConfig } from '../../src/analysis/failure-config.js';
import { analyseShapes, declineFromBest, type Shape } from '../../src/analysis/shape.js';
import { classifyFacts, type Fact, fits } from '../../src/analysis/shape-class.js';
import { GAUSSIAN_FROM, type MemberInterval, shapeFamily } from '../../src/analysis/shape-family.js';
import { simulateRunData } from '../../src/analysis/synthetic.js';
import { SIM_PROFILES } from '../../src/providers/sim/profiles.js';
import type { Item } from '../../src/tasks/types.js';
import { Rng } from '../../src/util/rng.js';
import { buildData, items, type Row } from './fixtures.js';

const up = (from: number, to: number): Fact => ({ from, to, better: true });
const down = (from: number, to: number): Fact => ({ from, to, better: false });
const obs = { best: 0, worst: 0 };

test('facts to shapes: the simplest shape consistent with every fact and the slope', () => {
  assert.equal(classifyFacts(6, [], 0, obs), 'flat');
  assert.equal(classifyFacts(6, [up(0, 5)], 0, obs), 'rise');
  assert.equal(classifyFacts(6, [down(0, 5), down(1, 4)], 0, obs), 'decline');
  // The slope alone is a fact about the direction.
  assert.equal(classifyFacts(6, [], -1, obs), 'decline');
  assert.equal(classifyFacts(6, [], 1, obs), 'rise');
  // Up to an inner budget, then down: an inverted U; and the other way round.
  assert.equal(classifyFacts(6, [up(0, 3), down(3, 5)], 0, obs), 'peaked');
  assert.equal(classifyFacts(6, [down(0, 3), up(3, 5)], 0, obs), 'dip');
  // A rise from budget 0 and a falling slope over the reasoning budgets: not monotone, an inverted U.
  assert.equal(classifyFacts(6, [up(0, 1)], -1, obs), 'peaked');
  // Better, worse, better again fits no single shape.
  assert.equal(classifyFacts(6, [up(0, 1), down(1, 2), up(2, 3)], 0, obs), 'noisy');
  // Both an inverted U and a U fit: the observed extremes decide.
  const both = [up(0, 3), down(1, 2)];
  assert.ok(fits(4, both, 1, 'peak') && fits(4, both, 2, 'dip'));
  assert.equal(classifyFacts(4, both, 0, { best: 1, worst: 0 }), 'peaked');
  assert.equal(classifyFacts(4, both, 0, { best: 3, worst: 2 }), 'dip');
  assert.equal(classifyFacts(1, [], 0, obs), 'insufficient');
});

test('fits: facts that each fit a turn can still contradict it together (a cycle through a strict step)', () => {
  // Top at position 2: 0 ≤ 1 ≤ 2 ≥ 3 ≥ 4. "1 < 4" and "3 < 0" each fit, but 4 ≤ 3 < 0 ≤ 1 < 4 is a cycle.
  assert.ok(fits(5, [up(1, 4)], 2, 'peak'));
  assert.ok(fits(5, [down(0, 3)], 2, 'peak'));
  assert.ok(!fits(5, [up(1, 4), down(0, 3)], 2, 'peak'));
  // Never gets worse (top at the end) rules out any decline.
  assert.ok(!fits(4, [down(1, 2)], 3, 'peak'));
});

/** Fresh items for a seed: the simulator draws each item's difficulty from its id. */
function plain(n: number, tag: string): Item[] {
  const target = { kind: 'number' as const, value: 1, tolerance: 0 };
  return Array.from({ length: n }, (_, i) => ({
    taskId: 't',
    itemId: `${tag}-${i}`,
    prompt: '',
    target,
    strata: {},
  }));
}

function simShape(profile: keyof typeof SIM_PROFILES, n: number, seed: number, resamples = 300): Shape {
  const data = simulateRunData({
    profile: SIM_PROFILES[profile],
    items: plain(n, `${profile}-${seed}`),
    budgets: [0, 1024, 2048, 4096, 8192, 16384],
    trials: 3,
    seed,
    text: 'none',
    tags: disabledTagConfig(),
  });
  return analyseShapes(data, computeCurves(data), { seed, resamples })[0];
}

test('a clearly peaked sweep is peaked with its best inside and a decline from it; a flat one is flat; seeded', () => {
  const p = simShape('peaked', 300, 3);
  assert.equal(p.shape, 'peaked');
  assert.ok(p.best.budget !== 0 && p.best.budget !== 16384, String(p.best.budget));
  const d = declineFromBest(p);
  assert.ok(d && d.lower > 0.02 && d.decline > d.lower, JSON.stringify(d));
  assert.equal(p.items, 300);
  assert.equal(p.method, 'bootstrap+permutation', 'a complete sweep gets the permutation guard');
  assert.deepEqual(p.order, [0, 1024, 2048, 4096, 8192, 16384]);
  // The facts name the rise to the top and the fall after it.
  assert.ok(p.facts.some((f) => f.better && f.to === p.best.budget));
  assert.ok(p.facts.some((f) => !f.better && f.from === p.best.budget && f.to === 16384));
  assert.deepEqual(simShape('peaked', 300, 3), p, 'same seed, same shape');

  const f = simShape('flat', 300, 3);
  assert.equal(f.shape, 'flat');
  assert.equal(f.facts.length, 0);
  assert.ok(f.halfWidth > 0 && f.halfWidth < 0.1, String(f.halfWidth));
  assert.equal(simShape('dip', 300, 4).shape, 'dip');
  assert.equal(simShape('positive', 300, 5).shape, 'rise');
  assert.equal(simShape('inverse', 300, 6).shape, 'decline');
});

test('no label contradicts its own slope interval, its endpoint change or its facts (120 simulated curves)', () => {
  const profiles = ['flat', 'peaked', 'dip', 'inverse', 'positive'] as const;
  const seen = new Set<string>();
  let k = 0;
  for (let seed = 1; seed <= 24; seed++)
    for (const profile of profiles) {
      // Small sweeps on purpose: weak evidence is where labels and intervals could drift apart.
      const s = simShape(profile, 40 + ((seed * 37) % 80), 1000 + seed, 200);
      k++;
      seen.add(s.shape);
      const dir = s.higherIsBetter ? 1 : -1;
      const sig = (c: { lo: number; hi: number }) => c.lo > 0 || c.hi < 0;
      const slope = s.slope ? { lo: s.slope.lo, hi: s.slope.hi, diff: s.slope.slope } : null;
      const worse = (c: { lo: number; hi: number; diff: number }) => sig(c) && dir * c.diff < 0;
      const better = (c: { lo: number; hi: number; diff: number }) => sig(c) && dir * c.diff > 0;
      assert.ok(s.endpoints && slope);
      const ctx = `${profile} seed ${seed}: ${s.shape} ${JSON.stringify({ endpoints: s.endpoints, slope, facts: s.facts.length })}`;
      for (const f of s.facts) assert.ok(sig(f) && f.better === dir * f.diff > 0, ctx);
      if (s.shape === 'flat') {
        assert.ok(!sig(s.endpoints) && !sig(slope) && s.facts.length === 0, ctx);
      }
      if (s.shape === 'rise') {
        assert.ok(!worse(s.endpoints) && !worse(slope) && s.facts.every((f) => f.better), ctx);
        assert.ok(better(slope) || s.facts.length > 0, ctx);
      }
      if (s.shape === 'decline') {
        assert.ok(!better(s.endpoints) && !better(slope) && s.facts.every((f) => !f.better), ctx);
        assert.ok(worse(slope) || s.facts.length > 0, ctx);
      }
      if (s.shape === 'peaked' || s.shape === 'dip') {
        // A turn needs evidence both ways.
        assert.ok(s.facts.some((f) => f.better) || better(slope), ctx);
        assert.ok(s.facts.some((f) => !f.better) || worse(slope), ctx);
      }
      // The gate's bound is the interval's worse end, never beyond the estimate.
      const d = declineFromBest(s);
      assert.ok(d && d.lower <= d.decline + 1e-12, ctx);
    }
  assert.equal(k, 120);
  // The check saw the shapes it guards, not only easy flat ones.
  for (const shape of ['flat', 'peaked', 'decline', 'rise']) assert.ok(seen.has(shape), [...seen].join());
});

test('error metrics: lower is better, so a U in the error is an inverted U in quality', () => {
  const its = items(Array.from({ length: 30 }, (_, i) => `e${i}`));
  const rows: Row[] = [];
  // Error 4 at 0, 1 at 1024, 0 at 4096 (the best), 3 at 16384; the item's offset makes items differ.
  for (const it of its)
    for (const [budget, err] of [
      [0, 4],
      [1024, 1],
      [4096, 0],
      [16384, 3],
    ] as const)
      for (let trial = 0; trial < 2; trial++) {
        const jitter = (Number(it.itemId.slice(1)) % 3) * 0.5;
        rows.push({ item: it.itemId, budget, trial, answer: String(3 + err + (err ? jitter : 0)) });
      }
  const data = buildData(its, rows, { metric: 'error' });
  const s = analyseShapes(data, computeCurves(data), { seed: 2, resamples: 300 })[0];
  assert.equal(s.metricName, 'mean absolute error (clipped at 1000)');
  assert.equal(s.higherIsBetter, false);
  assert.equal(s.best.budget, 4096);
  assert.equal(s.shape, 'peaked');
  const d = declineFromBest(s);
  assert.ok(d && d.decline > 2.5 && d.lower > 0, JSON.stringify(d));
});

test('many items: the Gaussian limit gives the bootstrap’s critical value and intervals (and is used from GAUSSIAN_FROM on)', () => {
  const n = 1500;
  const K = 5;
  const rng = new Rng(11);
  const y = new Float64Array(n * K);
  const slopeSums = new Float64Array(n * 5);
  for (let i = 0; i < n; i++) {
    const ease = rng.normal() * 0.8;
    for (let b = 0; b < K; b++) {
      let right = 0;
      for (let t = 0; t < 3; t++) {
        const x = 10 + b + rng.normal() * 0.2;
        const yv = rng.chance(1 / (1 + Math.exp(-(1.5 + ease - (b === 4 ? 0.3 : 0))))) ? 1 : 0;
        right += yv;
        const o = 5 * i;
        slopeSums[o]++;
        slopeSums[o + 1] += x;
        slopeSums[o + 2] += yv;
        slopeSums[o + 3] += x * x;
        slopeSums[o + 4] += x * yv;
      }
      y[i * K + b] = right / 3;
    }
  }
  const input = { y, items: n, positions: K, slopeSums };
  const boot = shapeFamily(input, 3, 1000, 'bootstrap');
  const gauss = shapeFamily(input, 3, 1000, 'gaussian');
  assert.ok(boot && gauss && boot.method === 'bootstrap' && gauss.method === 'gaussian');
  assert.ok(Math.abs(gauss.critical / boot.critical - 1) < 0.04, `${gauss.critical} vs ${boot.critical}`);
  for (let k = 1; k < K; k++) {
    const fromBoot: MemberInterval = boot.pair(0, k);
    const fromGauss: MemberInterval = gauss.pair(0, k);
    assert.equal(fromBoot.estimate, fromGauss.estimate);
    const width = fromBoot.hi - fromBoot.lo;
    assert.ok(Math.abs(width - (fromGauss.hi - fromGauss.lo)) < 0.04 * width);
  }
  assert.equal(shapeFamily(input, 3, 50)?.method, 'bootstrap');
  // The same items twice over: past the threshold, the default is the Gaussian limit.
  const twice = {
    y: Float64Array.from([...y, ...y]),
    items: 2 * n,
    positions: K,
    slopeSums: Float64Array.from([...slopeSums, ...slopeSums]),
  };
  assert.ok(twice.items >= GAUSSIAN_FROM);
  assert.equal(shapeFamily(twice, 3)?.method, 'gaussian');
});

test('the permutation guard needs the same trials at every budget; without them the bootstrap stands alone', () => {
  const data = simulateRunData({
    profile: SIM_PROFILES.flat,
    items: plain(60, 'gap'),
    budgets: [0, 1024, 4096],
    trials: 2,
    seed: 8,
    text: 'none',
    tags: disabledTagConfig(),
  });
  const whole = analyseShapes(data, computeCurves(data), { seed: 8, resamples: 200 })[0];
  assert.equal(whole.method, 'bootstrap+permutation');
  // One item loses one trial at one budget: its cells no longer pair trial by trial.
  const drop = data.samples.findIndex((x) => x.budget === 4096 && x.trial === 1);
  const gap = { ...data, samples: data.samples.filter((_, i) => i !== drop) };
  const partial = analyseShapes(gap, computeCurves(gap), { seed: 8, resamples: 200 })[0];
  assert.equal(partial.method, 'bootstrap');
  assert.equal(partial.items, 60);
});
