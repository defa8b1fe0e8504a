import type { StopReason } from '../core/response.js';

/** The runner enforces its own timeout through the AbortSignal; the SDK's must never fire first. */
export const SDK_TIMEOUT_MS = 6 * 3_600_000;

/** What a Chat Completions response says, whoever served it. */
export interface ParsedChat {
  text: string;
  reasoningText?: string;
  stopReason: StopReason;
  input: number;
  output: number;
  /** `usage.completion_tokens_details.reasoning_tokens`, when the server reports it. */
  reportedReasoning?: number;
  /** Set when the body holds no answer at all (see `noAnswer`): what is missing. */
  missing?: string;
}

interface ChatMessageLike {
  content?: string | null;
  refusal?: string | null;
  reasoning_content?: string | null;
  reasoning?: string | null;
}

export function parseChat(completion: unknown): ParsedChat {
  const c = completion as {
    choices?: Array<{ message?: ChatMessageLike; finish_reason?: string | null }>;
    usage?: {
      prompt_tokens?: number;
      completion_tokens?: number;
      completion_tokens_details?: { reasoning_tokens?: number };
    };
  };
  const choice = c.choices?.[0];
  const msg = choice?.message ?? {};
  // vLLM, SGLang, llama.cpp and DeepSeek use `reasoning_content`; OpenRouter and Ollama use `reasoning`.
  const reasoningText = msg.reasoning_content ?? msg.reasoning ?? undefined;
  const finish = choice?.finish_reason;
  const stopReason: StopReason =
    msg.refusal || finish === 'content_filter'
      ? 'refusal'
      : finish === 'length'
        ? 'max_tokens'
        : finish === 'stop'
          ? 'end'
          : 'other';
  const reported = c.usage?.completion_tokens_details?.reasoning_tokens;
  const text = typeof msg.content === 'string' ? msg.content : '';
  return {
    text,
    reasoningText: reasoningText || undefined,
    stopReason,
    input: c.usage?.prompt_tokens ?? 0,
    output: c.usage?.completion_tokens ?? 0,
    reportedReasoning: typeof reported === 'number' ? reported : undefined,
    missing: missingAnswer(c.choices, choice?.message, msg, finish),
  };
}

/**
 * What a Chat Completions body lacks to be an answer, or undefined when it has one. Content that is
 * a string, even an empty one, is the model's answer; null content without reasoning or a refusal is
 * none, unless the answer was cut at the token limit (truncated: the model's outcome). A content
 * filter that left no text is none either.
 */
function missingAnswer(
  choices: unknown,
  message: unknown,
  msg: ChatMessageLike,
  finish: string | null | undefined,
): string | undefined {
  if (!Array.isArray(choices) || choices.length === 0) return 'no choices';
  if (message === null || typeof message !== 'object') return 'a choice without a message';
  const reasoned = Boolean(msg.reasoning_content || msg.reasoning || msg.refusal);
  if (finish === 'content_filter' && !msg.content && !reasoned)
    return 'a content filter stopped it before any text';
  if (typeof msg.content === 'string' || reasoned || finish === 'length') return undefined;
  return `null content and no reasoning (finish_reason ${finish ?? 'none'})`;
}
