import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { listenLoopback } from '../helpers/protocol-server.js';

/**
 * A strict loopback OpenAI-compatible Chat Completions server (vLLM / SGLang style) that answers the
 * same turn either as one JSON body or, with `stream: true`, as server-sent events — written from the
 * documentation, independently of our client. Each rule names its source:
 *
 * - [OPENAI-CHUNK] OpenAI API reference, "The chat completion chunk object": `object:
 *   "chat.completion.chunk"`, `choices[].delta` with `role`, `content`, `refusal`; `finish_reason` on a
 *   choice's last chunk, null before; the same `id`, `created`, `model` on every chunk.
 * - [OPENAI-USAGE] `stream_options.include_usage`: "an additional chunk will be streamed before the
 *   `data: [DONE]` message. The `usage` field on this chunk shows the token usage statistics for the
 *   entire request, and the `choices` field will always be an empty array. All other chunks will also
 *   include a `usage` field, but with a null value." `stream_options` is "Only set this when you set
 *   `stream: true`" (vLLM refuses it otherwise: "Stream options can only be defined when `stream=True`").
 * - [VLLM-REASONING] docs.vllm.ai "Reasoning Outputs" and the example
 *   openai_chat_completion_with_reasoning_streaming.py: the reasoning streams as `delta.reasoning`
 *   (`reasoning_content` in earlier versions, SGLang, llama.cpp, DeepSeek); "content may not exist"
 *   in a chunk.
 * - [SSE] WHATWG HTML, server-sent events: `data:` lines, events ended by a blank line, lines ended
 *   by CRLF, LF or CR; `:` comment lines (keep-alives). The stream ends with `data: [DONE]`.
 * - [VLLM-ERROR] an error after the headers went out is sent as `data: {"error": {...}}` and the
 *   stream then ends.
 *
 * Packets are cut at arbitrary byte offsets (`packetBytes`), inside lines and inside UTF-8 characters.
 */

export interface StreamTurn {
  text: string;
  reasoning?: string;
  reasoningField?: 'reasoning_content' | 'reasoning';
  finishReason?: string;
  promptTokens?: number;
  completionTokens?: number;
  /** Characters per delta (4 ≈ one token per event). */
  deltaChars?: number;
  /** Line ending on the wire. */
  eol?: '\n' | '\r\n' | '\r';
  /** Bytes per write; the default writes each event whole. */
  packetBytes?: number;
  /** Keep-alive comment lines between events. */
  comments?: boolean;
}

/** Ways a stream goes wrong, for the hostile-stream tests. */
export type StreamFault =
  | { kind: 'malformed'; afterEvents: number }
  | { kind: 'no-done' }
  | { kind: 'cut'; afterEvents: number }
  | { kind: 'stall'; afterEvents: number }
  /** Each event sent on its own, `gapMs` after the one before: a slow stream that never stalls. */
  | { kind: 'slow'; gapMs: number }
  | { kind: 'error-event'; afterEvents: number }
  | { kind: 'huge-delta'; chars: number }
  | { kind: 'json-instead' };

export interface ChatStreamServer {
  url: string;
  bodies: Record<string, unknown>[];
  close(): Promise<void>;
}

const ID = 'chatcmpl-stream-test';
const CREATED = 1_700_000_000;

/** The unstreamed answer to a turn: the body [OPENAI-CHUNK]'s chunks add up to. */
export function completionOf(model: unknown, t: StreamTurn): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: t.text };
  if (t.reasoning !== undefined) message[t.reasoningField ?? 'reasoning_content'] = t.reasoning;
  return {
    id: ID,
    object: 'chat.completion',
    created: CREATED,
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: t.finishReason ?? 'stop' }],
    usage: usageOf(t),
  };
}

function usageOf(t: StreamTurn) {
  const p = t.promptTokens ?? 40;
  const c = t.completionTokens ?? 90;
  return { prompt_tokens: p, completion_tokens: c, total_tokens: p + c };
}

/** The events of a streamed turn, as `data` payloads ([OPENAI-CHUNK], [OPENAI-USAGE]). */
export function streamEvents(body: Record<string, unknown>, t: StreamTurn): string[] {
  const withUsage = (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    JSON.stringify({
      id: ID,
      object: 'chat.completion.chunk',
      created: CREATED,
      model: body.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(withUsage ? { usage: null } : {}),
    });
  const step = t.deltaChars ?? 4;
  const events = [chunk({ role: 'assistant', content: '' })];
  const field = t.reasoningField ?? 'reasoning_content';
  const pieces = (s: string) => {
    const out: string[] = [];
    for (let i = 0; i < s.length; i += step) out.push(s.slice(i, i + step));
    return out;
  };
  // [VLLM-REASONING] reasoning deltas carry no content field.
  for (const p of pieces(t.reasoning ?? '')) events.push(chunk({ [field]: p }));
  for (const p of pieces(t.text)) events.push(chunk({ content: p }));
  events.push(chunk({}, t.finishReason ?? 'stop'));
  if (withUsage)
    events.push(
      JSON.stringify({
        id: ID,
        object: 'chat.completion.chunk',
        created: CREATED,
        model: body.model,
        choices: [],
        usage: usageOf(t),
      }),
    );
  events.push('[DONE]');
  return events;
}

/** The refusal of a request the documents forbid, or undefined. */
function refusal(body: Record<string, unknown>): string | undefined {
  if (typeof body.model !== 'string') return "'model' is required";
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "'messages' is required";
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return "'stream' must be a boolean";
  // [OPENAI-USAGE]
  if (body.stream_options !== undefined && body.stream !== true)
    return 'Stream options can only be defined when `stream=True`.';
  if (body.stream_options !== undefined) {
    const o = body.stream_options as Record<string, unknown>;
    if (o === null || typeof o !== 'object' || Object.keys(o).some((k) => k !== 'include_usage'))
      return "'stream_options' takes only include_usage";
  }
  return undefined;
}

export async function startChatStreamServer(
  turn: () => StreamTurn,
  fault: () => StreamFault | undefined = () => undefined,
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
  tls?: { cert: string; key: string },
): Promise<ChatStreamServer> {
  const bodies: Record<string, unknown>[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      raw += c;
    });
    req.on('end', () => {
      void answer(req, res, raw);
    });
  };
  const server = tls ? createHttpsServer(tls, onRequest) : createServer(onRequest);
  async function answer(req: IncomingMessage, res: ServerResponse, raw: string) {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'not found', type: 'NotFoundError', code: 404 } }));
      return;
    }
    const body = JSON.parse(raw) as Record<string, unknown>;
    bodies.push(body);
    const refused = refusal(body);
    if (refused) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: refused, type: 'BadRequestError', code: 400 } }));
      return;
    }
    const t = turn();
    const f = fault();
    if (body.stream !== true || f?.kind === 'json-instead') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(completionOf(body.model, t)));
      return;
    }
    let events = streamEvents(body, t);
    if (f?.kind === 'huge-delta')
      events = [
        ...events.slice(0, 1),
        JSON.stringify({
          ...JSON.parse(events[1] as string),
          choices: [{ index: 0, delta: { content: 'x'.repeat(f.chars) }, finish_reason: null }],
        }),
        ...events.slice(2),
      ];
    if (f?.kind === 'no-done') events = events.slice(0, -1);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const eol = t.eol ?? '\n';
    let out = '';
    for (const [i, data] of events.entries()) {
      if (f && 'afterEvents' in f && i === f.afterEvents) {
        if (f.kind === 'cut' || f.kind === 'stall') {
          await flush(res, out, t.packetBytes);
          if (f.kind === 'cut') res.socket?.destroy();
          return; // a stalled stream never ends
        }
        if (f.kind === 'malformed')
          out += `data: {"id": "${ID}", "choices": [{"delta": {"content": "unterminated${eol}${eol}`;
        if (f.kind === 'error-event') {
          // [VLLM-ERROR]
          out += `data: ${JSON.stringify({ error: { object: 'error', message: 'engine died', type: 'InternalServerError', code: 500 } })}${eol}${eol}`;
          break;
        }
      }
      if (t.comments) out += `: keep-alive${eol}`;
      out += `data: ${data}${eol}${eol}`;
      if (f?.kind === 'slow') {
        await flush(res, out, t.packetBytes);
        out = '';
        await new Promise((r) => setTimeout(r, f.gapMs));
      }
    }
    await flush(res, out, t.packetBytes);
    res.end();
  }
  const l = await listenLoopback(server);
  return { url: l.url, bodies, close: l.close };
}

/** Writes `text` whole, or in packets of `bytes` bytes (cutting lines and UTF-8 characters). */
async function flush(res: ServerResponse, text: string, bytes: number | undefined): Promise<void> {
  const buf = Buffer.from(text, 'utf8');
  if (!bytes) {
    res.write(buf);
    return;
  }
  for (let i = 0; i < buf.length; i += bytes) {
    if (!res.write(buf.subarray(i, i + bytes))) await new Promise((r) => res.once('drain', r));
  }
}
