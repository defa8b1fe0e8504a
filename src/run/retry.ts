import type { ErrorClass } from '../core/error-class.js';
import { ProviderError, type SentRequest } from '../util/errors.js';
import { formatDuration } from './progress.js';

export interface Failure {
  errorClass: ErrorClass;
  retryable: boolean;
  retryAfterS?: number;
  message: string;
  /** What the failed request sent, when the provider said. */
  sent?: SentRequest;
}

/**
 * Turns anything a provider threw into a classified failure. Unknown errors are not retried.
 * `timedOutAfterMs`: the request ran out of that much time (the caller's own limit), whatever it threw;
 * the message says how long, so that a user whose long answers time out knows what to raise.
 */
export function classify(err: unknown, timedOutAfterMs?: number): Failure {
  const sent = err instanceof ProviderError ? err.sent : undefined;
  if (timedOutAfterMs !== undefined) {
    const message = `request timed out after ${formatDuration(timedOutAfterMs / 1000)} (timeoutMs sets the limit)`;
    return { errorClass: 'timeout', retryable: true, message, sent };
  }
  if (err instanceof ProviderError) {
    return {
      errorClass: err.errorClass,
      retryable: err.retryable,
      retryAfterS: err.retryAfterS,
      message: err.message,
      sent,
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { errorClass: 'other', retryable: false, message };
}

/**
 * Exponential backoff with full jitter, honouring the server's retry-after when it gives one.
 * `random` is injectable so tests are deterministic.
 */
export function backoffMs(
  attempt: number,
  f: Failure,
  baseMs = 500,
  capMs = 60_000,
  random = Math.random,
): number {
  if (f.retryAfterS !== undefined && Number.isFinite(f.retryAfterS))
    return Math.min(capMs, f.retryAfterS * 1000);
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
