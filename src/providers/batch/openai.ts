import type OpenAI from 'openai';
import { toFile } from 'openai';
import type { Translation } from '../../budget/translate.js';
import type { ModelConfig } from '../../config/schema.js';
import type { RemoteBatch } from '../../core/batch.js';
import { openaiClients, openaiRequest, openaiResponse } from '../openai.js';
import { classifyStatus, oneLine, toProviderError, unexpectedBody } from '../provider-errors.js';
import type { GenerateRequest } from '../types.js';
import { childSignal, guard, notRun, prepared } from './common.js';
import { readJsonLines } from './jsonl.js';
import type { BatchAdapter, EntryResult, OrphanQuery, PreparedEntry } from './types.js';

/**
 * OpenAI Batch: an uploaded JSONL file of up to 50,000 lines or 200 MB, one model per file, sent to
 * `/v1/chat/completions` or `/v1/responses` (per the model's `api`) with a 24 h completion window.
 * Our local batch id goes into the batch's metadata, which is how an orphan is found after a crash.
 */
export const OPENAI_BATCH_LIMITS = { maxRequests: 50_000, maxBytes: 190 * 1024 * 1024 };

const ENDED = new Set(['completed', 'failed', 'expired', 'cancelled']);
const ORPHAN_WINDOW_MS = 10 * 60_000;

export function createOpenAIBatchAdapter(model: ModelConfig): BatchAdapter {
  const client = openaiClients(model)[0];
  const endpoint = (model.api ?? 'chat') === 'responses' ? '/v1/responses' : '/v1/chat/completions';
  const wrap = guard('openai batch');
  return {
    provider: 'openai',
    limits: OPENAI_BATCH_LIMITS,
    prepare(customId: string, req: GenerateRequest): PreparedEntry {
      const { body, translation } = openaiRequest(model, req);
      return prepared(customId, { custom_id: customId, method: 'POST', url: endpoint, body }, translation);
    },
    create: (localId, entries, signal) =>
      wrap(signal, async (s) => {
        const text = `${entries.map((e) => JSON.stringify(e.entry)).join('\n')}\n`;
        const file = await client.files.create(
          {
            file: await toFile(Buffer.from(text), `overthink-${localId}.jsonl`, {
              type: 'application/jsonl',
            }),
            purpose: 'batch',
          },
          { signal: s },
        );
        const batch = await client.batches.create(
          {
            input_file_id: file.id,
            endpoint,
            completion_window: '24h',
            metadata: { overthink_batch: localId },
          },
          { signal: s },
        );
        return remote(batch);
      }),
    retrieve: (id, signal) =>
      wrap(signal, async (s) => remote(await client.batches.retrieve(id, { signal: s }))),
    cancel: (id, signal) => wrap(signal, async (s) => remote(await client.batches.cancel(id, { signal: s }))),
    async *results(id: string, signal: AbortSignal): AsyncIterable<EntryResult> {
      const b = await wrap(signal, (s) => client.batches.retrieve(id, { signal: s }));
      // Finished entries are in the output file; failed, expired and cancelled ones in the error file.
      for (const fileId of [b.output_file_id, b.error_file_id]) {
        if (!fileId) continue;
        // One child signal for the download and the whole read of its body.
        const child = childSignal(signal);
        try {
          const res = await client.files.content(fileId, { signal: child.signal });
          if (!res.body) continue;
          for await (const line of readJsonLines(res.body as AsyncIterable<Uint8Array>))
            yield entryResult(line);
        } catch (err) {
          throw toProviderError(err, child.signal, 'openai batch results');
        } finally {
          child.release();
        }
      }
    },
    parse(raw: unknown, t: Translation) {
      const bad = unexpectedBody('openai batch', raw, endpoint === '/v1/responses' ? 'output' : 'choices');
      if (bad) throw bad;
      return openaiResponse(model, raw, t, 0);
    },
    findOrphan: (q, signal) => wrap(signal, (s) => findOrphan(client, q, s)),
  };
}

function remote(b: OpenAI.Batches.Batch): RemoteBatch {
  const c = b.request_counts ?? { total: 0, completed: 0, failed: 0 };
  const ended = ENDED.has(b.status);
  const left = Math.max(0, c.total - c.completed - c.failed);
  const failure = b.status === 'failed' ? (b.errors?.data?.[0] ?? { message: 'batch failed' }) : undefined;
  return {
    id: b.id,
    providerStatus: b.status,
    ended,
    counts: {
      succeeded: c.completed,
      errored: c.failed,
      // What an expired or cancelled batch left undone.
      expired: b.status === 'expired' ? left : 0,
      canceled: b.status === 'cancelled' ? left : 0,
      processing: ended ? 0 : left,
    },
    error: failure
      ? {
          message: oneLine(`openai batch failed: ${failure.code ?? ''} ${failure.message ?? ''}`),
          // Queue limits clear on their own; a malformed file does not.
          ...(/limit/i.test(`${failure.code ?? ''} ${failure.message ?? ''}`)
            ? { errorClass: 'rate_limit' as const, retryable: true }
            : { errorClass: 'bad_request' as const, retryable: false }),
        }
      : undefined,
  };
}

interface OutputLine {
  custom_id?: string;
  response?: { status_code?: number; body?: unknown } | null;
  error?: { code?: string; message?: string } | null;
}

function entryResult(line: unknown): EntryResult {
  const l = (line ?? {}) as OutputLine;
  const customId = String(l.custom_id ?? '');
  const status = l.response?.status_code;
  if (status === 200 && !l.error) return { customId, type: 'succeeded', raw: l.response?.body };
  const code = l.error?.code ?? '';
  if (code === 'batch_expired')
    return notRun(customId, 'expired', 'openai batch: request expired before it was processed');
  if (code === 'batch_cancelled')
    return notRun(customId, 'canceled', 'openai batch: request cancelled with its batch');
  const bodyError = (l.response?.body as { error?: { message?: string } } | undefined)?.error;
  const message = l.error?.message ?? bodyError?.message ?? 'no message';
  const cls =
    typeof status === 'number' ? classifyStatus(status) : { errorClass: 'server' as const, retryable: true };
  return {
    customId,
    type: 'errored',
    message: oneLine(`openai batch: ${status ? `HTTP ${status}: ` : ''}${code ? `${code}: ` : ''}${message}`),
    errorClass: cls.errorClass,
    retryable: cls.retryable,
  };
}

/** Our local id is in the batch metadata: an exact match, searched back to a little before `since`. */
async function findOrphan(
  client: OpenAI,
  q: OrphanQuery,
  signal: AbortSignal,
): Promise<{ id?: string; ambiguous?: boolean }> {
  const from = (q.since.getTime() - ORPHAN_WINDOW_MS) / 1000;
  for await (const b of client.batches.list({ limit: 100 }, { signal })) {
    if (b.created_at < from) break;
    if (b.metadata?.overthink_batch === q.localId && !q.known.has(b.id)) return { id: b.id };
  }
  return {};
}
