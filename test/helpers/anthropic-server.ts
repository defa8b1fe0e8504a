import {
  type ProtocolServer,
  type RecordedRequest,
  type Reply,
  type SseEvent,
  startProtocolServer,
} from './protocol-server.js';

/**
 * Speaks the Anthropic Messages API (`POST /v1/messages`), JSON or SSE when the body asks
 * `stream: true`. What the "model" says is decided per request by `turn(body)`.
 */
export interface AnthropicTurn {
  thinking?: string;
  /** Adds a redacted_thinking block before the thinking block. */
  redacted?: boolean;
  text?: string;
  stopReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  /** Reported as usage.output_tokens_details.thinking_tokens when set. */
  thinkingTokens?: number;
  headers?: Record<string, string>;
}

export type TurnFn = (body: Record<string, unknown>) => AnthropicTurn;

export const defaultTurn: TurnFn = (body) => {
  const thinking = body.thinking as { type?: string } | undefined;
  const thinks = thinking?.type === 'enabled' || thinking?.type === 'adaptive';
  return {
    thinking: thinks ? 'I count the apples one by one and ignore the weights.' : undefined,
    text: 'There are two. <answer>2</answer>',
    stopReason: 'end_turn',
    inputTokens: 25,
    outputTokens: thinks ? 40 : 9,
  };
};

export function startAnthropicServer(turn: TurnFn = defaultTurn): Promise<ProtocolServer> {
  return startProtocolServer((req) => anthropicReply(req, turn));
}

export function anthropicReply(req: RecordedRequest, turn: TurnFn): Reply {
  if (req.method !== 'POST' || !req.path.startsWith('/v1/messages')) {
    return { status: 404, json: { type: 'error', error: { type: 'not_found_error', message: 'not found' } } };
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  const t = turn(body);
  const content: Array<Record<string, unknown>> = [];
  if (t.redacted) content.push({ type: 'redacted_thinking', data: 'EncryptedBlob==' });
  if (t.thinking !== undefined)
    content.push({ type: 'thinking', thinking: t.thinking, signature: 'sig-abc' });
  if (t.text !== undefined) content.push({ type: 'text', text: t.text });
  const usage: Record<string, unknown> = {
    input_tokens: t.inputTokens ?? 10,
    output_tokens: t.outputTokens ?? 10,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
  };
  if (t.thinkingTokens !== undefined) usage.output_tokens_details = { thinking_tokens: t.thinkingTokens };
  const message = {
    id: 'msg_test_1',
    type: 'message',
    role: 'assistant',
    model: body.model,
    content,
    stop_reason: t.stopReason ?? 'end_turn',
    stop_sequence: null,
    usage,
  };
  if (body.stream !== true) return { json: message, headers: t.headers };
  return { sse: streamEvents(message, content, usage), headers: t.headers };
}

function streamEvents(
  message: Record<string, unknown>,
  content: Array<Record<string, unknown>>,
  usage: Record<string, unknown>,
): SseEvent[] {
  const ev = (type: string, data: Record<string, unknown>): SseEvent => ({
    event: type,
    data: { type, ...data },
  });
  const events: SseEvent[] = [
    ev('message_start', {
      message: {
        ...message,
        content: [],
        stop_reason: null,
        usage: { ...usage, output_tokens: 1, output_tokens_details: undefined },
      },
    }),
  ];
  content.forEach((block, index) => {
    if (block.type === 'thinking') {
      events.push(
        ev('content_block_start', {
          index,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        }),
      );
      // Split the text in two deltas so that accumulation is exercised.
      const text = String(block.thinking);
      const mid = Math.floor(text.length / 2);
      for (const part of [text.slice(0, mid), text.slice(mid)]) {
        events.push(ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: part } }));
      }
      events.push(
        ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: block.signature } }),
      );
    } else if (block.type === 'text') {
      events.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      events.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } }));
    } else {
      events.push(ev('content_block_start', { index, content_block: block }));
    }
    events.push(ev('content_block_stop', { index }));
  });
  events.push(
    ev('message_delta', {
      delta: { stop_reason: message.stop_reason, stop_sequence: null },
      usage: {
        output_tokens: usage.output_tokens,
        ...(usage.output_tokens_details ? { output_tokens_details: usage.output_tokens_details } : {}),
      },
    }),
  );
  events.push(ev('message_stop', {}));
  return events;
}
