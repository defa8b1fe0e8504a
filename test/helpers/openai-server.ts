import {
  type ProtocolServer,
  type RecordedRequest,
  type Reply,
  startProtocolServer,
} from './protocol-server.js';

/**
 * Speaks OpenAI's Chat Completions (`POST /v1/chat/completions`, JSON or SSE) and Responses
 * (`POST /v1/responses`) APIs, plus llama.cpp's `POST /tokenize` when `tokenize` is on. Serves both
 * the `openai` provider and the OpenAI-compatible one (reasoning in `reasoning_content`/`reasoning`).
 */
export interface ChatTurn {
  text?: string;
  reasoning?: string;
  /** Which message field carries the reasoning (OpenAI itself returns none). */
  reasoningField?: 'reasoning_content' | 'reasoning';
  finishReason?: string;
  promptTokens?: number;
  completionTokens?: number;
  /** Reported as usage.completion_tokens_details.reasoning_tokens when set. */
  reasoningTokens?: number;
  /** Responses API: status and incomplete reason. */
  status?: 'completed' | 'incomplete';
  incompleteReason?: string;
  headers?: Record<string, string>;
}

export interface OpenAIServerOptions {
  turn?: (body: Record<string, unknown>, path: string) => ChatTurn;
  /** Answer `POST /tokenize` like llama.cpp: one token per 3 characters of `content`. */
  tokenize?: boolean;
}

export const defaultChatTurn = (): ChatTurn => ({
  text: '<answer>2</answer>',
  finishReason: 'stop',
  promptTokens: 30,
  completionTokens: 120,
  reasoningTokens: 100,
});

export function startOpenAIServer(opts: OpenAIServerOptions = {}): Promise<ProtocolServer> {
  return startProtocolServer((req) => openaiReply(req, opts));
}

/** The fake tokenizer: ceil(chars / 3), so tests can tell it from the chars/4 estimate. */
export function fakeTokenCount(text: string): number {
  return Math.ceil(text.length / 3);
}

export function openaiReply(req: RecordedRequest, opts: OpenAIServerOptions): Reply {
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (req.path === '/tokenize' && opts.tokenize) {
    const n = fakeTokenCount(String(body.content ?? ''));
    return { json: { tokens: Array.from({ length: n }, (_, i) => i) } };
  }
  const t = (opts.turn ?? defaultChatTurn)(body, req.path);
  if (req.path === '/v1/responses') return { json: responsesBody(body, t), headers: t.headers };
  if (req.path !== '/v1/chat/completions') return { status: 404, json: { error: { message: 'not found' } } };
  const message: Record<string, unknown> = { role: 'assistant', content: t.text ?? '' };
  if (t.reasoning !== undefined) message[t.reasoningField ?? 'reasoning_content'] = t.reasoning;
  const usage: Record<string, unknown> = {
    prompt_tokens: t.promptTokens ?? 10,
    completion_tokens: t.completionTokens ?? 10,
    total_tokens: (t.promptTokens ?? 10) + (t.completionTokens ?? 10),
  };
  if (t.reasoningTokens !== undefined)
    usage.completion_tokens_details = { reasoning_tokens: t.reasoningTokens };
  const completion = {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: body.model,
    choices: [{ index: 0, message, finish_reason: t.finishReason ?? 'stop' }],
    usage,
  };
  if (body.stream !== true) return { json: completion, headers: t.headers };
  const chunk = (
    delta: Record<string, unknown>,
    finish: string | null,
    extra: Record<string, unknown> = {},
  ) => ({
    data: {
      id: 'chatcmpl-test',
      object: 'chat.completion.chunk',
      model: body.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...extra,
    },
  });
  return {
    headers: t.headers,
    sse: [
      chunk({ role: 'assistant', content: '' }, null),
      ...(t.reasoning ? [chunk({ [t.reasoningField ?? 'reasoning_content']: t.reasoning }, null)] : []),
      chunk({ content: t.text ?? '' }, null),
      chunk({}, t.finishReason ?? 'stop', { usage }),
      { data: '[DONE]' },
    ],
  };
}

function responsesBody(body: Record<string, unknown>, t: ChatTurn): Record<string, unknown> {
  const output: Array<Record<string, unknown>> = [];
  if (t.reasoning !== undefined) {
    output.push({ id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: t.reasoning }] });
  }
  output.push({
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text: t.text ?? '', annotations: [] }],
  });
  return {
    id: 'resp_1',
    object: 'response',
    created_at: 1_700_000_000,
    model: body.model,
    status: t.status ?? 'completed',
    incomplete_details:
      t.status === 'incomplete' ? { reason: t.incompleteReason ?? 'max_output_tokens' } : null,
    output,
    usage: {
      input_tokens: t.promptTokens ?? 10,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: t.completionTokens ?? 10,
      output_tokens_details: { reasoning_tokens: t.reasoningTokens ?? 0 },
      total_tokens: (t.promptTokens ?? 10) + (t.completionTokens ?? 10),
    },
  };
}
