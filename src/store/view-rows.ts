/**
 * What `overthink view` reads (src/view/): the sample browser's filtered pages over the samples_by_run
 * index, a sample in full, one item's answers by key, items' prompts and targets. Texts come back
 * unpacked (text-codec.js). `importedScores` joins the score an imported sample came with; a run
 * overthink made has none, and its store may predate the table.
 */
import type { DB } from './db.js';
import type { RunRow } from './runs.js';
import { unpackText } from './text-codec.js';

/** The browser's filter as the store holds it: the budget in its column's encoding (budget-column.ts). */
export interface BrowserFilter {
  model?: string;
  task?: string;
  variant?: string;
  budget?: number;
  /** Part of an item id, case-insensitive. */
  item?: string;
}

function storedScore(importedScores: boolean, alias: string): string {
  return importedScores ? `(SELECT score_json FROM imported_scores WHERE key = ${alias}.key)` : 'NULL';
}

function where(runId: string, f: BrowserFilter): { sql: string; args: unknown[] } {
  const parts = ['run_id = ?'];
  const args: unknown[] = [runId];
  const eq = (column: string, v: unknown) => {
    if (v === undefined) return;
    parts.push(`${column} = ?`);
    args.push(v);
  };
  eq('model', f.model);
  eq('task_id', f.task);
  eq('budget', f.budget);
  eq('variant', f.variant);
  if (f.item !== undefined) {
    parts.push('instr(lower(item_id), lower(?)) > 0');
    args.push(f.item);
  }
  return { sql: parts.join(' AND '), args };
}

const BROWSER_ORDER = 'ORDER BY model, task_id, budget, rowid';

/** How many of a run's samples pass a filter (from the index). */
export function browserCount(db: DB, runId: string, f: BrowserFilter): number {
  const w = where(runId, f);
  return db
    .prepare(`SELECT COUNT(*) FROM samples WHERE ${w.sql}`)
    .pluck()
    .get(...w.args) as number;
}

/** The rowids of a run's samples that pass a filter, in the browser's order; one page when given. */
export function browserRowids(
  db: DB,
  runId: string,
  f: BrowserFilter,
  page?: { limit: number; offset: number },
): number[] {
  const w = where(runId, f);
  const limit = page ? ' LIMIT ? OFFSET ?' : '';
  return db
    .prepare(`SELECT rowid FROM samples WHERE ${w.sql} ${BROWSER_ORDER}${limit}`)
    .pluck()
    .all(...w.args, ...(page ? [page.limit, page.offset] : [])) as number[];
}

/** What scoring one sample needs, with its rowid and item. */
export interface ScoredColumns {
  rowid: number;
  taskId: string;
  itemId: string;
  text: string | null;
  stopReason: string | null;
  error: string | null;
  stored: string | null;
}

/** A run's samples stored after a rowid, in rowid order: what the browser's outcome index scores. */
export function* samplesSince(
  db: DB,
  runId: string,
  afterRowid: number,
  importedScores: boolean,
): Generator<ScoredColumns> {
  const rows = db
    .prepare(
      `SELECT rowid, task_id, item_id, text, stop_reason, error, ${storedScore(importedScores, 'samples')}
       FROM samples WHERE run_id = ? AND rowid > ? ORDER BY rowid`,
    )
    .raw()
    .iterate(runId, afterRowid) as IterableIterator<
    [number, string, string, unknown, string | null, string | null, string | null]
  >;
  for (const [rowid, taskId, itemId, text, stopReason, error, stored] of rows)
    yield { rowid, taskId, itemId, text: unpackText(text), stopReason, error, stored };
}

/** One row of the browser's page. */
export interface BrowserRow {
  key: string;
  model: string;
  task_id: string;
  variant: string;
  item_id: string;
  budget: number;
  trial: number;
  text: string | null;
  stop_reason: string | null;
  error: string | null;
  reasoning_tokens: number | null;
  target_json: string | null;
  stored: string | null;
}

/** A reader of the browser's rows by rowid, with the item's target. */
export function browserRowReader(db: DB, importedScores: boolean): (rowid: number) => BrowserRow {
  const one = db.prepare(
    `SELECT s.key, s.model, s.task_id, s.variant, s.item_id, s.budget, s.trial, s.text, s.stop_reason, s.error,
            s.reasoning_tokens, i.target_json, ${storedScore(importedScores, 's')} AS stored
     FROM samples s LEFT JOIN items i ON i.run_id = s.run_id AND i.task_id = s.task_id AND i.item_id = s.item_id
     WHERE s.rowid = ?`,
  );
  return (rowid) => {
    const r = one.get(rowid) as BrowserRow;
    r.text = unpackText(r.text);
    return r;
  };
}

/** A sample in full, with its item's prompt and target: one primary-key lookup. */
export interface TraceRow {
  model: string;
  task_id: string;
  variant: string;
  item_id: string;
  budget: number;
  trial: number;
  text: string | null;
  reasoning_text: string | null;
  error: string | null;
  error_class: string | null;
  stop_reason: string | null;
  budget_note: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  reasoning_tokens: number | null;
  cost_usd: number | null;
  latency_ms: number | null;
  finished_at: string;
  item_prompt: string | null;
  target_json: string | null;
  stored_score: string | null;
}

export function traceRow(db: DB, runId: string, key: string, importedScores: boolean): TraceRow | undefined {
  const r = db
    .prepare(
      `SELECT s.model, s.task_id, s.variant, s.item_id, s.budget, s.trial, s.text, s.reasoning_text, s.error,
              s.error_class, s.stop_reason, s.budget_note, s.input_tokens, s.output_tokens, s.reasoning_tokens,
              s.cost_usd, s.latency_ms, s.finished_at,
              i.prompt AS item_prompt, i.target_json, ${storedScore(importedScores, 's')} AS stored_score
       FROM samples s
       LEFT JOIN items i ON i.run_id = s.run_id AND i.task_id = s.task_id AND i.item_id = s.item_id
       WHERE s.key = ? AND s.run_id = ?`,
    )
    .get(key, runId) as TraceRow | undefined;
  if (!r) return undefined;
  r.text = unpackText(r.text);
  r.reasoning_text = unpackText(r.reasoning_text);
  return r;
}

/** What an item's answer in one run needs, by sample key. */
export interface AnswerRow {
  key: string;
  text: string | null;
  stop_reason: string | null;
  error: string | null;
  reasoning_tokens: number | null;
  stored: string | null;
}

export function answerReader(
  db: DB,
  runId: string,
  importedScores: boolean,
): (key: string) => AnswerRow | undefined {
  const one = db.prepare(
    `SELECT key, text, stop_reason, error, reasoning_tokens, ${storedScore(importedScores, 'samples')} AS stored
     FROM samples WHERE key = ? AND run_id = ?`,
  );
  return (key) => {
    const r = one.get(key, runId) as AnswerRow | undefined;
    if (r) r.text = unpackText(r.text);
    return r;
  };
}

/** An item's target as stored (JSON), if the run stored the item. */
export function itemTargetJson(db: DB, runId: string, taskId: string, itemId: string): string | undefined {
  return db
    .prepare('SELECT target_json FROM items WHERE run_id = ? AND task_id = ? AND item_id = ?')
    .pluck()
    .get(runId, taskId, itemId) as string | undefined;
}

/** An item's prompt as stored, if the run stored the item. */
export function itemPrompt(db: DB, runId: string, taskId: string, itemId: string): string | undefined {
  return (
    (db
      .prepare('SELECT prompt FROM items WHERE run_id = ? AND task_id = ? AND item_id = ?')
      .pluck()
      .get(runId, taskId, itemId) as string | null | undefined) ?? undefined
  );
}

/** A run by its exact id. */
export function runById(db: DB, id: string): RunRow | undefined {
  return db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
}
