/**
 * The statements an import writes with (import/store.ts decides what to write): samples with the
 * score their tool gave, items once per run, and what an earlier import of the same run stored.
 */
import type { DB } from './db.js';
import { rawBodyReader } from './raw-body.js';
import type { RunRow } from './runs.js';
import { SAMPLE_COLUMNS, type SampleRow } from './samples.js';
import { packSampleRow } from './text-codec.js';

const PACKED = { text: 'text', reasoning: 'reasoning_text', raw: 'raw' } as const;

export interface ImportStatements {
  insertSample(row: SampleRow): void;
  /** The score an imported sample came with, as JSON (table imported_scores). */
  insertScore(key: string, runId: string, scoreJson: string): void;
  /** A stored sample's raw body by key: undefined when no sample has the key. */
  storedRaw(key: string): string | null | undefined;
  insertItem(
    runId: string,
    taskId: string,
    itemId: string,
    prompt: string,
    targetJson: string,
    metaJson: string | null,
  ): void;
  storedItem(
    runId: string,
    taskId: string,
    itemId: string,
  ): { prompt: string; target_json: string } | undefined;
  /** A task's items in id order, as [item id, prompt, target JSON]: what the manifest's digest hashes. */
  taskItems(runId: string, taskId: string): IterableIterator<[string, string, string]>;
  /** The run row as stored, if any. */
  run(runId: string): RunRow | undefined;
  /** Sets a run's config and name (an upsert keeps a stored row's config; an import may add budgets). */
  setConfig(runId: string, configJson: string, name: string | null): void;
}

export function importStatements(db: DB): ImportStatements {
  const insertSample = db.prepare(
    `INSERT INTO samples (${SAMPLE_COLUMNS.join(', ')}) VALUES (${SAMPLE_COLUMNS.map((c) => `@${c}`).join(', ')})`,
  );
  const insertScore = db.prepare('INSERT INTO imported_scores (key, run_id, score_json) VALUES (?, ?, ?)');
  const insertItem = db.prepare(
    `INSERT INTO items (run_id, task_id, item_id, prompt, target_json, strata_json, meta_json)
     VALUES (?, ?, ?, ?, ?, '{}', ?)`,
  );
  const storedItem = db.prepare(
    'SELECT prompt, target_json FROM items WHERE run_id = ? AND task_id = ? AND item_id = ?',
  );
  return {
    insertSample: (row) => {
      const packed: Record<string, unknown> = { ...row };
      packSampleRow(packed, PACKED);
      insertSample.run(packed);
    },
    insertScore: (key, runId, scoreJson) => void insertScore.run(key, runId, scoreJson),
    storedRaw: rawBodyReader(db),
    insertItem: (runId, taskId, itemId, prompt, targetJson, metaJson) =>
      void insertItem.run(runId, taskId, itemId, prompt, targetJson, metaJson),
    storedItem: (runId, taskId, itemId) =>
      storedItem.get(runId, taskId, itemId) as { prompt: string; target_json: string } | undefined,
    taskItems: (runId, taskId) =>
      db
        .prepare(
          'SELECT item_id, prompt, target_json FROM items WHERE run_id = ? AND task_id = ? ORDER BY item_id',
        )
        .raw()
        .iterate(runId, taskId) as IterableIterator<[string, string, string]>,
    run: (runId) => db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined,
    setConfig: (runId, configJson, name) =>
      void db.prepare('UPDATE runs SET config_json = ?, name = ? WHERE id = ?').run(configJson, name, runId),
  };
}

/** Opens a write transaction at once (BEGIN IMMEDIATE), so a second writer waits here, not at commit. */
export function beginImmediate(db: DB): void {
  db.exec('BEGIN IMMEDIATE');
}

export function commit(db: DB): void {
  db.exec('COMMIT');
}

/** Rolls back an open transaction; a connection that fails to is closing anyway, and SQLite drops what was not committed. */
export function rollbackQuietly(db: DB): void {
  try {
    if (db.inTransaction) db.exec('ROLLBACK');
  } catch {
    // the connection is closing anyway; SQLite rolls back what was not committed
  }
}
