import type { ModelConfig } from '../../config/schema.js';
import { batchCostUsd } from '../../providers/batch/price.js';
import type { BatchAdapter } from '../../providers/batch/types.js';
import type { BatchEntryRow, BatchSampleMeta } from '../../store/batches.js';
import type { SampleRow } from '../../store/store.js';
import { stripSecrets } from '../../util/secrets.js';
import { budgetToDb } from '../keys.js';
import type { PlannedSample } from '../plan.js';
import type { BatchContext } from './context.js';

/** A sample's identity and what was sent, stored with its batch so results need no plan. */
export function sampleMeta(
  s: PlannedSample,
  sentParams: Record<string, unknown>,
  note?: string,
): BatchSampleMeta {
  return {
    model: s.key.model,
    task_id: s.key.taskId,
    item_id: s.key.itemId,
    regime: s.key.regime,
    budget: budgetToDb(s.key.budget),
    trial: s.key.trial,
    variant: s.key.variant,
    seed: s.seed,
    max_tokens: s.maxTokens,
    sent_params: JSON.stringify(sentParams),
    budget_note: note ?? null,
  };
}

function base(runId: string, key: string, m: BatchSampleMeta, attempts: number) {
  return {
    key,
    run_id: runId,
    model: m.model,
    task_id: m.task_id,
    item_id: m.item_id,
    regime: m.regime,
    budget: m.budget,
    trial: m.trial,
    variant: m.variant,
    seed: m.seed,
    max_tokens: m.max_tokens,
    attempts,
    finished_at: new Date().toISOString(),
  };
}

/**
 * A succeeded entry as a sample row: the same columns and parsing as a synchronous sample, cost at
 * the batch price, and no latency (a batch entry has none of its own).
 */
export function successRow(
  runId: string,
  e: BatchEntryRow,
  raw: unknown,
  adapter: BatchAdapter,
  model: ModelConfig,
  providerBatchId: string,
): SampleRow {
  const m = e.meta;
  const r = adapter.parse(raw, {
    params: JSON.parse(m.sent_params) as Record<string, unknown>,
    maxTokens: m.max_tokens,
    note: m.budget_note ?? undefined,
  });
  const rawObj = raw && typeof raw === 'object' ? { ...(raw as object), batch_id: providerBatchId } : raw;
  return {
    ...base(runId, e.key, m, e.attempts),
    sent_params: m.sent_params,
    budget_note: m.budget_note,
    text: r.text,
    reasoning_text: r.reasoningText ?? null,
    raw: JSON.stringify(rawObj ?? null),
    input_tokens: r.usage.input,
    output_tokens: r.usage.output,
    reasoning_tokens: r.usage.reasoning,
    reasoning_source: r.usage.reasoningSource,
    stop_reason: r.stopReason,
    latency_ms: null,
    cost_usd: batchCostUsd(model, r.usage) ?? null,
    error: null,
    error_class: null,
  };
}

/** A final failure as a sample row, shaped like the synchronous runner's. */
export function errorRow(
  runId: string,
  key: string,
  m: BatchSampleMeta,
  attempts: number,
  message: string,
  errorClass: string,
): SampleRow {
  return {
    ...base(runId, key, m, attempts),
    sent_params: null,
    budget_note: null,
    text: null,
    reasoning_text: null,
    raw: null,
    input_tokens: null,
    output_tokens: null,
    reasoning_tokens: null,
    reasoning_source: null,
    stop_reason: null,
    latency_ms: null,
    cost_usd: null,
    error: stripSecrets(message),
    error_class: errorClass,
  };
}

/** Writes a row and counts it. */
export function store(ctx: BatchContext, row: SampleRow): void {
  ctx.writer.add(row);
  if (row.error) {
    ctx.finalized.add(row.key);
    ctx.stats.failed++;
    const c = row.error_class ?? 'other';
    ctx.stats.errorsByClass[c] = (ctx.stats.errorsByClass[c] ?? 0) + 1;
  } else {
    ctx.stats.succeeded++;
    ctx.stats.costUsd += row.cost_usd ?? 0;
    ctx.stats.reasoningTokens += row.reasoning_tokens ?? 0;
  }
}
