import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type Anthropic from '@anthropic-ai/sdk';
import type { ModelConfig } from '../../src/config/schema.js';
import {
  anthropicClients,
  anthropicRequest,
  anthropicResponse,
  createAnthropicProvider,
} from '../../src/providers/anthropic.js';
import { assembleStream } from '../../src/providers/anthropic-stream.js';
import { keepingSent, toProviderError } from '../../src/providers/provider-errors.js';
import type { GenerateResponse } from '../../src/providers/types.js';
import { responseOutcome } from '../../src/run/sample.js';
import { ProviderError } from '../../src/util/errors.js';
import { startAnthropicContractServer } from '../contracts/anthropic-server.js';
import type { ProtocolServer, Reply, SseEvent } from '../helpers/protocol-server.js';
import { makeRequest, NEVER } from '../helpers/requests.js';

/**
 * Our assembly of a streamed message (src/providers/anthropic-stream.ts) against the SDK's own
 * `MessageStream.finalMessage()`, on the same bytes from the same strict loopback server: the same
 * final message (as stored: JSON), the same stored sample, and the same error class when the stream
 * goes wrong. The SDK is the reference because it is what the provider used before.
 */

const KEY = 'sk-ant-test-key-0123456789abcdef';
const MODEL = 'claude-haiku-4-5';

const ev = (type: string, data: Record<string, unknown> = {}): SseEvent => ({
  event: type,
  data: { type, ...data },
});

/** A text in deltas of `size` characters (UTF-16 units: an emoji's surrogate pair may be split). */
function deltas(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

const THINKING = 'Two fruits; the weights do not matter. 🍎 + 🍊 = 2, déjà vu… '.repeat(40);
const ANSWER = 'So there are two: <answer>2</answer>';

function start(usage: Record<string, unknown> = { input_tokens: 31, output_tokens: 1 }): SseEvent {
  return ev('message_start', {
    message: {
      id: 'msg_stream_1',
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...usage },
    },
  });
}

function thinkingBlock(index: number, text = THINKING, signature = 'sig-Abc123=='): SseEvent[] {
  return [
    ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }),
    ...deltas(text, 4).map((t) =>
      ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: t } }),
    ),
    ev('content_block_delta', { index, delta: { type: 'signature_delta', signature } }),
    ev('content_block_stop', { index }),
  ];
}

function textBlock(index: number, text = ANSWER, size = 4): SseEvent[] {
  return [
    ev('content_block_start', { index, content_block: { type: 'text', text: '' } }),
    ...deltas(text, size).map((t) =>
      ev('content_block_delta', { index, delta: { type: 'text_delta', text: t } }),
    ),
    ev('content_block_stop', { index }),
  ];
}

function end(stopReason = 'end_turn', usage: Record<string, unknown> = { output_tokens: 412 }): SseEvent[] {
  return [
    ev('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage }),
    ev('message_stop'),
  ];
}

interface Case {
  name: string;
  reply: Reply;
  /** What the assembled message must hold (besides equalling the SDK's). */
  check?: (m: Anthropic.Message) => void;
}

const thinkingAndText = [start(), ...thinkingBlock(0), ev('ping'), ...textBlock(1), ...end()];

const GOOD: Case[] = [
  {
    name: 'thinking, signature and text in 4-character deltas, with a ping between blocks',
    reply: { sse: thinkingAndText },
    check: (m) => {
      assert.deepEqual(m.content, [
        { type: 'thinking', thinking: THINKING, signature: 'sig-Abc123==' },
        { type: 'text', text: ANSWER },
      ]);
      assert.equal(m.stop_reason, 'end_turn');
      assert.equal(m.usage.output_tokens, 412);
    },
  },
  {
    name: 'a redacted_thinking block before the thinking',
    reply: {
      sse: [
        start(),
        ev('content_block_start', {
          index: 0,
          content_block: { type: 'redacted_thinking', data: 'EncBlob==' },
        }),
        ev('content_block_stop', { index: 0 }),
        ...thinkingBlock(1, 'short'),
        ...textBlock(2),
        ...end(),
      ],
    },
    check: (m) => assert.deepEqual(m.content[0], { type: 'redacted_thinking', data: 'EncBlob==' }),
  },
  {
    name: 'text only, in one delta',
    reply: { sse: [start(), ...textBlock(0, ANSWER, 1000), ...end('end_turn', { output_tokens: 9 })] },
    check: (m) => assert.deepEqual(m.content, [{ type: 'text', text: ANSWER }]),
  },
  {
    name: 'stopped at max_tokens inside the thinking',
    reply: {
      sse: [
        start(),
        ...thinkingBlock(0).slice(0, 30),
        ev('content_block_stop', { index: 0 }),
        ...end('max_tokens'),
      ],
    },
    check: (m) => {
      assert.equal(m.stop_reason, 'max_tokens');
      assert.equal(m.content.length, 1);
    },
  },
  {
    name: 'usage in message_delta with input, cache, server-tool and thinking counts, stop_details, container',
    reply: {
      sse: [
        start({ input_tokens: 5, output_tokens: 1 }),
        ...thinkingBlock(0, 'abc'),
        ...textBlock(1),
        ev('message_delta', {
          delta: {
            stop_reason: 'end_turn',
            stop_sequence: null,
            stop_details: { type: 'end_turn' },
            container: { id: 'c1', expires_at: '2030-01-01T00:00:00Z' },
          },
          usage: {
            input_tokens: 40,
            cache_creation_input_tokens: 100,
            cache_read_input_tokens: 2000,
            output_tokens: 500,
            output_tokens_details: { thinking_tokens: 450 },
            server_tool_use: { web_search_requests: 1 },
          },
        }),
        ev('message_delta', {
          delta: { stop_reason: 'end_turn', stop_sequence: null },
          usage: { output_tokens: 501 },
        }),
        ev('message_stop'),
      ],
    },
    check: (m) => {
      assert.equal(m.usage.input_tokens, 40);
      assert.equal(m.usage.cache_read_input_tokens, 2000);
      assert.equal(m.usage.output_tokens, 501);
      assert.deepEqual((m.usage as { output_tokens_details?: unknown }).output_tokens_details, {
        thinking_tokens: 450,
      });
    },
  },
  {
    name: 'citations, a tool_use input in JSON pieces, a text block without a text field, unknown events, a stray delta',
    reply: {
      sse: [
        start(),
        // No text and no citations field: the first text delta places `text` before `citations`.
        ev('content_block_start', { index: 0, content_block: { type: 'text' } }),
        ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'See ' } }),
        ev('content_block_delta', {
          index: 0,
          delta: { type: 'citations_delta', citation: { cited_text: 'a' } },
        }),
        ev('content_block_delta', {
          index: 0,
          delta: { type: 'citations_delta', citation: { cited_text: 'b' } },
        }),
        ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'this.' } }),
        ev('content_block_stop', { index: 0 }),
        ev('content_block_start', {
          index: 1,
          content_block: { type: 'tool_use', id: 'tu_1', input: {}, name: 'calc' },
        }),
        ...deltas('{"expr": "1 + 1", "n": [1, 2]}', 5).map((p) =>
          ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: p } }),
        ),
        ev('content_block_stop', { index: 1 }),
        ev('content_block_delta', { index: 7, delta: { type: 'text_delta', text: 'nowhere' } }),
        ev('content_block_delta', { index: 1, delta: { type: 'text_delta', text: 'wrong block' } }),
        ev('something_new', { whatever: 1 }),
        { event: 'no-json-here', data: '' },
        ...end('tool_use'),
      ],
    },
    check: (m) => {
      const [text, tool] = m.content as unknown as Record<string, unknown>[];
      assert.equal(text.text, 'See this.');
      assert.equal((text.citations as unknown[]).length, 2);
      assert.deepEqual(tool.input, { expr: '1 + 1', n: [1, 2] });
    },
  },
];

const BAD: Case[] = [
  {
    name: 'an overloaded_error event mid-stream',
    reply: {
      sse: [
        start(),
        ...thinkingBlock(0).slice(0, 10),
        ev('error', { error: { type: 'overloaded_error', message: 'Overloaded' } }),
        ...end(),
      ],
    },
  },
  { name: 'a stream cut mid-way', reply: { sse: thinkingAndText, cutAfterEvents: 40 } },
  { name: 'a stream that ends without message_stop', reply: { sse: thinkingAndText.slice(0, -1) } },
  { name: 'an empty 200 body', reply: { text: '' } },
  {
    name: 'an HTML page',
    reply: { text: '<html><body>Bad gateway</body></html>', headers: { 'content-type': 'text/html' } },
  },
  {
    name: 'data that is not JSON',
    reply: { sse: [start(), { event: 'content_block_start', data: '{"type": "content_bl' }, ...end()] },
  },
  { name: 'message_start twice', reply: { sse: [start(), start(), ...end()] } },
];

describe('Anthropic stream assembly against the SDK MessageStream, on the same bytes', () => {
  let server: ProtocolServer;
  let client: Anthropic;
  const model: ModelConfig = {
    id: `anthropic:${MODEL}`,
    apiKeyEnv: 'OT_TEST_ANTHROPIC_KEY',
    options: { stream: true },
  };
  const req = makeRequest({ budget: 4096, maxTokens: 14096 });
  const { body, translation } = anthropicRequest(model, req);

  before(async () => {
    process.env.OT_TEST_ANTHROPIC_KEY = KEY;
    server = await startAnthropicContractServer();
    model.baseUrl = server.url;
    [client] = anthropicClients(model);
  });
  after(() => server.close());
  afterEach(() => {
    server.intercept(undefined);
    assert.deepEqual(
      server.refused.map((r) => r.reply.json),
      [],
      'the contract server refused a request',
    );
  });

  /** The final message as the SDK's MessageStream gives it (what the provider used before). */
  const sdkMessage = () => client.messages.stream(body, { signal: NEVER }).finalMessage();
  const ourMessage = async () => {
    const { data } = await client.messages
      .create({ ...body, stream: true }, { signal: NEVER })
      .withResponse();
    return assembleStream(data);
  };
  /** The provider before this change: MessageStream, then the same response and error mapping. */
  const before_ = (): Promise<GenerateResponse> =>
    keepingSent(translation.params, translation.note, async () => {
      let m: Anthropic.Message;
      try {
        m = await sdkMessage();
      } catch (err) {
        throw toProviderError(err, NEVER, 'anthropic');
      }
      return anthropicResponse(model, m, translation, 0, { ...m, streamed: true });
    });
  const after_ = () => createAnthropicProvider(model).generate(req, NEVER);

  /** The stored columns of a response (latency aside: it is measured). */
  const stored = (r: GenerateResponse) =>
    responseOutcome(r, {
      sentParams: JSON.stringify(r.sentParams),
      budgetNote: r.budgetNote ?? null,
      raw: r.raw,
      latencyMs: null,
      costUsd: r.costUsd ?? null,
    });

  const settle = async <T>(f: () => Promise<T>): Promise<{ ok: T } | { err: unknown }> => {
    try {
      return { ok: await f() };
    } catch (err) {
      return { err };
    }
  };

  for (const c of GOOD) {
    it(`assembles ${c.name} as the SDK does, and stores the same sample`, async () => {
      server.intercept(() => c.reply);
      const sdk = await sdkMessage();
      const ours = await ourMessage();
      assert.equal(JSON.stringify(ours), JSON.stringify(sdk));
      assert.equal((ours as unknown as { parsed_output: unknown }).parsed_output, null);
      c.check?.(ours);
      const [a, b] = [await before_(), await after_()];
      assert.deepEqual(stored(b), stored(a));
      assert.equal((b.raw as { streamed?: boolean }).streamed, true);
      assert.deepEqual(b.usage, a.usage);
      // The same request body: the SDK's stream helper and ours both send the params plus stream: true.
      const bodies = server.requests.slice(-4).map((r) => r.rawBody);
      assert.equal(new Set(bodies).size, 1, 'every request sent the same body');
      assert.equal(JSON.parse(bodies[0] ?? '{}').stream, true);
    });
  }

  for (const c of BAD) {
    it(`fails on ${c.name} with the error class it had before`, async () => {
      server.intercept(() => c.reply);
      const sdk = await settle(sdkMessage);
      const ours = await settle(ourMessage);
      assert.ok('err' in sdk && 'err' in ours, 'both fail');
      const a = toProviderError(sdk.err, NEVER, 'anthropic');
      const b = toProviderError(ours.err, NEVER, 'anthropic');
      assert.deepEqual([b.errorClass, b.retryable], [a.errorClass, a.retryable]);
      const [pa, pb] = [await settle(before_), await settle(after_)];
      assert.ok('err' in pa && 'err' in pb);
      assert.ok(pb.err instanceof ProviderError);
      const [ea, eb] = [pa.err as ProviderError, pb.err];
      assert.deepEqual([eb.errorClass, eb.retryable, eb.sent], [ea.errorClass, ea.retryable, ea.sent]);
    });
  }

  it('classifies the hostile streams as before: which are retried and which are not', async () => {
    const classes: Record<string, string> = {};
    for (const c of BAD) {
      server.intercept(() => c.reply);
      const r = await settle(after_);
      assert.ok('err' in r && r.err instanceof ProviderError, c.name);
      classes[c.name] = `${r.err.errorClass}${r.err.retryable ? ' (retried)' : ''}`;
    }
    assert.deepEqual(classes, {
      'an overloaded_error event mid-stream': 'overloaded (retried)',
      'a stream cut mid-way': 'network (retried)',
      'a stream that ends without message_stop': 'bad_response (retried)',
      'an empty 200 body': 'bad_response (retried)',
      'an HTML page': 'bad_response (retried)',
      'data that is not JSON': 'bad_response (retried)',
      'message_start twice': 'other',
    });
  });
});
