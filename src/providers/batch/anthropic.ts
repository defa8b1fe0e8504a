import type Anthropic from '@anthropic-ai/sdk';
import type { Translation } from '../../budget/translate.js';
import type { ModelConfig } from '../../config/schema.js';
import type { RemoteBatch } from '../../core/batch.js';
import { anthropicClients, anthropicRequest, anthropicResponse } from '../anthropic.js';
import { classifyErrorType, oneLine, toProviderError, unexpectedBody } from '../provider-errors.js';
import type { GenerateRequest } from '../types.js';
import { childSignal, guard, notRun, prepared } from './common.js';
import type { BatchAdapter, EntryResult, OrphanQuery, PreparedEntry } from './types.js';

/**
 * Anthropic Message Batches: up to 100,000 requests or 256 MB per batch, results as JSONL once the
 * batch has ended. `custom_id` is the sample key's hash (32 hex characters, within the 64 allowed).
 */
export const ANTHROPIC_BATCH_LIMITS = {
  maxRequests: 100_000,
  // 256 MB is the whole request body; leave room for the envelope and multi-byte slack.
  maxBytes: 250 * 1024 * 1024,
};

/** How far apart our clock and the provider's may be when matching an orphaned batch. */
const SKEW_MS = 10 * 60_000;

export function createAnthropicBatchAdapter(model: ModelConfig): BatchAdapter {
  // Batches live on one endpoint: the first configured base URL.
  const client = anthropicClients(model)[0];
  const wrap = guard('anthropic batch');
  return {
    provider: 'anthropic',
    limits: ANTHROPIC_BATCH_LIMITS,
    prepare(customId: string, req: GenerateRequest): PreparedEntry {
      const { body, translation } = anthropicRequest(model, req);
      return prepared(customId, { custom_id: customId, params: body }, translation);
    },
    create: (_localId, entries, signal) =>
      wrap(signal, async (s) =>
        remote(
          await client.messages.batches.create(
            { requests: entries.map((e) => e.entry as Anthropic.Messages.BatchCreateParams.Request) },
            { signal: s },
          ),
        ),
      ),
    retrieve: (id, signal) =>
      wrap(signal, async (s) => remote(await client.messages.batches.retrieve(id, {}, { signal: s }))),
    cancel: (id, signal) =>
      wrap(signal, async (s) => remote(await client.messages.batches.cancel(id, {}, { signal: s }))),
    async *results(id: string, signal: AbortSignal): AsyncIterable<EntryResult> {
      // One child signal for the download and the whole read of its stream.
      const child = childSignal(signal);
      try {
        const stream = await client.messages.batches.results(id, {}, { signal: child.signal });
        for await (const r of stream) yield entryResult(r);
      } catch (err) {
        throw toProviderError(err, child.signal, 'anthropic batch results');
      } finally {
        child.release();
      }
    },
    parse(raw: unknown, t: Translation) {
      const bad = unexpectedBody('anthropic batch', raw, 'content');
      if (bad) throw bad;
      return anthropicResponse(model, raw as Anthropic.Message, t, 0);
    },
    findOrphan: (q, signal) => wrap(signal, (s) => findOrphan(client, q, s)),
  };
}

function remote(b: Anthropic.Messages.MessageBatch): RemoteBatch {
  const c = b.request_counts;
  return {
    id: b.id,
    providerStatus: b.processing_status,
    ended: b.processing_status === 'ended',
    counts: {
      succeeded: c.succeeded,
      errored: c.errored,
      expired: c.expired,
      canceled: c.canceled,
      processing: c.processing,
    },
  };
}

function entryResult(r: Anthropic.Messages.MessageBatchIndividualResponse): EntryResult {
  const res = r.result;
  if (res.type === 'succeeded') return { customId: r.custom_id, type: 'succeeded', raw: res.message };
  if (res.type === 'expired')
    return notRun(r.custom_id, 'expired', 'anthropic batch: request expired before it was processed');
  if (res.type === 'canceled')
    return notRun(r.custom_id, 'canceled', 'anthropic batch: request canceled with its batch');
  const inner = (res.error as { error?: { type?: string; message?: string } } | undefined)?.error;
  const type = inner?.type ?? 'api_error';
  const { errorClass, retryable } = classifyErrorType(type);
  return {
    customId: r.custom_id,
    type: 'errored',
    message: oneLine(`anthropic batch: ${inner?.type ?? 'error'}: ${inner?.message ?? 'no message'}`),
    errorClass,
    retryable,
  };
}

/**
 * Anthropic batches carry no metadata, so an orphan is matched by time and size: created around
 * when the row was written, with exactly as many requests, and not already known to this store.
 * One match is adopted; several are reported as ambiguous rather than guessed.
 */
async function findOrphan(
  client: Anthropic,
  q: OrphanQuery,
  signal: AbortSignal,
): Promise<{ id?: string; ambiguous?: boolean }> {
  const from = q.since.getTime() - SKEW_MS;
  // A create call that had not returned an hour after the row was written is not ours.
  const to = q.since.getTime() + SKEW_MS + 3_600_000;
  const matches: string[] = [];
  // Newest first: stop once the listing is older than the window.
  for await (const b of client.messages.batches.list({ limit: 100 }, { signal })) {
    const created = Date.parse(b.created_at);
    if (created < from) break;
    if (created > to) continue;
    const c = b.request_counts;
    const total = c.processing + c.succeeded + c.errored + c.canceled + c.expired;
    if (total === q.requests && !q.known.has(b.id)) matches.push(b.id);
  }
  if (matches.length === 1) return { id: matches[0] };
  return matches.length > 1 ? { ambiguous: true } : {};
}
