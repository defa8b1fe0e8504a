import type { Translation } from '../../budget/translate.js';
import { toProviderError } from '../provider-errors.js';
import type { EntryResult, PreparedEntry } from './types.js';

/** Small pieces both batch adapters share. */

/** Wraps provider calls so whatever they throw arrives as a classified ProviderError. */
export function guard(label: string) {
  return async <T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      throw toProviderError(err, signal, label);
    }
  };
}

/** An entry with its size as one JSON line (newline included), for the batch byte limit. */
export function prepared(customId: string, entry: unknown, translation: Translation): PreparedEntry {
  return { customId, entry, bytes: Buffer.byteLength(JSON.stringify(entry)) + 1, translation };
}

/** An entry the provider never ran (its batch expired or was cancelled first): always worth another try. */
export function notRun(customId: string, type: 'expired' | 'canceled', message: string): EntryResult {
  return { customId, type, message, errorClass: type === 'expired' ? 'timeout' : 'aborted', retryable: true };
}
