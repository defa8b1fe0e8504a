import type { Reply, SseEvent } from './protocol-server.js';

/**
 * 200 replies that parse but hold no answer, per protocol: what a server in trouble (or a filter)
 * sends instead of a model's answer. The fault server injects them; a client must treat each as a
 * retryable provider error, never as an empty answer to store and score.
 */
export const EMPTY_ANSWER_KINDS = [
  'no-choices', // choices: [] · output: [] · content: [] · candidates: []
  'empty-choice', // choices: [{}] · a message item with no content · a text block without text · candidates: [{}]
  'null-content', // content: null without reasoning · an output_text part without text · text: null · parts: []
  'content-filter', // a content-filter (safety, refusal) finish that left no text
] as const;
export type EmptyAnswerKind = (typeof EMPTY_ANSWER_KINDS)[number];

type Json = Record<string, unknown>;

/** `reply` (a normal answer on `path`) bent into `kind`. */
export function emptyAnswer(kind: EmptyAnswerKind, path: string, reply: Reply): Reply {
  if (path.startsWith('/v1/messages')) return anthropic(kind, reply);
  if (path.startsWith('/v1beta/models/')) return { json: gemini(kind, reply.json as Json) };
  if (path.endsWith('/responses')) return { json: responses(kind, reply.json as Json) };
  return { json: chat(kind, reply.json as Json) };
}

function chat(kind: EmptyAnswerKind, body: Json): Json {
  const choice = (body.choices as Json[])[0];
  const message = { role: 'assistant', content: null };
  const choices = {
    'no-choices': [],
    'empty-choice': [{}],
    'null-content': [{ ...choice, message, finish_reason: 'stop' }],
    'content-filter': [{ ...choice, message, finish_reason: 'content_filter' }],
  }[kind];
  return { ...body, choices };
}

function responses(kind: EmptyAnswerKind, body: Json): Json {
  const message = { id: 'msg_1', type: 'message', role: 'assistant', status: 'completed' };
  if (kind === 'content-filter') {
    return { ...body, status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [] };
  }
  const output = {
    'no-choices': [],
    'empty-choice': [{ ...message, content: [] }],
    'null-content': [{ ...message, content: [{ type: 'output_text', annotations: [] }] }],
  }[kind];
  return { ...body, output };
}

function gemini(kind: EmptyAnswerKind, body: Json): Json {
  const candidates = {
    'no-choices': [],
    'empty-choice': [{}],
    'null-content': [{ content: { role: 'model', parts: [] }, finishReason: 'STOP', index: 0 }],
    'content-filter': [{ finishReason: 'SAFETY', index: 0 }],
  }[kind];
  return { ...body, candidates };
}

function anthropic(kind: EmptyAnswerKind, reply: Reply): Reply {
  const content = {
    'no-choices': [],
    'empty-choice': [{ type: 'text' }],
    'null-content': [{ type: 'text', text: null }],
    'content-filter': [],
  }[kind];
  const stop = kind === 'content-filter' ? 'refusal' : 'end_turn';
  if (!reply.sse) return { json: { ...(reply.json as Json), content, stop_reason: stop } };
  // The stream of such a message: its start, its blocks (if any), the stop.
  const start = reply.sse[0];
  const message = (start.data as Json).message as Json;
  const ev = (type: string, data: Json): SseEvent => ({ event: type, data: { type, ...data } });
  const blocks = content.flatMap((block, index) => [
    ev('content_block_start', { index, content_block: block }),
    ev('content_block_stop', { index }),
  ]);
  return {
    sse: [
      start,
      ...blocks,
      ev('message_delta', {
        delta: { stop_reason: stop, stop_sequence: null },
        usage: message.usage as Json,
      }),
      ev('message_stop', {}),
    ],
  };
}
