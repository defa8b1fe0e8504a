/**
 * How long one request may take when the experiment sets no `timeoutMs`.
 *
 * Ten minutes, or longer for a request whose max_tokens would take longer to generate. Anthropic's SDK
 * expects up to 60 minutes per 128,000 output tokens (it refuses a non-streaming request past ten
 * minutes of that, so overthink streams above max_tokens 21,333); we allow twice that, ~18 tokens a
 * second, as vLLM on a small GPU can be. A fixed ten minutes cut off the longest healthy generations
 * (the paper's budget of 16,384 asks for max_tokens near 26,000) and retried them, losing exactly the
 * long traces an inverse-scaling curve is about. A stalled openai-compatible stream still ends early,
 * after `streamIdleSeconds` without a byte.
 */
export const DEFAULT_TIMEOUT_MS = 600_000;

/** The documented worst case, 60 minutes per 128,000 tokens, doubled: ms per output token. */
const MS_PER_TOKEN = (2 * 3_600_000) / 128_000;

/** The rule in words, for `--help` and docs/reference.md. */
export const DEFAULT_TIMEOUT_WORDS = `${DEFAULT_TIMEOUT_MS / 60_000} min, longer for a long max_tokens: ${MS_PER_TOKEN} ms a token`;

/** The per-request timeout: `timeoutMs` when the experiment sets it, else the rule above. */
export function requestTimeoutMs(maxTokens: number, timeoutMs: number | undefined): number {
  return timeoutMs ?? Math.max(DEFAULT_TIMEOUT_MS, Math.ceil(maxTokens * MS_PER_TOKEN));
}
