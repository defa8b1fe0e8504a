import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wilson } from '../../../src/analysis/stats.js';
import { type SimRunSpec, simRequest } from '../../../src/analysis/synthetic.js';
import { profileAccuracy, SIM_PROFILES } from '../../../src/providers/sim/profiles.js';
import { simulate } from '../../../src/providers/sim/provider.js';
import { normalQuantile, simTrace } from '../../../src/providers/sim/trace.js';
import type { Item } from '../../../src/tasks/types.js';

/** Items without strata and no per-item difficulty: every trace shares one curve p(t). */
function spec(n: number, seed = 3): SimRunSpec {
  const items: Item[] = Array.from({ length: n }, (_, i) => ({
    taskId: 't',
    itemId: `i${i}`,
    prompt: 'q',
    target: { kind: 'number', value: 7, tolerance: 0 },
    strata: {},
  }));
  return { profile: { ...SIM_PROFILES.peaked, itemSpread: 0 }, items, budgets: [16384], trials: 1, seed };
}

test('the quantile function inverts the normal CDF', () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-6);
  assert.ok(Math.abs(normalQuantile(0.5)) < 1e-12);
  assert.ok(Math.abs(normalQuantile(0.001) + 3.090232) < 1e-5);
});

test("a trace's end is the sample's own final draw: rightAt(T) is simulate()'s latent correctness", () => {
  const s = spec(400);
  for (const item of s.items) {
    const req = simRequest(s, item, 16384, 0);
    const trace = simTrace(s.profile, req);
    const r = simulate(s.profile, req, 'none');
    assert.equal(trace.tokens, r.usage.reasoning);
    assert.equal(trace.rightAt(trace.tokens), (r.raw as { correct: boolean }).correct, item.itemId);
  }
});

test('at every position the chance of holding the right answer is the profile accuracy there (within a 99.9% interval)', () => {
  const s = spec(4000);
  for (const at of [300, 1000, 4096, 9000]) {
    let right = 0;
    let n = 0;
    for (const item of s.items) {
      const trace = simTrace(s.profile, simRequest(s, item, 16384, 0));
      if (trace.tokens <= at) continue;
      n++;
      if (trace.rightAt(at)) right++;
    }
    const p = profileAccuracy(s.profile, at, 1);
    const ci = wilson(right, n, 3.29);
    assert.ok(ci.lo <= p && p <= ci.hi, `at ${at}: ${right}/${n} right, p(t) = ${p}`);
  }
});

test('the answer drifts along the trace: nearby points agree more often than distant ones, and some traces change more than once', () => {
  const s = spec(2000);
  let near = 0;
  let far = 0;
  let twice = 0;
  for (const item of s.items) {
    const trace = simTrace(s.profile, simRequest(s, item, 16384, 0));
    if (trace.rightAt(4096) === trace.rightAt(4500)) near++;
    if (trace.rightAt(512) === trace.rightAt(8192)) far++;
    const seq = [256, 512, 1024, 2048, 4096, 8192, trace.tokens].map((t) => trace.rightAt(t));
    let flips = 0;
    for (let i = 1; i < seq.length; i++) if (seq[i] !== seq[i - 1]) flips++;
    if (flips >= 2) twice++;
  }
  assert.ok(near > far + 200, `near ${near}, far ${far}`);
  assert.ok(twice > 20, `traces changing twice or more: ${twice}`);
});

test('a trace is a function of its request: the same seed reads the same answers', () => {
  const s = spec(5);
  const req = simRequest(s, s.items[0], 16384, 0);
  const a = simTrace(s.profile, req);
  const b = simTrace(s.profile, req);
  for (const t of [8000, 100, 3000, 100, 16000]) assert.equal(a.answerAt(t), b.answerAt(t));
});
