import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completeness } from '../../src/analysis/completeness.js';
import { gateRefusal } from '../../src/mitigate/gate.js';
import { DEFAULT_RULES } from '../../src/mitigate/gate-rules.js';
import { buildData, items, type Row } from './fixtures.js';

function run(budgets: number[], status: string) {
  const its = items(['a', 'b', 'c']);
  const rows: Row[] = [];
  for (const it of its)
    for (const budget of budgets)
      for (const trial of [0, 1]) rows.push({ item: it.itemId, budget, trial, correct: true });
  const data = buildData(its, rows);
  data.run = { ...data.run, status, config_json: JSON.stringify({ budgets: [4096, 0, 1024], trials: 2 }) };
  return data;
}

test('completeness: what a crashed run lacks, per curve and planned budget', () => {
  const whole = completeness(run([0, 1024, 4096], 'complete'));
  assert.deepEqual(whole.gaps, []);
  assert.deepEqual(whole.planned, [0, 1024, 4096]);
  assert.equal(gateRefusal(DEFAULT_RULES, whole, 'r-1'), null);

  const crashed = completeness(run([0, 1024], 'running'));
  assert.deepEqual(
    crashed.gaps.map((g) => [g.budget, g.have, g.want]),
    [[4096, 0, 6]],
  );
  assert.equal(
    gateRefusal(DEFAULT_RULES, crashed, 'r-1'),
    "run r-1 is not complete (status 'running'): sim:test · t has 0 of 6 samples at budget 4096; finish it first (running the same config again resumes it and retries errors), then gate it",
  );
  // Status alone is enough to refuse: an interrupted run may hold every budget by chance.
  assert.match(
    gateRefusal(DEFAULT_RULES, completeness(run([0, 1024, 4096], 'interrupted')), 'r-1') ?? '',
    /status 'interrupted'/,
  );
  // A rule that needs a budget the run did not plan.
  assert.equal(
    gateRefusal([{ rule: 'max-mean-tokens', budget: 2048, tokens: 10, stratum: 'all' }], whole, 'r-1'),
    'rule max-mean-tokens needs budget 2048, which run r-1 did not run (budgets 0, 1024, 4096)',
  );
});
