import { budgetLabel } from '../core/budget.js';
import { targetText } from '../report/sample-data.js';
import { extractorOf, scoreSample } from '../score/score.js';
import { budgetFromDb } from '../store/budget-column.js';
import type { DB } from '../store/db.js';
import type { RunRow } from '../store/runs.js';
import { traceRow } from '../store/view-rows.js';
import type { Target } from '../tasks/types.js';
import { hasImportedScores } from './stored-score.js';

/**
 * One sample in full, read only when a reader opens it: a primary-key lookup, so a 40k-character
 * trace costs one row. Texts travel as JSON strings and the page sets them with textContent.
 */
export interface SampleTrace {
  key: string;
  run: string;
  model: string;
  task: string;
  variant: string;
  item: string;
  budget: string;
  trial: number;
  outcome: string;
  answer: string | null;
  expected: string;
  prompt: string;
  text: string;
  reasoning: string;
  error: string | null;
  errorClass: string | null;
  stopReason: string | null;
  budgetNote: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
  latencyMs: number | null;
  finishedAt: string;
}

export function loadTrace(db: DB, run: RunRow, key: string): SampleTrace | undefined {
  const r = traceRow(db, run.id, key, hasImportedScores(run));
  if (!r) return undefined;
  const target = r.target_json ? (JSON.parse(r.target_json) as Target) : undefined;
  const scored = target
    ? scoreSample(
        {
          text: r.text,
          stopReason: r.stop_reason,
          error: r.error,
          stored: r.stored_score,
        },
        target,
        extractorOf(run.config_json),
      )
    : undefined;
  return {
    key,
    run: run.id,
    model: r.model,
    task: r.task_id,
    variant: r.variant,
    item: r.item_id,
    budget: budgetLabel(budgetFromDb(r.budget)),
    trial: r.trial,
    outcome: scored?.outcome ?? (r.error !== null ? 'error' : 'unparsable'),
    answer: scored?.answer ?? null,
    expected: target ? targetText(target) : '',
    prompt: r.item_prompt ?? '',
    text: r.text ?? '',
    reasoning: r.reasoning_text ?? '',
    error: r.error,
    errorClass: r.error_class,
    stopReason: r.stop_reason,
    budgetNote: r.budget_note,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    reasoningTokens: r.reasoning_tokens,
    costUsd: r.cost_usd,
    latencyMs: r.latency_ms,
    finishedAt: r.finished_at,
  };
}
