import type { BuiltPrompt } from '../prompts/build.js';
import type { GenerateRequest, GenerateResponse } from '../providers/types.js';
import { budgetToDb } from '../store/budget-column.js';
import type { SampleRow } from '../store/samples.js';
import type { SentRequest } from '../util/errors.js';
import { redactKnown, stripSecrets } from '../util/secrets.js';
import type { PlannedSample } from './plan.js';

/**
 * What goes out for a planned sample and what is stored for it, shared by the synchronous runner
 * and the batch phase so both send the same request and store the same row.
 */

/** The request for a planned sample (the scheduler arm's settings included). */
export function requestOf(s: PlannedSample, p: BuiltPrompt): GenerateRequest {
  return {
    key: s.key,
    seed: s.seed,
    system: p.system,
    ...(p.systemRole === 'developer' ? { systemRole: 'developer' as const } : {}),
    user: p.user,
    budget: s.key.budget,
    maxTokens: s.maxTokens,
    item: s.item,
    ...(s.scheduler ? { scheduler: s.scheduler } : {}),
  };
}

/** Which sample a row is, as planned. */
export type SampleIdentity = Pick<
  SampleRow,
  'model' | 'task_id' | 'item_id' | 'regime' | 'budget' | 'trial' | 'variant' | 'seed' | 'max_tokens'
>;

/** How a sample went: a response, or a final error. */
export type SampleOutcome = Omit<
  SampleRow,
  keyof SampleIdentity | 'key' | 'run_id' | 'attempts' | 'finished_at'
>;

export function identityOf(s: PlannedSample): SampleIdentity {
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
  };
}

/**
 * A response's model-output columns, with every registered key blanked. Both the synchronous runner
 * and the batch phase store responses through this, so an echoed key is never stored either way.
 */
export function outputColumns(
  text: string,
  reasoningText: string | undefined,
  raw: unknown,
  rawText?: string,
): Pick<SampleOutcome, 'text' | 'reasoning_text' | 'raw'> {
  return {
    text: redactKnown(text),
    reasoning_text: reasoningText === undefined ? null : redactKnown(reasoningText),
    raw: redactKnown(rawText ?? JSON.stringify(raw ?? null)),
  };
}

/**
 * A response as its outcome columns, built the same way by the synchronous runner and the batch
 * phase: what was sent, the model's output (keys blanked, `outputColumns`), usage and stop reason.
 */
export function responseOutcome(
  r: Pick<GenerateResponse, 'text' | 'reasoningText' | 'usage' | 'stopReason'>,
  o: {
    sentParams: string;
    budgetNote: string | null;
    raw: unknown;
    rawText?: string;
    latencyMs: number | null;
    costUsd: number | null;
  },
): SampleOutcome {
  const out = outputColumns(r.text, r.reasoningText, o.raw, o.rawText);
  return {
    sent_params: o.sentParams,
    budget_note: o.budgetNote,
    text: out.text,
    reasoning_text: out.reasoning_text,
    raw: out.raw,
    input_tokens: r.usage.input,
    output_tokens: r.usage.output,
    reasoning_tokens: r.usage.reasoning,
    reasoning_source: r.usage.reasoningSource,
    stop_reason: r.stopReason,
    latency_ms: o.latencyMs,
    cost_usd: o.costUsd,
    error: null,
    error_class: null,
  };
}

/**
 * A final failure: no response columns, the message scrubbed of secrets. What the request sent and
 * its budget note are kept when known, so a refused request can be read back from its row.
 */
export function errorOutcome(message: string, errorClass: string, sent?: SentRequest): SampleOutcome {
  return {
    sent_params: sent ? JSON.stringify(sent.params) : null,
    budget_note: sent?.note ?? null,
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

/**
 * The stored row, spelled out field by field: `{ ...identity, ...outcome }` costs V8 some 60 µs per
 * sample on this 27-field shape (measured), which at thousands of samples a second is a tenth of
 * the harness's CPU.
 */
export function sampleRow(
  runId: string,
  key: string,
  id: SampleIdentity,
  attempts: number,
  o: SampleOutcome,
): SampleRow {
  return {
    key,
    run_id: runId,
    model: id.model,
    task_id: id.task_id,
    item_id: id.item_id,
    regime: id.regime,
    budget: id.budget,
    trial: id.trial,
    variant: id.variant,
    seed: id.seed,
    max_tokens: id.max_tokens,
    sent_params: o.sent_params,
    budget_note: o.budget_note,
    text: o.text,
    reasoning_text: o.reasoning_text,
    raw: o.raw,
    input_tokens: o.input_tokens,
    output_tokens: o.output_tokens,
    reasoning_tokens: o.reasoning_tokens,
    reasoning_source: o.reasoning_source,
    stop_reason: o.stop_reason,
    latency_ms: o.latency_ms,
    cost_usd: o.cost_usd,
    attempts,
    error: o.error,
    error_class: o.error_class,
    finished_at: new Date().toISOString(),
  };
}
