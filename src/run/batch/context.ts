import type { Experiment, ModelConfig } from '../../config/schema.js';
import type { BuiltPrompt } from '../../prompts/build.js';
import type { BatchAdapter } from '../../providers/batch/types.js';
import type { DB } from '../../store/db.js';
import type { KeySet } from '../../store/key-set.js';
import type { SampleWriter } from '../../store/writer.js';
import type { PlannedSample } from '../plan.js';
import type { BatchProgress } from './progress.js';

/** What every step of the batch phase shares. */
export interface BatchContext {
  db: DB;
  runId: string;
  exp: Experiment;
  writer: SampleWriter;
  signal: AbortSignal;
  progress: BatchProgress;
  stats: BatchStats;
  /** Keys stored as final errors in this invocation: the synchronous pass leaves them alone. */
  finalized: KeySet;
  /** The model entry for a model id. */
  model(id: string): ModelConfig;
  /** The batch API for a model id (created once). */
  adapter(modelId: string): Promise<BatchAdapter>;
  prompts(s: PlannedSample): BuiltPrompt;
  /** Backoff base for failed calls (ms); the poll interval otherwise. */
  pollMs: number;
  maxPollMs: number;
}

/** What the batch phase did, for the run summary. */
export interface BatchStats {
  /** Batches created in this invocation (retries included). */
  submitted: number;
  /** Open batches found in the store and picked up again. */
  reattached: number;
  /** Batches whose create had landed but whose id was lost in a crash, found again at the provider. */
  recovered: number;
  /** Requests sent in batches in this invocation. */
  requests: number;
  succeeded: number;
  /** Samples stored as final errors. */
  failed: number;
  errorsByClass: Record<string, number>;
  /** Entries that came back failed, by kind (before any retry). */
  failedEntries: { errored: number; expired: number; canceled: number; missing: number };
  retriedInBatch: number;
  retriedSync: number;
  costUsd: number;
  reasoningTokens: number;
  interrupted: boolean;
  stoppedByCostCeiling: boolean;
  /** Batches still open when the phase returned (interrupted, or polling gave up for now). */
  leftOpen: number;
}

export function emptyStats(): BatchStats {
  return {
    submitted: 0,
    reattached: 0,
    recovered: 0,
    requests: 0,
    succeeded: 0,
    failed: 0,
    errorsByClass: {},
    failedEntries: { errored: 0, expired: 0, canceled: 0, missing: 0 },
    retriedInBatch: 0,
    retriedSync: 0,
    costUsd: 0,
    reasoningTokens: 0,
    interrupted: false,
    stoppedByCostCeiling: false,
    leftOpen: 0,
  };
}
