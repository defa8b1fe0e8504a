import type { ErrorClass } from '../core/error-class.js';

/**
 * A problem with what the user gave us (config, dataset, flags). The CLI prints `message`
 * on one line and exits 2; nothing is written.
 */
export class UserError extends Error {
  override name = 'UserError';
}

/** What a failed request sent to control reasoning, so that its error row keeps it too. */
export interface SentRequest {
  params: Record<string, unknown>;
  note?: string;
}

export class ProviderError extends Error {
  override name = 'ProviderError';
  /** Set by the provider that made the request (see `withSent` in providers/provider-errors.ts). */
  sent?: SentRequest;
  constructor(
    message: string,
    readonly errorClass: ErrorClass,
    readonly retryable: boolean,
    /** Seconds the server asked us to wait (retry-after), if any. */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}
