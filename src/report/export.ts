import { budgetFromDb } from '../run/keys.js';
import { ScoreMemo } from '../score/memo.js';
import { extractorOf } from '../score/score.js';
import { type DB, getRun, loadTargets, type SampleRow } from '../store/store.js';
import type { Target } from '../tasks/types.js';

export type ExportFormat = 'jsonl' | 'csv' | 'json';

const FIELDS = [
  'key',
  'model',
  'task',
  'item',
  'budget',
  'trial',
  'variant',
  'outcome',
  'pass',
  'answer',
  'prediction',
  'abs_error',
  'reasoning_tokens',
  'reasoning_source',
  'input_tokens',
  'output_tokens',
  'stop_reason',
  'latency_ms',
  'cost_usd',
  'attempts',
  'error_class',
  'sent_params',
  'budget_note',
] as const;

/** What one exported record is made from: a sample's stored columns, in this order. */
export type ExportRow = [
  key: string,
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
 * Streams a run's samples, scored, one record each. Written in chunks so a million rows never sit
 * in memory as one string.
 */
export async function exportRun(
  db: DB,
  runRef: string | undefined,
  format: ExportFormat,
  out: NodeJS.WritableStream,
  o: { withText: boolean },
): Promise<number> {
  const run = getRun(db, runRef);
  // task → item id → target: no joined key string per row.
  const targets = loadTargets(db, run.id);
  // Raw rows (arrays, not objects), and the reasoning text only when it is exported: at 1M rows
  // these two halve the time spent reading the store.
  const stmt = db
    .prepare(
      `SELECT key, model, task_id, item_id, budget, trial, variant, text, ${o.withText ? 'reasoning_text' : 'NULL'},
              stop_reason, error, error_class, reasoning_tokens, reasoning_source, input_tokens, output_tokens,
              latency_ms, cost_usd, attempts, sent_params, budget_note
       FROM samples WHERE run_id = ? ORDER BY ${EXPORT_ORDER.join(', ')}`,
    )
    .raw();
  const memo = new ScoreMemo(extractorOf(run.config_json));
  let chunk: string[] = [exportHead(format, o.withText)];
  let n = 0;
  const flush = async () => {
    const text = chunk.join('');
    chunk = [];
    if (text && !out.write(text)) await drained(out);
  };
  for (const r of stmt.iterate(run.id) as IterableIterator<ExportRow>) {
    const target = targets.get(r[2])?.get(r[3]);
    if (!target) continue;
    chunk.push(exportPiece(format, exportRecord(r, target, memo, format, o.withText), n++));
    if (chunk.length >= 512) await flush();
  }
  chunk.push(exportTail(format));
  await flush();
  return n;
}

/** One sample, scored, as a JSON object or a CSV line (no line end). */
export function exportRecord(
  r: ExportRow,
  target: Target,
  memo: ScoreMemo,
  format: ExportFormat,
  withText: boolean,
): string {
  const [key, model, taskId, itemId, budget, trial, variant, text, reasoningText, stop, error] = r;
  const s = memo.score({ text, stopReason: stop, error }, target);
  const rec: Record<string, unknown> = {
    key,
    model,
    task: taskId,
    item: itemId,
    budget: budgetFromDb(budget),
    trial,
    variant,
    outcome: s.outcome,
    pass: s.correct,
    answer: s.answer,
    prediction: s.prediction ?? null,
    abs_error: s.absError ?? null,
    reasoning_tokens: r[12],
    reasoning_source: r[13],
    input_tokens: r[14],
    output_tokens: r[15],
    stop_reason: stop,
    latency_ms: r[16],
    cost_usd: r[17],
    attempts: r[18],
    error_class: r[11],
  };
  // sent_params is stored as JSON.stringify wrote it: spliced in as it is rather than parsed and
  // serialised again (every row's differs, by its seed). Then the fields after it, in order.
  const tail: Record<string, string | null> = { budget_note: r[20] };
  if (withText) Object.assign(tail, { text, reasoning_text: reasoningText, error });
  if (format === 'csv') {
    Object.assign(rec, { sent_params: r[19] }, tail);
    return fieldsOf(withText)
      .map((f) => csvCell(rec[f]))
      .join(',');
  }
  const head = JSON.stringify(rec);
  return `${head.slice(0, -1)},"sent_params":${r[19] || 'null'},${JSON.stringify(tail).slice(1)}`;
}

/** A sample as it is stored, as the columns a record without texts is made from (what the export reads back). */
export function exportRowOf(s: SampleRow): ExportRow {
  return [
    s.key,
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

// How records are framed: what comes before the first, around the n-th, and after the last.
export function exportHead(format: ExportFormat, withText: boolean): string {
  return format === 'csv' ? `${fieldsOf(withText).join(',')}\n` : format === 'json' ? '[' : '';
}
export function exportPiece(format: ExportFormat, record: string, n: number): string {
  return format === 'json' ? `${n ? ',' : ''}\n${record}` : `${record}\n`;
}
export function exportTail(format: ExportFormat): string {
  return format === 'json' ? '\n]\n' : '';
}

const FIELDS_WITH_TEXT = [...FIELDS, 'text', 'reasoning_text', 'error'] as const;
const fieldsOf = (withText: boolean): readonly string[] => (withText ? FIELDS_WITH_TEXT : FIELDS);

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Resolves when `out` drains; rejects if it fails or is closed first (a full disk), rather than
 * waiting forever.
 */
function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const w = out as NodeJS.WritableStream & { destroyed?: boolean; errored?: Error | null };
    if (w.destroyed) return reject(w.errored ?? new Error('the output was closed'));
    const done = (err?: Error) => {
      out.off('drain', done);
      out.off('error', done);
      out.off('close', closed);
      if (err) reject(err);
      else resolve();
    };
    const closed = () => done(w.errored ?? new Error('the output was closed'));
    out.on('drain', done);
    out.on('error', done);
    out.on('close', closed);
  });
}
