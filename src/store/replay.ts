import type { DB } from './db.js';
import { unpackText } from './text-codec.js';

/**
 * The replay arm of a run (schema v7): one row per probe of a stored sample's trace. A probe is keyed
 * by its sample and its checkpoint as asked, so a replay killed part-way finds on rerun the probes it
 * still lacks, and replaying again with the same checkpoints adds nothing.
 */
export interface ReplayProbeRow {
  run_id: string;
  sample_key: string;
  /** The checkpoint as asked: a token position ('512') or a share of the trace ('25%'). */
  mark: string;
  /** The thought-token position it stands for in this trace. */
  at: number;
  /** Thought tokens the model held when probed (null when the trace ran out before `at`). */
  reached: number | null;
  /** Tokens the probe decoded: compute spent on looking, kept apart from reasoning. */
  tokens: number | null;
  stop_reason: string | null;
  error: string | null;
  note: string | null;
  finished_at: string;
  /** The forced answer prefix and the probe's text: scored like a stored answer. */
  text: string | null;
}

/** A stored sample whose trace can be replayed: what the request needs to be made again. */
export interface ReplaySource {
  key: string;
  model: string;
  task_id: string;
  item_id: string;
  budget: number;
  trial: number;
  variant: string;
  seed: number;
  max_tokens: number;
  reasoning_tokens: number;
}

export function probeId(sampleKey: string, mark: string): string {
  return `${sampleKey}\u0000${mark}`;
}

/** Probes of a run already made without error: sample key + mark. */
export function replayDone(db: DB, runId: string): Set<string> {
  const rows = db
    .prepare('SELECT sample_key, mark FROM replay_probes WHERE run_id = ? AND error IS NULL')
    .raw()
    .all(runId) as [string, string][];
  return new Set(rows.map(([k, m]) => probeId(k, m)));
}

/** Writes one probe (replacing an earlier failed attempt): committed at once, so a kill loses none made. */
export function probeWriter(db: DB): (row: ReplayProbeRow) => void {
  const stmt = db.prepare(
    `INSERT OR REPLACE INTO replay_probes
       (run_id, sample_key, mark, at, reached, tokens, stop_reason, error, note, finished_at, text)
     VALUES (@run_id, @sample_key, @mark, @at, @reached, @tokens, @stop_reason, @error, @note, @finished_at, @text)`,
  );
  return (row) => {
    stmt.run(row);
  };
}

/**
 * The samples whose traces a replay re-enters: those at `budget` of `model` without error and with a
 * positive reasoning count, in a fixed order (task, variant, trial, item), texts read one at a time.
 */
export function replaySources(db: DB, runId: string, model: string, budget: number): ReplaySource[] {
  return db
    .prepare(
      `SELECT key, model, task_id, item_id, budget, trial, variant, seed, max_tokens, reasoning_tokens
       FROM samples WHERE run_id = ? AND model = ? AND budget = ? AND error IS NULL AND reasoning_tokens > 0
       ORDER BY task_id, variant, trial, item_id`,
    )
    .all(runId, model, budget) as ReplaySource[];
}

/** A stored sample's reasoning text. */
export function reasoningOf(db: DB, key: string): string {
  return unpackText(db.prepare('SELECT reasoning_text FROM samples WHERE key = ?').pluck().get(key)) ?? '';
}

/**
 * Every probe of a run (for analysis). A store made before replay (schema < 8), opened read-only and
 * so never migrated, has no table: no probes.
 */
export function loadReplayProbes(db: DB, runId: string): ReplayProbeRow[] {
  const has = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'replay_probes'")
    .pluck()
    .get();
  if (!has) return [];
  return db
    .prepare('SELECT * FROM replay_probes WHERE run_id = ? ORDER BY sample_key, at')
    .all(runId) as ReplayProbeRow[];
}
