import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseNatural } from '../../src/analysis/natural.js';
import { buildData, items, type Row } from './fixtures.js';

const ids = Array.from({ length: 60 }, (_, i) => `i${i}`);

test('rank curve: the k-th point averages the k-th shortest sample of each complete item', () => {
  const rows: Row[] = [];
  for (const [n, id] of ids.entries()) {
    // Tokens are given out of order; the longest of the 3 samples is wrong on every item.
    rows.push({ item: id, budget: 'natural', trial: 0, tokens: 3000 + n, correct: false });
    rows.push({ item: id, budget: 'natural', trial: 1, tokens: 1000 + n, correct: true });
    rows.push({ item: id, budget: 'natural', trial: 2, tokens: 2000 + n, correct: n % 2 === 0 });
  }
  rows.push({ item: 'lonely', budget: 'natural', trial: 0, tokens: 10, correct: true });
  const data = buildData(items([...ids, 'lonely']), rows);
  const r = analyseNatural(data, { seed: 1, resamples: 300 }).find((x) => x.stratum === 'all')!;
  assert.equal(r.k, 3);
  assert.equal(r.items, 60);
  assert.equal(r.itemsIncomplete, 1);
  assert.deepEqual(
    r.ranks.map((p) => p.score),
    [1, 0.5, 0],
  );
  assert.deepEqual(
    r.ranks.map((p) => p.meanTokens),
    [1029.5, 2029.5, 3029.5],
  );
  assert.ok(r.within && r.within.hi < 0, JSON.stringify(r.within));
  assert.match(r.reading, /within-item decline/);
  assert.ok((r.longestVsShortest?.p ?? 1) < 0.001);
});

test('within-item analysis separates "hard items get long reasoning" from "long reasoning hurts"', () => {
  // Hard items (odd) reason ~8x longer and are always wrong; within an item, length does not matter.
  const rows: Row[] = [];
  for (const [n, id] of ids.entries()) {
    const hard = n % 2 === 1;
    for (let t = 0; t < 4; t++)
      rows.push({
        item: id,
        budget: 'natural',
        trial: t,
        tokens: (hard ? 8000 : 1000) + 100 * t,
        correct: !hard,
      });
  }
  const r = analyseNatural(buildData(items(ids), rows), { seed: 2, resamples: 300 })[0];
  assert.equal(r.within?.slope, 0);
  assert.ok(r.between && r.between.hi < 0);
  assert.match(r.reading, /hard items get long reasoning/);
  // Controlled-regime samples are not part of the natural analysis.
  assert.deepEqual(analyseNatural(buildData(items(['a']), [{ item: 'a', budget: 1024, correct: true }])), []);
});
