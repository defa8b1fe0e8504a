import { budgetLabel } from '../core/budget.js';
import { targetText } from '../report/sample-data.js';
import { extractorOf, scoreSample } from '../score/score.js';
import { budgetFromDb } from '../store/budget-column.js';
import type { DB } from '../store/db.js';
import type { RunRow } from '../store/runs.js';
import type { Target } from '../tasks/types.js';
import { storedScoreColumn } from './stored-score.js';

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
  const r = db
    .prepare(
      `SELECT s.*, i.prompt AS item_prompt, i.target_json, ${storedScoreColumn(run, 's')} AS stored_score FROM samples s
       LEFT JOIN items i ON i.run_id = s.run_id AND i.task_id = s.task_id AND i.item_id = s.item_id
       WHERE s.key = ? AND s.run_id = ?`,
    )
    .get(key, run.id) as
    | (Record<string, unknown> & { item_prompt: string | null; target_json: string | null })
    | undefined;
  if (!r) return undefined;
  const str = (k: string) => (r[k] === null || r[k] === undefined ? null : String(r[k]));
  const num = (k: string) => (typeof r[k] === 'number' ? (r[k] as number) : null);
  const target = r.target_json ? (JSON.parse(r.target_json) as Target) : undefined;
  const scored = target
    ? scoreSample(
        {
          text: str('text'),
          stopReason: str('stop_reason'),
          error: str('error'),
          stored: str('stored_score'),
        },
        target,
        extractorOf(run.config_json),
      )
    : undefined;
  return {
    key,
    run: run.id,
    model: String(r.model),
    task: String(r.task_id),
    variant: String(r.variant),
    item: String(r.item_id),
    budget: budgetLabel(budgetFromDb(Number(r.budget))),
    trial: Number(r.trial),
    outcome: scored?.outcome ?? (r.error !== null ? 'error' : 'unparsable'),
    answer: scored?.answer ?? null,
    expected: target ? targetText(target) : '',
    prompt: r.item_prompt ?? '',
    text: str('text') ?? '',
    reasoning: str('reasoning_text') ?? '',
    error: str('error'),
    errorClass: str('error_class'),
    stopReason: str('stop_reason'),
    budgetNote: str('budget_note'),
    inputTokens: num('input_tokens'),
    outputTokens: num('output_tokens'),
    reasoningTokens: num('reasoning_tokens'),
    costUsd: num('cost_usd'),
    latencyMs: num('latency_ms'),
    finishedAt: String(r.finished_at),
  };
}
