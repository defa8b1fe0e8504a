import type { ErrorClass } from '../core/error-class.js';
import { ProviderError } from '../util/errors.js';
import { scrubSecrets } from './credentials.js';
import type { HeaderGetter } from './rate-hint.js';

/**
 * One place that turns an HTTP status or a thrown error into a ProviderError, so that every provider
 * classifies alike: 429, 529, 5xx, 408, resets and timeouts are retryable; 400/401/403/404 are not.
 * Messages are scrubbed of keys and cut to one line.
 */

export function classifyStatus(status: number): { errorClass: ErrorClass; retryable: boolean } {
  if (status === 429) return { errorClass: 'rate_limit', retryable: true };
  if (status === 529 || status === 503) return { errorClass: 'overloaded', retryable: true };
  if (status === 408) return { errorClass: 'timeout', retryable: true };
  if (status === 409) return { errorClass: 'server', retryable: true };
  if (status >= 500) return { errorClass: 'server', retryable: true };
  if (status === 401 || status === 403) return { errorClass: 'auth', retryable: false };
  if (status >= 400) return { errorClass: 'bad_request', retryable: false };
  return { errorClass: 'other', retryable: false };
}

/**
 * Runs one request; a ProviderError it throws carries what the request sent (its reasoning
 * parameters and budget note), so a failed sample's row still shows which request failed.
 */
export async function keepingSent<T>(
  params: Record<string, unknown>,
  note: string | undefined,
  request: () => Promise<T>,
): Promise<T> {
  try {
    return await request();
  } catch (err) {
    if (err instanceof ProviderError) err.sent = note === undefined ? { params } : { params, note };
    throw err;
  }
}

/** `retry-after-ms`, else `retry-after` as seconds or an HTTP date. */
export function parseRetryAfter(get: HeaderGetter, now: number = Date.now()): number | undefined {
  const ms = Number(get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms / 1000;
  const raw = get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(raw);
  return Number.isFinite(date) ? Math.max(0, (date - now) / 1000) : undefined;
}

export function oneLine(text: string, max = 300): string {
  const flat = scrubSecrets(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export function httpError(
  provider: string,
  status: number,
  detail: string,
  get: HeaderGetter,
): ProviderError {
  const { errorClass, retryable } = classifyStatus(status);
  return new ProviderError(
    oneLine(`${provider}: HTTP ${status}: ${detail}`),
    errorClass,
    retryable,
    parseRetryAfter(get),
  );
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Any thrown error → ProviderError. Understands both SDKs' APIError (numeric `status`, `headers`),
 * their connection/timeout/abort errors, fetch failures and the caller's AbortSignal.
 */
export function toProviderError(err: unknown, signal: AbortSignal, provider: string): ProviderError {
  if (err instanceof ProviderError) return err;
  if (signal.aborted) {
    const reason = signal.reason as { name?: string } | undefined;
    if (reason?.name === 'TimeoutError') return new ProviderError(`${provider}: timed out`, 'timeout', true);
    return new ProviderError(`${provider}: aborted`, 'aborted', false);
  }
  const e = (err ?? {}) as {
    status?: unknown;
    headers?: unknown;
    message?: unknown;
    name?: unknown;
    code?: unknown;
    cause?: unknown;
  };
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (typeof e.status === 'number') return httpError(provider, e.status, message, headerGetter(e.headers));
  const name = typeof e.name === 'string' ? e.name : '';
  if (/Timeout/i.test(name)) return new ProviderError(oneLine(`${provider}: ${message}`), 'timeout', true);
  if (name === 'AbortError' || name === 'APIUserAbortError') {
    return new ProviderError(oneLine(`${provider}: ${message}`), 'aborted', false);
  }
  // Before the network check: V8's "Unterminated string in JSON" would otherwise match 'terminated'.
  // (The Anthropic stream wraps the parser's SyntaxError in an AnthropicError, keeping it as the cause.)
  if (err instanceof SyntaxError || e.cause instanceof SyntaxError) {
    return new ProviderError(oneLine(`${provider}: unreadable response: ${message}`), 'bad_response', true);
  }
  const code = typeof e.code === 'string' ? e.code : codeOf(e.cause);
  if (
    name === 'APIConnectionError' ||
    (code && NETWORK_CODES.has(code)) ||
    /fetch failed|socket hang up|\bterminated\b|other side closed/i.test(message)
  ) {
    return new ProviderError(oneLine(`${provider}: network: ${code ?? message}`), 'network', true);
  }
  // An error event inside a 200 stream (Anthropic sends `overloaded_error` this way): no status, a type.
  const type = errorTypeOf(err);
  if (type) {
    const { errorClass, retryable } = classifyErrorType(type);
    return new ProviderError(oneLine(`${provider}: ${message}`), errorClass, retryable);
  }
  // A 200 whose body was not a stream at all (an HTML page from a proxy, an empty body).
  if (/ended without sending any chunks|unexpected end of (JSON|data)|stream ended/i.test(message)) {
    return new ProviderError(oneLine(`${provider}: unreadable response: ${message}`), 'bad_response', true);
  }
  return new ProviderError(oneLine(`${provider}: ${message}`), 'other', false);
}

/** The `error.type` an SDK error carries (`type`, or the parsed body's `error.type`). */
function errorTypeOf(err: unknown): string | undefined {
  const e = err as { type?: unknown; error?: { error?: { type?: unknown } } } | null;
  const t = e?.type ?? e?.error?.error?.type;
  return typeof t === 'string' && t ? t : undefined;
}

/**
 * An error payload's type or code → class: Anthropic's `overloaded_error`, `rate_limit_error`,
 * `api_error`…; OpenAI-style `rate_limit_exceeded`, `server_error`, `invalid_request_error`….
 * Unknown types count as server trouble and are retried.
 */
export function classifyErrorType(type: string): { errorClass: ErrorClass; retryable: boolean } {
  const t = type.toLowerCase();
  if (t.includes('rate_limit')) return { errorClass: 'rate_limit', retryable: true };
  if (t.includes('overloaded')) return { errorClass: 'overloaded', retryable: true };
  if (t.includes('timeout')) return { errorClass: 'timeout', retryable: true };
  // A billing error (no credit) will not clear by retrying: like auth, it needs the user.
  if (/authentication|permission|unauthori[sz]ed|billing/.test(t))
    return { errorClass: 'auth', retryable: false };
  if (/invalid_request|not_found|too_large|bad_request/.test(t))
    return { errorClass: 'bad_request', retryable: false };
  return { errorClass: 'server', retryable: true };
}

/**
 * Checks a 200 response's body before it is parsed: SDKs hand back non-JSON bodies as text, and
 * some gateways answer 200 with an error object. Either would otherwise be stored as a success
 * with an empty answer. `field` is the array every good body has (`content`, `choices`, `output`).
 */
export function unexpectedBody(provider: string, body: unknown, field: string): ProviderError | undefined {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    if (Array.isArray(b[field])) return undefined;
    const err = b.error;
    if (err !== undefined && err !== null) {
      const e = (typeof err === 'object' ? err : { message: String(err) }) as Record<string, unknown>;
      const type = String(e.type ?? e.code ?? '');
      const { errorClass, retryable } = classifyErrorType(type);
      return new ProviderError(
        oneLine(`${provider}: error in a 200 response: ${type || 'error'}: ${String(e.message ?? '')}`),
        errorClass,
        retryable,
      );
    }
    return new ProviderError(
      oneLine(`${provider}: unexpected response without '${field}': ${JSON.stringify(body).slice(0, 120)}`),
      'bad_response',
      true,
    );
  }
  const text = typeof body === 'string' ? body : String(body);
  return new ProviderError(
    oneLine(`${provider}: unexpected response (not JSON): ${text.slice(0, 120)}`),
    'bad_response',
    true,
  );
}

/**
 * A 200 whose body parsed but holds no answer: no choice, no content, no reasoning, and not cut at
 * the token limit (`choices: []`, `content: []`, a content filter that left nothing). Stored as
 * the model's answer it would score as unparsable and turn server trouble into "the model got
 * worse"; as a retryable error it is retried, and shown and excluded if it persists.
 */
export function noAnswer(provider: string, why: string): ProviderError {
  return new ProviderError(
    oneLine(`${provider}: 200 response without an answer: ${why}`),
    'bad_response',
    true,
  );
}

function codeOf(cause: unknown): string | undefined {
  let c: unknown = cause;
  for (let i = 0; i < 4 && c && typeof c === 'object'; i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    c = (c as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Reads headers from a fetch Headers object or a plain record. */
export function headerGetter(headers: unknown): HeaderGetter {
  if (headers && typeof (headers as Headers).get === 'function') {
    return (name) => (headers as Headers).get(name);
  }
  const rec = (headers ?? {}) as Record<string, unknown>;
  return (name) => {
    const v = rec[name] ?? rec[name.toLowerCase()];
    return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
  };
}
