import type { Budget } from '../core/budget.js';
import { budgetToDb } from './budget-column.js';
import type { DB } from './db.js';
import type { SampleRow } from './samples.js';
import { unpackText } from './text-codec.js';
/**
 * What an export reads of a run's samples: the columns of a record, as raw rows in the export's total
 * order, narrowed in SQL by task, model and budget. The row's shape and the SELECT that fills it live
 * here together; report/export.ts scores and formats them.
 */

/** Narrows the rows an export reads; a field left out keeps every value. */
export interface SampleFilter {
  tasks?: string[];
  models?: string[];
  budgets?: Budget[];
}

/** What one exported record is made from: a sample's stored columns, in this order. */
export type ExportRow = [
  key: string,
  runId: string,
  model: string,
  taskId: string,
  itemId: string,
  budget: number,
  trial: number,
  variant: string,
  text: string | null,
  reasoningText: string | null,
  stop: string | null,
  error: string | null,
  errorClass: string | null,
  reasoningTokens: number | null,
  reasoningSource: string | null,
  inputTokens: number | null,
  outputTokens: number | null,
  latencyMs: number | null,
  costUsd: number | null,
  attempts: number,
  sentParams: string | null,
  budgetNote: string | null,
];

/**
 * The export's order: every column of a sample's identity, so it is total and the same in every
 * export of a run. The store sorts by it here; `ExportBuffer` sorts its records by the same columns
 * (text as SQLite compares it, by UTF-8 bytes).
 */
export const EXPORT_ORDER = ['model', 'task_id', 'budget', 'trial', 'item_id', 'variant', 'key'] as const;

/**
 * A run's stored rows in export order, narrowed by task, model and budget in SQL (the outcome is
 * known only once scored). Raw rows (arrays, not objects), and the reasoning text only when it is
 * exported: at 1M rows these two halve the time spent reading the store.
 */
export function exportRows(
  db: DB,
  runId: string,
  withText: boolean,
  filter: SampleFilter = {},
): IterableIterator<ExportRow> {
  const where = ['run_id = ?'];
  const args: (string | number)[] = [runId];
  const any = (column: string, values: (string | number)[] | undefined) => {
    if (!values?.length) return;
    where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    args.push(...values);
  };
  any('task_id', filter.tasks);
  any('model', filter.models);
  any('budget', filter.budgets?.map(budgetToDb));
  const columns = `key, run_id, model, task_id, item_id, budget, trial, variant, text, ${withText ? 'reasoning_text' : 'NULL'},
              stop_reason, error, error_class, reasoning_tokens, reasoning_source, input_tokens, output_tokens,
              latency_ms, cost_usd, attempts, sent_params, budget_note`;
  const order = db
    .prepare(`SELECT rowid FROM samples WHERE ${where.join(' AND ')} ORDER BY ${EXPORT_ORDER.join(', ')}`)
    .pluck();
  const byRowid = db.prepare(`SELECT ${columns} FROM samples WHERE rowid = ?`).raw();
  return unpacked(
    inOrder(
      db,
      () => order.iterate(...args) as IterableIterator<number>,
      (id) => byRowid.get(id) as ExportRow | undefined,
    ),
    8,
    9,
  );
}

/**
 * The rows in the export's order: the order found first over the sort columns and rowids alone, then
 * each row read by its rowid. SQLite's index (run_id, model, task_id, budget) leaves the last terms to
 * its sorter (EXPLAIN QUERY PLAN: "USE TEMP B-TREE FOR LAST 4 TERMS OF ORDER BY"), which holds every
 * selected column and memory-maps the temporary files it spills to: sorting whole rows put ~130 MB
 * of mapped pages in the export's RSS at 200,000 samples, sorting rowids ~20 MB (8 bytes a sample
 * are held here). Both reads in one read transaction, so the rows are those the order was taken from.
 */
function* inOrder(
  db: DB,
  order: () => IterableIterator<number>,
  byRowid: (id: number) => ExportRow | undefined,
): Generator<ExportRow> {
  const own = !db.inTransaction;
  if (own) db.prepare('BEGIN').run();
  try {
    let ids = new Float64Array(1024);
    let n = 0;
    for (const id of order()) {
      if (n === ids.length) {
        const more = new Float64Array(ids.length * 2);
        more.set(ids);
        ids = more;
      }
      ids[n++] = id;
    }
    for (let i = 0; i < n; i++) {
      const row = byRowid(ids[i]);
      if (row) yield row;
    }
  } finally {
    if (own && db.inTransaction) db.prepare('COMMIT').run();
  }
}

/** Rows with the texts at two positions unpacked (text-codec.js). */
function* unpacked<R extends unknown[]>(rows: IterableIterator<R>, text: number, reasoning: number) {
  for (const r of rows) {
    r[text] = unpackText(r[text]);
    r[reasoning] = unpackText(r[reasoning]);
    yield r;
  }
}

/** A sample as it is stored, as the columns a record without texts is made from (what the export reads back). */
export function exportRowOf(s: SampleRow): ExportRow {
  return [
    s.key,
    s.run_id,
    s.model,
    s.task_id,
    s.item_id,
    s.budget,
    s.trial,
    s.variant,
    s.text,
    null,
    s.stop_reason,
    s.error,
    s.error_class,
    s.reasoning_tokens,
    s.reasoning_source,
    s.input_tokens,
    s.output_tokens,
    s.latency_ms,
    s.cost_usd,
    s.attempts,
    s.sent_params,
    s.budget_note,
  ];
}

/** A sample as an Inspect log needs it, in the order of the columns below. */
export type InspectRow = [
  model: string,
  taskId: string,
  variant: string,
  budget: number,
  itemId: string,
  trial: number,
  text: string | null,
  reasoning: string | null,
  stop: string | null,
  error: string | null,
  inputTokens: number | null,
  outputTokens: number | null,
  reasoningTokens: number | null,
  reasoningSource: string | null,
  latencyMs: number | null,
  costUsd: number | null,
  maxTokens: number,
  sentParams: string | null,
  finishedAt: string,
  stored: string | null,
];

/**
 * A run's samples grouped as Inspect logs are (model, task, arm, budget), then by item and trial;
 * the imported scores joined for an imported run.
 */
export function inspectRows(db: DB, runId: string, importedScores: boolean): IterableIterator<InspectRow> {
  const rows = db
    .prepare(
      `SELECT model, task_id, variant, budget, item_id, trial, text, reasoning_text, stop_reason, error,
              input_tokens, output_tokens, reasoning_tokens, reasoning_source, latency_ms, cost_usd, max_tokens,
              sent_params, finished_at, ${importedScores ? 'score_json' : 'NULL'}
       FROM samples ${importedScores ? 'LEFT JOIN imported_scores USING (key, run_id)' : ''}
       WHERE run_id = ? ORDER BY model, task_id, variant, budget, item_id, trial`,
    )
    .raw()
    .iterate(runId) as IterableIterator<InspectRow>;
  return unpacked(rows, 6, 7);
}
