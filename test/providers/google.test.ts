import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createGoogleProvider } from '../../src/providers/google.js';
import { ProviderError } from '../../src/util/errors.js';
import { startGeminiContractServer } from '../contracts/gemini-server.js';
import type { ProtocolServer } from '../helpers/protocol-server.js';
import { assertRawRoundTrip } from '../helpers/raw-round-trip.js';
import { makeRequest, NEVER } from '../helpers/requests.js';

const KEY = 'AIzaSyTESTKEY0123456789abcdefghijk';

describe('google provider against the strict generateContent contract server', () => {
  let server: ProtocolServer;
  before(async () => {
    process.env.OT_TEST_GEMINI_KEY = KEY;
    server = await startGeminiContractServer();
  });
  after(() => server.close());
  afterEach(() => {
    assert.deepEqual(
      server.refused.map((r) => r.reply.json),
      [],
      'the contract server refused a request the provider built',
    );
  });
  const provider = (id: string) =>
    createGoogleProvider({ id, baseUrl: server.url, apiKeyEnv: 'OT_TEST_GEMINI_KEY' });

  it('sends thinkingBudget on 2.5 (key in a header, not the URL) and reads thoughtsTokenCount', async () => {
    const res = await provider('google:gemini-2.5-flash-lite').generate(
      makeRequest({ budget: 2048, maxTokens: 12048 }),
      NEVER,
    );
    const req = server.requests.at(-1);
    assert.equal(req?.path, '/v1beta/models/gemini-2.5-flash-lite:generateContent');
    assert.equal(req?.headers['x-goog-api-key'], KEY);
    assert.deepEqual(req?.body, {
      systemInstruction: { parts: [{ text: 'Think step by step within about N tokens.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'You have an apple and an orange. How many fruits do you have?' }] },
      ],
      generationConfig: {
        maxOutputTokens: 12048,
        temperature: 1,
        thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
        seed: 42,
      },
    });
    assert.equal(res.text, '<answer>2</answer>');
    assert.equal(res.reasoningText, '**Counting** I count the fruit.');
    assert.deepEqual(res.usage, { input: 20, output: 308, reasoning: 300, reasoningSource: 'provider' });
    assert.equal(res.stopReason, 'end');
    assert.ok(Math.abs((res.costUsd ?? 0) - (20 * 0.1 + 308 * 0.4) / 1e6) < 1e-12);
    assertRawRoundTrip(res);
  });

  it('turns thinking off at budget 0 without asking for thought summaries', async () => {
    await provider('google:gemini-2.5-flash-lite').generate(
      makeRequest({ budget: 0, maxTokens: 10000 }),
      NEVER,
    );
    const cfg = server.lastBody().generationConfig as Record<string, unknown>;
    assert.deepEqual(cfg.thinkingConfig, { thinkingBudget: 0 });
  });

  it('sends thinkingLevel, never thinkingBudget, on Gemini 3', async () => {
    const res = await provider('google:gemini-3.1-pro-preview').generate(
      makeRequest({ budget: 16384, maxTokens: 26384 }),
      NEVER,
    );
    const cfg = (server.lastBody().generationConfig as Record<string, unknown>).thinkingConfig as Record<
      string,
      unknown
    >;
    assert.deepEqual(cfg, { includeThoughts: true, thinkingLevel: 'high' });
    assert.equal('thinkingBudget' in cfg, false);
    assert.match(res.budgetNote ?? '', /thinkingLevel high/);
  });

  it('maps MAX_TOKENS to truncation and a 503 to a retryable error', async () => {
    server.intercept(() => ({
      json: {
        candidates: [{ content: { parts: [{ text: 'partial' }] }, finishReason: 'MAX_TOKENS' }],
        usageMetadata: { promptTokenCount: 5, candidatesTokenCount: 100 },
      },
    }));
    const res = await provider('google:gemini-2.5-flash-lite').generate(makeRequest(), NEVER);
    server.intercept(undefined);
    assert.equal(res.stopReason, 'max_tokens');
    assert.deepEqual(res.usage, { input: 5, output: 100, reasoning: 0, reasoningSource: 'none' });

    server.enqueue({
      status: 503,
      json: { error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } },
    });
    await assert.rejects(
      provider('google:gemini-2.5-flash-lite').generate(makeRequest(), NEVER),
      (e: unknown) => {
        assert.ok(e instanceof ProviderError);
        assert.equal(e.errorClass, 'overloaded');
        assert.equal(e.retryable, true);
        assert.match(e.message, /UNAVAILABLE overloaded/);
        return true;
      },
    );
    server.enqueue({
      status: 429,
      headers: { 'retry-after': '3' },
      json: { error: { code: 429, message: 'quota' } },
    });
    await assert.rejects(
      provider('google:gemini-2.5-flash-lite').generate(makeRequest(), NEVER),
      (e: unknown) => {
        assert.ok(e instanceof ProviderError);
        assert.equal(e.retryAfterS, 3);
        return true;
      },
    );
  });
});
