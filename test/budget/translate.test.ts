import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { familyOf } from '../../src/budget/families.js';
import { translateBudget } from '../../src/budget/translate.js';
import { UserError } from '../../src/util/errors.js';

describe('capability table', () => {
  it('marks Opus 4.7+ and the Claude 5 family adaptive-only, older Claude token-budgeted', () => {
    for (const id of [
      'claude-opus-4-7',
      'claude-opus-4-8',
      'claude-opus-5',
      'claude-sonnet-5-5',
      'claude-fable-5-1',
    ]) {
      assert.equal(familyOf(`anthropic:${id}`).kind, 'anthropic-adaptive', id);
    }
    for (const id of [
      'claude-opus-4-1',
      'claude-sonnet-4-5-20250929',
      'claude-haiku-4-5',
      'claude-opus-4-6',
    ]) {
      assert.equal(familyOf(`anthropic:${id}`).kind, 'anthropic-budget', id);
    }
  });
  it('knows which OpenAI and Gemini models take which control', () => {
    assert.deepEqual(familyOf('openai:o3'), { kind: 'openai-effort', efforts: ['low', 'medium', 'high'] });
    assert.equal(familyOf('openai:gpt-4.1').kind, 'plain');
    assert.equal(familyOf('google:gemini-2.5-pro').kind, 'gemini-budget');
    assert.equal(familyOf('google:gemini-3.1-pro-preview').kind, 'gemini-level');
    assert.equal(familyOf('openai-compatible:qwen3').kind, 'compat');
  });
});

describe('anthropic budgets', () => {
  it('sends enabled thinking with budget_tokens and the runner’s max_tokens, no sampling parameter', () => {
    const t = translateBudget({ spec: 'anthropic:claude-opus-4-1', budget: 4096, maxTokens: 14096 });
    assert.deepEqual(t.params, {
      thinking: { type: 'enabled', budget_tokens: 4096 },
      max_tokens: 14096,
    });
    assert.equal(t.maxTokens, 14096);
    assert.equal(t.note, undefined);
  });
  it('leaves thinking out at budget 0, as the paper did, and a configured temperature too, with a note', () => {
    const t = translateBudget({
      spec: 'anthropic:claude-sonnet-4',
      budget: 0,
      maxTokens: 10000,
      temperature: 0.5,
    });
    assert.deepEqual(t.params, { max_tokens: 10000 });
    assert.equal(
      t.note,
      'temperature 0.5 not sent: Claude takes no sampling parameters under API version 2026-10-21',
    );
  });
  it('raises a budget below 1024 to 1024 and says so', () => {
    const t = translateBudget({ spec: 'anthropic:claude-opus-4-1', budget: 16, maxTokens: 10016 });
    assert.deepEqual(t.params.thinking, { type: 'enabled', budget_tokens: 1024 });
    assert.match(t.note ?? '', /below Anthropic's minimum of 1024: sent 1024/);
  });
  it('raises max_tokens when the budget does not fit under it', () => {
    const t = translateBudget({ spec: 'anthropic:claude-opus-4-1', budget: 4096, maxTokens: 2000 });
    assert.equal(t.params.max_tokens, 4096 + 1024);
    assert.equal(t.maxTokens, 5120);
    assert.match(t.note ?? '', /max_tokens 2000 was not above budget_tokens 4096/);
  });
  it('clamps to the model output limit and then lowers the budget to fit', () => {
    const t = translateBudget({ spec: 'anthropic:claude-opus-4-1', budget: 32768, maxTokens: 42768 });
    assert.equal(t.params.max_tokens, 32000);
    assert.deepEqual(t.params.thinking, { type: 'enabled', budget_tokens: 32000 - 1024 });
    assert.match(t.note ?? '', /output limit: sent 32000/);
    assert.match(t.note ?? '', /does not fit under max_tokens 32000/);
  });
  it('sends no temperature, top_p or top_k under API version 2026-10-21, and names what it left out', () => {
    for (const spec of [
      'anthropic:claude-haiku-4-5',
      'anthropic:claude-sonnet-4-6',
      'anthropic:claude-opus-4-7',
    ]) {
      for (const budget of [0, 2048, 'natural'] as const) {
        const t = translateBudget({ spec, budget, maxTokens: 12048, temperature: 0.6, topP: 0.95 });
        for (const k of ['temperature', 'top_p', 'top_k']) assert.equal(k in t.params, false, `${spec} ${k}`);
        assert.match(
          t.note ?? '',
          /temperature 0.6 and top_p 0.95 not sent: Claude takes no sampling parameters under API version 2026-10-21/,
        );
      }
    }
  });
  it('asks for summarised display on models that offer it', () => {
    const t = translateBudget({ spec: 'anthropic:claude-sonnet-4-6', budget: 1024, maxTokens: 11024 });
    assert.deepEqual(t.params.thinking, { type: 'enabled', budget_tokens: 1024, display: 'summarized' });
  });
  it('maps a numeric budget to effort on adaptive-only models and records the mapping', () => {
    const t = translateBudget({
      spec: 'anthropic:claude-opus-4-7',
      budget: 4096,
      maxTokens: 14096,
      temperature: 1,
    });
    assert.deepEqual(t.params, {
      thinking: { type: 'adaptive', display: 'summarized' },
      output_config: { effort: 'high' },
      max_tokens: 14096,
    });
    assert.match(t.note ?? '', /budget 4096 sent as effort high/);
    assert.match(t.note ?? '', /temperature 1 not sent: Claude takes no sampling parameters/);
    const steps = [1024, 2048, 8192, 16384].map(
      (b) =>
        (
          translateBudget({ spec: 'anthropic:claude-opus-5', budget: b, maxTokens: b + 10000 }).params
            .output_config as {
            effort: string;
          }
        ).effort,
    );
    assert.deepEqual(steps, ['low', 'medium', 'xhigh', 'max']);
  });
  it('turns thinking off on adaptive models the way each one allows', () => {
    const omit = translateBudget({ spec: 'anthropic:claude-opus-4-7', budget: 0, maxTokens: 10000 });
    assert.deepEqual(omit.params, { max_tokens: 10000 });
    assert.equal(omit.note, undefined);
    const off = translateBudget({ spec: 'anthropic:claude-sonnet-5', budget: 0, maxTokens: 10000 });
    assert.deepEqual(off.params, { thinking: { type: 'disabled' }, max_tokens: 10000 });
    const never = translateBudget({ spec: 'anthropic:claude-opus-5-5', budget: 0, maxTokens: 10000 });
    assert.deepEqual(never.params.output_config, { effort: 'low' });
    assert.match(never.note ?? '', /cannot turn thinking off/);
  });
  it('takes a configured level map and rejects a malformed one', () => {
    const options = { levelMap: [{ below: 8192, level: 'low' }, { level: 'max' }] };
    const t = translateBudget({ spec: 'anthropic:claude-opus-4-7', budget: 4096, maxTokens: 14096, options });
    assert.deepEqual(t.params.output_config, { effort: 'low' });
    assert.throws(
      () =>
        translateBudget({
          spec: 'anthropic:claude-opus-4-7',
          budget: 4096,
          maxTokens: 1,
          options: { levelMap: [] },
        }),
      (e: unknown) => e instanceof UserError && /options\.levelMap/.test(e.message),
    );
  });
});

describe('openai budgets', () => {
  it('maps budgets with the paper’s thresholds and sends max_completion_tokens', () => {
    const effort = (b: number) =>
      translateBudget({ spec: 'openai:o3', budget: b, maxTokens: b + 10000 }).params.reasoning_effort;
    assert.deepEqual([1024, 4095, 4096, 8191, 8192, 16384].map(effort), [
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
    ]);
    const t = translateBudget({ spec: 'openai:o3', budget: 1024, maxTokens: 11024 });
    assert.deepEqual(t.params, { reasoning_effort: 'low', max_completion_tokens: 11024 });
  });
  it('notes the effort every budget was sent as: OpenAI takes no token budget', () => {
    const chat = translateBudget({ spec: 'openai:gpt-5.6-sol', budget: 4096, maxTokens: 14096 });
    assert.equal(chat.note, 'OpenAI takes no token budget: budget 4096 sent as reasoning_effort medium');
    const responses = translateBudget({
      spec: 'openai:gpt-5.6-sol',
      budget: 1024,
      maxTokens: 11024,
      api: 'responses',
    });
    assert.equal(responses.note, 'OpenAI takes no token budget: budget 1024 sent as reasoning.effort low');
    const natural = translateBudget({ spec: 'openai:gpt-5.6-sol', budget: 'natural', maxTokens: 32000 });
    assert.equal(natural.note, undefined);
  });
  it('sends the lowest effort for budget 0 on o-series and notes it', () => {
    const t = translateBudget({ spec: 'openai:o4-mini', budget: 0, maxTokens: 10000 });
    assert.equal(t.params.reasoning_effort, 'low');
    assert.match(t.note ?? '', /cannot turn reasoning off: budget 0 sent as effort low/);
    const none = translateBudget({ spec: 'openai:gpt-5.2', budget: 0, maxTokens: 10000 });
    assert.equal(none.params.reasoning_effort, 'none');
    assert.equal(none.note, undefined);
  });
  it('uses the Responses API field names', () => {
    const t = translateBudget({ spec: 'openai:o3', budget: 8192, maxTokens: 18192, api: 'responses' });
    assert.deepEqual(t.params, { reasoning: { effort: 'high' }, max_output_tokens: 18192 });
  });
  it('clamps an effort the model lacks to the nearest it has', () => {
    const t = translateBudget({
      spec: 'openai:gpt-5-pro',
      budget: 1024,
      maxTokens: 11024,
    });
    assert.equal(t.params.reasoning_effort, 'high');
    assert.match(t.note ?? '', /budget 1024 sent as reasoning_effort high \(effort low is not offered/);
  });
});

describe('google budgets', () => {
  it('sends thinkingBudget within the 2.5 model’s range, never with thinkingLevel', () => {
    const t = translateBudget({ spec: 'google:gemini-2.5-pro', budget: 64, maxTokens: 10064 });
    assert.deepEqual(t.params, {
      generationConfig: {
        maxOutputTokens: 10064,
        temperature: 1,
        thinkingConfig: { thinkingBudget: 128, includeThoughts: true },
      },
    });
    assert.match(t.note ?? '', /below this model's minimum: sent 128/);
    const off = translateBudget({ spec: 'google:gemini-2.5-flash', budget: 0, maxTokens: 10000 });
    // Thinking off: no includeThoughts (nothing to include; Vertex AI is reported to refuse it).
    assert.deepEqual((off.params.generationConfig as Record<string, unknown>).thinkingConfig, {
      thinkingBudget: 0,
    });
  });
  it('sends thinkingLevel on Gemini 3', () => {
    const t = translateBudget({ spec: 'google:gemini-3.1-pro-preview', budget: 4096, maxTokens: 14096 });
    assert.deepEqual((t.params.generationConfig as Record<string, unknown>).thinkingConfig, {
      includeThoughts: true,
      thinkingLevel: 'medium',
    });
    const natural = translateBudget({ spec: 'google:gemini-3.8-flash', budget: 'natural', maxTokens: 32000 });
    assert.deepEqual((natural.params.generationConfig as Record<string, unknown>).thinkingConfig, {
      includeThoughts: true,
    });
  });
});

describe('openai-compatible budgets', () => {
  it('uses budget + 16384 and the mode’s knob', () => {
    const vllm = translateBudget({
      spec: 'openai-compatible:q',
      budget: 1024,
      maxTokens: 11024,
      budgetMode: 'vllm',
    });
    assert.deepEqual(vllm.params, {
      max_tokens: 17408,
      thinking_token_budget: 1024,
      temperature: 0.6,
      top_p: 0.95,
    });
    const llama = translateBudget({
      spec: 'openai-compatible:q',
      budget: 64,
      maxTokens: 1,
      budgetMode: 'llamacpp',
    });
    assert.equal(llama.params.thinking_budget_tokens, 64);
    assert.equal(llama.params.max_tokens, 64 + 16384);
    const prompt = translateBudget({
      spec: 'openai-compatible:q',
      budget: 64,
      maxTokens: 1,
      budgetMode: 'prompt',
    });
    assert.match(prompt.note ?? '', /stated in the prompt only/);
    const zero = translateBudget({
      spec: 'openai-compatible:q',
      budget: 0,
      maxTokens: 1,
      budgetMode: 'prompt',
      options: { zeroThinking: 'none' },
    });
    assert.equal(
      zero.note,
      'zeroThinking none: budget 0 is asked in the prompt only, nothing turns thinking off',
    );
    const kwargs = translateBudget({
      spec: 'openai-compatible:q',
      budget: 0,
      maxTokens: 1,
      budgetMode: 'prompt',
    });
    assert.equal(kwargs.note, undefined);
  });
  it('turns thinking off at budget 0 by template kwargs or by the empty think prefill', () => {
    const kw = translateBudget({
      spec: 'openai-compatible:q',
      budget: 0,
      maxTokens: 1,
      budgetMode: 'llamacpp',
    });
    assert.deepEqual(kw.params.chat_template_kwargs, { enable_thinking: false });
    assert.equal(kw.prefill, undefined);
    const pre = translateBudget({
      spec: 'openai-compatible:q',
      budget: 0,
      maxTokens: 1,
      budgetMode: 'vllm',
      options: { zeroThinking: 'prefill', headroom: 100 },
    });
    assert.equal(pre.prefill, '<think></think>');
    assert.equal(pre.params.continue_final_message, true);
    assert.equal(pre.params.max_tokens, 100);
  });
});
