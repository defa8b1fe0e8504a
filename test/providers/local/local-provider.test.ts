import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Token } from 'node-llama-cpp';
import type { ModelConfig } from '../../../src/config/schema.js';
import type { Budget } from '../../../src/core/budget.js';
import { continuationTokens } from '../../../src/providers/local/llama-backend.js';
import { type LoadedModel, loadLocalModel, tokenBiasOf } from '../../../src/providers/local/llama-model.js';
import { forcingConfig } from '../../../src/providers/local/options.js';
import { generateLocal } from '../../../src/providers/local/provider.js';
import { createProvider } from '../../../src/providers/registry.js';
import type { GenerateRequest, GenerateResponse } from '../../../src/providers/types.js';
import { UserError } from '../../../src/util/errors.js';
import { TINY_GGUF } from '../../helpers/llama-server.js';
import { assertRawRoundTrip } from '../../helpers/raw-round-trip.js';
import { makeRequest } from '../../helpers/requests.js';

/**
 * The local provider on the tiny random-weight GGUF (test/fixtures/tiny-gguf). The model is loaded
 * once; each case varies the forcing settings. After a sample, the sequence still holds every token the
 * model saw, so the thought can be counted independently of the provider's own bookkeeping.
 */
const SPEC = `local:${TINY_GGUF}`;
let m: LoadedModel;

before(async () => {
  m = await loadLocalModel(TINY_GGUF, SPEC, forcingConfig({ id: SPEC, options: { threads: 1 } }));
});
after(async () => {
  await m.dispose();
});

function request(budget: Budget, seed = 7): GenerateRequest {
  return makeRequest({
    budget,
    seed,
    system: 'Think step by step within the budget.',
    user: 'How many apples are left? Put the number in <answer></answer>.',
    maxTokens: (typeof budget === 'number' ? budget : 0) + 64,
  });
}

async function run(entry: Partial<ModelConfig>, budget: Budget, seed = 7): Promise<GenerateResponse> {
  const model: ModelConfig = {
    id: SPEC,
    ...entry,
    options: { threads: 1, answerTokens: 12, ...entry.options },
  };
  const cfg = forcingConfig(model);
  const tokenBias = await tokenBiasOf(m.model, cfg.logitBias);
  return generateLocal(
    m,
    cfg,
    { spec: SPEC, tokenBias },
    request(budget, seed),
    new AbortController().signal,
  );
}

/** The tokens the last sample left in the (only) sequence. */
async function contextTokens(): Promise<Token[]> {
  const seq = await m.acquire();
  m.release(seq);
  return seq.contextTokens.slice();
}

/** Thought tokens as held in the context: from the end of the prompt to the forced "\n</think>". */
async function thoughtInContext(r: GenerateResponse): Promise<Token[]> {
  const ctx = await contextTokens();
  const forced = continuationTokens(m.model, '\n</think>');
  for (let i = r.usage.input; i + forced.length <= ctx.length; i++) {
    if (forced.every((t, j) => ctx[i + j] === t)) return ctx.slice(r.usage.input, i);
  }
  assert.fail('no forced close in the context');
}

describe('local provider, cut', () => {
  for (const budget of [8, 32, 64]) {
    it(`stores exactly ${budget} thought tokens, then an answer segment`, async () => {
      const r = await run({ forcing: 'cut' }, budget);
      assert.equal(r.usage.reasoning, budget);
      assert.equal(r.usage.reasoningSource, 'forced');
      const held = await thoughtInContext(r);
      assert.equal(held.length, budget);
      assert.equal(m.model.detokenize(held, false), r.reasoningText);
      assert.ok(r.text.startsWith('Final answer: <answer>'));
      assert.ok(r.text.length > 'Final answer: <answer>'.length, 'the answer segment has generated text');
      assert.equal(r.usage.output, budget + Number((r.raw as { answerTokens: number }).answerTokens));
      assert.equal(r.sentParams.forcing, 'cut');
      assert.equal(r.sentParams.reasoningEnd, 'budget');
      assert.equal(r.sentParams.answerTokens, 12);
      assert.deepEqual(
        [r.sentParams.temperature, r.sentParams.top_p, r.sentParams.seed, r.sentParams.threads],
        [0.6, 0.95, 7, 1],
      );
    });
  }
});

describe('local provider, cut+extend', () => {
  // A logit bias on the close token makes the random model try to stop early, so extensions happen.
  const eager = {
    forcing: 'cut+extend' as const,
    maxExtensions: 50,
    options: { logitBias: { '</think>': 6 } },
  };

  it('suppresses early closes with "Wait" and stores at least the budget', async () => {
    let extended = 0;
    for (const budget of [32, 64]) {
      const r = await run(eager, budget);
      assert.ok(r.usage.reasoning >= budget);
      assert.equal(r.usage.reasoning, budget, 'cut as well: exactly the budget');
      assert.equal((await thoughtInContext(r)).length, budget);
      extended += Number(r.sentParams.extensionsUsed);
      if (Number(r.sentParams.extensionsUsed) > 0) assert.match(r.reasoningText ?? '', /Wait/);
    }
    assert.ok(extended > 0, 'the biased model tried to close early at least once');
  });

  it('with the same bias but plain cut, the model closes early on its own', async () => {
    const r = await run({ ...eager, forcing: 'cut' }, 64);
    assert.ok(r.usage.reasoning < 64);
    assert.equal(r.sentParams.reasoningEnd, 'model');
  });

  it('when extensions run out, the shorter thought is stored and noted', async () => {
    const r = await run({ ...eager, maxExtensions: 1 }, 64);
    assert.ok(r.usage.reasoning < 64);
    assert.equal(r.sentParams.extensionsUsed, 1);
    assert.match(r.budgetNote ?? '', /after 1 extension/);
  });
});

describe('local provider, budget 0, natural, seeds', () => {
  it('budget 0 stores no thought tokens: an empty think block precedes the answer', async () => {
    const r = await run({ forcing: 'cut' }, 0);
    assert.equal(r.usage.reasoning, 0);
    assert.equal(r.reasoningText, undefined);
    assert.equal(r.usage.reasoningSource, 'forced');
    assert.ok(r.text.length > 0);
    const ctx = await contextTokens();
    const empty = continuationTokens(m.model, '\n\n</think>\n\n');
    assert.deepEqual(ctx.slice(r.usage.input, r.usage.input + empty.length), empty);
  });

  it('the same seed gives the same text; another seed another one', async () => {
    const a = await run({ forcing: 'cut+extend' }, 32, 11);
    const b = await run({ forcing: 'cut+extend' }, 32, 11);
    const c = await run({ forcing: 'cut+extend' }, 32, 12);
    assert.equal(a.reasoningText, b.reasoningText);
    assert.equal(a.text, b.text);
    assert.notEqual(a.reasoningText, c.reasoningText);
  });

  it('natural: reasoning is not cut (counted with the tokenizer), the prompt-only budget is noted', async () => {
    const r = await run({ forcing: 'natural' }, 8);
    assert.ok(r.usage.reasoning > 8);
    assert.equal(r.usage.reasoningSource, 'tokenizer');
    assert.match(r.budgetNote ?? '', /stated in the prompt only/);
  });

  it('a prompt longer than the context is a non-retryable error', async () => {
    const cfg = forcingConfig({ id: SPEC, options: { threads: 1 } });
    const req = { ...request(8), user: 'apples '.repeat(400) };
    await assert.rejects(
      generateLocal(m, cfg, { spec: SPEC }, req, new AbortController().signal),
      /the prompt has \d+ tokens, the context 512/,
    );
  });
});

describe('local: through the registry', () => {
  it('creates the provider from the spec and generates', async () => {
    const p = await createProvider({ id: SPEC, forcing: 'cut', options: { threads: 1, answerTokens: 4 } });
    try {
      assert.deepEqual(p.capabilities, {
        budgetControl: 'forced',
        returnsReasoningText: true,
        returnsReasoningTokens: true,
        simulated: false,
        scheduler: true,
      });
      assert.equal(p.maxConcurrency, 1);
      const r = await p.generate(request(16), new AbortController().signal);
      assert.equal(r.usage.reasoning, 16);
      // Its body holds counts, not the texts: stored whole, and given back byte for byte.
      assertRawRoundTrip(r, false);
    } finally {
      await p.close?.();
    }
  });

  it('a missing file fails at creation with a UserError', async () => {
    await assert.rejects(createProvider({ id: 'local:./no-such-model.gguf' }), UserError);
  });

  it('bad options are a UserError naming the field', async () => {
    await assert.rejects(
      createProvider({ id: SPEC, options: { threads: 0 } }),
      (e: unknown) => e instanceof UserError && /options\.threads/.test(e.message),
    );
    await assert.rejects(
      createProvider({ id: SPEC, options: { answerToken: 3 } }),
      (e: unknown) => e instanceof UserError && /Unrecognized key: "answerToken"/.test(e.message),
    );
  });
});
