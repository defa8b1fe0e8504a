import type { Budget } from '../run/keys.js';
import { budgetFromDb } from '../run/keys.js';
import { type Outcome, scoreSample } from '../score/score.js';
import type { DB, RunRow } from '../store/store.js';
import { getRun, loadItems } from '../store/store.js';
import type { Item, Metric } from '../tasks/types.js';

/** One stored sample after scoring: the unit every analysis works on. */
export interface ScoredSample {
  key: string;
  model: string;
  taskId: string;
  itemId: string;
  budget: Budget;
  trial: number;
  variant: string;
  outcome: Outcome;
  correct: boolean;
  answer: string | null;
  prediction?: number;
  absError?: number;
  reasoningTokens: number;
  reasoningSource: string | null;
  stopReason: string | null;
  maxTokens: number;
  costUsd: number;
}

export interface RunData {
  run: RunRow;
  simulated: boolean;
  items: Map<string, Item>;
  metrics: Map<string, Metric>;
  samples: ScoredSample[];
}

export function itemKey(taskId: string, itemId: string): string {
  return `${taskId}\u0000${itemId}`;
}

/**
 * Reads a run's samples and scores them. Scoring happens here, on read, so a scorer fix applies
 * to every stored run without touching the raw data.
 */
export function loadRunData(db: DB, runRef?: string): RunData {
  const run = getRun(db, runRef);
  const items = new Map<string, Item>();
  for (const it of loadItems(db, run.id)) items.set(itemKey(it.taskId, it.itemId), it);
  const manifest = JSON.parse(run.manifest_json) as { tasks?: { id: string; metric: Metric }[] };
  const metrics = new Map<string, Metric>((manifest.tasks ?? []).map((t) => [t.id, t.metric]));
  const rows = db
    .prepare(
      `SELECT key, model, task_id, item_id, budget, trial, variant, text, stop_reason, error,
              reasoning_tokens, reasoning_source, max_tokens, cost_usd
       FROM samples WHERE run_id = ?`,
    )
    .raw()
    .iterate(run.id) as IterableIterator<
    [
      string,
      string,
      string,
      string,
      number,
      number,
      string,
      string | null,
      string | null,
      string | null,
      number | null,
      string | null,
      number,
      number | null,
    ]
  >;
  const samples: ScoredSample[] = [];
  for (const [
    key,
    model,
    taskId,
    itemId,
    budget,
    trial,
    variant,
    text,
    stopReason,
    error,
    rt,
    rs,
    maxTokens,
    cost,
  ] of rows) {
    const item = items.get(itemKey(taskId, itemId));
    if (!item) continue;
    if (!metrics.has(taskId)) metrics.set(taskId, 'accuracy');
    const s = scoreSample({ text, stopReason, error }, item.target);
    samples.push({
      key,
      model,
      taskId,
      itemId,
      budget: budgetFromDb(budget),
      trial,
      variant,
      outcome: s.outcome,
      correct: s.correct,
      answer: s.answer,
      prediction: s.prediction,
      absError: s.absError,
      reasoningTokens: rt ?? 0,
      reasoningSource: rs,
      stopReason,
      maxTokens,
      costUsd: cost ?? 0,
    });
  }
  return { run, simulated: run.simulated === 1, items, metrics, samples };
}
