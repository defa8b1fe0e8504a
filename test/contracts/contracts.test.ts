import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Anthropic from '@anthropic-ai/sdk';
import { anthropicClients } from '../../src/providers/anthropic.js';
import type { BatchServer } from '../helpers/batch-state.js';
import type { ProtocolServer } from '../helpers/protocol-server.js';
import { startAnthropicBatchContractServer, startAnthropicContractServer } from './anthropic-server.js';
import { startGeminiContractServer } from './gemini-server.js';
import { startOpenAIBatchContractServer, startOpenAIContractServer } from './openai-server.js';

/**
 * The contract servers themselves: each refuses what its API refuses, with the API's status and error
 * body, and takes what it takes. (The provider tests then run against them: a request our client
 * builds that breaks a rule fails those tests.)
 */

type Json = Record<string, unknown>;

async function post(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; json: Json }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

const errorOf = (json: Json) =>
  json.error as { type?: string; message: string; status?: string; code?: unknown };

describe('Anthropic contract server', () => {
  let server: ProtocolServer;
  const v2026 = { 'x-api-key': 'k', 'anthropic-version': '2026-10-21' };
  const v2023 = { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' };
  const base = {
    model: 'claude-haiku-4-5',
    max_tokens: 11024,
    system: 'sys',
    messages: [{ role: 'user', content: 'hi' }],
  };
  before(async () => {
    server = await startAnthropicContractServer();
  });
  after(() => server.close());
  const messages = (body: Json, headers: Record<string, string> = v2026) =>
    post(`${server.url}/v1/messages`, body, headers);

  it('refuses temperature, top_p and top_k under 2026-10-21, even at their defaults, and takes them under 2023-06-01', async () => {
    for (const [k, v] of [
      ['temperature', 1],
      ['top_p', 0.95],
      ['top_k', 40],
    ] as const) {
      const r = await messages({ ...base, [k]: v });
      assert.equal(r.status, 400, k);
      assert.deepEqual(errorOf(r.json), {
        type: 'invalid_request_error',
        message: `${k}: Extra inputs are not permitted`,
      });
      assert.equal(r.json.type, 'error');
    }
    assert.equal((await messages({ ...base, temperature: 1 }, v2023)).status, 200);
    // …where with thinking on, temperature may only be 1.
    const hot = await messages(
      { ...base, temperature: 0.6, thinking: { type: 'enabled', budget_tokens: 1024 } },
      v2023,
    );
    assert.equal(hot.status, 400);
    assert.equal((await messages(base)).status, 200);
  });

  it('the request the SDK sends with the old temperature is refused, as Claude refused every run before', async () => {
    process.env.OT_CONTRACT_KEY = 'sk-ant-contract';
    const [client] = anthropicClients({
      id: 'anthropic:claude-haiku-4-5',
      baseUrl: server.url,
      apiKeyEnv: 'OT_CONTRACT_KEY',
    });
    // What src/budget/anthropic.ts sent for every Claude request before this contract existed.
    const body = { ...base, thinking: { type: 'enabled', budget_tokens: 1024 }, temperature: 1 };
    await assert.rejects(
      client.messages.create(body as unknown as Anthropic.MessageCreateParamsNonStreaming),
      (e: unknown) =>
        (e as { status?: number }).status === 400 &&
        /temperature: Extra inputs are not permitted/.test(String(e)),
    );
    assert.equal(server.requests.at(-1)?.headers['anthropic-version'], '2026-10-21');
  });

  it('holds thinking to each model: types, budget_tokens bounds, effort levels', async () => {
    const cases: [Json, number, RegExp][] = [
      [{ ...base, thinking: { type: 'enabled', budget_tokens: 1000 } }, 400, /greater than or equal to 1024/],
      [
        { ...base, thinking: { type: 'enabled', budget_tokens: 11024 } },
        400,
        /must be greater than `thinking.budget_tokens`/,
      ],
      [
        { ...base, thinking: { type: 'adaptive' } },
        400,
        /thinking.type.adaptive: not supported for claude-haiku-4-5/,
      ],
      [
        { ...base, model: 'claude-opus-4-7', thinking: { type: 'enabled', budget_tokens: 1024 } },
        400,
        /enabled: not supported/,
      ],
      [{ ...base, model: 'claude-fable-5', thinking: { type: 'disabled' } }, 400, /disabled: not supported/],
      [
        {
          ...base,
          model: 'claude-opus-4-6',
          thinking: { type: 'adaptive' },
          output_config: { effort: 'xhigh' },
        },
        400,
        /'xhigh' is not supported/,
      ],
      [{ ...base, output_config: { effort: 'low' } }, 400, /'low' is not supported for claude-haiku-4-5/],
      [{ ...base, max_tokens: 64_001 }, 400, /maximum allowed number of output tokens/],
      [{ ...base, model: 'claude-sonnet-4-5' }, 404, /model: claude-sonnet-4-5/],
      [{ ...base, model: 'claude-opus-4-1-20250805' }, 404, /model: claude-opus-4-1-20250805/],
      [{ ...base, messages: [] }, 400, /at least one message/],
    ];
    for (const [body, status, message] of cases) {
      const r = await messages(body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.match(errorOf(r.json).message, message);
    }
    const ok: Json[] = [
      { ...base, thinking: { type: 'enabled', budget_tokens: 1024 } },
      {
        ...base,
        model: 'claude-opus-4-7',
        thinking: { type: 'adaptive', display: 'summarized' },
        output_config: { effort: 'xhigh' },
      },
      { ...base, model: 'claude-opus-4-7' },
      {
        ...base,
        model: 'claude-sonnet-4-6',
        thinking: { type: 'enabled', budget_tokens: 4096, display: 'summarized' },
      },
    ];
    for (const body of ok) assert.equal((await messages(body)).status, 200, JSON.stringify(body));
  });

  it('refuses an unknown version, a missing key and both key headers at once', async () => {
    const r = await messages(base, { 'x-api-key': 'k', 'anthropic-version': '2099-01-01' });
    assert.equal(r.status, 400);
    assert.match(errorOf(r.json).message, /anthropic-version: 2099-01-01 is not a valid version/);
    assert.equal((await messages(base, { 'anthropic-version': '2026-10-21' })).status, 401);
    const both = await messages(base, { ...v2026, authorization: 'Bearer k' });
    assert.equal(both.status, 401);
    assert.equal(errorOf(both.json).type, 'authentication_error');
  });

  it('counts tokens under the same version rules', async () => {
    const { max_tokens: _, ...count } = base;
    const ok = await post(`${server.url}/v1/messages/count_tokens`, count, v2026);
    assert.equal(ok.status, 200);
    assert.equal(typeof ok.json.input_tokens, 'number');
    const hot = await post(`${server.url}/v1/messages/count_tokens`, { ...count, temperature: 1 }, v2026);
    assert.equal(hot.status, 400);
    assert.equal(
      (await post(`${server.url}/v1/messages/count_tokens`, base, v2026)).status,
      400,
      'no max_tokens there',
    );
  });

  it('Message Batches: the envelope is refused at once, an invalid entry comes back errored', async () => {
    const batches: BatchServer = await startAnthropicBatchContractServer({ pollsUntilEnd: 0 });
    try {
      const bad = await post(
        `${batches.url}/v1/messages/batches`,
        { requests: [{ custom_id: 'has space', params: base }] },
        v2026,
      );
      assert.equal(bad.status, 400);
      assert.match(errorOf(bad.json).message, /custom_id/);
      const created = await post(
        `${batches.url}/v1/messages/batches`,
        {
          requests: [
            { custom_id: 'good', params: base },
            { custom_id: 'hot', params: { ...base, temperature: 1 } },
          ],
        },
        v2026,
      );
      assert.equal(created.status, 200);
      const id = String(created.json.id);
      const poll = await fetch(`${batches.url}/v1/messages/batches/${id}`, { headers: v2026 });
      assert.equal(((await poll.json()) as Json).processing_status, 'ended');
      const res = await fetch(`${batches.url}/v1/messages/batches/${id}/results`, { headers: v2026 });
      const results = (await res.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { custom_id: string; result: Json });
      const by = new Map(results.map((r) => [r.custom_id, r.result]));
      assert.equal(by.get('good')?.type, 'succeeded');
      assert.deepEqual(by.get('hot'), {
        type: 'errored',
        error: {
          type: 'error',
          error: { type: 'invalid_request_error', message: 'temperature: Extra inputs are not permitted' },
        },
      });
    } finally {
      await batches.close();
    }
  });
});

describe('OpenAI contract server', () => {
  let server: ProtocolServer;
  const auth = { authorization: 'Bearer sk-test' };
  const chat = {
    model: 'gpt-5.6-sol',
    messages: [
      { role: 'system', content: 's' },
      { role: 'user', content: 'u' },
    ],
  };
  before(async () => {
    server = await startOpenAIContractServer();
  });
  after(() => server.close());
  const send = (path: string, body: Json, headers: Record<string, string> = auth) =>
    post(`${server.url}${path}`, body, headers);

  it('Chat Completions: max_completion_tokens, never max_tokens, on reasoning models; effort values per model', async () => {
    const cases: [Json, number, RegExp][] = [
      [
        { ...chat, max_tokens: 100 },
        400,
        /'max_tokens' is not supported with this model. Use 'max_completion_tokens'/,
      ],
      [{ ...chat, model: 'o3', reasoning_effort: 'none' }, 400, /does not support 'none'/],
      [{ ...chat, model: 'gpt-5-pro', reasoning_effort: 'low' }, 400, /Supported values are: 'high'/],
      [{ ...chat, model: 'gpt-4.1', reasoning_effort: 'low' }, 400, /'reasoning_effort' is not supported/],
      [{ ...chat, reasoning_effort: 'medium', temperature: 0.6 }, 400, /Only the default \(1\) value/],
      [{ ...chat, model: 'o4-mini' }, 404, /does not exist/],
      [{ ...chat, max_completion_tokens: 200_000 }, 400, /too large/],
      [{ ...chat, thinking: {} }, 400, /Unrecognized request argument supplied: thinking/],
    ];
    for (const [body, status, message] of cases) {
      const r = await send('/v1/chat/completions', body);
      assert.equal(r.status, status, JSON.stringify(body));
      assert.match(errorOf(r.json).message, message);
    }
    const ok: Json[] = [
      { ...chat, reasoning_effort: 'max', max_completion_tokens: 20_000 },
      { ...chat, reasoning_effort: 'none', temperature: 0.6 },
      { ...chat, model: 'gpt-4.1', max_tokens: 100, temperature: 0.2 },
    ];
    for (const body of ok)
      assert.equal((await send('/v1/chat/completions', body)).status, 200, JSON.stringify(body));
    assert.equal((await send('/v1/chat/completions', chat, {})).status, 401);
  });

  it('Responses: reasoning.effort, max_output_tokens of at least 16, no chat fields', async () => {
    const body = { model: 'gpt-5.6-sol', instructions: 's', input: 'u', store: false };
    assert.equal(
      (await send('/v1/responses', { ...body, reasoning: { effort: 'low' }, max_output_tokens: 1000 }))
        .status,
      200,
    );
    const r = await send('/v1/responses', { ...body, max_completion_tokens: 1000 });
    assert.equal(r.status, 400);
    assert.match(errorOf(r.json).message, /Unknown parameter: 'max_completion_tokens'/);
    assert.equal((await send('/v1/responses', { ...body, max_output_tokens: 8 })).status, 400);
    assert.equal(
      (await send('/v1/responses', { ...body, model: 'gpt-4o', reasoning: { effort: 'low' } })).status,
      400,
    );
  });

  it('Batch: a file mixing models fails the batch; a refused line comes back in the error file', async () => {
    const batches = await startOpenAIBatchContractServer({ pollsUntilEnd: 0 });
    const upload = async (lines: Json[]) => {
      const form = new FormData();
      form.append('purpose', 'batch');
      form.append('file', new Blob([lines.map((l) => JSON.stringify(l)).join('\n')]), 'in.jsonl');
      const res = await fetch(`${batches.url}/v1/files`, { method: 'POST', headers: auth, body: form });
      return ((await res.json()) as Json).id as string;
    };
    const line = (id: string, body: Json) => ({
      custom_id: id,
      method: 'POST',
      url: '/v1/chat/completions',
      body,
    });
    const create = async (fileId: string) =>
      post(
        `${batches.url}/v1/batches`,
        { input_file_id: fileId, endpoint: '/v1/chat/completions', completion_window: '24h' },
        auth,
      );
    const poll = async (id: string) => {
      await fetch(`${batches.url}/v1/batches/${id}`, { headers: auth });
      return (await (await fetch(`${batches.url}/v1/batches/${id}`, { headers: auth })).json()) as Json;
    };
    try {
      const mixed = await create(await upload([line('a', chat), line('b', { ...chat, model: 'gpt-5.4' })]));
      const failed = await poll(String(mixed.json.id));
      assert.equal(failed.status, 'failed');
      assert.match(JSON.stringify(failed.errors), /mismatched_model/);
      const one = await create(await upload([line('a', chat), line('b', { ...chat, max_tokens: 100 })]));
      const done = await poll(String(one.json.id));
      assert.equal(done.status, 'completed');
      const errors = await (
        await fetch(`${batches.url}/v1/files/${String(done.error_file_id)}/content`, { headers: auth })
      ).text();
      const b = JSON.parse(errors.trim()) as {
        custom_id: string;
        response: { status_code: number; body: Json };
      };
      assert.equal(b.custom_id, 'b');
      assert.equal(b.response.status_code, 400);
      assert.match(errorOf(b.response.body).message, /max_tokens/);
      const window = await post(
        `${batches.url}/v1/batches`,
        { input_file_id: 'x', endpoint: '/v1/chat/completions', completion_window: '1h' },
        auth,
      );
      assert.equal(window.status, 400);
    } finally {
      await batches.close();
    }
  });
});

describe('Gemini contract server', () => {
  let server: ProtocolServer;
  const key = { 'x-goog-api-key': 'AIza-test' };
  const base = {
    contents: [{ role: 'user', parts: [{ text: 'u' }] }],
    systemInstruction: { parts: [{ text: 's' }] },
  };
  before(async () => {
    server = await startGeminiContractServer();
  });
  after(() => server.close());
  const generate = (model: string, generationConfig: Json, headers: Record<string, string> = key) =>
    post(`${server.url}/v1beta/models/${model}:generateContent`, { ...base, generationConfig }, headers);

  it('holds thinkingBudget to each 2.5 model’s range, thinkingLevel to Gemini 3, never both', async () => {
    const cases: [string, Json, number, RegExp][] = [
      ['gemini-2.5-flash-lite', { thinkingConfig: { thinkingBudget: 100 } }, 400, /between 512 and 24576/],
      [
        'gemini-2.5-flash-lite',
        { thinkingConfig: { thinkingBudget: 0, includeThoughts: true } },
        400,
        /include_thoughts/,
      ],
      ['gemini-2.5-flash-lite', { thinkingConfig: { thinkingLevel: 'low' } }, 400, /not supported/],
      [
        'gemini-3.8-flash',
        { thinkingConfig: { thinkingLevel: 'low', thinkingBudget: 1024 } },
        400,
        /cannot both be set/,
      ],
      [
        'gemini-3.1-pro-preview',
        { thinkingConfig: { thinkingLevel: 'minimal' } },
        400,
        /minimal is not supported/,
      ],
      ['gemini-3.8-flash', { thinkingConfig: { thinking_budget: 1 } }, 400, /Unknown name "thinking_budget"/],
      ['gemini-3.8-flash', { temperature: 3 }, 400, /temperature/],
      ['gemini-3-pro-preview', {}, 404, /not found/],
      ['gemini-2.5-pro', {}, 404, /not found/],
    ];
    for (const [model, cfg, status, message] of cases) {
      const r = await generate(model, cfg);
      assert.equal(r.status, status, `${model} ${JSON.stringify(cfg)}`);
      assert.match(errorOf(r.json).message, message);
    }
    const ok: [string, Json][] = [
      ['gemini-2.5-flash-lite', { thinkingConfig: { thinkingBudget: 0 }, maxOutputTokens: 10_000 }],
      ['gemini-2.5-flash-lite', { thinkingConfig: { thinkingBudget: -1, includeThoughts: true } }],
      ['gemini-3.8-flash', { thinkingConfig: { thinkingLevel: 'minimal', includeThoughts: true }, seed: 4 }],
    ];
    for (const [model, cfg] of ok)
      assert.equal((await generate(model, cfg)).status, 200, `${model} ${JSON.stringify(cfg)}`);
    const anon = await generate('gemini-3.8-flash', {}, {});
    assert.equal(anon.status, 403);
    assert.equal(errorOf(anon.json).status, 'PERMISSION_DENIED');
  });
});
