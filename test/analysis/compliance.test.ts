import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseCompliance } from '../../src/analysis/compliance.js';
import { buildData, items, type Row } from './fixtures.js';

const ids = Array.from({ length: 80 }, (_, i) => `i${i}`);

test('compliance: quantiles, share over budget and truncated, no warning when the knob works', () => {
  const rows: Row[] = [];
  for (const [n, id] of ids.entries()) {
    rows.push({ item: id, budget: 1024, tokens: 800 + n * 5, correct: true }); // 800..1195: 35 of 80 over 1024
    rows.push({
      item: id,
      budget: 4096,
      tokens: 3900 + n,
      correct: true,
      stop: n < 8 ? 'max_tokens' : 'end',
    });
  }
  const [c] = analyseCompliance(buildData(items(ids), rows));
  const b1 = c.budgets[0];
  assert.equal(b1.budget, 1024);
  assert.equal(b1.min, 800);
  assert.equal(b1.max, 1195);
  assert.equal(b1.overBudget, 35 / 80);
  assert.equal(b1.overBy10, 14 / 80); // > 1126.4: 1130..1195
  assert.equal(c.budgets[1].truncated, 0.1);
  assert.equal(c.adjacent.length, 1);
  assert.equal(c.adjacent[0].indistinguishable, false);
  assert.ok(!c.warnings.some((w) => /no measurable effect|indistinguishable/.test(w)));
  assert.ok(c.warnings.some((w) => /10\.0% of samples at budget 4096 hit the output limit/.test(w)));
});

test('compliance warns when realized lengths do not depend on the requested budget', () => {
  const rows: Row[] = [];
  for (const [n, id] of ids.entries())
    for (const budget of [1024, 4096, 16384])
      rows.push({ item: id, budget, tokens: 2000 + ((n * 37 + budget) % 500), correct: true });
  const [c] = analyseCompliance(buildData(items(ids), rows));
  assert.equal(c.adjacent.length, 2);
  assert.ok(c.adjacent.every((a) => a.indistinguishable));
  assert.ok(
    c.warnings.some((w) => /the budget knob had no measurable effect/.test(w)),
    c.warnings.join('\n'),
  );
});
