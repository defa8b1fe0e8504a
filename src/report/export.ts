import type { Outcome } from '../core/outcome.js';
import { ScoreMemo } from '../score/memo.js';
import { extractorOf } from '../score/score.js';
import { budgetFromDb } from '../store/budget-column.js';
import type { DB } from '../store/db.js';
import { type ExportRow, exportRows, type SampleFilter } from '../store/export-rows.js';
import { itemReader } from '../store/items.js';
import { getRun } from '../store/runs.js';
import type { Metric } from '../tasks/metrics.js';
import type { Item, Target } from '../tasks/types.js';
import { targetText } from './sample-data.js';

export type ExportFormat = 'jsonl' | 'csv' | 'json';

/**
 * One record per sample, flat, so a notebook can rebuild any table of the report from it: who (run,
 * model, task, item, stratum, prompt variant), where on the curve (budget, realized reasoning tokens
 * and where that count came from, trial), what was asked and answered (metric, target, model answer)
 * and how it was judged (outcome, pass), then cost and provenance.
 */
export const EXPORT_FIELDS = [
  'run_id',
  'model',
  'task',
  'item',
  'stratum',
  'variant',
  'budget',
  'trial',
  'metric',
  'target',
  'model_answer',
  'outcome',
  'pass',
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
  'error',
  'key',
  'budget_note',
  'sent_params',
] as const;
const TEXT_FIELDS = ['text', 'reasoning_text'] as const;
export type ExportField = (typeof EXPORT_FIELDS)[number] | (typeof TEXT_FIELDS)[number];

/**
 * A scored sample's values in field order, all but `sent_params`, which stays the JSON text the store
 * holds: JSON output splices it in as it is rather than parsing and serialising it again (every row's
 * differs, by its seed).
 */
export interface ExportRecord {
  values: Record<string, unknown>;
  sentParams: string | null;
}

/** What a record needs of its item: the target and the strata, as a reader writes them. */
export interface ExportItem {
  target: Target;
  /** "num_distractors=3", several joined by ", "; "" for an item without strata. */
  stratum: string;
  /** The target as the report shows it. */
  targetText: string;
}

/** The items and task metrics a run's records are made against. */
export interface ExportContext {
  /** A stored item's export form, or undefined when the store lacks it. */
  item(taskId: string, itemId: string): ExportItem | undefined;
  metrics: Map<string, Metric>;
}

export function exportItem(it: Pick<Item, 'target' | 'strata'>): ExportItem {
  return {
    target: it.target,
    stratum: Object.entries(it.strata)
      .map(([k, v]) => `${k}=${v}`)
      .join(', '),
    targetText: targetText(it.target),
  };
}

/** Which samples to export; each list keeps a sample that matches any of its values. */
export interface ExportFilter extends SampleFilter {
  outcomes?: Outcome[];
}

/** A run's items (target and strata) and its tasks' metrics, read from the store. */
export function loadExportContext(db: DB, runId: string, manifestJson: string): ExportContext {
  const item = itemReader(db, runId, exportItem);
  const manifest = JSON.parse(manifestJson) as { tasks?: { id: string; metric: Metric }[] };
  return { item, metrics: new Map((manifest.tasks ?? []).map((t) => [t.id, t.metric])) };
}

/**
 * Streams a run's samples, scored, one record each. Written in chunks so a million rows never sit
 * in memory as one string. Returns how many records were written.
 */
export async function exportRun(
  db: DB,
  runRef: string | undefined,
  format: ExportFormat,
  out: NodeJS.WritableStream,
  o: { withText: boolean; filter?: ExportFilter },
): Promise<number> {
  const run = getRun(db, runRef);
  const ctx = loadExportContext(db, run.id, run.manifest_json);
  const memo = new ScoreMemo(extractorOf(run.config_json));
  const outcomes = o.filter?.outcomes && new Set<string>(o.filter.outcomes);
  let chunk: string[] = [exportHead(format, o.withText)];
  let n = 0;
  const flush = async () => {
    const text = chunk.join('');
    chunk = [];
    if (text && !out.write(text)) await drained(out);
  };
  for (const r of exportRows(db, run.id, o.withText, o.filter)) {
    const item = ctx.item(r[3], r[4]);
    if (!item) continue;
    const rec = exportValues(r, item, ctx.metrics.get(r[3]) ?? 'accuracy', memo, o.withText);
    if (outcomes && !outcomes.has(rec.values.outcome as string)) continue;
    chunk.push(exportPiece(format, formatRecord(rec, format, o.withText), n++));
    if (chunk.length >= 512) await flush();
  }
  chunk.push(exportTail(format));
  await flush();
  return n;
}

/** One sample, scored against its item. */
export function exportValues(
  r: ExportRow,
  item: ExportItem,
  metric: Metric,
  memo: ScoreMemo,
  withText: boolean,
): ExportRecord {
  const [key, runId, model, taskId, itemId, budget, trial, variant, text, reasoningText, stop, error] = r;
  const s = memo.score({ text, stopReason: stop, error }, item.target);
  const values: Record<string, unknown> = {
    run_id: runId,
    model,
    task: taskId,
    item: itemId,
    stratum: item.stratum,
    variant,
    budget: budgetFromDb(budget),
    trial,
    metric,
    target: item.targetText,
    model_answer: s.answer,
    outcome: s.outcome,
    pass: s.correct,
    prediction: s.prediction ?? null,
    abs_error: s.absError ?? null,
    reasoning_tokens: r[13],
    reasoning_source: r[14],
    input_tokens: r[15],
    output_tokens: r[16],
    stop_reason: stop,
    latency_ms: r[17],
    cost_usd: r[18],
    attempts: r[19],
    error_class: r[12],
    error,
    key,
    budget_note: r[21],
  };
  if (withText) Object.assign(values, { text, reasoning_text: reasoningText });
  return { values, sentParams: r[20] };
}

/** A record as a JSON object or a CSV line (no line end), its fields in EXPORT_FIELDS order. */
export function formatRecord(rec: ExportRecord, format: ExportFormat, withText: boolean): string {
  if (format === 'csv')
    return fieldsOf(withText)
      .map((f) => csvCell(f === 'sent_params' ? rec.sentParams : rec.values[f]))
      .join(',');
  return `${JSON.stringify(rec.values).slice(0, -1)},"sent_params":${rec.sentParams || 'null'}}`;
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

// With texts, they come before sent_params, which stays last.
const FIELDS_WITH_TEXT = [...EXPORT_FIELDS.slice(0, -1), ...TEXT_FIELDS, 'sent_params'] as const;
export const fieldsOf = (withText: boolean): readonly ExportField[] =>
  withText ? FIELDS_WITH_TEXT : EXPORT_FIELDS;

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
