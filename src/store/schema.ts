/**
 * The store's tables. A sample's key (hash of run id + SampleKey) is its primary key, so a resumed
 * or repeated run can never hold the same sample twice. Bump SCHEMA_VERSION and add a step to
 * MIGRATIONS when the shape changes; never edit a released step.
 */
import type { DB } from './db.js';

export const SCHEMA_VERSION = 11;

export const MIGRATIONS: Array<string | ((db: DB) => void)> = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    name TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    simulated INTEGER NOT NULL,
    config_json TEXT NOT NULL,
    manifest_json TEXT NOT NULL
  );
  CREATE TABLE items (
    run_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    prompt TEXT NOT NULL,
    target_json TEXT NOT NULL,
    strata_json TEXT NOT NULL,
    meta_json TEXT,
    PRIMARY KEY (run_id, task_id, item_id)
  ) WITHOUT ROWID;
  CREATE TABLE samples (
    key TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    model TEXT NOT NULL,
    task_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    regime TEXT NOT NULL,
    budget INTEGER NOT NULL,
    trial INTEGER NOT NULL,
    variant TEXT NOT NULL,
    seed INTEGER NOT NULL,
    max_tokens INTEGER NOT NULL,
    sent_params TEXT,
    budget_note TEXT,
    text TEXT,
    reasoning_text TEXT,
    raw TEXT,
    input_tokens INTEGER,
    output_tokens INTEGER,
    reasoning_tokens INTEGER,
    reasoning_source TEXT,
    stop_reason TEXT,
    latency_ms REAL,
    cost_usd REAL,
    attempts INTEGER NOT NULL,
    error TEXT,
    error_class TEXT,
    finished_at TEXT NOT NULL
  );
  CREATE INDEX samples_by_run ON samples (run_id, model, task_id, budget);
  `,
  // v2: one writer per run. A second process running the same run refuses instead of racing.
  `
  CREATE TABLE run_locks (
    run_id TEXT PRIMARY KEY,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    started_at TEXT NOT NULL
  );
  `,
  // v3: provider batches. A batch and the sample keys it holds are written before it is submitted
  // and polled, so a rerun reattaches to it instead of paying for those samples twice.
  `
  CREATE TABLE batches (
    id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    provider_batch_id TEXT,
    status TEXT NOT NULL,
    provider_status TEXT,
    requests INTEGER NOT NULL,
    succeeded INTEGER NOT NULL DEFAULT 0,
    errored INTEGER NOT NULL DEFAULT 0,
    expired INTEGER NOT NULL DEFAULT 0,
    canceled INTEGER NOT NULL DEFAULT 0,
    processing INTEGER NOT NULL DEFAULT 0,
    round INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    submitted_at TEXT,
    updated_at TEXT NOT NULL,
    ended_at TEXT,
    error TEXT
  );
  CREATE INDEX batches_by_run ON batches (run_id, status);
  CREATE TABLE batch_samples (
    batch_id TEXT NOT NULL,
    key TEXT NOT NULL,
    outcome TEXT,
    sample_json TEXT NOT NULL,
    PRIMARY KEY (batch_id, key)
  ) WITHOUT ROWID;
  CREATE INDEX batch_samples_by_key ON batch_samples (key);
  `,
  // v4: the resume set. A run's finished keys are read from this index alone, in key order, instead
  // of from the rows (a 1M-sample store: ~0.4 s instead of ~2 s, and the count is immediate).
  `
  CREATE INDEX samples_done ON samples (run_id, key) WHERE error IS NULL;
  `,
  // v5: the digest of the plan a run's samples were made from (see run/resume.ts), or 'mixed' once
  // it changed: a resume may then trust the stored count only while it never did.
  `
  ALTER TABLE runs ADD COLUMN plan_digest TEXT;
  `,
  // v6: the long texts last. A row longer than a page spills into overflow pages, and SQLite walks
  // them to reach any column stored after the texts: reading a 4 KB row's token counts or stop reason
  // read all of it. Only a store with no samples yet is rebuilt (instantly); one that holds samples
  // keeps its order, which no query depends on (every read names its columns).
  (db) => {
    if (db.prepare('SELECT 1 FROM samples LIMIT 1').get()) return;
    db.exec(`
    DROP TABLE samples;
    CREATE TABLE samples (
      key TEXT PRIMARY KEY,
      run_id TEXT NOT NULL,
      model TEXT NOT NULL,
      task_id TEXT NOT NULL,
      item_id TEXT NOT NULL,
      regime TEXT NOT NULL,
      budget INTEGER NOT NULL,
      trial INTEGER NOT NULL,
      variant TEXT NOT NULL,
      seed INTEGER NOT NULL,
      max_tokens INTEGER NOT NULL,
      input_tokens INTEGER,
      output_tokens INTEGER,
      reasoning_tokens INTEGER,
      reasoning_source TEXT,
      stop_reason TEXT,
      latency_ms REAL,
      cost_usd REAL,
      attempts INTEGER NOT NULL,
      error_class TEXT,
      finished_at TEXT NOT NULL,
      sent_params TEXT,
      budget_note TEXT,
      error TEXT,
      text TEXT,
      reasoning_text TEXT,
      raw TEXT
    );
    CREATE INDEX samples_by_run ON samples (run_id, model, task_id, budget);
    CREATE INDEX samples_done ON samples (run_id, key) WHERE error IS NULL;
    `);
  },
  // v7: which process a run lock's pid meant (store/run-lock.ts), so that a lock whose process died
  // and whose pid went to another process is known to be stale.
  `
  ALTER TABLE run_locks ADD COLUMN process_start TEXT;
  `,
  // v8: early-exit replay probes (run/replay.ts, store/replay.ts). A probe is not a sample: it reads
  // a stored sample's trace at a checkpoint, so it is keyed by that sample and the checkpoint as asked
  // ('512' tokens, or '25%' of the trace), and a rerun finds the probes it still lacks.
  `
  CREATE TABLE IF NOT EXISTS replay_probes (
    run_id TEXT NOT NULL,
    sample_key TEXT NOT NULL,
    mark TEXT NOT NULL,
    at INTEGER NOT NULL,
    reached INTEGER,
    tokens INTEGER,
    stop_reason TEXT,
    error TEXT,
    note TEXT,
    finished_at TEXT NOT NULL,
    text TEXT,
    PRIMARY KEY (run_id, sample_key, mark)
  ) WITHOUT ROWID;
  `,
  // v9: scores an imported sample came with (Inspect's C/I/P/N, a promptfoo pass, an lm-eval metric),
  // beside the sample, which keeps every column it had: an imported run is read with the score its own
  // tool gave (score/stored.ts), the original value kept. Runs overthink made have no rows here.
  `
  CREATE TABLE IF NOT EXISTS imported_scores (
    key TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    score_json TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // v10: each long text once, compressed (store/text-codec.js): text, reasoning_text and raw hold a
  // BLOB (raw deflate) when long, and raw keeps only what the two texts do not hold. SQLite's type is
  // the marker, so rows written before it (all TEXT) are read as they are: nothing is rewritten, and
  // the step only makes an older overthink refuse a store that may hold packed rows.
  () => {},
  // v11: a packed text may be a zstd frame (store/zstd.js) as well as raw deflate; the frame's magic
  // number tells them apart. Nothing is rewritten: the step makes an older overthink refuse the store
  // rather than fail to inflate a zstd frame.
  () => {},
];
