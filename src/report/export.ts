import { itemKey } from '../analysis/samples.js';
import { budgetFromDb } from '../run/keys.js';
import { scoreSample } from '../score/score.js';
import { type DB, getRun, loadItems } from '../store/store.js';
import type { Item } from '../tasks/types.js';

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

/**
 * Streams a run's samples, scored, one record each. Written in chunks so a million rows never sit
 * in memory as one string.
 */
export async function exportRun(
  db: DB,
  runRef: string | undefined,
  format: 'jsonl' | 'csv' | 'json',
  out: NodeJS.WritableStream,
  o: { withText: boolean },
): Promise<number> {
  const run = getRun(db, runRef);
  const items = new Map<string, Item>();
  for (const it of loadItems(db, run.id)) items.set(itemKey(it.taskId, it.itemId), it);
  const fields: string[] = [...FIELDS, ...(o.withText ? ['text', 'reasoning_text', 'error'] : [])];
  const stmt = db.prepare(
    `SELECT key, model, task_id, item_id, budget, trial, variant, text, reasoning_text, stop_reason, error, error_class,
            reasoning_tokens, reasoning_source, input_tokens, output_tokens, latency_ms, cost_usd, attempts, sent_params, budget_note
     FROM samples WHERE run_id = ? ORDER BY model, task_id, budget, trial, item_id`,
  );
  let chunk: string[] = [];
  let n = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const text = chunk.join('');
    chunk = [];
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  if (format === 'csv') chunk.push(`${fields.join(',')}\n`);
  if (format === 'json') chunk.push('[');
  for (const r of stmt.iterate(run.id) as IterableIterator<Record<string, string | number | null>>) {
    const item = items.get(itemKey(String(r.task_id), String(r.item_id)));
    if (!item) continue;
    const s = scoreSample(
      {
        text: r.text as string | null,
        stopReason: r.stop_reason as string | null,
        error: r.error as string | null,
      },
      item.target,
    );
    const rec: Record<string, unknown> = {
      key: r.key,
      model: r.model,
      task: r.task_id,
      item: r.item_id,
      budget: budgetFromDb(Number(r.budget)),
      trial: r.trial,
      variant: r.variant,
      outcome: s.outcome,
      pass: s.correct,
      answer: s.answer,
      prediction: s.prediction ?? null,
      abs_error: s.absError ?? null,
      reasoning_tokens: r.reasoning_tokens,
      reasoning_source: r.reasoning_source,
      input_tokens: r.input_tokens,
      output_tokens: r.output_tokens,
      stop_reason: r.stop_reason,
      latency_ms: r.latency_ms,
      cost_usd: r.cost_usd,
      attempts: r.attempts,
      error_class: r.error_class,
      sent_params: r.sent_params ? JSON.parse(String(r.sent_params)) : null,
      budget_note: r.budget_note,
    };
    if (o.withText) Object.assign(rec, { text: r.text, reasoning_text: r.reasoning_text, error: r.error });
    if (format === 'csv') chunk.push(`${fields.map((f) => csvCell(rec[f])).join(',')}\n`);
    else if (format === 'json') chunk.push(`${n ? ',' : ''}\n${JSON.stringify(rec)}`);
    else chunk.push(`${JSON.stringify(rec)}\n`);
    n++;
    if (chunk.length >= 512) await flush();
  }
  if (format === 'json') chunk.push('\n]\n');
  await flush();
  return n;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
