import type { ModelConfig } from '../../config/schema.js';
import { lookupModel } from '../catalog.js';
import type { Usage } from '../types.js';

/**
 * The batch discount: the config's prices when they set one, else the catalog's. A config that sets
 * prices without a discount keeps the catalog's discount for that model, as the plan does.
 */
export function batchDiscount(model: ModelConfig): number {
  return model.prices?.batchDiscount ?? lookupModel(model.id)?.prices?.batchDiscount ?? 0;
}

/** USD for one batched response: the synchronous price less the batch discount. */
export function batchCostUsd(model: ModelConfig, usage: Usage): number | undefined {
  const p = model.prices ?? lookupModel(model.id)?.prices;
  if (!p) return undefined;
  return ((usage.input * p.input + usage.output * p.output) / 1_000_000) * (1 - batchDiscount(model));
}
