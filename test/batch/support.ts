import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ExperimentInput } from '../../src/config/schema.js';
import { type LoadedExperiment, loadExperiment } from '../../src/run/load.js';
import { type RunResult, runExperiment } from '../../src/run/run.js';
import { sampleAsWritten } from '../../src/store/raw-body.js';
import type { SampleRow } from '../../src/store/samples.js';
import type { BatchServer, BatchServerOptions } from '../helpers/batch-servers.js';
import { tempDir } from '../helpers/cli.js';

/** 5 items × budgets 0 and 1024 × 1 trial = 10 samples. */
export const SAMPLES = 10;

export function experiment(
  model: string | Record<string, unknown>,
  over: Partial<ExperimentInput> = {},
): LoadedExperiment {
  return loadExperiment({
    overrides: {
      models: [model as ExperimentInput['models'][number]],
      tasks: ['misleading-math'],
      budgets: [0, 1024],
      trials: 1,
      limit: 5,
      retries: 2,
      batch: true,
      batchOptions: { retry: 'batch', pollMs: 2, maxPollMs: 10, maxRequests: 4 },
      ...over,
    },
  });
}

export function run(loaded: LoadedExperiment, db: string, signal?: AbortSignal): Promise<RunResult> {
  return runExperiment(loaded, { db, progress: false, signal, retryBaseMs: 1 } as Parameters<
    typeof runExperiment
  >[1]);
}

export function newDb(name = 'b.db'): string {
  return join(tempDir('overthink-batch-'), name);
}

export function rows(db: string): SampleRow[] {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare('SELECT * FROM samples ORDER BY key').all() as SampleRow[]).map(sampleAsWritten);
  } finally {
    d.close();
  }
}

export function batchRows(db: string): Record<string, unknown>[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare('SELECT * FROM batches ORDER BY created_at').all() as Record<string, unknown>[];
  } finally {
    d.close();
  }
}

/** Exactly one row per planned key: the acceptance condition of every batch test. */
export function oneRowPerKey(db: string): { total: number; distinct: number; errors: number } {
  const d = new Database(db, { readonly: true });
  try {
    return d
      .prepare(
        'SELECT COUNT(*) AS total, COUNT(DISTINCT key) AS "distinct", COALESCE(SUM(error IS NOT NULL), 0) AS errors FROM samples',
      )
      .get() as { total: number; distinct: number; errors: number };
  } finally {
    d.close();
  }
}

/** Runs `fn` against a loopback batch server started by `start`, closing it afterwards. */
export async function withBatchServer(
  start: (opts: BatchServerOptions) => Promise<BatchServer>,
  opts: BatchServerOptions,
  fn: (s: BatchServer) => Promise<void>,
): Promise<void> {
  const server = await start(opts);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

/**
 * Splits samples by the order the server first saw them (keys depend on the server's port, which is
 * part of the run id, so a split by key would sometimes put every sample on one side).
 */
export function ordinals(): (id: string) => number {
  const seen = new Map<string, number>();
  return (id) => {
    let n = seen.get(id);
    if (n === undefined) {
      n = seen.size;
      seen.set(id, n);
    }
    return n;
  };
}
