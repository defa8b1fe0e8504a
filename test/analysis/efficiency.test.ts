import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseEfficiency } from '../../src/analysis/efficiency.js';
import { buildData, items, type Row } from './fixtures.js';

/**
 * Token efficiency on a hand-made run whose every number is worked out below: items a, b, c at
 * budgets 0, 100, 400, two trials each.
 *   a: 0 → right, wrong; 100 → right (90 tok), right (110); 400 → right (380), wrong (420)
 *   b: 0 → right, right; 100 → right, wrong (100 each); 400 → wrong, wrong (400 each)
 *   c: 0 → wrong, wrong; 100 → wrong, wrong (100 each); 400 → wrong (300), right (500)
 */
const rows: Row[] = [
  { item: 'a', budget: 0, trial: 0, correct: true, tokens: 0 },
  { item: 'a', budget: 0, trial: 1, correct: false, tokens: 0 },
  { item: 'a', budget: 100, trial: 0, correct: true, tokens: 90 },
  { item: 'a', budget: 100, trial: 1, correct: true, tokens: 110 },
  { item: 'a', budget: 400, trial: 0, correct: true, tokens: 380 },
  { item: 'a', budget: 400, trial: 1, correct: false, tokens: 420 },
  { item: 'b', budget: 0, trial: 0, correct: true, tokens: 0 },
  { item: 'b', budget: 0, trial: 1, correct: true, tokens: 0 },
  { item: 'b', budget: 100, trial: 0, correct: true, tokens: 100 },
  { item: 'b', budget: 100, trial: 1, correct: false, tokens: 100 },
  { item: 'b', budget: 400, trial: 0, correct: false, tokens: 400 },
  { item: 'b', budget: 400, trial: 1, correct: false, tokens: 400 },
  { item: 'c', budget: 0, trial: 0, correct: false, tokens: 0 },
  { item: 'c', budget: 0, trial: 1, correct: false, tokens: 0 },
  { item: 'c', budget: 100, trial: 0, correct: false, tokens: 100 },
  { item: 'c', budget: 100, trial: 1, correct: false, tokens: 100 },
  { item: 'c', budget: 400, trial: 0, correct: false, tokens: 300 },
  { item: 'c', budget: 400, trial: 1, correct: true, tokens: 500 },
];
const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

test('efficiency matches the hand-computed values', () => {
  const [e] = analyseEfficiency(buildData(items(['a', 'b', 'c']), rows));
  assert.equal(e.tMax, 400);
  // Reliable (right in both trials): a first at 100, b at 0, c never.
  assert.equal(e.items, 3);
  assert.equal(e.solvedReliably, 2);
  assert.deepEqual(e.firstReliableAt, [
    { budget: 0, items: 1 },
    { budget: 100, items: 1 },
  ]);
  // Waste at 400: a 400 − 100 = 300, b 400 − 0 = 400; share (300 + 400) / (400 + 400).
  assert.ok(e.waste && close(e.waste.estimate, 350));
  assert.ok(e.waste.lo < 350 && e.waste.hi > 350);
  assert.ok(e.wasteShare !== null && close(e.wasteShare, 0.875));

  const [b0, b100, b400] = e.budgets;
  assert.deepEqual([b0.budget, b100.budget, b400.budget], [0, 100, 400]);
  // Budget 0: 3 of 6 right, no tokens: no rate per 1k tokens, AUC = accuracy.
  assert.equal(b0.accuracy, 0.5);
  assert.equal(b0.perThousand, null);
  assert.ok(close(b0.aucOaa.estimate, 0.5));
  assert.deepEqual(b0.oaa, [
    { t: 100, value: 0.5 },
    { t: 400, value: 0.5 },
  ]);
  // Budget 100: 3 right over 600 tokens = 5 per 1k; AUC (0.775 + 0.725 + 0.75) / 6; OAA_100 counts a's 90-token answer only.
  assert.equal(b100.accuracy, 0.5);
  assert.ok(b100.perThousand && close(b100.perThousand.estimate, 5));
  assert.ok(close(b100.aucOaa.estimate, 2.25 / 6));
  assert.ok(close(b100.oaa[0].value, 1 / 6) && close(b100.oaa[1].value, 0.5));
  // Budget 400: 2 right over 2,400 tokens; AUC: a's 380-token answer 0.05, c's 500-token one 0.
  assert.ok(close(b400.accuracy, 2 / 6));
  assert.ok(b400.perThousand && close(b400.perThousand.estimate, 2 / 2.4));
  assert.ok(close(b400.aucOaa.estimate, 0.05 / 6));
  assert.ok(close(b400.oaa[0].value, 0) && close(b400.oaa[1].value, 1 / 6));
  for (const b of e.budgets)
    assert.ok(b.aucOaa.lo >= 0 && b.aucOaa.lo <= b.aucOaa.estimate && b.aucOaa.hi <= 1);
});

test('error metrics and the scheduler arm are left out', () => {
  assert.deepEqual(analyseEfficiency(buildData(items(['a', 'b', 'c']), rows, { metric: 'error' })), []);
});
