import type { Translation } from '../../budget/translate.js';
import { toProviderError } from '../provider-errors.js';
import type { EntryResult, PreparedEntry } from './types.js';

/** Small pieces both batch adapters share. */

/**
 * Wraps provider calls so whatever they throw arrives as a classified ProviderError. Each call is
 * given its own child of the run's signal (see `childSignal`).
 */
export function guard(label: string) {
  return async <T>(signal: AbortSignal, call: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const child = childSignal(signal);
    try {
      return await call(child.signal);
    } catch (err) {
      throw toProviderError(err, child.signal, label);
    } finally {
      child.release();
    }
  };
}

/**
 * A signal that follows `parent` until released. The SDKs add an abort listener to the signal of
 * every request and never remove it, so a batch polled for hours with the run's one signal would
 * pile up listeners (MaxListenersExceededWarning) and keep each request's controller alive. Each
 * SDK call gets a child instead, and releasing it leaves `parent` as it was.
 */
export function childSignal(parent: AbortSignal): { signal: AbortSignal; release(): void } {
  const child = new AbortController();
  const follow = () => child.abort(parent.reason);
  if (parent.aborted) follow();
  else parent.addEventListener('abort', follow, { once: true });
  return { signal: child.signal, release: () => parent.removeEventListener('abort', follow) };
}

/** An entry with its size as one JSON line (newline included), for the batch byte limit. */
export function prepared(customId: string, entry: unknown, translation: Translation): PreparedEntry {
  return { customId, entry, bytes: Buffer.byteLength(JSON.stringify(entry)) + 1, translation };
}

/** An entry the provider never ran (its batch expired or was cancelled first): always worth another try. */
export function notRun(customId: string, type: 'expired' | 'canceled', message: string): EntryResult {
  return { customId, type, message, errorClass: type === 'expired' ? 'timeout' : 'aborted', retryable: true };
}
