import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropProfile, powerTable } from '../../src/analysis/power.js';
import { profileAccuracy } from '../../src/providers/sim/profiles.js';
import { UserError } from '../../src/util/errors.js';

test('the drop profile hits the requested accuracies at both budgets', () => {
  const p = dropProfile(0.9, 0.1, 0, 16384);
  assert.equal(profileAccuracy(p, 0, 1), 0.9);
  assert.ok(Math.abs(profileAccuracy(p, 16384, 1) - 0.8) < 1e-12);
  const q = dropProfile(0.85, 0.2, 1024, 8192);
  assert.ok(Math.abs(profileAccuracy(q, 1024, 1) - 0.85) < 1e-12);
  assert.ok(Math.abs(profileAccuracy(q, 8192, 1) - 0.65) < 1e-12);
  assert.throws(() => dropProfile(0.9, 0.95, 0, 16384), UserError);
  assert.throws(() => dropProfile(0.9, 0.1, 0, 1024), UserError);
  assert.throws(() => dropProfile(0.9, 0.1, 4096, 1024), UserError);
});

test('power grows with items, and with no drop stays near α', () => {
  const base = { base: 0.9, low: 0, high: 16384, trials: [3], sims: 60, alpha: 0.05, seed: 4 };
  const cells = powerTable({ ...base, drop: 0.15, items: [10, 80] });
  assert.deepEqual(
    cells.map((c) => [c.items, c.trials, c.samples]),
    [
      [10, 3, 60],
      [80, 3, 480],
    ],
  );
  assert.ok(cells[1].power >= 0.9, JSON.stringify(cells));
  assert.ok(cells[0].power < cells[1].power);
  const none = powerTable({ ...base, drop: 0, items: [80] });
  assert.ok(none[0].power <= 0.1, JSON.stringify(none));
  // Same seed, same table.
  assert.deepEqual(powerTable({ ...base, drop: 0.15, items: [10, 80] }), cells);
});
