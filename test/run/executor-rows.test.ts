import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Provider } from '../../src/providers/types.js';
import { execute } from '../../src/run/executor.js';
import { ProviderError } from '../../src/util/errors.js';
import { collector, planned } from './support.js';

/** The row the executor stores (built field by field) and its single run-abort listener. */

function provider(generate: Provider['generate']): Provider {
  return {
    id: 'fake:x',
    capabilities: {
      budgetControl: 'tokens',
      returnsReasoningText: true,
      returnsReasoningTokens: true,
      simulated: false,
    },
    generate,
  };
}

function run(p: Provider, n: number, extra: Record<string, unknown> = {}) {
  const { rows, writer } = collector();
  const done = execute(
    planned(n, { budget: 'natural', trial: 2, variant: 'v', seed: 100, maxTokens: 64 }),
    n,
    {
      concurrency: 64,
      timeoutMs: 10_000,
      retries: 0,
      runId: 'run-1',
      prompts: () => ({ system: 's', systemRole: 'system' as const, user: 'u' }),
      providers: new Map([['fake:x', p]]),
      writer,
      signal: new AbortController().signal,
      backoffBaseMs: 1,
      ...extra,
    },
  );
  return { rows, done };
}

test('a success row carries every column, from the plan and from the response', async () => {
  const { rows, done } = run(
    provider(async () => ({
      text: 'T',
      reasoningText: 'R',
      usage: { input: 3, output: 5, reasoning: 4, reasoningSource: 'provider' },
      stopReason: 'max_tokens',
      latencyMs: 7,
      costUsd: 0.25,
      raw: { a: [1] },
      sentParams: { max_tokens: 64 },
      budgetNote: 'note',
    })),
    1,
  );
  await done;
  const { finished_at, ...rest } = rows[0];
  assert.match(finished_at, /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(rest, {
    key: 'h0',
    run_id: 'run-1',
    model: 'fake:x',
    task_id: 't',
    item_id: 'i0',
    regime: 'controlled',
    budget: -1,
    trial: 2,
    variant: 'v',
    seed: 100,
    max_tokens: 64,
    sent_params: '{"max_tokens":64}',
    budget_note: 'note',
    text: 'T',
    reasoning_text: 'R',
    raw: '{"a":[1]}',
    input_tokens: 3,
    output_tokens: 5,
    reasoning_tokens: 4,
    reasoning_source: 'provider',
    stop_reason: 'max_tokens',
    latency_ms: 7,
    cost_usd: 0.25,
    attempts: 1,
    error: null,
    error_class: null,
  });
});

test('a final-error row nulls the response columns and keeps the plan columns', async () => {
  const { rows, done } = run(
    provider(async () => {
      throw new ProviderError('HTTP 400 no', 'bad_request', false);
    }),
    1,
  );
  await done;
  const r = rows[0];
  assert.equal(r.key, 'h0');
  assert.equal(r.seed, 100);
  assert.equal(r.error_class, 'bad_request');
  assert.match(r.error ?? '', /HTTP 400/);
  for (const c of ['text', 'reasoning_text', 'raw', 'sent_params', 'input_tokens', 'latency_ms'] as const)
    assert.equal(r[c], null, c);
});

test('64 attempts in flight share one listener on the run signal; an abort still reaches each', async () => {
  const ac = new AbortController();
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on('warning', onWarning);
  let started = 0;
  let aborted = 0;
  const { rows, done } = run(
    provider(
      (_req, signal) =>
        new Promise((_, reject) => {
          if (++started === 64) setImmediate(() => ac.abort());
          signal.addEventListener('abort', () => {
            aborted++;
            reject(signal.reason);
          });
        }),
    ),
    200,
    { signal: ac.signal },
  );
  const s = await done;
  await new Promise((r) => setImmediate(r));
  process.off('warning', onWarning);
  assert.equal(started, 64);
  assert.equal(aborted, 64, 'every in-flight attempt saw the abort');
  assert.equal(rows.length, 0, 'aborted samples are not stored');
  assert.ok(s.interrupted);
  assert.deepEqual(warnings, [], 'no MaxListenersExceededWarning');
});
