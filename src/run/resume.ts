import type { Experiment } from '../config/schema.js';
import { hashKey, sha256Hex } from '../core/sample-key.js';
import type { DB } from '../store/db.js';
import { doneKeys, isDoneLookup } from '../store/samples.js';
import type { TaskItems } from './items.js';
import {
  blockKey,
  blockSample,
  type PlanBlock,
  type PlannedSample,
  planBlocks,
  planSamples,
} from './plan.js';

/** What the synchronous pass of a run has left to do. */
export interface SyncPlan {
  pending: number;
  samples: Iterable<PlannedSample>;
}

/**
 * The digest of the set of sample keys a run plans: its id (which covers models, budgets, trials,
 * arms and task options) and each task's item ids in order. Two plans with equal digests have the
 * same keys at the same positions.
 */
export function planDigest(runId: string, tasks: TaskItems[]): string {
  const parts = [runId];
  for (const t of tasks) {
    parts.push(t.taskId, String(t.items.length));
    for (const i of t.items) parts.push(i.itemId);
  }
  return sha256Hex(parts.join('\u0000'));
}

/** After this many single-key lookups a scan loads the whole resume set instead (faster per key). */
const LOOKUPS_BEFORE_LOADING = 50_000;

/**
 * The samples a run has still to do, given `done` of its `total` planned samples already stored.
 *
 * When every stored sample is known to come from this same plan (`samePlan`: the run's plan digest
 * never changed), the missing ones are found by walking the plan backwards and stopping once
 * `total - done` are found: a run killed near its end is resumed after looking at the keys of its
 * tail only, not at a million. Otherwise (a dataset edited between runs could leave stored samples
 * that are no longer planned, and the count would then mislead) every planned key is checked.
 */
export function resumePlan(
  db: DB,
  exp: Experiment,
  runId: string,
  tasks: TaskItems[],
  o: { done: number; total: number; samePlan: boolean },
): SyncPlan {
  if (o.done === 0) return { pending: o.total, samples: planSamples(exp, runId, tasks) };
  if (!o.samePlan) {
    const keys = doneKeys(db, runId);
    return { pending: o.total - keys.size, samples: planSamples(exp, runId, tasks, (h) => keys.has(h)) };
  }
  const blocks = planBlocks(exp, tasks);
  const missing = missingPositions(exp, runId, blocks, adaptiveLookup(db, runId), o.total - o.done);
  return { pending: missing.length, samples: samplesAt(exp, runId, blocks, missing) };
}

/**
 * Positions (ascending) of planned samples `isDone` rejects, scanning from the end and stopping once
 * `want` are found. If fewer exist, the scan covers the whole plan and returns them all.
 */
export function missingPositions(
  exp: Experiment,
  runId: string,
  blocks: PlanBlock[],
  isDone: (hash: string) => boolean,
  want: number,
): number[] {
  const found: number[] = [];
  let end = blocks.reduce((n, b) => n + b.task.items.length, 0);
  for (let bi = blocks.length - 1; bi >= 0 && found.length < want; bi--) {
    const b = blocks[bi];
    const items = b.task.items;
    end -= items.length;
    for (let i = items.length - 1; i >= 0 && found.length < want; i--) {
      if (!isDone(hashKey(runId, blockKey(exp, b, items.at(i)!)))) found.push(end + i);
    }
  }
  return found.reverse();
}

/** The planned samples at `positions` (ascending), built lazily. */
export function* samplesAt(
  exp: Experiment,
  runId: string,
  blocks: PlanBlock[],
  positions: number[],
): Generator<PlannedSample> {
  let bi = 0;
  let start = 0;
  for (const pos of positions) {
    while (pos >= start + blocks[bi].task.items.length) start += blocks[bi++].task.items.length;
    const b = blocks[bi];
    const item = b.task.items.at(pos - start)!;
    const key = blockKey(exp, b, item);
    yield blockSample(exp, b, item, key, hashKey(runId, key));
  }
}

/** Single-key lookups for a short scan; the whole resume set once a scan turns out long. */
function adaptiveLookup(db: DB, runId: string): (hash: string) => boolean {
  const one = isDoneLookup(db, runId);
  let left = LOOKUPS_BEFORE_LOADING;
  let all: { has(h: string): boolean } | undefined;
  return (hash) => {
    if (all) return all.has(hash);
    if (--left < 0) {
      all = doneKeys(db, runId);
      return all.has(hash);
    }
    return one(hash);
  };
}
