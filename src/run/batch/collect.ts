import type { RemoteBatch } from '../../core/batch.js';
import type { BatchAdapter, FailureType } from '../../providers/batch/types.js';
import {
  type BatchEntryRow,
  type BatchRow,
  batchEntries,
  type Outcome,
  setOutcomes,
} from '../../store/batches.js';
import { classify } from '../retry.js';
import type { BatchContext } from './context.js';
import { crashPoint } from './crash.js';
import { errorRow, store, successRow } from './rows.js';

/** An entry that failed in a way worth another try. */
export interface RetryEntry {
  entry: BatchEntryRow;
  message: string;
  errorClass: string;
}

export interface CollectResult {
  /** Every entry has an outcome. */
  settled: boolean;
  /** Entries read this time (progress, for giving up on a results stream that never gets anywhere). */
  read: number;
  /** The results were read to their end (some may still be missing). */
  complete: boolean;
  /** Why the batch is not settled yet (a cut stream, an HTTP error, missing results). */
  problem?: string;
  retry: RetryEntry[];
}

/** After this many complete reads that still miss entries, the missing ones count as failed. */
const MISSING_READS = 3;
/** Outcomes are recorded every this many entries, after the rows they describe are written. */
const CHUNK = 500;

/**
 * Reads an ended batch's results into the store, in whatever order they come. Entries already
 * settled (by an earlier read that was cut off, or a run that crashed) are skipped. A row is always
 * written before its outcome, so a crash in between only means reading that entry again.
 */
export async function collectResults(
  ctx: BatchContext,
  row: BatchRow,
  remote: RemoteBatch,
  adapter: BatchAdapter,
  completeReads: number,
): Promise<CollectResult> {
  const pending = new Map<string, BatchEntryRow>();
  const retry: RetryEntry[] = [];
  for (const e of batchEntries(ctx.db, row.id)) {
    if (e.outcome === null) pending.set(e.key, e);
    else if (e.unresolved)
      retry.push({
        entry: e,
        message: `batch entry ${e.outcome} (recorded by an earlier run)`,
        errorClass: 'other',
      });
  }
  const model = ctx.model(row.model);
  const providerId = row.provider_batch_id ?? remote.id;
  const outcomes: [string, Outcome][] = [];
  const commit = () => {
    ctx.writer.flush();
    setOutcomes(ctx.db, row.id, outcomes.splice(0));
  };
  const fail = (
    e: BatchEntryRow,
    type: FailureType | 'missing',
    message: string,
    errorClass: string,
    again: boolean,
  ) => {
    outcomes.push([e.key, type]);
    ctx.stats.failedEntries[type]++;
    if (again) retry.push({ entry: e, message, errorClass });
    else store(ctx, errorRow(ctx.runId, e.key, e.meta, e.attempts, message, errorClass));
  };

  let read = 0;
  let problem: string | undefined;
  try {
    for await (const r of adapter.results(providerId, ctx.signal)) {
      const e = pending.get(r.customId);
      if (!e) continue;
      pending.delete(r.customId);
      read++;
      if (r.type === 'succeeded') {
        try {
          store(ctx, successRow(ctx.runId, e, r.raw, adapter, model, providerId));
          outcomes.push([e.key, 'succeeded']);
        } catch (err) {
          // An error body inside a 'succeeded' entry, or no response at all: classified like the synchronous path.
          const f = classify(err);
          fail(e, 'errored', f.message, f.errorClass, f.retryable);
        }
      } else fail(e, r.type, r.message, r.errorClass, r.retryable);
      if (outcomes.length >= CHUNK) commit();
    }
  } catch (err) {
    problem = ctx.signal.aborted ? 'interrupted' : classify(err).message;
  }
  commit();
  crashPoint('batch-results');
  if (problem) return { settled: false, complete: false, read, problem, retry };

  if (pending.size > 0) {
    if (remote.error) {
      // The provider failed the whole batch (e.g. OpenAI rejected the file): every entry shares its error.
      for (const e of pending.values())
        fail(e, 'errored', remote.error.message, remote.error.errorClass, remote.error.retryable);
    } else if (completeReads + 1 < MISSING_READS) {
      return { settled: false, complete: true, read, problem: `${pending.size} results missing`, retry };
    } else {
      for (const e of pending.values())
        fail(e, 'missing', 'batch ended without a result for this request', 'bad_response', true);
    }
    commit();
  }
  return { settled: true, complete: true, read, retry };
}
