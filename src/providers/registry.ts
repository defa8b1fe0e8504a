import type { ModelConfig } from '../config/schema.js';
import { UserError } from '../util/errors.js';
import { checkNotRetired, deprecationWarning } from './lifecycle.js';
import type { Provider } from './types.js';

/** Makes the provider of one configured model (`<prefix>:<name>` and its options). */
export type ProviderFactory = (model: ModelConfig) => Provider | Promise<Provider>;

// One line per provider prefix. Factories are imported lazily so that, e.g., the sim
// provider never loads an SDK.
const FACTORIES: Record<string, (model: ModelConfig) => Promise<ProviderFactory>> = {
  sim: async () => (await import('./sim/provider.js')).createSimProvider,
  anthropic: async () => (await import('./anthropic.js')).createAnthropicProvider,
  openai: async () => (await import('./openai.js')).createOpenAIProvider,
  google: async () => (await import('./google.js')).createGoogleProvider,
  // With `forcing` set, openai-compatible models go to /v1/completions with exact forcing. That path
  // loads a chat-template engine (~30 ms), so a chat model does not import it.
  'openai-compatible': async (m) =>
    m.forcing === undefined
      ? (await import('./openai-compatible.js')).createOpenAICompatibleProvider
      : (await import('./completions-forcing.js')).createCompletionsForcingProvider,
  local: async () => (await import('./local/provider.js')).createLocalProvider,
};

/**
 * Adds a provider under a prefix of its own, so that `<prefix>:<model>` specs run like any other:
 * planned, stored, scored and reported. A prefix already taken (a built-in one included) is refused.
 * Budgets reach a registered provider as requested (`GenerateRequest.budget`); how it honours them,
 * and the note it returns when it cannot, are its own.
 */
export function registerProvider(prefix: string, factory: ProviderFactory): void {
  if (!/^[a-z][a-z0-9-]*$/.test(prefix))
    throw new UserError(`registerProvider: '${prefix}' is not a prefix (lowercase letters, digits and '-')`);
  if (prefix in FACTORIES) throw new UserError(`registerProvider: the prefix '${prefix}' is already taken`);
  FACTORIES[prefix] = async () => factory;
}

export function knownPrefixes(): string[] {
  return Object.keys(FACTORIES);
}

export function prefixOf(spec: string): string {
  return spec.slice(0, spec.indexOf(':'));
}

/** Fails early (exit 2) on an unknown prefix or a retired model, before anything runs or is written. */
export function checkModelSpec(spec: string): void {
  if (!(prefixOf(spec) in FACTORIES)) {
    throw new UserError(
      `unknown model prefix '${prefixOf(spec)}' in '${spec}': expected one of ${knownPrefixes().join(', ')}`,
    );
  }
  checkNotRetired(spec);
}

/**
 * Whether a model can run the reasoning scheduler: it needs the trace in hand to fork probes off it,
 * which local models, raw-completion forcing and the simulator have and hosted chat APIs do not.
 */
export function supportsScheduler(model: ModelConfig): boolean {
  const prefix = prefixOf(model.id);
  return (
    prefix === 'sim' || prefix === 'local' || (prefix === 'openai-compatible' && model.forcing !== undefined)
  );
}

/**
 * Why a model's stored traces cannot be replayed (run/replay.ts), or null when they can: replay
 * re-enters a trace, which needs the same backends as the scheduler's probes.
 */
export function replayRefusal(model: ModelConfig): string | null {
  if (supportsScheduler(model)) return null;
  return (
    'replay needs a backend that continues a stored reasoning trace (local:, openai-compatible with forcing, sim:); ' +
    `${model.id} answers through an API that takes no partial reasoning trace to go on from, so its traces cannot be re-entered`
  );
}

const warned = new Set<string>();

export async function createProvider(model: ModelConfig): Promise<Provider> {
  checkModelSpec(model.id);
  const warning = deprecationWarning(model.id);
  if (warning && !warned.has(model.id)) {
    warned.add(model.id);
    process.stderr.write(`overthink: warning: ${warning}\n`);
  }
  const factory = await FACTORIES[prefixOf(model.id)](model);
  return factory(model);
}
