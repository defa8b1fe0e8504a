import type { Budget } from '../core/budget.js';
import { SCHEDULER_SUFFIX } from '../core/scheduler.js';
import { budgetFromDb } from './budget-column.js';
import type { DB } from './db.js';
import { KeySet } from './key-set.js';
/** A finished sample as written to the store (success or final error). */
export interface SampleRow {
  key: string;
  run_id: string;
  model: string;
  task_id: string;
  item_id: string;
  regime: string;
  budget: number;
  trial: number;
  variant: string;
  seed: number;
  max_tokens: number;
  sent_params: string | null;
  budget_note: string | null;
  text: string | null;
  reasoning_text: string | null;
  raw: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  reasoning_tokens: number | null;
  reasoning_source: string | null;
  stop_reason: string | null;
  latency_ms: number | null;
  cost_usd: number | null;
  attempts: number;
  error: string | null;
  error_class: string | null;
  finished_at: string;
}

/** A sample row's columns in the table's order: what the writers insert, by position or by name. */
export const SAMPLE_COLUMNS = [
  'key',
  'run_id',
  'model',
  'task_id',
  'item_id',
  'regime',
  'budget',
  'trial',
  'variant',
  'seed',
  'max_tokens',
  'sent_params',
  'budget_note',
  'text',
  'reasoning_text',
  'raw',
  'input_tokens',
  'output_tokens',
  'reasoning_tokens',
  'reasoning_source',
  'stop_reason',
  'latency_ms',
  'cost_usd',
  'attempts',
  'error',
  'error_class',
  'finished_at',
] as const satisfies readonly (keyof SampleRow)[];

/**
 * Keys already finished successfully in a run: the resume set. Errors are retried on resume. Read
 * from the samples_done index in key-ordered pages, each page one blob of 16-byte digests, into a
 * compact KeySet: 1M keys take ~0.4 s and ~32 MB (a Set<string> of them: ~2 s and ~100 MB).
 */
export function doneKeys(db: DB, runId: string, pageSize = 65_536): KeySet {
  const set = new KeySet(countDone(db, runId));
  const page = db
    .prepare(
      `SELECT unhex(group_concat(key, '')), max(key), count(*),
              min(length(key)) = 32 AND max(length(key)) = 32
       FROM (SELECT key FROM samples INDEXED BY samples_done
             WHERE run_id = ? AND error IS NULL AND key > ? ORDER BY key LIMIT ?)`,
    )
    .raw();
  const strings = db
    .prepare(
      `SELECT key FROM samples INDEXED BY samples_done
       WHERE run_id = ? AND error IS NULL AND key > ? ORDER BY key LIMIT ?`,
    )
    .pluck();
  for (let after = ''; ; ) {
    const [digests, last, n, all32] = page.get(runId, after, pageSize) as [
      Buffer | null,
      string | null,
      number,
      number,
    ];
    if (n === 0 || last === null) break;
    // The digests' order does not matter. A page with a key that is not 32 hex characters (unhex
    // gives NULL for a non-hex one; none exist today) is read as strings instead.
    if (digests && all32 === 1) set.addDigests(digests);
    else for (const k of strings.all(runId, after, pageSize) as string[]) set.add(k);
    after = last;
  }
  return set;
}

/** Whether one sample of a run is stored without error: a lookup in the samples_done index alone. */
export function isDoneLookup(db: DB, runId: string): (key: string) => boolean {
  const stmt = db
    .prepare('SELECT 1 FROM samples INDEXED BY samples_done WHERE run_id = ? AND key = ? AND error IS NULL')
    .pluck();
  return (key) => stmt.get(runId, key) !== undefined;
}

/** How many samples of a run are finished successfully (from the samples_done index). */
export function countDone(db: DB, runId: string): number {
  return db
    .prepare('SELECT COUNT(*) FROM samples INDEXED BY samples_done WHERE run_id = ? AND error IS NULL')
    .pluck()
    .get(runId) as number;
}

export function countSamples(db: DB, runId: string): { total: number; errors: number } {
  // Both counts from indexes: reading `error` from every row of a 1M-sample store takes a second.
  const total = db.prepare('SELECT COUNT(*) FROM samples WHERE run_id=?').pluck().get(runId) as number;
  return { total, errors: total - countDone(db, runId) };
}

/** What a run's samples cost in all, in USD (0 when none says). */
export function runCost(db: DB, runId: string): number {
  return db
    .prepare('SELECT COALESCE(SUM(cost_usd), 0) FROM samples WHERE run_id = ?')
    .pluck()
    .get(runId) as number;
}

/** The distinct models or tasks a run's samples hold, sorted. */
export function heldValues(db: DB, runId: string, column: 'model' | 'task_id' | 'variant'): string[] {
  return db
    .prepare(`SELECT DISTINCT ${column} FROM samples WHERE run_id = ? ORDER BY ${column}`)
    .pluck()
    .all(runId) as string[];
}

/** The trials a run's samples hold: one more than the largest (1 when it has none). */
export function heldTrials(db: DB, runId: string): number {
  const top = db.prepare('SELECT MAX(trial) FROM samples WHERE run_id = ?').pluck().get(runId);
  return typeof top === 'number' ? top + 1 : 1;
}

/** The distinct budgets a run's samples hold, in their stored order (natural first). */
export function heldBudgets(db: DB, runId: string): Budget[] {
  return (
    db
      .prepare('SELECT DISTINCT budget FROM samples WHERE run_id = ? ORDER BY budget')
      .pluck()
      .all(runId) as number[]
  ).map(budgetFromDb);
}

/** A model's largest fixed budget with stored reasoning (the scheduler arm left out), if any. */
export function largestReasonedBudget(db: DB, runId: string, model: string): number | null {
  return (
    (db
      .prepare(
        `SELECT MAX(budget) FROM samples WHERE run_id = ? AND model = ? AND budget > 0 AND error IS NULL
         AND variant NOT LIKE ?`,
      )
      .pluck()
      .get(runId, model, `%${SCHEDULER_SUFFIX}`) as number | null) ?? null
  );
}
