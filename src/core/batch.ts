/** A provider batch as the store records it: its id, its provider's status and its entries' counts. */
import type { ErrorClass } from './error-class.js';

export interface BatchCounts {
  succeeded: number;
  errored: number;
  expired: number;
  canceled: number;
  processing: number;
}

export interface RemoteBatch {
  id: string;
  /** The provider's own word, e.g. 'in_progress', 'ended', 'finalizing', 'expired'. */
  providerStatus: string;
  /** No entry will change any more: results can be read. */
  ended: boolean;
  counts: BatchCounts;
  /** Set when the provider failed the whole batch (OpenAI validation): every entry failed with it. */
  error?: { message: string; errorClass: ErrorClass; retryable: boolean };
}
