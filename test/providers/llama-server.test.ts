import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAnthropicProvider } from '../../src/providers/anthropic.js';
import { createOpenAICompatibleProvider } from '../../src/providers/openai-compatible.js';
import { LLAMA_SLACK, type LlamaServer, SKIP_LLAMA, startLlamaServer } from '../helpers/llama-server.js';
import { makeRequest, NEVER } from '../helpers/requests.js';

describe('real llama-server (tiny GGUF fixture)', {
  skip: SKIP_LLAMA ? 'OVERTHINK_SKIP_LLAMA=1' : false,
}, () => {
  let server: LlamaServer;
  before(async () => {
    server = await startLlamaServer();
  });
  after(async () => {
    await server?.stop();
  });

  it('openai-compatible, budget mode llamacpp: budgets 0, 16, 64 are kept within budget + slack', async () => {
    const provider = createOpenAICompatibleProvider({
      id: 'openai-compatible:local',
      baseUrl: `${server.url}/v1`,
      budgetMode: 'llamacpp',
      // A short answer allowance keeps the random model's gibberish short.
      options: { headroom: 64 },
    });
    for (const budget of [0, 16, 64]) {
      for (const seed of [1, 2, 3, 4]) {
        const res = await provider.generate(makeRequest({ budget, seed }), NEVER);
        const where = `budget ${budget} seed ${seed}`;
        assert.equal(res.sentParams.thinking_budget_tokens, budget, where);
        assert.equal(res.sentParams.max_tokens, budget + 64, where);
        if (budget === 0) {
          assert.deepEqual(res.sentParams.chat_template_kwargs, { enable_thinking: false }, where);
          assert.equal(res.reasoningText, undefined, where);
          assert.deepEqual([res.usage.reasoning, res.usage.reasoningSource], [0, 'none'], where);
        } else {
          assert.ok(res.reasoningText && res.reasoningText.length > 0, `${where}: some reasoning`);
          assert.equal(res.usage.reasoningSource, 'tokenizer', where);
          assert.ok(res.usage.reasoning > 0, where);
          assert.ok(res.usage.reasoning <= budget + LLAMA_SLACK, `${where}: ${res.usage.reasoning} tokens`);
        }
        assert.ok(res.usage.output > 0 && res.usage.output <= budget + 64, where);
        assert.ok(res.usage.input > 0, where);
      }
    }
  });

  it('anthropic provider drives the server’s /v1/messages with thinking.budget_tokens', async () => {
    const provider = createAnthropicProvider({ id: 'anthropic:local', baseUrl: server.url });
    const res = await provider.generate(makeRequest({ budget: 1024, maxTokens: 1124 }), NEVER);
    // No sampling parameter: API version 2026-10-21 refuses them (llama-server would take them).
    assert.deepEqual(res.sentParams, {
      thinking: { type: 'enabled', budget_tokens: 1024 },
      max_tokens: 1124,
    });
    assert.ok(res.reasoningText && res.reasoningText.length > 0, 'thinking block parsed');
    assert.equal(res.usage.reasoningSource, 'estimate', 'llama-server reports no thinking_tokens');
    assert.ok(res.usage.output > 0 && res.usage.output <= 1124);
    // An estimate (output minus the answer's size at ~4 characters a token), so only bounds are checked.
    assert.ok(res.usage.reasoning <= res.usage.output, `${res.usage.reasoning} reasoning tokens`);
    assert.ok(res.usage.reasoning >= Math.ceil((res.reasoningText?.length ?? 0) / 4));
    assert.ok(['end', 'max_tokens'].includes(res.stopReason));
    const raw = res.raw as { type: string; content: Array<{ type: string }> };
    assert.equal(raw.type, 'message');
    assert.equal(raw.content[0].type, 'thinking');
  });
});
