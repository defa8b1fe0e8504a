import assert from 'node:assert/strict';
import { test } from 'node:test';
import { abstains, changeParts, LOSSES, lossOf } from '../../src/analysis/breakdown.js';
import { computeCurves } from '../../src/analysis/curves.js';
import { disabledTagConfig } from '../../src/analysis/failure-config.js';
import { simulateRunData } from '../../src/analysis/synthetic.js';
import { SIM_PROFILES } from '../../src/providers/sim/profiles.js';
import { buildData, items, type Row } from './fixtures.js';

test('refused or abstained: the provider said so, or the answer (else the text) declines', () => {
  assert.ok(abstains('refusal', null, ''));
  assert.ok(abstains('end', null, "I'm sorry, but I can't help with that request."));
  assert.ok(abstains('end', null, 'I cannot answer this question.'));
  assert.ok(abstains('end', null, 'Honestly, I don’t know.'));
  assert.ok(abstains('end', 'cannot be determined', 'whatever'));
  assert.ok(abstains('end', 'Unknown.', ''));
  assert.ok(abstains('end', 'There is not enough information to say', ''));
  // A wrong answer, or a trace that merely mentions "cannot", is not an abstention.
  assert.ok(!abstains('end', '5', 'I cannot stop thinking about the 12 dollars; <answer>5</answer>'));
  assert.ok(!abstains('end', null, 'The answer is probably 5.'));
  assert.ok(!abstains('end', 'unknown variable x is 3', ''));
  // Truncation comes first; right answers and provider errors are no loss.
  assert.equal(lossOf('truncated', true), 'truncated');
  assert.equal(lossOf('unparsable', true), 'refused');
  assert.equal(lossOf('wrong', true), 'refused');
  assert.equal(lossOf('unparsable', false), 'unparsable');
  assert.equal(lossOf('wrong', false), 'wrong');
  assert.equal(lossOf('correct', false), null);
  assert.equal(lossOf('error', true), null);
});

test('each curve point splits its lost answers into the four groups, which add up with the right ones to n', () => {
  const its = items(['a', 'b', 'c', 'd', 'e', 'f']);
  const rows: Row[] = [
    { item: 'a', budget: 1024, correct: true },
    { item: 'b', budget: 1024, correct: false },
    { item: 'c', budget: 1024, text: 'I was cut off while', stop: 'max_tokens' },
    { item: 'd', budget: 1024, text: 'The total is five, I think.' },
    { item: 'e', budget: 1024, text: 'I cannot answer this question.' },
    { item: 'f', budget: 1024, text: '', stop: 'refusal' },
  ];
  const p = computeCurves(buildData(its, rows)).find((x) => x.stratum === 'all');
  assert.ok(p);
  assert.deepEqual(p.lost, { wrong: 1, truncated: 1, unparsable: 1, refused: 2 });
  assert.equal(p.correct + LOSSES.reduce((s, g) => s + p.lost[g], 0), p.n);
});

test('the parts of a change between two budgets add up to the change in the score (every pair of a simulated sweep)', () => {
  const target = { kind: 'number' as const, value: 1, tolerance: 0 };
  const its = Array.from({ length: 150 }, (_, i) => ({
    taskId: 't',
    itemId: `p${i}`,
    prompt: '',
    target,
    strata: {},
  }));
  const data = simulateRunData({
    profile: { ...SIM_PROFILES.peaked, truncationRate: 0.05, missingTagRate: 0.05 },
    items: its,
    budgets: [0, 1024, 4096, 16384],
    trials: 2,
    seed: 4,
    // A tight output limit at the top budget: truncation grows with the budget, as in real sweeps.
    maxTokens: (b) => (b === 'natural' ? 1e9 : b + 2000),
    tags: disabledTagConfig(),
  });
  const pts = computeCurves(data).filter((p) => p.stratum === 'all');
  assert.equal(pts.length, 4);
  assert.ok(pts[3].lost.truncated > pts[2].lost.truncated, 'truncation grows');
  for (const a of pts)
    for (const b of pts) {
      const c = changeParts(a, b);
      assert.ok(c);
      assert.ok(Math.abs(c.change - (b.score - a.score)) < 1e-12, `${a.budget}→${b.budget}`);
      const sum = LOSSES.reduce((s, g) => s + c.parts[g], 0);
      assert.ok(Math.abs(sum - c.change) < 1e-12);
    }
});
