import * as crypto from 'node:crypto';
import type { Budget, Regime } from './budget.js';

// crypto.hash (Node ≥ 20.12) hashes in one call, without a Hash object: about half the cost, and the
// plan hashes every sample twice. Same digests either way.
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;
export function sha256Hex(data: string): string {
  return oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex');
}

/** One sample's identity. Two samples with equal keys are the same sample: stored once, counted once. */
export interface SampleKey {
  model: string;
  taskId: string;
  itemId: string;
  regime: Regime;
  budget: Budget;
  trial: number;
  /** Prompt variant or experiment arm, e.g. 'paper', 'cautioned', 'fewshot-8'. */
  variant: string;
}

/** Stable hash of a run id plus a key: the store's primary key. Field order is fixed here, not by the caller. */
export function hashKey(runId: string, k: SampleKey): string {
  // runId, model, taskId, itemId, regime, budget, trial, variant, NUL-separated (a template literal:
  // a resumed 1M-sample plan hashes every key, and an array join per key showed in the profile).
  const canonical = `${runId}\u0000${k.model}\u0000${k.taskId}\u0000${k.itemId}\u0000${k.regime}\u0000${k.budget}\u0000${k.trial}\u0000${k.variant}`;
  return sha256Hex(canonical).slice(0, 32);
}

/** Each sample's own seed, derived from the experiment seed and its key: trials never share a seed. */
export function sampleSeed(experimentSeed: number, k: SampleKey): number {
  const h = sha256Hex(
    [experimentSeed, k.model, k.taskId, k.itemId, k.regime, k.budget, k.trial, k.variant].join('\u0000'),
  );
  // The digest's first four bytes, little-endian.
  return Number.parseInt(h.slice(6, 8) + h.slice(4, 6) + h.slice(2, 4) + h.slice(0, 2), 16);
}
