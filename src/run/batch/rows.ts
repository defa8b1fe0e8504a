import type { ModelConfig } from '../../config/schema.js';
import { batchCostUsd } from '../../providers/batch/price.js';
import type { BatchAdapter } from '../../providers/batch/types.js';
import type { BatchEntryRow, BatchSampleMeta } from '../../store/batches.js';
import type { SampleRow } from '../../store/samples.js';
import type { PlannedSample } from '../plan.js';
import { errorOutcome, identityOf, responseOutcome, sampleRow } from '../sample.js';
import type { BatchContext } from './context.js';

/** A sample's identity and what was sent, stored with its batch so results need no plan. */
export function sampleMeta(
  s: PlannedSample,
  sentParams: Record<string, unknown>,
  note?: string,
): BatchSampleMeta {
  return { ...identityOf(s), sent_params: JSON.stringify(sentParams), budget_note: note ?? null };
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
  return sampleRow(
    runId,
    e.key,
    m,
    e.attempts,
    responseOutcome(r, {
      sentParams: m.sent_params,
      budgetNote: m.budget_note,
      raw: rawObj,
      latencyMs: null,
      costUsd: batchCostUsd(model, r.usage) ?? null,
    }),
  );
}

/** A final failure as a sample row, shaped like the synchronous runner's, with what its entry sent. */
export function errorRow(
  runId: string,
  key: string,
  m: BatchSampleMeta,
  attempts: number,
  message: string,
  errorClass: string,
): SampleRow {
  return sampleRow(runId, key, m, attempts, {
    ...errorOutcome(message, errorClass),
    sent_params: m.sent_params,
    budget_note: m.budget_note,
  });
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
