import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Token } from 'node-llama-cpp';
import { SCHEDULER_DEFAULTS, type SchedulerSettings } from '../../../src/core/scheduler.js';
import { continuationTokens } from '../../../src/providers/local/llama-backend.js';
import { type LoadedModel, loadLocalModel } from '../../../src/providers/local/llama-model.js';
import { forcingConfig } from '../../../src/providers/local/options.js';
import { generateLocal } from '../../../src/providers/local/provider.js';
import type { SchedulerRecord } from '../../../src/providers/local/scheduled.js';
import { agreed, type Probe, type StopPolicy } from '../../../src/providers/local/stop-policy.js';
import type { GenerateRequest, GenerateResponse } from '../../../src/providers/types.js';
import { TINY_GGUF } from '../../helpers/llama-server.js';

/**
 * The scheduler's chunk, probe and stop mechanics on the tiny random-weight GGUF. Its text is noise,
 * so agreement is decided by stub policies; what is checked is what the model really held: after a
 * sample the sequence must contain the prompt, exactly the stored thought, the forced close and the
 * answer, and nothing of any probe.
 */
const SPEC = `local:${TINY_GGUF}`;
let m: LoadedModel;

before(async () => {
  m = await loadLocalModel(TINY_GGUF, SPEC, forcingConfig({ id: SPEC, options: { threads: 1 } }));
});
after(async () => {
  await m.dispose();
});

const SCHED: SchedulerSettings = {
  chunk: 8,
  agree: 2,
  probeTokens: 4,
  ceiling: 40,
  hedges: [...SCHEDULER_DEFAULTS.hedges],
};

function request(seed = 7, sched = SCHED): GenerateRequest {
  return {
    key: {
      model: SPEC,
      taskId: 't',
      itemId: 'i1',
      regime: 'controlled',
      budget: sched.ceiling,
      trial: 0,
      variant: 'paper+scheduler',
    },
    seed,
    system: 'Think step by step within the budget.',
    user: 'How many apples are left? Put the number in <answer></answer>.',
    budget: sched.ceiling,
    maxTokens: sched.ceiling + 64,
    item: {
      taskId: 't',
      itemId: 'i1',
      prompt: 'q',
      target: { kind: 'number', value: 3, tolerance: 0 },
      strata: {},
    },
    scheduler: sched,
  };
}

/** Probes always read as the same confident answer: the probes are forced to agree. */
const ALWAYS_AGREE: StopPolicy = {
  read: () => ({ answer: '42', hedged: false }),
  shouldStop: (probes: readonly Probe[]) => agreed(probes, SCHED.agree),
};
/** Every probe reads as a new answer: they never agree. */
function neverAgree(): StopPolicy {
  let n = 0;
  return { read: () => ({ answer: String(n++), hedged: false }), shouldStop: (p) => agreed(p, SCHED.agree) };
}

async function run(policy?: StopPolicy, seed = 7, sched = SCHED): Promise<GenerateResponse> {
  const cfg = forcingConfig({ id: SPEC, options: { threads: 1, answerTokens: 8 } });
  return generateLocal(m, cfg, { spec: SPEC, policy }, request(seed, sched), new AbortController().signal);
}

async function contextTokens(): Promise<Token[]> {
  const seq = await m.acquire();
  m.release(seq);
  return seq.contextTokens.slice();
}

/** The context after the prompt must be: thought, then the forced "\n</think>\n\nFinal answer: <answer>". */
async function assertHeld(r: GenerateResponse): Promise<void> {
  const ctx = await contextTokens();
  const thought = ctx.slice(r.usage.input, r.usage.input + r.usage.reasoning);
  assert.equal(
    m.model.detokenize(thought, false),
    r.reasoningText,
    'the stored thought is what the model held',
  );
  const forced = continuationTokens(m.model, '\n</think>\n\nFinal answer: <answer>');
  const next = ctx.slice(
    r.usage.input + r.usage.reasoning,
    r.usage.input + r.usage.reasoning + forced.length,
  );
  assert.deepEqual(next, forced, 'the forced close follows the thought directly: no probe was left behind');
}

const record = (r: GenerateResponse) => (r.raw as { scheduler: SchedulerRecord }).scheduler;

describe('scheduler on the tiny GGUF', () => {
  it('stops early when the probes agree (stub policy): two chunks, two probes, then the answer', async () => {
    const r = await run(ALWAYS_AGREE);
    const rec = record(r);
    assert.equal(rec.end, 'converged');
    assert.equal(r.sentParams.reasoningEnd, 'converged');
    assert.equal(rec.chunks, 2);
    assert.equal(r.usage.reasoning, 16);
    assert.deepEqual(
      rec.probes.map((p) => p.at),
      [8, 16],
    );
    assert.ok(rec.probes.every((p) => p.tokens >= 1 && p.tokens <= SCHED.probeTokens));
    assert.equal(
      rec.probeTokens,
      rec.probes.reduce((s, p) => s + p.tokens, 0),
    );
    // Probe tokens are not reasoning and not output: output = thought + answer segment.
    assert.equal(
      r.usage.output,
      r.usage.reasoning + Number((r.raw as { answerTokens: number }).answerTokens),
    );
    assert.equal(r.usage.reasoningSource, 'forced');
    assert.deepEqual(r.sentParams.scheduler, SCHED);
    assert.ok(r.text.startsWith('Final answer: <answer>'));
    await assertHeld(r);
  });

  it('stops at the ceiling when the probes never agree: every chunk, a probe after each but the last', async () => {
    const r = await run(neverAgree());
    const rec = record(r);
    assert.equal(rec.end, 'budget');
    assert.equal(r.usage.reasoning, SCHED.ceiling);
    assert.equal(rec.chunks, 5);
    assert.deepEqual(
      rec.probes.map((p) => p.at),
      [8, 16, 24, 32],
    );
    await assertHeld(r);
  });

  it('a scheduled sample is reproducible: same seed, same thought, probes and answer', async () => {
    // The trace resumes after a probe with a fresh sampler, so it differs from an unprobed one, but it
    // is reproducible: the same seed gives the same thought, probes and answer.
    const a = await run(neverAgree(), 11);
    const b = await run(neverAgree(), 11);
    assert.equal(a.reasoningText, b.reasoningText);
    assert.equal(a.text, b.text);
    assert.deepEqual(
      record(a).probes.map((p) => p.tokens),
      record(b).probes.map((p) => p.tokens),
    );
  });

  it('the default policy runs on real probe text and its accounting holds', async () => {
    const r = await run(undefined, 3, { ...SCHED, agree: 3, probeTokens: 6 });
    const rec = record(r);
    assert.ok(['converged', 'budget', 'model'].includes(rec.end));
    assert.ok(r.usage.reasoning <= SCHED.ceiling);
    assert.equal(
      rec.probeTokens,
      rec.probes.reduce((s, p) => s + p.tokens, 0),
    );
    if (rec.end !== 'model') await assertHeld(r);
  });
});
