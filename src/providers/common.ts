import { lookupModel } from '../budget/catalog.js';
import type { ModelConfig } from '../config/schema.js';
import type { Usage } from '../core/response.js';
import { UserError } from '../util/errors.js';
import { getApiKey } from './credentials.js';

/** Small helpers shared by the real providers. */

/** 'anthropic:claude-opus-4-1' → 'claude-opus-4-1'. */
export function modelName(spec: string): string {
  return spec.slice(spec.indexOf(':') + 1);
}

/**
 * A rough token count for text we cannot tokenize (about four characters a token for English).
 * Counts made this way are labelled 'estimate' wherever they are stored.
 */
export function estimateTokens(text: string): number {
  return text ? Math.ceil(text.length / 4) : 0;
}

/** Prices: the config's override, else the catalog's; undefined when neither knows. */
export function pricesFor(model: ModelConfig): { input: number; output: number } | undefined {
  return model.prices ?? lookupModel(model.id)?.prices;
}

/** USD for one response. `usage.output` includes reasoning tokens (they are billed as output). */
export function costUsd(model: ModelConfig, usage: Usage): number | undefined {
  const p = pricesFor(model);
  if (!p) return undefined;
  return (usage.input * p.input + usage.output * p.output) / 1_000_000;
}

/** The configured base URLs, in order; requests rotate over them. */
export function baseUrls(model: ModelConfig): string[] {
  if (model.baseUrl === undefined) return [];
  return Array.isArray(model.baseUrl) ? model.baseUrl : [model.baseUrl];
}

/**
 * A hosted API's key: the entry's `apiKeyEnv`, else the provider's own variables. A custom base URL
 * (a proxy, a local server) may need no key unless the entry names one.
 */
export function hostedApiKey(
  model: ModelConfig,
  vars: string[],
  urls: readonly string[],
): string | undefined {
  return getApiKey({
    vars: model.apiKeyEnv ? [model.apiKeyEnv] : vars,
    modelId: model.id,
    required: urls.length === 0 || model.apiKeyEnv !== undefined,
  });
}

/** One SDK client per configured base URL, or one for the SDK's default endpoint when none is. */
export function perBaseUrl<C>(urls: readonly string[], make: (baseURL: string | undefined) => C): C[] {
  return (urls.length ? urls : [undefined]).map(make);
}

/**
 * An openai-compatible entry's base URLs (at least one) and API key (required only when the entry
 * names its variable with `apiKeyEnv`): the chat provider and raw-completion forcing read them alike.
 */
export function compatibleServers(model: ModelConfig): { urls: string[]; apiKey: string | undefined } {
  const urls = baseUrls(model);
  if (urls.length === 0) {
    throw new UserError(`${model.id}: no base URL: set baseUrl in the model entry (or pass --base-url)`);
  }
  const apiKey = getApiKey({
    vars: [model.apiKeyEnv ?? 'OPENAI_COMPATIBLE_API_KEY'],
    modelId: model.id,
    required: model.apiKeyEnv !== undefined,
  });
  return { urls, apiKey };
}

/** Round-robin over a fixed list. */
export class RoundRobin<T> {
  private next = 0;
  constructor(private readonly items: readonly T[]) {}
  pick(): T {
    const item = this.items[this.next % this.items.length];
    this.next++;
    return item;
  }
}

/** Reads an options field of a given type, or undefined. */
export function option<T extends 'string' | 'number' | 'boolean'>(
  model: ModelConfig,
  name: string,
  type: T,
): (T extends 'string' ? string : T extends 'number' ? number : boolean) | undefined {
  const v = model.options?.[name];
  return typeof v === type
    ? (v as T extends 'string' ? string : T extends 'number' ? number : boolean)
    : undefined;
}
