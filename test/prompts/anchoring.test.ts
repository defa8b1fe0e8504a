import assert from 'node:assert/strict';
import { test } from 'node:test';
import { armVariant, pickShots } from '../../src/prompts/anchoring.js';
import { buildPrompt } from '../../src/prompts/build.js';
import { loadExperimentItems } from '../../src/run/items.js';
import { validateExperiment } from '../../src/run/load.js';
import { planSamples, planSize } from '../../src/run/plan.js';
import type { Item } from '../../src/tasks/types.js';

const pool: Item[] = Array.from({ length: 20 }, (_, i) => ({
  taskId: 't',
  itemId: `i${i}`,
  prompt: `Question ${i}?`,
  target: { kind: 'number', value: i, tolerance: 0 },
  strata: {},
}));

test('shots never include the target item, are deterministic, and differ across items', () => {
  for (const item of pool) {
    const shots = pickShots(pool, item, 8, 1);
    assert.equal(shots.length, 8);
    assert.ok(!shots.some((s) => s.itemId === item.itemId));
    assert.deepEqual(shots, pickShots(pool, item, 8, 1));
  }
  assert.notDeepEqual(pickShots(pool, pool[0], 8, 1), pickShots(pool, pool[1], 8, 1));
  assert.deepEqual(pickShots(pool, pool[0], 0, 1), []);
  assert.equal(pickShots(pool.slice(0, 3), pool[0], 8, 1).length, 2, 'capped by the pool');
});

test("shots go into the system prompt as the paper's ICL examples; the user turn is the item alone", () => {
  const shots = pickShots(pool, pool[0], 2, 1);
  const p = buildPrompt(pool[0], shots, 1024, 'paper', 'm');
  assert.equal((p.system.match(/Example:\nUser: Question \d+\?/g) ?? []).length, 2);
  for (const s of shots)
    assert.ok(p.system.includes(`<answer>${(s.target as { value: number }).value}</answer>`));
  assert.equal(
    p.user,
    'Question 0?\n\nProvide your final answer in the format <answer>X</answer>, where X is the final answer.',
  );
  assert.equal(buildPrompt(pool[0], [], 1024, 'paper', 'm').system.includes('Example:'), false);
  assert.equal(armVariant('paper', 0), 'paper');
  assert.equal(armVariant('paper', 8), 'paper+8shot');
});

test('anchoring arms multiply the plan and get their own variant', async () => {
  const exp = validateExperiment(
    {
      models: ['sim:inverse'],
      tasks: [{ id: 'misleading-math', options: { n: 10 } }],
      budgets: [0, 1024],
      trials: 1,
      anchoring: [0, 4],
    },
    'test',
  );
  const tasks = await loadExperimentItems(exp, process.cwd());
  const planned = [...planSamples(exp, 'r-test', tasks)];
  assert.equal(planned.length, planSize(exp, tasks));
  assert.equal(planned.length, 10 * 2 * 2);
  const anchored = planned.filter((p) => p.key.variant === 'paper+4shot');
  assert.equal(anchored.length, 20);
  assert.ok(anchored.every((p) => p.shots.length === 4 && !p.shots.some((s) => s.itemId === p.item.itemId)));
  assert.equal(new Set(planned.map((p) => p.hash)).size, planned.length, 'every sample key is distinct');
});
