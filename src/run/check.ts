import { budgetsFor } from '../config/resolve.js';
import type { Experiment, ModelConfig } from '../config/schema.js';
import { modelConfig } from '../config/schema.js';
import type { Budget } from '../core/budget.js';
import type { Usage } from '../core/response.js';
import { createProvider } from '../providers/registry.js';
import type { GenerateRequest } from '../providers/types.js';
import { ProviderError } from '../util/errors.js';
import { maxTokensFor } from './plan.js';

/**
 * `overthink models check`: one small request per configured model, built exactly as a run builds
 * it (same translation, same parameters, same key), to see what each provider accepts before a
 * large sweep. One attempt, no retries: a refusal is reported as the provider worded it.
 */
export interface ModelCheck {
  model: string;
  budget: Budget;
  /** accepted: a response came back; refused: the provider rejected the request (4xx: its shape,
   * the key, the model); failed: no verdict (rate limit, server trouble, network, timeout). */
  result: 'accepted' | 'refused' | 'failed';
  sentParams?: Record<string, unknown>;
  budgetNote?: string;
  error?: string;
  errorClass?: string;
  stopReason?: string;
  usage?: Usage;
  costUsd?: number;
  latencyMs: number;
  simulated: boolean;
}

const QUESTION = 'What is 2 + 3? Answer with the number only.';

/** The budget checked: the one asked for, else the smallest positive budget of the model's sweep. */
export function checkBudget(exp: Experiment, model: ModelConfig, asked?: Budget): Budget {
  if (asked !== undefined) return asked;
  if (exp.regime === 'natural') return 'natural';
  const positive = budgetsFor(exp, model).filter((b) => b > 0);
  return positive.length ? Math.min(...positive) : 0;
}

export async function checkModels(
  exp: Experiment,
  opts: { budget?: Budget; timeoutMs: number },
): Promise<ModelCheck[]> {
  const models = exp.models.map(modelConfig);
  const providers = [];
  // Every provider is built (keys, model files) before anything is sent: a bad entry sends nothing.
  for (const m of models) providers.push(await createProvider(m));
  const checks: ModelCheck[] = [];
  for (const [i, provider] of providers.entries()) {
    const budget = checkBudget(exp, models[i], opts.budget);
    const req = requestFor(provider.id, budget, maxTokensFor(exp, models[i], budget));
    const started = Date.now();
    const base = { model: provider.id, budget, simulated: provider.capabilities.simulated };
    try {
      const r = await provider.generate(req, AbortSignal.timeout(opts.timeoutMs));
      checks.push({
        ...base,
        result: 'accepted',
        sentParams: r.sentParams,
        budgetNote: r.budgetNote,
        stopReason: r.stopReason,
        usage: r.usage,
        costUsd: r.costUsd,
        latencyMs: Date.now() - started,
      });
    } catch (err) {
      const e = err instanceof ProviderError ? err : undefined;
      const refused = e?.errorClass === 'bad_request' || e?.errorClass === 'auth';
      checks.push({
        ...base,
        result: refused ? 'refused' : 'failed',
        sentParams: e?.sent?.params,
        budgetNote: e?.sent?.note,
        error: err instanceof Error ? err.message : String(err),
        errorClass: e?.errorClass ?? 'other',
        latencyMs: Date.now() - started,
      });
    } finally {
      await provider.close?.();
    }
  }
  return checks;
}

function requestFor(model: string, budget: Budget, maxTokens: number): GenerateRequest {
  const regime = budget === 'natural' ? ('natural' as const) : ('controlled' as const);
  const key = { model, taskId: 'models-check', itemId: 'check', regime, budget, trial: 0, variant: 'check' };
  return {
    key,
    seed: 1,
    system: 'You are a helpful assistant.',
    user: QUESTION,
    budget,
    maxTokens,
    item: {
      taskId: 'models-check',
      itemId: 'check',
      prompt: QUESTION,
      target: { kind: 'number', value: 5, tolerance: 0 },
      strata: {},
    },
  };
}
