import { heldKeys, openBatches } from '../../store/batches.js';
import { doneKeys } from '../../store/samples.js';
import type { ExecuteSummary } from '../executor.js';
import type { SyncPlan } from '../resume.js';
import type { BatchStats } from './context.js';
import { type BatchPhaseOptions, runBatchPhase } from './phase.js';

export interface BatchStep extends SyncPlan {
  /** What the batch phase did; undefined when there was nothing to do in batches. */
  stats?: BatchStats;
  /** The run stopped (interrupted, or at the cost ceiling): no synchronous pass. */
  stop: boolean;
}

/**
 * Runs the batch phase when the experiment asks for batches, or when the run still has batches in
 * flight from an earlier invocation (so a rerun without --batch collects them instead of paying
 * for the same samples again). Then says what the synchronous pass has left to do: without batches,
 * what `resume` finds; after them, every planned sample not stored, held by an open batch, or
 * finalized by the batch phase.
 */
export async function batchStep(o: BatchPhaseOptions, resume: () => SyncPlan): Promise<BatchStep> {
  if (!o.exp.batch && openBatches(o.db, o.runId).length === 0) return { ...resume(), stop: false };
  // The phase reads the stored keys itself (per round); read them here only once it has written.
  const r = await runBatchPhase(o);
  if (r.stats.interrupted || r.stats.stoppedByCostCeiling) {
    return { stats: r.stats, samples: [], pending: 0, stop: true };
  }
  const after = doneKeys(o.db, o.runId);
  const held = heldKeys(o.db, o.runId);
  const skip = (h: string) => after.has(h) || held.has(h) || r.finalized.has(h);
  let pending = 0;
  for (const _ of o.plan(skip)) pending++;
  return { stats: r.stats, samples: o.plan(skip), pending, stop: false };
}

/** The synchronous summary with the batch phase's work added in. */
export function withBatch(s: ExecuteSummary, b: BatchStats | undefined): ExecuteSummary {
  if (!b) return s;
  const errorsByClass = { ...s.errorsByClass };
  for (const [k, v] of Object.entries(b.errorsByClass)) errorsByClass[k] = (errorsByClass[k] ?? 0) + v;
  return {
    attempted: s.attempted + b.requests,
    succeeded: s.succeeded + b.succeeded,
    failed: s.failed + b.failed,
    retries: s.retries + b.retriedInBatch + b.retriedSync,
    errorsByClass,
    interrupted: s.interrupted || b.interrupted,
    stoppedByCostCeiling: s.stoppedByCostCeiling || b.stoppedByCostCeiling,
    // Only the synchronous pass stops for a model failing from its start.
    ...(s.stoppedFailing && { stoppedFailing: s.stoppedFailing }),
    costUsd: s.costUsd + b.costUsd,
  };
}
