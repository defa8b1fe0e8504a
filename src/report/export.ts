import { budgetFromDb } from '../run/keys.js';
import { ScoreMemo } from '../score/memo.js';
import { type DB, getRun, loadTargets } from '../store/store.js';

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

type Row = [
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
  // task → item id → target: no joined key string per row.
  const targets = loadTargets(db, run.id);
  const fields: string[] = [...FIELDS, ...(o.withText ? ['text', 'reasoning_text', 'error'] : [])];
  // Raw rows (arrays, not objects), and the reasoning text only when it is exported: at 1M rows
  // these two halve the time spent reading the store.
  const stmt = db
    .prepare(
      `SELECT key, model, task_id, item_id, budget, trial, variant, text, ${o.withText ? 'reasoning_text' : 'NULL'},
              stop_reason, error, error_class, reasoning_tokens, reasoning_source, input_tokens, output_tokens,
              latency_ms, cost_usd, attempts, sent_params, budget_note
       FROM samples WHERE run_id = ? ORDER BY model, task_id, budget, trial, item_id`,
    )
    .raw();
  const memo = new ScoreMemo();
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
  for (const r of stmt.iterate(run.id) as IterableIterator<Row>) {
    const [key, model, taskId, itemId, budget, trial, variant, text, reasoningText, stop, error] = r;
    const target = targets.get(taskId)?.get(itemId);
    if (!target) continue;
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
    if (o.withText) Object.assign(tail, { text, reasoning_text: reasoningText, error });
    if (format === 'csv') {
      Object.assign(rec, { sent_params: r[19] }, tail);
      chunk.push(`${fields.map((f) => csvCell(rec[f])).join(',')}\n`);
    } else {
      const head = JSON.stringify(rec);
      const line = `${head.slice(0, -1)},"sent_params":${r[19] || 'null'},${JSON.stringify(tail).slice(1)}`;
      chunk.push(format === 'json' ? `${n ? ',' : ''}\n${line}` : `${line}\n`);
    }
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
