import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { ANTHROPIC_API_VERSION } from '../../src/budget/anthropic.js';
import type { ModelConfig } from '../../src/config/schema.js';
import { createAnthropicProvider } from '../../src/providers/anthropic.js';
import { ProviderError, UserError } from '../../src/util/errors.js';
import { startAnthropicContractServer } from '../contracts/anthropic-server.js';
import type { ProtocolServer } from '../helpers/protocol-server.js';
import { errorReply } from '../helpers/protocol-server.js';
import { assertRawRoundTrip } from '../helpers/raw-round-trip.js';
import { makeRequest, NEVER } from '../helpers/requests.js';

const KEY = 'sk-ant-test-key-0123456789abcdef';

describe('anthropic provider against the strict Messages API contract server', () => {
  let server: ProtocolServer;
  let thinkingTokens: number | undefined;
  let redacted = false;
  before(async () => {
    process.env.OT_TEST_ANTHROPIC_KEY = KEY;
    server = await startAnthropicContractServer((body) => {
      const thinks = (body.thinking as { type?: string } | undefined)?.type;
      const on = thinks === 'enabled' || thinks === 'adaptive';
      return {
        thinking: on ? 'Two fruits, the weights do not matter.' : undefined,
        redacted: on && redacted,
        text: 'So: <answer>2</answer>',
        inputTokens: 31,
        outputTokens: on ? 412 : 9,
        thinkingTokens: on ? thinkingTokens : undefined,
        headers: {
          'anthropic-ratelimit-requests-limit': '100',
          'anthropic-ratelimit-requests-remaining': '5',
          'anthropic-ratelimit-requests-reset': new Date(Date.now() + 10_000).toISOString(),
        },
      };
    });
  });
  after(() => server.close());
  beforeEach(() => {
    thinkingTokens = undefined;
    redacted = false;
    server.intercept(undefined);
  });
  afterEach(() => {
    // Every request a test sent was one the API takes (faults injected by a test come after the gate).
    assert.deepEqual(
      server.refused.map((r) => r.reply.json),
      [],
      'the contract server refused a request the provider built',
    );
  });
  const provider = (id = 'anthropic:claude-haiku-4-5', more: Partial<ModelConfig> = {}) =>
    createAnthropicProvider({ id, baseUrl: server.url, apiKeyEnv: 'OT_TEST_ANTHROPIC_KEY', ...more });

  it('sends enabled thinking and max_tokens = budget + headroom, under API version 2026-10-21, non-streaming', async () => {
    thinkingTokens = 380;
    const res = await provider().generate(makeRequest({ budget: 4096, maxTokens: 14096 }), NEVER);
    const req = server.requests.at(-1);
    assert.equal(req?.path, '/v1/messages');
    assert.equal(req?.headers['anthropic-version'], ANTHROPIC_API_VERSION);
    // This SDK version sends the key as a bearer token; older ones used x-api-key. Never both.
    assert.equal(req?.headers.authorization, `Bearer ${KEY}`);
    assert.equal(req?.headers['x-api-key'], undefined);
    // The request body, pinned: no temperature, top_p or top_k (refused under 2026-10-21).
    assert.deepEqual(req?.body, {
      model: 'claude-haiku-4-5',
      system: 'Think step by step within about N tokens.',
      messages: [{ role: 'user', content: 'You have an apple and an orange. How many fruits do you have?' }],
      thinking: { type: 'enabled', budget_tokens: 4096 },
      max_tokens: 14096,
    });
    assert.equal(res.text, 'So: <answer>2</answer>');
    assert.equal(res.reasoningText, 'Two fruits, the weights do not matter.');
    assert.deepEqual(res.usage, { input: 31, output: 412, reasoning: 380, reasoningSource: 'provider' });
    assert.deepEqual(res.sentParams, {
      thinking: { type: 'enabled', budget_tokens: 4096 },
      max_tokens: 14096,
    });
    assert.equal(res.budgetNote, undefined);
    assert.equal(res.stopReason, 'end');
    // 31 in at $1/M + 412 out at $5/M
    assert.ok(Math.abs((res.costUsd ?? 0) - (31 * 1 + 412 * 5) / 1e6) < 1e-12);
    assertRawRoundTrip(res);
  });

  it('sends no sampling parameter when the config asks for one, on every family, and notes it', async () => {
    for (const id of [
      'anthropic:claude-haiku-4-5',
      'anthropic:claude-sonnet-4-6',
      'anthropic:claude-opus-4-7',
    ]) {
      for (const budget of [0, 2048] as const) {
        const res = await provider(id, { temperature: 0.6, topP: 0.95 }).generate(
          makeRequest({ budget, maxTokens: budget + 10000 }),
          NEVER,
        );
        const body = server.lastBody();
        for (const k of ['temperature', 'top_p', 'top_k']) assert.equal(k in body, false, `${id} ${k}`);
        assert.match(
          res.budgetNote ?? '',
          /temperature 0\.6 and top_p 0\.95 not sent: Claude takes no sampling parameters under API version 2026-10-21/,
        );
      }
    }
  });

  it('a request the API refuses fails with a non-retryable bad_request that keeps what was sent', async () => {
    const before = server.refused.length;
    await assert.rejects(
      provider('anthropic:claude-nonexistent-1').generate(
        makeRequest({ budget: 1024, maxTokens: 11024 }),
        NEVER,
      ),
      (e: unknown) => {
        assert.ok(e instanceof ProviderError);
        assert.equal(e.errorClass, 'bad_request');
        assert.equal(e.retryable, false);
        assert.match(e.message, /HTTP 404.*model: claude-nonexistent-1/);
        assert.deepEqual(e.sent, {
          params: { thinking: { type: 'enabled', budget_tokens: 1024 }, max_tokens: 11024 },
        });
        return true;
      },
    );
    assert.equal(server.refused.length, before + 1);
    server.refused.length = before;
  });

  it('raises a sub-1024 budget and records the note on the response', async () => {
    const res = await provider().generate(makeRequest({ budget: 16, maxTokens: 10016 }), NEVER);
    assert.deepEqual(server.lastBody().thinking, { type: 'enabled', budget_tokens: 1024 });
    assert.match(res.budgetNote ?? '', /below Anthropic's minimum of 1024/);
  });

  it('sends no thinking at budget 0, as the paper did (these models think only when it is enabled)', async () => {
    const res = await provider().generate(makeRequest({ budget: 0, maxTokens: 10000 }), NEVER);
    assert.equal('thinking' in server.lastBody(), false);
    assert.equal(res.reasoningText, undefined);
    assert.deepEqual(res.usage, { input: 31, output: 9, reasoning: 0, reasoningSource: 'none' });
  });

  it('streams when max_tokens is above what the SDK allows without streaming, and keeps redacted blocks', async () => {
    redacted = true;
    thinkingTokens = 20000;
    const res = await provider().generate(makeRequest({ budget: 16384, maxTokens: 26384 }), NEVER);
    const body = server.lastBody();
    assert.equal(body.stream, true);
    assert.equal(body.max_tokens, 26384);
    assert.equal(res.reasoningText, 'Two fruits, the weights do not matter.');
    assert.equal(res.text, 'So: <answer>2</answer>');
    assert.deepEqual(res.usage, { input: 31, output: 412, reasoning: 20000, reasoningSource: 'provider' });
    const raw = res.raw as { content: Array<{ type: string; data?: string }>; streamed: boolean };
    assert.equal(raw.streamed, true);
    assert.deepEqual(raw.content[0], { type: 'redacted_thinking', data: 'EncryptedBlob==' });
    assertRawRoundTrip(res);
  });

  it('estimates reasoning tokens when the API does not report them, and says so', async () => {
    const res = await provider().generate(makeRequest({ budget: 2048, maxTokens: 12048 }), NEVER);
    // 412 output tokens minus ceil(22 chars / 4) = 6 for the visible answer.
    assert.deepEqual(res.usage, { input: 31, output: 412, reasoning: 406, reasoningSource: 'estimate' });
  });

  it('maps budgets to effort on adaptive-only models, asks for summarised display, sends no temperature', async () => {
    const res = await provider('anthropic:claude-opus-4-7').generate(
      makeRequest({ budget: 8192, maxTokens: 18192 }),
      NEVER,
    );
    const body = server.lastBody();
    assert.deepEqual(body.thinking, { type: 'adaptive', display: 'summarized' });
    assert.deepEqual(body.output_config, { effort: 'xhigh' });
    assert.equal('temperature' in body, false);
    assert.match(res.budgetNote ?? '', /budget 8192 sent as effort xhigh/);
  });

  it('reads rate-limit headers into a hint the runner can use', async () => {
    const p = provider();
    assert.equal(p.rateHint(), undefined);
    await p.generate(makeRequest(), NEVER);
    const hint = p.rateHint();
    assert.equal(hint?.remainingRequests, 5);
    assert.equal(hint?.limitRequests, 100);
    assert.ok((hint?.suggestedDelayMs ?? 0) > 0, 'under 10% left: slow down');
  });

  it('throws a retryable rate_limit error with retry-after on 429', async () => {
    server.enqueue(errorReply(429, 'rate limited', { 'retry-after': '7' }));
    await assert.rejects(provider().generate(makeRequest(), NEVER), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.errorClass, 'rate_limit');
      assert.equal(e.retryable, true);
      assert.equal(e.retryAfterS, 7);
      return true;
    });
    assert.equal(server.requests.filter((r) => r.path === '/v1/messages').length > 0, true);
  });

  it('makes exactly one attempt per call: 529 overloaded is retryable but not retried here', async () => {
    const before = server.requests.length;
    server.enqueue(errorReply(529, 'Overloaded'));
    await assert.rejects(provider().generate(makeRequest(), NEVER), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.errorClass, 'overloaded');
      assert.equal(e.retryable, true);
      return true;
    });
    assert.equal(server.requests.length, before + 1);
  });

  it('does not retry 400 or 401, and keeps the key out of the message', async () => {
    server.enqueue(errorReply(400, 'bad thinking config'));
    await assert.rejects(provider().generate(makeRequest(), NEVER), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.errorClass, 'bad_request');
      assert.equal(e.retryable, false);
      return true;
    });
    server.enqueue(errorReply(401, `invalid x-api-key ${KEY}`));
    await assert.rejects(provider().generate(makeRequest(), NEVER), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.errorClass, 'auth');
      assert.equal(e.retryable, false);
      assert.ok(!e.message.includes(KEY), e.message);
      return true;
    });
  });

  it('classifies a connection reset as a retryable network error', async () => {
    server.enqueue({ reset: true });
    await assert.rejects(provider().generate(makeRequest(), NEVER), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.errorClass, 'network');
      assert.equal(e.retryable, true);
      return true;
    });
  });

  it('honours the AbortSignal: a timeout reason is a retryable timeout', async () => {
    server.enqueue({ hang: true });
    await assert.rejects(provider().generate(makeRequest(), AbortSignal.timeout(200)), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.errorClass, 'timeout');
      assert.equal(e.retryable, true);
      return true;
    });
    server.enqueue({ hang: true });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(provider().generate(makeRequest(), ac.signal), (e: unknown) => {
      assert.ok(e instanceof ProviderError);
      assert.equal(e.errorClass, 'aborted');
      assert.equal(e.retryable, false);
      return true;
    });
  });

  it('fails early with a UserError naming the variable when the key is missing', () => {
    assert.throws(
      () => createAnthropicProvider({ id: 'anthropic:claude-haiku-4-5', apiKeyEnv: 'OT_TEST_NO_SUCH_KEY' }),
      (e: unknown) => e instanceof UserError && /OT_TEST_NO_SUCH_KEY/.test(e.message),
    );
  });
});
