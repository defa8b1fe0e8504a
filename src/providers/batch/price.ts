import { lookupModel } from '../../budget/catalog.js';
import type { ModelConfig } from '../../config/schema.js';
import type { Usage } from '../../core/response.js';
import { costUsd } from '../common.js';

/**
 * The batch discount: the config's prices when they set one, else the catalog's. A config that sets
 * prices without a discount keeps the catalog's discount for that model, as the plan does.
 */
export function batchDiscount(model: ModelConfig): number {
  return model.prices?.batchDiscount ?? lookupModel(model.id)?.prices?.batchDiscount ?? 0;
}

/** USD for one batched response: the synchronous price less the batch discount. */
export function batchCostUsd(model: ModelConfig, usage: Usage): number | undefined {
  const full = costUsd(model, usage);
  return full === undefined ? undefined : full * (1 - batchDiscount(model));
}
