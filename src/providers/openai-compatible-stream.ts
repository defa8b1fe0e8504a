import { SseError, SseParser } from './sse.js';

/**
 * A streamed Chat Completion put back together as the `chat.completion` the same request would
 * have returned without `stream`, so a streamed sample is parsed and stored like any other.
 *
 * The wire, as documented:
 * - OpenAI API reference, "The chat completion chunk object" and `stream_options.include_usage`:
 *   `data: <chunk JSON>` events, each chunk's `choices[i].delta` holding the next piece of `role`,
 *   `content` or `refusal`, `finish_reason` set on a choice's last chunk; with `include_usage` "an
 *   additional chunk will be streamed before the `data: [DONE]` message. The `usage` field on this
 *   chunk shows the token usage statistics for the entire request, and the `choices` field will always
 *   be an empty array. All other chunks will also include a `usage` field, but with a null value."
 *   The stream ends with `data: [DONE]`.
 * - vLLM, "Reasoning Outputs" (docs.vllm.ai/en/latest/features/reasoning_outputs) and its example
 *   openai_chat_completion_with_reasoning_streaming.py: the reasoning arrives as `delta.reasoning`
 *   (`delta.reasoning_content` before v0.11, still sent by SGLang, llama.cpp and DeepSeek); "content
 *   may not exist" in a chunk. An error after the stream started is sent as `data: {"error": {…}}`.
 *
 * The assembled body keeps every top-level field the first chunk carried (id, created, model,
 * system_fingerprint…) with `object: 'chat.completion'`, each choice as `{index, message,
 * finish_reason}` plus any other field its chunks carried (`logprobs`, vLLM's `stop_reason`), and the usage chunk's
 * `usage`. A message field is present only if some delta carried it (`content` null otherwise, as a
 * server reports a message without content). Text pieces are kept in arrays and joined once.
 */

/** An event longer than this is refused: 16 Mi characters is hundreds of times a long trace's delta. */
export const MAX_EVENT_CHARS = 16 * 1024 * 1024;

/** The stream broke the protocol: the provider reports it as an unreadable response (retryable). */
export class StreamError extends Error {
  override name = 'StreamError';
}

interface ChoiceParts {
  index: number;
  role?: string;
  /** Pieces of each text field of the message (content, reasoning_content, reasoning, refusal). */
  texts: Map<string, string[]>;
  extra: Record<string, unknown>;
  finish: unknown;
}

export class ChatStreamAssembler {
  private head: Record<string, unknown> | undefined;
  private readonly choices = new Map<number, ChoiceParts>();
  private usage: unknown;
  private done = false;
  private readonly parser: SseParser;

  constructor(maxEventChars = MAX_EVENT_CHARS) {
    this.parser = new SseParser((data) => this.event(data), maxEventChars);
  }

  /** Feeds text as received (already decoded as UTF-8). Throws StreamError or an error event's error. */
  push(text: string): void {
    try {
      this.parser.push(text);
    } catch (err) {
      throw err instanceof SseError ? new StreamError(err.message) : err;
    }
  }

  /** The assembled `chat.completion`, once the stream has ended; StreamError if it ended early. */
  finish(): Record<string, unknown> {
    if (!this.done) {
      throw new StreamError(
        this.head === undefined
          ? 'the stream ended before any chunk'
          : 'the stream ended without data: [DONE]',
      );
    }
    const { object: _o, choices: _c, usage: _u, ...head } = this.head ?? {};
    const choices = [...this.choices.values()]
      .sort((a, b) => a.index - b.index)
      .map((c) => {
        const message: Record<string, unknown> = { role: c.role ?? 'assistant' };
        message.content = c.texts.has('content') ? (c.texts.get('content') as string[]).join('') : null;
        for (const [field, parts] of c.texts) if (field !== 'content') message[field] = parts.join('');
        return { index: c.index, message, ...c.extra, finish_reason: c.finish ?? null };
      });
    const body: Record<string, unknown> = { ...head, object: 'chat.completion', choices };
    if (this.usage !== undefined && this.usage !== null) body.usage = this.usage;
    return body;
  }

  private event(data: string): void {
    if (this.done) return; // nothing follows [DONE]; a stray event after it changes nothing
    if (data === '[DONE]') {
      this.done = true;
      return;
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch (err) {
      throw new StreamError(`a malformed chunk (${(err as Error).message}): ${data.slice(0, 80)}`);
    }
    if (chunk === null || typeof chunk !== 'object' || Array.isArray(chunk))
      throw new StreamError(`a chunk that is not an object: ${data.slice(0, 80)}`);
    const c = chunk as Record<string, unknown>;
    if (c.error !== undefined && c.error !== null) throw streamedError(c.error);
    if (!Array.isArray(c.choices)) throw new StreamError(`a chunk without choices: ${data.slice(0, 80)}`);
    this.head ??= c;
    if (c.usage !== undefined && c.usage !== null) this.usage = c.usage;
    for (const choice of c.choices) this.choice(choice);
  }

  // Called ~10k times a sample with 4-character deltas: plain for…in loops, no rest objects or entry arrays.
  private choice(raw: unknown): void {
    if (raw === null || typeof raw !== 'object') throw new StreamError('a choice that is not an object');
    const c = raw as Record<string, unknown>;
    const i = typeof c.index === 'number' ? c.index : 0;
    let parts = this.choices.get(i);
    if (!parts) {
      // No prototype: a hostile `__proto__` field stays a plain field.
      parts = { index: i, texts: new Map(), extra: Object.create(null), finish: null };
      this.choices.set(i, parts);
    }
    for (const k in c) {
      if (k === 'index' || k === 'delta' || k === 'finish_reason') continue;
      // Other fields of a choice (logprobs, which we never ask for; vLLM's stop_reason): the last value
      // that is not null, else null, as the unstreamed body has them.
      const v = c[k];
      if (v !== null || !(k in parts.extra)) parts.extra[k] = v;
    }
    if (c.finish_reason !== null && c.finish_reason !== undefined) parts.finish = c.finish_reason;
    const delta = c.delta;
    if (delta === null || delta === undefined) return;
    if (typeof delta !== 'object') throw new StreamError('a delta that is not an object');
    const d = delta as Record<string, unknown>;
    for (const field in d) {
      const v = d[field];
      if (field === 'role') {
        if (typeof v === 'string') parts.role = v;
      } else if (typeof v === 'string') {
        const list = parts.texts.get(field);
        if (list) list.push(v);
        else parts.texts.set(field, [v]);
      }
      // null pieces (`content: null` beside a reasoning delta) and tool calls carry no text.
    }
  }
}

/** An error sent inside the stream, shaped like the SDK's APIError (message, `type`) for classifying. */
function streamedError(error: unknown): Error {
  const e = (typeof error === 'object' ? error : { message: String(error) }) as Record<string, unknown>;
  const message = typeof e.message === 'string' ? e.message : JSON.stringify(error);
  const type =
    typeof e.type === 'string' && e.type ? e.type : typeof e.code === 'string' ? e.code : 'api_error';
  return Object.assign(new Error(`error event in the stream: ${message}`), { type });
}
