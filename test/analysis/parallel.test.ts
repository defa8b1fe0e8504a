import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combinations, majorityAt, parallelOf } from '../../src/analysis/parallel.js';
import { buildData, items, type Row } from './fixtures.js';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

/** Samples of one item at one budget: 'R' right, a number a wrong answer, '-' no answer. */
function votes(...vs: string[]) {
  const rows: Row[] = vs.map((v, trial) =>
    v === 'R'
      ? { item: 'a', budget: 100, trial, correct: true }
      : v === '-'
        ? { item: 'a', budget: 100, trial, text: 'no idea' }
        : { item: 'a', budget: 100, trial, answer: v },
  );
  return buildData(items(['a']), rows).samples;
}

test('majority@k is the expected vote over k-subsets, ties split fairly, no answer abstains', () => {
  // {R,5} {R,5} tie → ½ each; {5,5} → 0: (½ + ½ + 0) / 3.
  assert.ok(close(majorityAt(votes('R', '5', '5'), 2, 1), 1 / 3));
  assert.equal(majorityAt(votes('R', '5', '5'), 3, 1), 0);
  // Three different answers: a three-way tie.
  assert.ok(close(majorityAt(votes('R', '5', '6'), 3, 1), 1 / 3));
  // {R,-} → R alone wins; {R,5} → ½; {-,5} → 0.
  assert.ok(close(majorityAt(votes('R', '-', '5'), 2, 1), 0.5));
  assert.equal(majorityAt(votes('R', 'R', '5'), 3, 1), 1);
});

test('subsets: all of them while few, a seeded sample otherwise', () => {
  assert.deepEqual(combinations(4, 2, 100, 1), [
    [0, 1],
    [0, 2],
    [0, 3],
    [1, 2],
    [1, 3],
    [2, 3],
  ]);
  const many = combinations(30, 5, 50, 7);
  assert.equal(many.length, 50);
  assert.deepEqual(many, combinations(30, 5, 50, 7));
});

test('pairs are matched on realized tokens; the difference is the mean over items', () => {
  // Budgets 100 and 200 (k = 2 matches exactly) and 400 (2 × 100 is half of it: no pair).
  const rows: Row[] = [];
  const add = (item: string, budget: number, answers: string[]) => {
    for (const [trial, v] of answers.entries())
      rows.push(v === 'R' ? { item, budget, trial, correct: true } : { item, budget, trial, answer: v });
  };
  add('a', 100, ['R', '5']); // maj@2: tie → ½
  add('a', 200, ['R', 'R']); // sequential 1
  add('a', 400, ['R', 'R']);
  add('b', 100, ['R', 'R']); // maj@2: 1
  add('b', 200, ['5', 'R']); // sequential ½
  add('b', 400, ['R', 'R']);
  const cs = parallelOf(buildData(items(['a', 'b']), rows).samples);
  const pairs = cs.map((c) => [c.k, c.budget, c.against]);
  assert.deepEqual(pairs, [
    [2, 100, 200],
    [2, 200, 400],
  ]);
  const c = cs[0];
  assert.equal(c.parallelTokens, 200);
  assert.equal(c.sequentialTokens, 200);
  assert.equal(c.items, 2);
  assert.ok(close(c.parallel.estimate, 0.75));
  assert.ok(close(c.sequential.estimate, 0.75));
  // a: ½ − 1, b: 1 − ½: mean 0.
  assert.ok(close(c.diff.estimate, 0));
  assert.ok(c.diff.lo < 0 && c.diff.hi > 0);
});

test('a run of 130,000 items is compared without overflowing the stack (the 1M-sample report crashed)', () => {
  // The trial count was a Math.max(...) over one number per item: past ~120k arguments V8 throws.
  const ids = Array.from({ length: 130_000 }, (_, i) => `i${i}`);
  const rows: Row[] = [];
  for (const [i, item] of ids.entries())
    for (const budget of [100, 200])
      for (const trial of [0, 1])
        rows.push({ item, budget, trial, tokens: budget, correct: (i + trial) % 3 !== 0 });
  const cs = parallelOf(buildData(items(ids), rows).samples);
  assert.deepEqual(
    cs.map((c) => [c.k, c.budget, c.against, c.items]),
    [[2, 100, 200, 130_000]],
  );
});
