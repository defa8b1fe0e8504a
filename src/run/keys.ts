import { createHash } from 'node:crypto';

/** A requested reasoning budget in tokens; 0 = no reasoning; 'natural' = no stated budget. */
export type Budget = number | 'natural';
export type Regime = 'controlled' | 'natural';

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
  const canonical = [
    runId,
    k.model,
    k.taskId,
    k.itemId,
    k.regime,
    String(k.budget),
    String(k.trial),
    k.variant,
  ];
  return createHash('sha256').update(canonical.join('\u0000')).digest('hex').slice(0, 32);
}

/** Each sample's own seed, derived from the experiment seed and its key: trials never share a seed. */
export function sampleSeed(experimentSeed: number, k: SampleKey): number {
  const h = createHash('sha256')
    .update(
      [experimentSeed, k.model, k.taskId, k.itemId, k.regime, k.budget, k.trial, k.variant].join('\u0000'),
    )
    .digest();
  return h.readUInt32LE(0);
}

export function budgetLabel(b: Budget): string {
  return b === 'natural' ? 'natural' : String(b);
}

/** Budgets are stored as integers; natural is -1 so that SQL ordering and indexes stay simple. */
export const NATURAL_BUDGET_DB = -1;
export function budgetToDb(b: Budget): number {
  return b === 'natural' ? NATURAL_BUDGET_DB : b;
}
export function budgetFromDb(n: number): Budget {
  return n === NATURAL_BUDGET_DB ? 'natural' : n;
}
