import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  holm,
  ksTwoSample,
  mcnemarMidP,
  normalCdf,
  quantile,
  sortedCopy,
  wilson,
} from '../../src/analysis/stats.js';

test('Wilson interval matches known values', () => {
  // Reference values computed with statsmodels proportion_confint(method="wilson").
  const a = wilson(8, 10);
  assert.ok(Math.abs(a.lo - 0.49016) < 1e-4 && Math.abs(a.hi - 0.94332) < 1e-4, JSON.stringify(a));
  const b = wilson(0, 20);
  assert.equal(b.lo, 0);
  assert.ok(Math.abs(b.hi - 0.16113) < 1e-4);
  const c = wilson(50, 50);
  assert.ok(Math.abs(c.lo - 0.92865) < 1e-4);
  assert.ok(c.hi > 0.99999 && c.hi <= 1);
  assert.deepEqual(wilson(0, 0), { lo: 0, hi: 1 });
});

test('quantile interpolates like numpy', () => {
  const xs = sortedCopy([1, 2, 3, 4]);
  assert.equal(quantile(xs, 0.5), 2.5);
  assert.equal(quantile(xs, 0.25), 1.75);
  assert.ok(Number.isNaN(quantile(new Float64Array(), 0.5)));
});

test('McNemar mid-p matches the binomial by hand', () => {
  // b=2, c=8: P(X<=1) = 11/1024, P(X=2) = 45/1024; mid-p = 2 * (11 + 22.5) / 1024.
  assert.ok(Math.abs(mcnemarMidP(2, 8) - (2 * 33.5) / 1024) < 1e-12);
  assert.equal(mcnemarMidP(0, 0), 1);
  assert.equal(mcnemarMidP(5, 5), 1);
  // Symmetric in b and c, and tiny for a lopsided table.
  assert.equal(mcnemarMidP(8, 2), mcnemarMidP(2, 8));
  assert.ok(mcnemarMidP(0, 30) < 1e-8);
  // Large n stays finite.
  const p = mcnemarMidP(480, 520);
  assert.ok(p > 0.2 && p < 0.3, String(p));
});

test('Kolmogorov–Smirnov: D by hand, p near 1 for equal samples and tiny for disjoint ones', () => {
  const a = Float64Array.from([1, 2, 3, 4]);
  const b = Float64Array.from([3, 4, 5, 6]);
  assert.equal(ksTwoSample(a, b).d, 0.5);
  const same = Float64Array.from({ length: 200 }, (_, i) => i);
  assert.equal(ksTwoSample(same, same).d, 0);
  assert.equal(ksTwoSample(same, same).p, 1);
  const shifted = Float64Array.from({ length: 200 }, (_, i) => i + 1000);
  const r = ksTwoSample(same, shifted);
  assert.equal(r.d, 1);
  assert.ok(r.p < 1e-20);
  // Textbook value: D = 0.2 with n = m = 100 gives p ≈ 0.036 (asymptotic).
  const x = Float64Array.from({ length: 100 }, (_, i) => i);
  const y = Float64Array.from({ length: 100 }, (_, i) => i + 20);
  const t = ksTwoSample(x, y);
  assert.ok(Math.abs(t.d - 0.2) < 1e-12);
  assert.ok(t.p > 0.025 && t.p < 0.045, String(t.p));
});

test('Holm adjustment: step-down, monotone, NaN passes through', () => {
  const adj = holm([0.01, 0.04, 0.03, Number.NaN]);
  assert.ok(Math.abs(adj[0] - 0.03) < 1e-12);
  assert.ok(Math.abs(adj[1] - 0.06) < 1e-12);
  assert.ok(Math.abs(adj[2] - 0.06) < 1e-12);
  assert.ok(Number.isNaN(adj[3]));
  assert.deepEqual(holm([0.9, 0.8]), [1, 1]);
  assert.deepEqual(holm([0.2, 0.01]), [0.2, 0.02]);
});

test('normal CDF', () => {
  assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(normalCdf(-1) - 0.158655) < 1e-6);
});
