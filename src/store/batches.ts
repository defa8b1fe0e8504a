import type { BatchCounts, RemoteBatch } from '../core/batch.js';
import type { DB } from './db.js';
import { KeySet } from './key-set.js';
import type { SampleRow } from './samples.js';

/**
 * Provider batches in the store. A batch row and its sample keys are written before the batch is
 * submitted; its provider id right after. Local statuses:
 * - submitting: written, the create call not confirmed (a crash here is recovered by orphan search)
 * - submitted: the provider has it; being polled
 * - ended: the provider has finished it; results not yet all read
 * - settled: every entry has an outcome (terminal)
 * - orphaned: the create may have happened but the batch cannot be told apart (holds its keys)
 * - abandoned: never created, or released by the user (terminal; its keys are free again)
 */
export type BatchStatus = 'submitting' | 'submitted' | 'ended' | 'settled' | 'orphaned' | 'abandoned';

/** Statuses whose keys must not be sent again: the provider may still run (and bill) them. */
export const OPEN_STATUSES: readonly BatchStatus[] = ['submitting', 'submitted', 'ended', 'orphaned'];

export interface BatchRow extends BatchCounts {
  id: string;
  run_id: string;
  provider: string;
  model: string;
  provider_batch_id: string | null;
  status: BatchStatus;
  provider_status: string | null;
  requests: number;
  round: number;
  created_at: string;
  submitted_at: string | null;
  updated_at: string;
  ended_at: string | null;
  error: string | null;
}

/** What a sample row needs besides the response: its identity and what was sent. */
export type BatchSampleMeta = Pick<
  SampleRow,
  | 'model'
  | 'task_id'
  | 'item_id'
  | 'regime'
  | 'budget'
  | 'trial'
  | 'variant'
  | 'seed'
  | 'max_tokens'
  | 'budget_note'
> & { sent_params: string };

export type Outcome = 'succeeded' | 'errored' | 'expired' | 'canceled' | 'missing';

export interface BatchEntryRow {
  key: string;
  outcome: Outcome | null;
  meta: BatchSampleMeta;
  /** How many batches this key has been in, this one included. */
  attempts: number;
  /**
   * Failed in this batch and nothing stored since: a failure recorded before a crash, to retry.
   * (A non-retryable failure stores its error row before its outcome.)
   */
  unresolved: boolean;
}

const now = () => new Date().toISOString();

/** Writes a batch and its keys in one transaction, before anything is sent. */
export function insertBatch(
  db: DB,
  b: { id: string; runId: string; provider: string; model: string; round: number },
  samples: { key: string; meta: BatchSampleMeta }[],
): BatchRow {
  const t = now();
  const ins = db.prepare(
    'INSERT INTO batch_samples (batch_id, key, outcome, sample_json) VALUES (?, ?, NULL, ?)',
  );
  db.transaction(() => {
    db.prepare(
      `INSERT INTO batches (id, run_id, provider, model, status, requests, round, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'submitting', ?, ?, ?, ?)`,
    ).run(b.id, b.runId, b.provider, b.model, samples.length, b.round, t, t);
    for (const s of samples) ins.run(b.id, s.key, JSON.stringify(s.meta));
  })();
  return getBatch(db, b.id)!;
}

/** Records the provider's answer to create (or a recovered orphan): from here on it is polled. */
export function markSubmitted(db: DB, id: string, r: RemoteBatch): void {
  db.prepare(
    `UPDATE batches SET provider_batch_id=?, status='submitted', submitted_at=?, updated_at=? WHERE id=?`,
  ).run(r.id, now(), now(), id);
  recordRemote(db, id, r);
}

/** Stores what a poll saw. An ended batch moves to 'ended' (results still to read). */
export function recordRemote(db: DB, id: string, r: RemoteBatch): void {
  const c = r.counts;
  db.prepare(
    `UPDATE batches SET provider_status=?, succeeded=?, errored=?, expired=?, canceled=?, processing=?,
       updated_at=?,
       status=CASE WHEN ? AND status='submitted' THEN 'ended' ELSE status END,
       ended_at=CASE WHEN ? AND ended_at IS NULL THEN ? ELSE ended_at END,
       error=COALESCE(?, error)
     WHERE id=?`,
  ).run(
    r.providerStatus,
    c.succeeded,
    c.errored,
    c.expired,
    c.canceled,
    c.processing,
    now(),
    r.ended ? 1 : 0,
    r.ended ? 1 : 0,
    now(),
    r.error?.message ?? null,
    id,
  );
}

export function setBatchStatus(db: DB, id: string, status: BatchStatus, error?: string): void {
  db.prepare('UPDATE batches SET status=?, updated_at=?, error=COALESCE(?, error) WHERE id=?').run(
    status,
    now(),
    error ?? null,
    id,
  );
}

export function getBatch(db: DB, idOrProviderId: string): BatchRow | undefined {
  return db
    .prepare('SELECT * FROM batches WHERE id=? OR provider_batch_id=? ORDER BY created_at DESC LIMIT 1')
    .get(idOrProviderId, idOrProviderId) as BatchRow | undefined;
}

export function listBatches(db: DB, runId?: string): BatchRow[] {
  return (
    runId
      ? db.prepare('SELECT * FROM batches WHERE run_id=? ORDER BY created_at').all(runId)
      : db.prepare('SELECT * FROM batches ORDER BY created_at').all()
  ) as BatchRow[];
}

export function openBatches(db: DB, runId: string): BatchRow[] {
  const marks = OPEN_STATUSES.map(() => '?').join(', ');
  return db
    .prepare(`SELECT * FROM batches WHERE run_id=? AND status IN (${marks}) ORDER BY created_at`)
    .all(runId, ...OPEN_STATUSES) as BatchRow[];
}

/** Keys held by open batches of a run: they must not be sent again until their batch settles. */
export function heldKeys(db: DB, runId: string): KeySet {
  const marks = OPEN_STATUSES.map(() => '?').join(', ');
  const keys = db
    .prepare(
      `SELECT bs.key FROM batch_samples bs JOIN batches b ON b.id = bs.batch_id
       WHERE b.run_id=? AND b.status IN (${marks})`,
    )
    .pluck()
    .all(runId, ...OPEN_STATUSES) as string[];
  const set = new KeySet(keys.length);
  for (const k of keys) set.add(k);
  return set;
}

export function knownProviderIds(db: DB): Set<string> {
  return new Set(
    db
      .prepare('SELECT provider_batch_id FROM batches WHERE provider_batch_id IS NOT NULL')
      .pluck()
      .all() as string[],
  );
}

export function batchEntries(db: DB, batchId: string): BatchEntryRow[] {
  const rows = db
    .prepare(
      `SELECT bs.key, bs.outcome, bs.sample_json,
         (SELECT COUNT(*) FROM batch_samples x JOIN batches xb ON xb.id = x.batch_id
          WHERE x.key = bs.key AND xb.status <> 'abandoned') AS attempts,
         (bs.outcome IS NOT NULL AND bs.outcome <> 'succeeded' AND NOT EXISTS (
           SELECT 1 FROM samples s WHERE s.key = bs.key AND (s.error IS NULL OR s.finished_at >= b.created_at)
         )) AS unresolved
       FROM batch_samples bs JOIN batches b ON b.id = bs.batch_id WHERE bs.batch_id=?`,
    )
    .all(batchId) as {
    key: string;
    outcome: Outcome | null;
    sample_json: string;
    attempts: number;
    unresolved: number;
  }[];
  return rows.map((r) => ({
    key: r.key,
    outcome: r.outcome,
    meta: JSON.parse(r.sample_json) as BatchSampleMeta,
    attempts: r.attempts,
    unresolved: r.unresolved === 1,
  }));
}

export function setOutcomes(db: DB, batchId: string, outcomes: [key: string, outcome: Outcome][]): void {
  if (outcomes.length === 0) return;
  const upd = db.prepare('UPDATE batch_samples SET outcome=? WHERE batch_id=? AND key=?');
  db.transaction(() => {
    for (const [key, outcome] of outcomes) upd.run(outcome, batchId, key);
  })();
}
