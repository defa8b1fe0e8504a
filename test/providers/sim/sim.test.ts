import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashKey, type SampleKey, sampleSeed } from '../../../src/core/sample-key.js';
import { distractorWeight, profileAccuracy, SIM_PROFILES } from '../../../src/providers/sim/profiles.js';
import { simulate } from '../../../src/providers/sim/provider.js';
import type { GenerateRequest } from '../../../src/providers/types.js';
import { extractAnswer } from '../../../src/score/extract.js';
import type { Item } from '../../../src/tasks/types.js';

const item: Item = {
  taskId: 'misleading-math',
  itemId: 'mm-0001',
  prompt: 'You have an apple and a pear. There is a 61% chance one is ripe. How many fruits do you have?',
  target: { kind: 'number', value: 2, tolerance: 0 },
  strata: { num_distractors: 5 },
};

function req(budget: number | 'natural', trial: number, seed = 1): GenerateRequest {
  const key: SampleKey = {
    model: 'sim:inverse',
    taskId: item.taskId,
    itemId: item.itemId,
    regime: 'controlled',
    budget,
    trial,
    variant: 'paper',
  };
  return {
    key,
    seed: sampleSeed(seed, key),
    system: 's',
    user: 'u',
    budget,
    maxTokens: budget === 'natural' ? 32000 : budget + 10000,
    item,
  };
}

test('same seed gives identical output; a different seed or trial gives a different one', () => {
  const a = simulate(SIM_PROFILES.inverse, req(4096, 0));
  const b = simulate(SIM_PROFILES.inverse, req(4096, 0));
  assert.deepEqual(a, b);
  const c = simulate(SIM_PROFILES.inverse, req(4096, 1));
  const d = simulate(SIM_PROFILES.inverse, req(4096, 0, 2));
  assert.notEqual(a.reasoningText, c.reasoningText);
  assert.notEqual(a.reasoningText, d.reasoningText);
});

test('trials never share a seed, and keys hash stably', () => {
  const seeds = new Set([0, 1, 2, 3, 4].map((t) => req(1024, t).seed));
  assert.equal(seeds.size, 5);
  const k = req(1024, 0).key;
  assert.equal(hashKey('r-1', k), hashKey('r-1', { ...k }));
  assert.notEqual(hashKey('r-1', k), hashKey('r-2', k));
  assert.notEqual(hashKey('r-1', k), hashKey('r-1', { ...k, trial: 1 }));
  assert.match(hashKey('r-1', k), /^[0-9a-f]{32}$/);
});

test('realized reasoning scatters around the budget; budget 0 uses none; text length tracks tokens', () => {
  const zero = simulate(SIM_PROFILES.inverse, req(0, 0));
  assert.equal(zero.usage.reasoning, 0);
  assert.equal(zero.reasoningText, '');
  const lens = Array.from(
    { length: 200 },
    (_, t) => simulate(SIM_PROFILES.inverse, req(4096, t)).usage.reasoning,
  );
  const median = [...lens].sort((x, y) => x - y)[100];
  assert.ok(median > 3000 && median < 5500, `median ${median}`);
  assert.ok(Math.min(...lens) < 4096 && Math.max(...lens) > 4096, 'soft budget: some under, some over');
  const r = simulate(SIM_PROFILES.inverse, req(2048, 3));
  assert.ok(Math.abs((r.reasoningText?.length ?? 0) - r.usage.reasoning * 4) <= 4);
});

test('sim:inverse falls from ~98% at 1k to ~80% at 16k on items with five distractors; sim:flat does not', () => {
  const acc = (profile: keyof typeof SIM_PROFILES, budget: number) => {
    let k = 0;
    const n = 3000;
    for (let t = 0; t < n; t++) {
      const r = simulate(SIM_PROFILES[profile], {
        ...req(budget, t),
        item: { ...item, itemId: `x${t % 300}` },
      });
      if (extractAnswer(r.text).answer === '2') k++;
    }
    return k / n;
  };
  const lo = acc('inverse', 1024);
  const hi = acc('inverse', 16384);
  assert.ok(lo > 0.9, `inverse at 1k: ${lo}`);
  assert.ok(hi < 0.85 && hi > 0.7, `inverse at 16k: ${hi}`);
  assert.ok(Math.abs(acc('flat', 1024) - acc('flat', 16384)) < 0.04);
});

test('sim:peaked and sim:dip have the effects their descriptions state, for an average item and in samples', () => {
  const at = (profile: 'peaked' | 'dip', tokens: number) =>
    Math.round(profileAccuracy(SIM_PROFILES[profile], tokens, 1) * 1000) / 1000;
  assert.deepEqual(
    [0, 1024, 4096, 16384].map((t) => at('peaked', t)),
    [0.8, 0.84, 0.92, 0.8],
  );
  assert.deepEqual(
    [0, 1024, 4096, 16384].map((t) => at('dip', t)),
    [0.9, 0.86, 0.78, 0.9],
  );
  assert.match(
    SIM_PROFILES.peaked.description,
    /80% with reasoning off, 84% at 1k tokens, peaks at 92% at 4k, then falls back to 80% at 16k/,
  );
  assert.match(
    SIM_PROFILES.dip.description,
    /90% with reasoning off, 86% at 1k tokens, dips to 78% at 4k, then recovers to 90% at 16k/,
  );
  // Whole effect on every item, whatever its strata (the five-distractor item here included).
  assert.equal(distractorWeight(SIM_PROFILES.peaked, { num_distractors: 1 }), 1);
  // In samples (items differ in difficulty, budgets are soft), the peak shows where it is stated.
  const acc = (budget: number) => {
    let k = 0;
    const n = 3000;
    for (let t = 0; t < n; t++) {
      const r = simulate(SIM_PROFILES.peaked, {
        ...req(budget, t),
        item: { ...item, itemId: `y${t % 300}` },
      });
      if (extractAnswer(r.text).answer === '2') k++;
    }
    return k / n;
  };
  const [a0, a4, a16] = [acc(0), acc(4096), acc(16384)];
  assert.ok(a4 - a0 > 0.08 && a4 - a16 > 0.08, `peaked: ${a0} ${a4} ${a16}`);
});
