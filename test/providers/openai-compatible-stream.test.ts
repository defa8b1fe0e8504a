import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ModelConfig } from '../../src/config/schema.js';
import { createOpenAICompatibleProvider } from '../../src/providers/openai-compatible.js';
import { ChatStreamAssembler, StreamError } from '../../src/providers/openai-compatible-stream.js';
import { SseParser } from '../../src/providers/sse.js';
import type { GenerateResponse } from '../../src/providers/types.js';
import { validateExperiment } from '../../src/run/load.js';
import { outputColumns } from '../../src/run/sample.js';
import { ProviderError, UserError } from '../../src/util/errors.js';
import {
  type ChatStreamServer,
  type StreamFault,
  type StreamTurn,
  startChatStreamServer,
  streamEvents,
} from '../contracts/chat-stream-server.js';
import { assertRawRoundTrip } from '../helpers/raw-round-trip.js';
import { makeRequest, NEVER } from '../helpers/requests.js';

// Multi-byte characters on purpose: packets cut inside them must not garble the text.
const REASONING = 'Two fruits — an apple 🍎 and an orange 🍊; the weights are noise, so 2. '.repeat(40);

/** The columns a sample row takes from a response (src/run/executor.ts), for comparing two answers. */
function stored(r: GenerateResponse) {
  const out = outputColumns(r.text, r.reasoningText, r.raw, r.rawText);
  return {
    sent_params: JSON.stringify(r.sentParams),
    budget_note: r.budgetNote ?? null,
    text: out.text,
    reasoning_text: out.reasoning_text,
    raw: out.raw,
    input_tokens: r.usage.input,
    output_tokens: r.usage.output,
    reasoning_tokens: r.usage.reasoning,
    reasoning_source: r.usage.reasoningSource,
    stop_reason: r.stopReason,
    cost_usd: r.costUsd ?? null,
  };
}

describe('openai-compatible with options.stream against a strict SSE server', () => {
  let server: ChatStreamServer;
  let turn: StreamTurn;
  let fault: StreamFault | undefined;
  before(async () => {
    server = await startChatStreamServer(
      () => turn,
      () => fault,
    );
  });
  after(() => server.close());
  beforeEach(() => {
    turn = { text: '<answer>2</answer>', reasoning: REASONING, promptTokens: 40, completionTokens: 900 };
    fault = undefined;
  });
  const provider = (options: Record<string, unknown> = {}, over: Partial<ModelConfig> = {}) =>
    createOpenAICompatibleProvider({
      id: 'openai-compatible:qwen3',
      baseUrl: `${server.url}/v1`,
      budgetMode: 'vllm',
      options,
      ...over,
    });

  it('asks for the usage chunk and stores the streamed sample as the unstreamed one, but for the flag', async () => {
    const plain = await provider().generate(makeRequest({ budget: 1024 }), NEVER);
    const streamed = await provider({ stream: true }).generate(makeRequest({ budget: 1024 }), NEVER);
    const body = server.bodies.at(-1) ?? {};
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.equal(server.bodies.at(-2)?.stream, undefined);
    const a = stored(plain);
    const b = stored(streamed);
    // Either way, the store gives the raw body back byte for byte, stored without the texts.
    assertRawRoundTrip(plain);
    assertRawRoundTrip(streamed);
    assert.equal(b.reasoning_text, REASONING);
    assert.equal(b.input_tokens, 40);
    assert.deepEqual({ ...b, raw: '' }, { ...a, raw: '' });
    // raw: the completion assembled from the chunks, never the SSE text, marked as streamed.
    const { streamed: flag, ...rest } = JSON.parse(b.raw as string);
    assert.equal(flag, true);
    assert.deepEqual(rest, JSON.parse(a.raw as string));
  });

  it('reads `reasoning` deltas, CRLF and CR line ends, keep-alive comments and packets cut anywhere', async () => {
    for (const eol of ['\r\n', '\r', '\n'] as const) {
      turn = {
        ...turn,
        reasoningField: 'reasoning',
        eol,
        packetBytes: 7,
        comments: true,
        finishReason: 'length',
      };
      const r = await provider({ stream: true }).generate(makeRequest({ budget: 1024 }), NEVER);
      assert.equal(r.reasoningText, REASONING, eol);
      assert.equal(r.text, '<answer>2</answer>');
      assert.equal(r.stopReason, 'max_tokens');
    }
  });

  const failure = async (f: StreamFault, options: Record<string, unknown> = {}) => {
    fault = f;
    try {
      await provider({ stream: true, ...options }).generate(makeRequest({ budget: 1024 }), NEVER);
    } catch (err) {
      assert.ok(err instanceof ProviderError, String(err));
      return err;
    }
    assert.fail('the stream was taken as an answer');
  };

  it('a malformed chunk, a missing [DONE] or a JSON body are unreadable responses (retried), with nothing kept', async () => {
    const bad = await failure({ kind: 'malformed', afterEvents: 50 });
    assert.equal(bad.errorClass, 'bad_response');
    assert.equal(bad.retryable, true);
    assert.match(bad.message, /^openai-compatible:qwen3: unreadable stream: a malformed chunk/);
    assert.deepEqual(bad.sent?.params.thinking_token_budget, 1024);
    const noDone = await failure({ kind: 'no-done' });
    assert.match(noDone.message, /ended without data: \[DONE\]/);
    assert.equal(noDone.errorClass, 'bad_response');
    const json = await failure({ kind: 'json-instead' });
    assert.match(json.message, /expected text\/event-stream, got application\/json/);
    assert.equal(json.errorClass, 'bad_response');
  });

  it('an error event mid-stream is a provider error of its type; a cut stream a network error', async () => {
    const e = await failure({ kind: 'error-event', afterEvents: 30 });
    assert.equal(e.errorClass, 'server');
    assert.equal(e.retryable, true);
    assert.match(e.message, /error event in the stream: engine died/);
    const cut = await failure({ kind: 'cut', afterEvents: 30 });
    assert.equal(cut.errorClass, 'network');
  });

  it('a stalled stream is a retryable timeout, worded as the runner words its own', async () => {
    const started = performance.now();
    const e = await failure({ kind: 'stall', afterEvents: 10 }, { streamIdleSeconds: 0.2 });
    // Never before the idle time has passed since the last byte (the watch looks every 50 ms here).
    assert.ok(performance.now() - started >= 190, `timed out after ${performance.now() - started} ms`);
    assert.equal(e.errorClass, 'timeout');
    assert.equal(e.retryable, true);
    assert.equal(e.message, 'request timed out');
  });

  it('a slow stream that never pauses for the idle time is read whole, however long it takes', async () => {
    turn = { ...turn, reasoning: 'Two and two. '.repeat(3) };
    fault = { kind: 'slow', gapMs: 80 };
    const p = provider({ stream: true, streamIdleSeconds: 0.2 });
    const started = performance.now();
    const r = await p.generate(makeRequest({ budget: 1024 }), NEVER);
    assert.ok(performance.now() - started > 400, 'the stream took longer than twice the idle time');
    assert.equal(r.text, '<answer>2</answer>');
    assert.equal(r.reasoningText, turn.reasoning);
  });

  it('a delta past the event limit is refused, not held', () => {
    const chunks = new ChatStreamAssembler(1000);
    const head = streamEvents({ model: 'm', stream: true }, { text: 'ok' })[0];
    chunks.push(`data: ${head}\n\n`);
    const huge = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'x'.repeat(2000) } }] })}\n\n`;
    assert.throws(
      () => {
        for (let i = 0; i < huge.length; i += 100) chunks.push(huge.slice(i, i + 100));
      },
      (e: unknown) => e instanceof StreamError && /longer than 1000 characters/.test(e.message),
    );
  });

  it('a huge delta within the limit arrives whole', async () => {
    fault = { kind: 'huge-delta', chars: 3_000_000 };
    const r = await provider({ stream: true }).generate(makeRequest({ budget: 1024 }), NEVER);
    assert.equal(r.text.length, 3_000_000 + '<answer>2</answer>'.length);
  });

  it('options are checked: stream a boolean (at load too), an idle time in range, not with the SDK client', () => {
    assert.throws(
      () =>
        validateExperiment(
          {
            models: [{ id: 'openai-compatible:x', baseUrl: server.url, options: { stream: 'yes' } }],
            tasks: ['misleading-math'],
          },
          'c.yaml',
        ),
      (e: unknown) =>
        e instanceof UserError && e.message === 'c.yaml: models[0].options.stream: expected true or false',
    );
    assert.throws(
      () => provider({ stream: 'yes' }),
      (e: unknown) => e instanceof UserError && /options.stream/.test(e.message),
    );
    assert.throws(
      () => provider({ stream: true, streamIdleSeconds: 0 }),
      (e: unknown) => e instanceof UserError && /streamIdleSeconds/.test(e.message),
    );
    assert.throws(
      () => provider({ stream: true, client: 'sdk' }),
      (e: unknown) => e instanceof UserError && /client/.test(e.message),
    );
  });
});

describe('SseParser', () => {
  it('parses the same events however the text is cut', () => {
    const wire =
      ': hi\r\ndata: a\r\ndata:  b\r\n\r\nevent: x\rdata:c\r\rdata: \ndata\n\ndata: [DONE]\n\nid: 1\n\n';
    const want = [
      ['a\n b', ''],
      ['c', 'x'],
      ['\n', ''],
      ['[DONE]', ''],
    ];
    for (let size = 1; size <= wire.length; size++) {
      const got: string[][] = [];
      const p = new SseParser((d, e) => got.push([d, e]), 100);
      for (let i = 0; i < wire.length; i += size) p.push(wire.slice(i, i + size));
      assert.deepEqual(got, want, `cut every ${size}`);
      assert.equal(p.pending, false);
    }
  });

  it('an event left open at the end is pending, not dispatched', () => {
    const got: string[] = [];
    const p = new SseParser((d) => got.push(d), 100);
    p.push('data: one\n\ndata: tw');
    assert.deepEqual(got, ['one']);
    assert.equal(p.pending, true);
  });
});
