/**
 * What analysis reads of a run's samples: typed readers over the samples table, so no SQL and no
 * column order lives outside the store. Raw rows (arrays) are read and named here, beside the SELECT
 * they come from: at 1M samples, objects from SQLite cost twice the time.
 */
import type { Budget } from '../core/budget.js';
import { SCHEDULER_SUFFIX } from '../core/scheduler.js';
import { budgetFromDb, budgetToDb } from './budget-column.js';
import type { DB } from './db.js';
import { rebuildRaw, unpackText } from './text-codec.js';

/** A stored sample as scoring reads it: its key's parts, its answer and how it ended. */
export interface ScoringRow {
  key: string;
  model: string;
  taskId: string;
  itemId: string;
  budget: Budget;
  trial: number;
  variant: string;
  text: string | null;
  /** Null when not asked for (or asked for as stored). */
  reasoningText: string | null;
  /** The reasoning as stored (compressed bytes or text), when asked for so: unpacked by whoever reads it. */
  reasoningStored?: unknown;
  stopReason: string | null;
  error: string | null;
  reasoningTokens: number | null;
  reasoningSource: string | null;
  maxTokens: number;
  costUsd: number | null;
  /** The score an imported sample came with (JSON, `imported_scores`); null when not asked for. */
  stored: string | null;
}

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
  stopReason: string | null,
  error: string | null,
  reasoningTokens: number | null,
  reasoningSource: string | null,
  maxTokens: number,
  costUsd: number | null,
  stored: string | null,
];

/**
 * Every sample of a run, in the store's order. The reasoning text (the largest column) only when
 * asked for, unpacked or as stored ('stored': for threads that unpack it, analysis/trace-pool.ts);
 * the imported scores only for an imported run (a run overthink made has none).
 */
export function* scoringRows(
  db: DB,
  runId: string,
  o: { reasoningText: boolean | 'stored'; importedScores: boolean },
): Generator<ScoringRow> {
  const stored = o.reasoningText === 'stored';
  const rows = db
    .prepare(
      `SELECT key, model, task_id, item_id, budget, trial, variant, text, ${o.reasoningText ? 'reasoning_text' : 'NULL'}, stop_reason, error,
              reasoning_tokens, reasoning_source, max_tokens, cost_usd, ${o.importedScores ? 'score_json' : 'NULL'}
       FROM samples ${o.importedScores ? 'LEFT JOIN imported_scores USING (key, run_id)' : ''} WHERE run_id = ?`,
    )
    .raw()
    .iterate(runId) as IterableIterator<Row>;
  for (const r of rows) {
    yield {
      key: r[0],
      model: r[1],
      taskId: r[2],
      itemId: r[3],
      budget: budgetFromDb(r[4]),
      trial: r[5],
      variant: r[6],
      text: unpackText(r[7]),
      reasoningText: stored ? null : unpackText(r[8]),
      ...(stored ? { reasoningStored: r[8] } : {}),
      stopReason: r[9],
      error: r[10],
      reasoningTokens: r[11],
      reasoningSource: r[12],
      maxTokens: r[13],
      costUsd: r[14],
      stored: r[15],
    };
  }
}

/** How many samples a run holds, errors included. */
export function sampleCount(db: DB, runId: string): number {
  return (db.prepare('SELECT COUNT(*) FROM samples WHERE run_id = ?').pluck().get(runId) as number) ?? 0;
}

/** A sample's full answer and reasoning, by key (for the few traces a report shows at length). */
export function sampleTexts(
  db: DB,
): (key: string) => { text: string | null; reasoning: string | null } | undefined {
  const one = db.prepare('SELECT text, reasoning_text FROM samples WHERE key = ?').raw();
  return (key) => {
    const r = one.get(key) as [unknown, unknown] | undefined;
    return r ? { text: unpackText(r[0]), reasoning: unpackText(r[1]) } : undefined;
  };
}

/**
 * The request parameters one stored sample of a model × task × budget was sent with (JSON), if any
 * sample of that cell kept them (the index finds it at once).
 */
export function cellSentParams(
  db: DB,
  runId: string,
): (model: string, taskId: string, budget: Budget) => string | undefined {
  const one = db
    .prepare(
      'SELECT sent_params FROM samples WHERE run_id = ? AND model = ? AND task_id = ? AND budget = ? AND sent_params IS NOT NULL LIMIT 1',
    )
    .pluck();
  return (model, taskId, budget) => one.get(runId, model, taskId, budgetToDb(budget)) as string | undefined;
}

/** What the store keeps of a scheduled sample's run (raw.scheduler), as analysis needs it. */
export interface ScheduledRun {
  end: string;
  probes: number;
  probeTokens: number;
}

/**
 * The scheduler arm's per-sample records (probes and how reasoning ended), from raw.scheduler, by key.
 * Read in JS, not with SQLite's JSON functions: the raw body is stored compact (text-codec.js).
 */
export function scheduledRuns(db: DB, runId: string): Map<string, ScheduledRun> {
  const rows = db
    .prepare(
      `SELECT key, raw, text, reasoning_text FROM samples
       WHERE run_id = ? AND variant LIKE ? AND error IS NULL AND raw IS NOT NULL`,
    )
    .raw()
    .iterate(runId, `%${SCHEDULER_SUFFIX}`) as IterableIterator<[string, unknown, unknown, unknown]>;
  const out = new Map<string, ScheduledRun>();
  for (const [key, raw, text, reasoning] of rows) {
    const body = rebuildRaw(unpackText(raw), unpackText(text), unpackText(reasoning));
    let s: { end?: unknown; probes?: unknown; probeTokens?: unknown } | undefined;
    try {
      s = (JSON.parse(body ?? 'null') as { scheduler?: typeof s } | null)?.scheduler;
    } catch {
      continue; // not JSON: no record, as json_valid said before
    }
    if (s && typeof s.end === 'string' && Array.isArray(s.probes) && typeof s.probeTokens === 'number')
      out.set(key, { end: s.end, probes: s.probes.length, probeTokens: s.probeTokens });
  }
  return out;
}
