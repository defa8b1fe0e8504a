import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { createOpenAIProvider } from '../../src/providers/openai.js';
import { ProviderError, UserError } from '../../src/util/errors.js';
import { startOpenAIContractServer } from '../contracts/openai-server.js';
import type { ChatTurn } from '../helpers/openai-server.js';
import { errorReply, type ProtocolServer } from '../helpers/protocol-server.js';
import { assertRawRoundTrip } from '../helpers/raw-round-trip.js';
import { makeRequest, NEVER } from '../helpers/requests.js';

const KEY = 'sk-test-openai-0123456789abcdefghij';

describe('openai provider against the strict Chat Completions / Responses contract server', () => {
  let server: ProtocolServer;
  let turn: Partial<ChatTurn> = {};
  before(async () => {
    process.env.OT_TEST_OPENAI_KEY = KEY;
    server = await startOpenAIContractServer({
      turn: () => ({
        text: '<answer>2</answer>',
        finishReason: 'stop',
        promptTokens: 40,
        completionTokens: 900,
        reasoningTokens: 850,
        headers: {
          'x-ratelimit-limit-requests': '500',
          'x-ratelimit-remaining-requests': '499',
          'x-ratelimit-reset-requests': '120ms',
          'x-ratelimit-limit-tokens': '30000',
          'x-ratelimit-remaining-tokens': '1000',
          'x-ratelimit-reset-tokens': '6m0s',
        },
        ...turn,
      }),
    });
  });
  after(() => server.close());
  beforeEach(() => {
    turn = {};
  });
  afterEach(() => {
    assert.deepEqual(
      server.refused.map((r) => r.reply.json),
      [],
      'the contract server refused a request the provider built',
    );
  });
  const provider = (id = 'openai:gpt-5.6-sol', api?: 'chat' | 'responses') =>
    createOpenAIProvider({ id, baseUrl: `${server.url}/v1`, apiKeyEnv: 'OT_TEST_OPENAI_KEY', api });

  it('sends reasoning_effort by the paper’s mapping and max_completion_tokens, and notes the effort sent', async () => {
    const res = await provider().generate(makeRequest({ budget: 4096, maxTokens: 14096 }), NEVER);
    const req = server.requests.at(-1);
    assert.equal(req?.path, '/v1/chat/completions');
    assert.equal(req?.headers.authorization, `Bearer ${KEY}`);
    assert.deepEqual(req?.body, {
      model: 'gpt-5.6-sol',
      messages: [
        { role: 'system', content: 'Think step by step within about N tokens.' },
        { role: 'user', content: 'You have an apple and an orange. How many fruits do you have?' },
      ],
      reasoning_effort: 'medium',
      max_completion_tokens: 14096,
    });
    assert.deepEqual(res.usage, { input: 40, output: 900, reasoning: 850, reasoningSource: 'provider' });
    assert.deepEqual(res.sentParams, { reasoning_effort: 'medium', max_completion_tokens: 14096 });
    // The token budget is not what OpenAI takes: the sample says which effort went instead.
    assert.equal(res.budgetNote, 'OpenAI takes no token budget: budget 4096 sent as reasoning_effort medium');
    assert.equal(res.stopReason, 'end');
    // 40 in at $5/M + 900 out at $30/M
    assert.ok(Math.abs((res.costUsd ?? 0) - (40 * 5 + 900 * 30) / 1e6) < 1e-12);
    assertRawRoundTrip(res);
  });

  it('turns reasoning off at budget 0 where the model can, else sends its lowest effort with a note', async () => {
    const off = await provider().generate(makeRequest({ budget: 0, maxTokens: 10000 }), NEVER);
    assert.equal(server.lastBody().reasoning_effort, 'none');
    assert.equal(off.budgetNote, undefined);
    const res = await provider('openai:gpt-5.2-pro').generate(
      makeRequest({ budget: 0, maxTokens: 10000 }),
      NEVER,
    );
    assert.equal(server.lastBody().reasoning_effort, 'medium');
    assert.match(res.budgetNote ?? '', /cannot turn reasoning off: budget 0 sent as effort medium/);
  });

  it('records a truncated chat response as max_tokens', async () => {
    turn = { finishReason: 'length', text: '' };
    const res = await provider().generate(makeRequest(), NEVER);
    assert.equal(res.stopReason, 'max_tokens');
  });

  it('speaks the Responses API: reasoning.effort, max_output_tokens, incomplete → max_tokens', async () => {
    turn = {
      status: 'incomplete',
      incompleteReason: 'max_output_tokens',
      reasoning: 'counted fruit',
      reasoningTokens: 1200,
    };
    const res = await provider('openai:gpt-5.6-luna', 'responses').generate(
      makeRequest({ budget: 8192, maxTokens: 18192 }),
      NEVER,
    );
    const req = server.requests.at(-1);
    assert.equal(req?.path, '/v1/responses');
    assert.deepEqual(req?.body, {
      model: 'gpt-5.6-luna',
      instructions: 'Think step by step within about N tokens.',
      input: 'You have an apple and an orange. How many fruits do you have?',
      store: false,
      reasoning: { effort: 'high' },
      max_output_tokens: 18192,
    });
    assert.equal(res.stopReason, 'max_tokens');
    assert.equal(res.reasoningText, 'counted fruit');
    assert.equal(res.usage.reasoning, 1200);
    assert.equal(res.usage.reasoningSource, 'provider');
    assert.equal(res.budgetNote, 'OpenAI takes no token budget: budget 8192 sent as reasoning.effort high');
    assertRawRoundTrip(res);
  });

  it('keeps the x-ratelimit reading: tokens nearly spent → wait', async () => {
    const p = provider();
    await p.generate(makeRequest(), NEVER);
    const hint = p.rateHint();
    assert.equal(hint?.remainingTokens, 1000);
    assert.equal(hint?.limitTokens, 30000);
    assert.equal(hint?.resetMs, 360_000);
    assert.equal(hint?.suggestedDelayMs, 360);
  });

  it('throws retryable errors with retry-after-ms on 429 and retryable 5xx', async () => {
    server.enqueue(errorReply(429, 'slow down', { 'retry-after-ms': '1500' }));
    await assert.rejects(provider().generate(makeRequest(), NEVER), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.errorClass, 'rate_limit');
      assert.equal(e.retryable, true);
      assert.equal(e.retryAfterS, 1.5);
      return true;
    });
    server.enqueue(errorReply(502, 'bad gateway'));
    await assert.rejects(provider().generate(makeRequest(), NEVER), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.errorClass, 'server');
      assert.equal(e.retryable, true);
      return true;
    });
    server.enqueue(errorReply(403, 'forbidden'));
    await assert.rejects(provider().generate(makeRequest(), NEVER), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.retryable, false);
      return true;
    });
  });

  it('requires OPENAI_API_KEY when talking to the real API', () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      assert.throws(
        () => createOpenAIProvider({ id: 'openai:gpt-5.6-sol' }),
        (e: unknown) => e instanceof UserError && /OPENAI_API_KEY/.test(e.message),
      );
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
  });
});
