import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { resolveExperiment } from '../../src/config/resolve.js';
import { experimentSchema } from '../../src/config/schema.js';
import { hashKey, type SampleKey, sampleSeed, sha256Hex } from '../../src/core/sample-key.js';
import { planSamples } from '../../src/run/plan.js';

test('sha256Hex, hashKey and sampleSeed give the digests createHash gives', () => {
  for (const s of ['', 'abc', 'unicode ✓ \u0000 sep']) {
    assert.equal(sha256Hex(s), createHash('sha256').update(s).digest('hex'));
  }
  const k: SampleKey = {
    model: 'sim:flat',
    taskId: 'misleading-math',
    itemId: 'mm-7',
    regime: 'controlled',
    budget: 1024,
    trial: 2,
    variant: 'paper',
  };
  const canonical = ['r-1', k.model, k.taskId, k.itemId, k.regime, '1024', '2', k.variant].join('\u0000');
  assert.equal(hashKey('r-1', k), createHash('sha256').update(canonical).digest('hex').slice(0, 32));
  const seedInput = [7, k.model, k.taskId, k.itemId, k.regime, k.budget, k.trial, k.variant].join('\u0000');
  assert.equal(sampleSeed(7, k), createHash('sha256').update(seedInput).digest().readUInt32LE(0));
  // A digest whose first byte is high: the seed is an unsigned 32-bit number.
  for (let seed = 0; seed < 50; seed++) {
    const d = createHash('sha256')
      .update([seed, k.model, k.taskId, k.itemId, k.regime, k.budget, k.trial, k.variant].join('\u0000'))
      .digest();
    assert.equal(sampleSeed(seed, k), d.readUInt32LE(0));
  }
});

test('planSamples with skip passes over exactly the skipped samples, the rest unchanged', () => {
  const exp = resolveExperiment(
    experimentSchema.parse({
      models: ['sim:flat'],
      tasks: ['misleading-math'],
      budgets: [0, 64],
      trials: 2,
    }),
  );
  const items = Array.from({ length: 5 }, (_, i) => ({
    taskId: 'misleading-math',
    itemId: `i${i}`,
    prompt: `q${i}`,
    target: { kind: 'number' as const, value: 2, tolerance: 0 },
    strata: {},
  }));
  const tasks = [{ taskId: 'misleading-math', metric: 'accuracy', items, hash: 'h' }];
  const all = [...planSamples(exp, 'r-x', tasks)];
  assert.equal(all.length, 20);
  const skipped = new Set(all.filter((_, i) => i % 3 === 0).map((s) => s.hash));
  const rest = [...planSamples(exp, 'r-x', tasks, (h) => skipped.has(h))];
  assert.deepEqual(
    rest,
    all.filter((s) => !skipped.has(s.hash)),
  );
});
