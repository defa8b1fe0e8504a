import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeFlips, flipMarks } from '../../src/analysis/flips.js';
import { buildData, items, type Row } from './fixtures.js';

test('flips: majority over trials at the smallest vs largest budget, ties undetermined', () => {
  const its = items(['a', 'b', 'c', 'd', 'e'], { strata: () => ({ num_distractors: 2 }) });
  const rows: Row[] = [];
  const add = (item: string, budget: number, pattern: boolean[]) =>
    pattern.forEach((correct, trial) => {
      rows.push({ item, budget, trial, correct });
    });
  add('a', 0, [true, true, false]); // right
  add('a', 4096, [false, false, true]); // in between: ignored
  add('a', 16384, [false, true, false]); // wrong → right-to-wrong
  add('b', 0, [false, false, false]);
  add('b', 16384, [true, true, false]); // wrong-to-right
  add('c', 0, [true, true, true]);
  add('c', 16384, [true, true, true]); // stayed right
  add('d', 0, [true, false]); // tie → undetermined
  add('d', 16384, [false, false]);
  add('e', 0, [false, false, false]);
  add('e', 16384, [false, false, true]); // stayed wrong
  const data = buildData(its, rows);
  const [f] = computeFlips(data);
  assert.equal(f.low, 0);
  assert.equal(f.high, 16384);
  assert.deepEqual(
    [f.items, f.rightToWrong, f.wrongToRight, f.stayedRight, f.stayedWrong, f.undetermined],
    [5, 1, 1, 1, 1, 1],
  );
  assert.deepEqual(
    f.flips.map((x) => [x.itemId, x.direction, x.lowCorrect, x.lowN, x.highCorrect, x.highN, x.strata]),
    [
      ['a', 'right-to-wrong', 2, 3, 1, 3, 'num_distractors=2'],
      ['b', 'wrong-to-right', 0, 3, 2, 3, 'num_distractors=2'],
    ],
  );
  // The representative traces match the majority on each side.
  const byKey = new Map(data.samples.map((s) => [s.key, s]));
  const a = f.flips[0];
  assert.equal(byKey.get(a.lowKey)?.correct, true);
  assert.equal(byKey.get(a.highKey)?.correct, false);
  // Marks cover the flipped items' samples at the two compared budgets only.
  const marks = flipMarks(data, [f]);
  assert.equal(marks.size, 12);
  for (const [k, d] of marks) {
    const s = byKey.get(k)!;
    assert.ok(s.budget === 0 || s.budget === 16384);
    assert.equal(d, s.itemId === 'a' ? 1 : 2);
  }
});

test('flips skip error-metric tasks and single-budget runs', () => {
  const its = items(['a']);
  assert.deepEqual(
    computeFlips(
      buildData(
        its,
        [
          { item: 'a', budget: 0, correct: true },
          { item: 'a', budget: 1024 },
        ],
        { metric: 'error' },
      ),
    ),
    [],
  );
  assert.deepEqual(computeFlips(buildData(its, [{ item: 'a', budget: 1024, correct: true }])), []);
});
