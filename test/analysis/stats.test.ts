import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quantile, sortedCopy, wilson } from '../../src/analysis/stats.js';

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
