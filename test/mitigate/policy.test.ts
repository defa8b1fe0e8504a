import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CurvePoint } from '../../src/analysis/curves.js';
import { type BudgetPolicy, clampBudget, parsePolicy } from '../../src/mitigate/policy.js';
import { recommend } from '../../src/mitigate/recommend.js';

function point(
  budget: number,
  score: number,
  stratum = 'all',
  metric: CurvePoint['metric'] = 'accuracy',
): CurvePoint {
  return {
    model: 'm',
    taskId: 't',
    variant: 'paper',
    stratum,
    budget,
    metric,
    n: 300,
    score,
    lo: score - 0.03,
    hi: score + 0.03,
    correct: Math.round(score * 300),
    outcomes: { correct: 0, wrong: 0, unparsable: 0, truncated: 0, error: 0 },
    lost: { wrong: 0, truncated: 0, unparsable: 0, refused: 0 },
    meanTokens: budget,
    q1Tokens: budget,
    medianTokens: budget,
    q3Tokens: budget,
  };
}

test('recommend: best budget, and the smallest budget within epsilon of it, per task and stratum', () => {
  const curves = [
    point(0, 0.8),
    point(1024, 0.95),
    point(4096, 0.955),
    point(16384, 0.85),
    point(1024, 0.9, 'num_distractors=5'),
    point(4096, 0.7, 'num_distractors=5'),
  ];
  const p = recommend(curves, { model: 'm', run: 'r', epsilon: 0.01 });
  assert.equal(p.tasks.t.best.budget, 4096);
  assert.equal(p.tasks.t.recommended.budget, 1024);
  assert.equal(p.tasks.t.strata?.['num_distractors=5'].recommended.budget, 1024);
  assert.ok(p.tasks.t.recommended.budget < 16384);
});

test('recommend: error metrics prefer lower scores', () => {
  const curves = [
    point(0, 2.0, 'all', 'error'),
    point(1024, 1.2, 'all', 'error'),
    point(8192, 1.6, 'all', 'error'),
  ];
  const p = recommend(curves, { model: 'm', run: 'r', epsilon: 0.05 });
  assert.equal(p.tasks.t.best.budget, 1024);
  assert.equal(p.tasks.t.recommended.budget, 1024);
});

test('clampBudget caps at the task ceiling and the tighter stratum ceiling; passes unknown tasks through', () => {
  const s = (budget: number) => ({ budget, score: 0.9, lo: 0.85, hi: 0.95, n: 100 });
  const policy: BudgetPolicy = {
    tool: 'overthink',
    kind: 'budget-policy',
    version: 1,
    model: 'm',
    run: 'r',
    createdAt: 'now',
    epsilon: 0.01,
    tasks: {
      math: {
        metric: 'accuracy',
        best: s(4096),
        recommended: s(2048),
        strata: { 'num_distractors=5': { best: s(1024), recommended: s(1024) } },
      },
    },
  };
  assert.equal(clampBudget(policy, 'math', 16384), 2048);
  assert.equal(clampBudget(policy, 'math', 1000), 1000);
  assert.equal(clampBudget(policy, 'math', 0), 0);
  assert.equal(clampBudget(policy, 'math', 16384, { num_distractors: 5 }), 1024);
  assert.equal(clampBudget(policy, 'math', 16384, { num_distractors: 1 }), 2048);
  assert.equal(clampBudget(policy, 'other-task', 16384), 16384);
  assert.throws(() => clampBudget(policy, 'math', -1), RangeError);
  assert.deepEqual(parsePolicy(JSON.parse(JSON.stringify(policy))), policy);
  assert.throws(() => parsePolicy({ kind: 'x' }), /not an overthink budget policy/);
  for (const bad of [null, 'policy', { ...policy, tasks: null }, { ...policy, version: 2 }])
    assert.throws(() => parsePolicy(bad), /not an overthink budget policy/, JSON.stringify(bad));
});
