import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadExperiment } from '../../src/run/load.js';
import { runIdOf } from '../../src/run/plan.js';

/**
 * Repeats in a list of budgets or anchoring arms name the same samples, so the same run (issue 19,
 * item 12): `[0, 1024, 1024]` resumes `[0, 1024]` rather than starting a second run beside it.
 */
const idOf = (overrides: Record<string, unknown>) =>
  runIdOf(
    loadExperiment({
      overrides: { models: ['sim:inverse'], tasks: ['misleading-math'], trials: 1, ...overrides },
    }).experiment,
  );

test('duplicate budgets and anchoring arms give the run id of the list without them', () => {
  assert.equal(idOf({ budgets: [0, 1024, 1024] }), idOf({ budgets: [0, 1024] }));
  assert.equal(idOf({ budgets: [0, 0, 1024, 0] }), idOf({ budgets: [0, 1024] }));
  assert.equal(idOf({ anchoring: [0, 8, 8] }), idOf({ anchoring: [0, 8] }));
  const perModel = (budgets: number[]) =>
    idOf({ models: [{ id: 'sim:inverse', budgets }], budgets: 'paper' });
  assert.equal(perModel([1024, 0, 1024]), perModel([1024, 0]));
  // A different set of budgets is a different run.
  assert.notEqual(idOf({ budgets: [0, 1024] }), idOf({ budgets: [0, 2048] }));
});

test('the stored experiment carries the list without repeats', () => {
  const exp = loadExperiment({
    overrides: {
      models: ['sim:inverse'],
      tasks: ['misleading-math'],
      budgets: [4096, 0, 4096],
      anchoring: [0, 0],
    },
  }).experiment;
  assert.deepEqual(exp.budgets, [4096, 0]);
  assert.deepEqual(exp.anchoring, [0]);
});
