import { randomBytes } from 'node:crypto';
import type { BuiltPrompt } from '../../prompts/build.js';
import type { BatchAdapter, PreparedEntry } from '../../providers/batch/types.js';
import {
  type BatchRow,
  type BatchSampleMeta,
  getBatch,
  insertBatch,
  knownProviderIds,
  markSubmitted,
  setBatchStatus,
} from '../../store/batches.js';
import type { PlannedSample } from '../plan.js';
import { backoffMs, classify, sleep } from '../retry.js';
import { requestOf } from '../sample.js';
import type { BatchContext } from './context.js';
import { crashPoint } from './crash.js';
import { errorRow, sampleMeta, store } from './rows.js';

interface Pending {
  key: string;
  meta: BatchSampleMeta;
  entry: PreparedEntry;
}

/**
 * Groups samples into batches, one model per batch, within the provider's request and byte limits
 * (and `batchOptions.maxRequests`), submitting each batch as soon as it is full.
 */
export class BatchBuilder {
  private readonly chunks = new Map<string, { items: Pending[]; bytes: number }>();

  constructor(
    private readonly ctx: BatchContext,
    private readonly round: number,
    private readonly onSubmitted: (row: BatchRow, adapter: BatchAdapter) => void,
    /** Worst-case cost of a sample at the batch price; stops adding once the ceiling would pass. */
    private readonly admit: (s: PlannedSample, p: BuiltPrompt) => boolean,
  ) {}

  /** False once the cost ceiling stops further samples. */
  async add(s: PlannedSample): Promise<boolean> {
    const p = this.ctx.prompts(s);
    if (!this.admit(s, p)) return false;
    const adapter = await this.ctx.adapter(s.model.id);
    const entry = adapter.prepare(s.hash, requestOf(s, p));
    const max = Math.min(adapter.limits.maxRequests, this.ctx.exp.batchOptions.maxRequests ?? Infinity);
    let c = this.chunks.get(s.model.id);
    if (c && c.items.length > 0 && c.bytes + entry.bytes > adapter.limits.maxBytes) {
      await this.flushModel(s.model.id);
      c = undefined;
    }
    if (!c) {
      c = { items: [], bytes: 0 };
      this.chunks.set(s.model.id, c);
    }
    c.items.push({
      key: s.hash,
      meta: sampleMeta(s, entry.translation.params, entry.translation.note),
      entry,
    });
    c.bytes += entry.bytes;
    if (c.items.length >= max) await this.flushModel(s.model.id);
    return true;
  }

  async flush(): Promise<void> {
    for (const id of [...this.chunks.keys()]) await this.flushModel(id);
  }

  private async flushModel(modelId: string): Promise<void> {
    const c = this.chunks.get(modelId);
    this.chunks.delete(modelId);
    if (!c || c.items.length === 0 || this.ctx.signal.aborted) return;
    const adapter = await this.ctx.adapter(modelId);
    const row = await submitBatch(this.ctx, adapter, modelId, c.items, this.round);
    if (row) this.onSubmitted(row, adapter);
  }
}

/**
 * Writes the batch and its keys, then creates it at the provider and records its id. A retryable
 * create failure may still have created the batch, so the provider is searched before sending again.
 * Returns the submitted row, or undefined when the batch is not (yet) at the provider.
 */
async function submitBatch(
  ctx: BatchContext,
  adapter: BatchAdapter,
  modelId: string,
  items: Pending[],
  round: number,
): Promise<BatchRow | undefined> {
  const id = `b-${randomBytes(5).toString('hex')}`;
  const row = insertBatch(
    ctx.db,
    { id, runId: ctx.runId, provider: adapter.provider, model: modelId, round },
    items.map(({ key, meta }) => ({ key, meta })),
  );
  crashPoint('batch-written');
  for (let attempt = 0; ; attempt++) {
    try {
      const remote = await adapter.create(
        id,
        items.map((i) => i.entry),
        ctx.signal,
      );
      crashPoint('batch-created');
      markSubmitted(ctx.db, id, remote);
      crashPoint('batch-persisted');
      ctx.stats.submitted++;
      ctx.stats.requests += items.length;
      return getBatch(ctx.db, id);
    } catch (err) {
      // Interrupted mid-create: it may have landed. The row stays 'submitting'; a rerun looks for it.
      if (ctx.signal.aborted) return undefined;
      const f = classify(err);
      if (f.retryable) {
        const found = await recoverSubmitting(ctx, row, adapter, false);
        if (found === 'adopted') return getBatch(ctx.db, id);
        if (found !== 'absent') return undefined;
      }
      if (!f.retryable || attempt >= ctx.exp.retries) {
        // Never created: release the keys and store each sample's final error, as a synchronous call would.
        setBatchStatus(ctx.db, id, 'abandoned', f.message);
        ctx.progress.log(`batch ${id} (${modelId}): not created: ${f.message}`);
        for (const i of items) store(ctx, errorRow(ctx.runId, i.key, i.meta, 1, f.message, f.errorClass));
        ctx.writer.flush();
        return undefined;
      }
      ctx.progress.log(`batch ${id} (${modelId}): create failed (${f.message}); trying again`);
      await sleep(backoffMs(attempt, f, ctx.pollMs, ctx.maxPollMs), ctx.signal);
      if (ctx.signal.aborted) return undefined;
    }
  }
}

/**
 * A batch row left 'submitting' (a crash or an error between create and recording its id): look
 * for it at the provider. 'adopted' → it is now 'submitted'; 'absent' → it was never created (with
 * `release`, the row is abandoned so its keys can be sent again); 'ambiguous' → 'orphaned', keys held; 'unknown'
 * → the search itself failed, the row stays as it is.
 */
export async function recoverSubmitting(
  ctx: BatchContext,
  row: BatchRow,
  adapter: BatchAdapter,
  /** Abandon the row when nothing is found (false while this process still means to create it). */
  release = true,
): Promise<'adopted' | 'absent' | 'ambiguous' | 'unknown'> {
  try {
    const found = await adapter.findOrphan(
      {
        localId: row.id,
        since: new Date(row.created_at),
        requests: row.requests,
        known: knownProviderIds(ctx.db),
      },
      ctx.signal,
    );
    if (found.id) {
      markSubmitted(ctx.db, row.id, await adapter.retrieve(found.id, ctx.signal));
      ctx.stats.recovered++;
      ctx.progress.log(`batch ${row.id} (${row.model}): found at the provider as ${found.id}; reattached`);
      return 'adopted';
    }
    if (found.ambiguous) {
      setBatchStatus(
        ctx.db,
        row.id,
        'orphaned',
        'several provider batches could be this one; its samples are held (see overthink batches)',
      );
      ctx.progress.log(
        `batch ${row.id} (${row.model}): cannot tell which provider batch is this one; its ${row.requests} samples are held. ` +
          `Check 'overthink batches list', then 'overthink batches cancel ${row.id}' to release them.`,
      );
      return 'ambiguous';
    }
    if (release) setBatchStatus(ctx.db, row.id, 'abandoned');
    return 'absent';
  } catch (err) {
    ctx.progress.log(
      `batch ${row.id} (${row.model}): could not check the provider: ${classify(err).message}`,
    );
    return 'unknown';
  }
}
