import type { ModelConfig } from '../../config/schema.js';
import { UserError } from '../../util/errors.js';
import { prefixOf } from '../registry.js';
import type { BatchAdapter } from './types.js';

type Factory = (model: ModelConfig) => BatchAdapter;

/** Providers with a batch API in overthink. The others (sim, google, openai-compatible, local) run synchronously. */
const FACTORIES: Record<string, () => Promise<Factory>> = {
  anthropic: async () => (await import('./anthropic.js')).createAnthropicBatchAdapter,
  openai: async () => (await import('./openai.js')).createOpenAIBatchAdapter,
};

export function supportsBatch(spec: string): boolean {
  return prefixOf(spec) in FACTORIES;
}

/** `batch: true` with a model that has no batch API is a config mistake, reported before anything runs. */
export function checkBatchModel(spec: string): void {
  if (!supportsBatch(spec)) {
    throw new UserError(
      `'${spec}' has no batch API in overthink: batch works with ${Object.keys(FACTORIES)
        .map((p) => `${p}:`)
        .join(' and ')} models; run this model without --batch`,
    );
  }
}

export async function createBatchAdapter(model: ModelConfig): Promise<BatchAdapter> {
  checkBatchModel(model.id);
  return (await FACTORIES[prefixOf(model.id)]())(model);
}
