import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ModelConfig } from '../../src/config/schema.js';
import { createOpenAICompatibleProvider } from '../../src/providers/openai-compatible.js';
import { UserError } from '../../src/util/errors.js';
import { type ChatTurn, fakeTokenCount, startOpenAIServer } from '../helpers/openai-server.js';
import type { ProtocolServer } from '../helpers/protocol-server.js';
import { makeRequest, NEVER } from '../helpers/requests.js';

/** The last chat request's body (a /tokenize call may come after it). */
function chatBody(s: ProtocolServer): Record<string, unknown> {
  return (s.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)?.body ?? {}) as Record<
    string,
    unknown
  >;
}

const REASONING = 'Apples and oranges: one each, so two. The weights are noise.';

describe('openai-compatible provider against loopback vLLM / llama.cpp-style servers', () => {
  let a: ProtocolServer;
  let b: ProtocolServer;
  let plain: ProtocolServer;
  let turn: ChatTurn = {};
  before(async () => {
    const t = () => ({
      text: '<answer>2</answer>',
      reasoning: REASONING,
      promptTokens: 50,
      completionTokens: 70,
      ...turn,
    });
    a = await startOpenAIServer({ turn: t, tokenize: true });
    b = await startOpenAIServer({ turn: t, tokenize: true });
    plain = await startOpenAIServer({ turn: t, tokenize: false });
  });
  after(async () => {
    await Promise.all([a.close(), b.close(), plain.close()]);
  });
  beforeEach(() => {
    turn = {};
  });
  const provider = (over: Partial<ModelConfig> = {}) =>
    createOpenAICompatibleProvider({ id: 'openai-compatible:qwen3', baseUrl: `${a.url}/v1`, ...over });

  it('vllm mode: thinking_token_budget, max_tokens = budget + 16384, open-weights sampling, the seed', async () => {
    const res = await provider({ budgetMode: 'vllm' }).generate(makeRequest({ budget: 1024 }), NEVER);
    const req = a.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
    assert.deepEqual(req?.body, {
      model: 'qwen3',
      messages: [
        { role: 'system', content: 'Think step by step within about N tokens.' },
        { role: 'user', content: 'You have an apple and an orange. How many fruits do you have?' },
      ],
      max_tokens: 1024 + 16384,
      thinking_token_budget: 1024,
      temperature: 0.6,
      top_p: 0.95,
      seed: 42,
    });
    assert.equal(res.reasoningText, REASONING);
    assert.deepEqual(res.sentParams, {
      max_tokens: 17408,
      thinking_token_budget: 1024,
      temperature: 0.6,
      top_p: 0.95,
      seed: 42,
    });
  });

  it('llamacpp mode: thinking_budget_tokens; reasoning counted by the server tokenizer', async () => {
    const res = await provider({ budgetMode: 'llamacpp' }).generate(makeRequest({ budget: 64 }), NEVER);
    const chat = chatBody(a);
    assert.equal(chat.thinking_budget_tokens, 64);
    assert.equal(chat.max_tokens, 64 + 16384);
    const tok = a.requests.filter((r) => r.path === '/tokenize').at(-1);
    assert.deepEqual(tok?.body, { content: REASONING, add_special: false });
    assert.deepEqual(res.usage, {
      input: 50,
      output: 70,
      reasoning: fakeTokenCount(REASONING),
      reasoningSource: 'tokenizer',
    });
  });

  it('budget 0: chat_template_kwargs by default, the empty think prefill when configured', async () => {
    await provider({ budgetMode: 'llamacpp' }).generate(makeRequest({ budget: 0 }), NEVER);
    const body = chatBody(a);
    assert.deepEqual(body.chat_template_kwargs, { enable_thinking: false });
    assert.equal(body.thinking_budget_tokens, 0);

    const res = await provider({ budgetMode: 'vllm', options: { zeroThinking: 'prefill' } }).generate(
      makeRequest({ budget: 0 }),
      NEVER,
    );
    const pre = chatBody(a);
    assert.deepEqual((pre.messages as unknown[]).at(-1), {
      role: 'assistant',
      content: '<think></think>',
    });
    assert.equal(pre.continue_final_message, true);
    assert.equal(pre.add_generation_prompt, false);
    assert.equal('chat_template_kwargs' in pre, false);
    assert.equal(res.sentParams.prefill, '<think></think>');
  });

  it('prefers usage reasoning_tokens, reads `reasoning` too, and estimates when nothing can count', async () => {
    turn = { reasoningTokens: 33, reasoningField: 'reasoning' };
    const fromUsage = await provider().generate(makeRequest(), NEVER);
    assert.equal(fromUsage.reasoningText, REASONING);
    assert.deepEqual(fromUsage.usage, { input: 50, output: 70, reasoning: 33, reasoningSource: 'provider' });

    turn = {};
    const estimated = await provider({ baseUrl: `${plain.url}/v1` }).generate(makeRequest(), NEVER);
    assert.deepEqual(estimated.usage, {
      input: 50,
      output: 70,
      reasoning: Math.ceil(REASONING.length / 4),
      reasoningSource: 'estimate',
    });
  });

  it('splits a <think> block left in the content when the server has no reasoning parser', async () => {
    turn = { reasoning: undefined, text: '<think>\nabc def\n</think>\n\n<answer>2</answer>' };
    const res = await provider().generate(makeRequest(), NEVER);
    assert.equal(res.text, '<answer>2</answer>');
    assert.equal(res.reasoningText, 'abc def');
  });

  it('spreads requests over several base URLs in turn', async () => {
    const before = [a, b].map((s) => s.requests.filter((r) => r.path === '/v1/chat/completions').length);
    const p = provider({ baseUrl: [`${a.url}/v1`, `${b.url}/v1`] });
    for (let i = 0; i < 4; i++) await p.generate(makeRequest(), NEVER);
    const afterCounts = [a, b].map((s) => s.requests.filter((r) => r.path === '/v1/chat/completions').length);
    assert.deepEqual(
      afterCounts.map((n, i) => n - before[i]),
      [2, 2],
    );
  });

  it('needs a base URL, and a key only when the config names its variable', () => {
    assert.throws(
      () => createOpenAICompatibleProvider({ id: 'openai-compatible:x' }),
      (e: unknown) => e instanceof UserError && /baseUrl/.test(e.message),
    );
    assert.throws(
      () =>
        createOpenAICompatibleProvider({
          id: 'openai-compatible:x',
          baseUrl: a.url,
          apiKeyEnv: 'OT_NO_SUCH_VAR',
        }),
      (e: unknown) => e instanceof UserError && /OT_NO_SUCH_VAR/.test(e.message),
    );
  });
});
