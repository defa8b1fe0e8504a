import type { Translation } from '../../budget/translate.js';
import type { RemoteBatch } from '../../core/batch.js';
import type { ErrorClass } from '../../core/error-class.js';
import type { GenerateRequest, GenerateResponse } from '../types.js';

/**
 * A provider's batch API, reduced to what the runner needs. Entries are built by the same
 * functions as synchronous requests, so a batched sample sends exactly the body it would have
 * sent on its own; results are parsed by the same functions too.
 */
export interface BatchAdapter {
  readonly provider: 'anthropic' | 'openai';
  readonly limits: BatchLimits;
  /** One entry, exactly as the synchronous path would send the request. */
  prepare(customId: string, req: GenerateRequest): PreparedEntry;
  /** Submits entries as one batch. `localId` is attached where the provider keeps metadata. */
  create(localId: string, entries: PreparedEntry[], signal: AbortSignal): Promise<RemoteBatch>;
  retrieve(id: string, signal: AbortSignal): Promise<RemoteBatch>;
  /** Results of an ended batch, in whatever order the provider sends them. */
  results(id: string, signal: AbortSignal): AsyncIterable<EntryResult>;
  /** A succeeded entry's body → response, with the translation that was sent. Throws a ProviderError on a body that is not a response. */
  parse(raw: unknown, t: Translation): GenerateResponse;
  cancel(id: string, signal: AbortSignal): Promise<RemoteBatch>;
  /**
   * After a crash between submitting and recording a batch: the provider's batch made for `localId`,
   * if it can be told apart. `ambiguous` when more than one could be it.
   */
  findOrphan(q: OrphanQuery, signal: AbortSignal): Promise<{ id?: string; ambiguous?: boolean }>;
}

export interface BatchLimits {
  maxRequests: number;
  /** Bytes of serialized entries per batch, kept below the provider's limit with some room. */
  maxBytes: number;
}

export interface PreparedEntry {
  customId: string;
  /** What goes over the wire for this entry (an Anthropic request object, an OpenAI JSONL line object). */
  entry: unknown;
  bytes: number;
  translation: Translation;
}

export type FailureType = 'errored' | 'expired' | 'canceled';

export type EntryResult =
  | { customId: string; type: 'succeeded'; raw: unknown }
  | { customId: string; type: FailureType; message: string; errorClass: ErrorClass; retryable: boolean };

export interface OrphanQuery {
  localId: string;
  /** When the batch row was written, just before the create call. */
  since: Date;
  requests: number;
  /** Provider batch ids this store already knows: never adopted twice. */
  known: Set<string>;
}
