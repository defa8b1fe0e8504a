/**
 * Known models: budget control, limits and prices. The plan's cost estimate and `models list` read it.
 * Prices are USD per million tokens (standard tier, prompts up to 200k tokens where a model has a long-
 * prompt tier); config `prices` overrides them. Figures are from the providers' pricing and model pages
 * as read in November 2026: check them before relying on a cost estimate.
 */
export interface ModelInfo {
  /** Glob-free prefix match on the model spec, e.g. 'anthropic:claude-opus-4'. Longest match wins. */
  match: string;
  budgetControl: 'tokens' | 'effort' | 'adaptive' | 'prompt' | 'forced' | 'simulated';
  contextTokens?: number;
  maxOutputTokens?: number;
  prices?: { input: number; output: number; batchDiscount?: number };
  notes?: string;
}

const K = 1000;
const M = 1_000_000;
/** Anthropic, OpenAI and Google all take half off through their batch APIs. */
const HALF = 0.5;

function m(
  match: string,
  budgetControl: ModelInfo['budgetControl'],
  contextTokens: number,
  maxOutputTokens: number,
  input?: number,
  output?: number,
  notes?: string,
): ModelInfo {
  const prices =
    input === undefined || output === undefined ? undefined : { input, output, batchDiscount: HALF };
  return { match, budgetControl, contextTokens, maxOutputTokens, prices, notes };
}

const MODELS: ModelInfo[] = [
  { match: 'sim:', budgetControl: 'simulated', prices: { input: 0, output: 0 }, notes: 'offline simulator' },
  {
    match: 'local:',
    budgetControl: 'forced',
    prices: { input: 0, output: 0 },
    notes: 'node-llama-cpp, exact forcing',
  },
  {
    match: 'openai-compatible:',
    budgetControl: 'prompt',
    notes: 'self-hosted or third-party server; control per budgetMode; set prices in config',
  },

  // Anthropic. 'adaptive' = adaptive thinking only: budgets map to output_config.effort.
  m('anthropic:claude-fable-5-2', 'adaptive', M, 128 * K, 8, 40, 'always thinks'),
  m('anthropic:claude-fable-5-1', 'adaptive', M, 128 * K, 10, 50, 'always thinks'),
  m('anthropic:claude-fable-5', 'adaptive', M, 128 * K, 10, 50, 'always thinks; legacy'),
  m('anthropic:claude-mythos-5', 'adaptive', M, 128 * K, 10, 50, 'invitation only; always thinks'),
  m('anthropic:claude-mythos-preview', 'adaptive', M, 128 * K, undefined, undefined, 'invitation only'),
  m('anthropic:claude-opus-5-5', 'adaptive', M, 128 * K, 4, 20, 'always thinks'),
  m('anthropic:claude-opus-5', 'adaptive', M, 128 * K, 5, 25),
  m('anthropic:claude-sonnet-5-5', 'adaptive', M, 128 * K, 2, 10),
  m('anthropic:claude-sonnet-5', 'adaptive', M, 128 * K, 2, 10),
  m('anthropic:claude-haiku-5-5', 'adaptive', M, 128 * K, 0.1, 0.5, 'prompts over 100k tokens: $0.50/$2.50'),
  m('anthropic:claude-opus-4-8', 'adaptive', M, 128 * K, 5, 25),
  m('anthropic:claude-opus-4-7', 'adaptive', M, 128 * K, 5, 25),
  m(
    'anthropic:claude-opus-4-6',
    'tokens',
    M,
    128 * K,
    5,
    25,
    'budget_tokens deprecated; adaptive also accepted',
  ),
  m(
    'anthropic:claude-sonnet-4-6',
    'tokens',
    M,
    64 * K,
    3,
    15,
    'budget_tokens deprecated; adaptive also accepted',
  ),
  m('anthropic:claude-opus-4-5', 'tokens', 200 * K, 64 * K, 5, 25),
  m('anthropic:claude-sonnet-4-5', 'tokens', 200 * K, 64 * K, 3, 15),
  m('anthropic:claude-haiku-4-5', 'tokens', 200 * K, 64 * K, 1, 5),
  m('anthropic:claude-opus-4-1', 'tokens', 200 * K, 32 * K, 15, 75),
  m('anthropic:claude-opus-4', 'tokens', 200 * K, 32 * K, 15, 75, 'the paper’s Opus 4'),
  m('anthropic:claude-sonnet-4', 'tokens', 200 * K, 64 * K, 3, 15, 'the paper’s Sonnet 4'),
  m('anthropic:claude-3-7-sonnet', 'tokens', 200 * K, 64 * K, 3, 15, 'the paper’s Sonnet 3.7'),

  // OpenAI. 'effort' = reasoning_effort levels; budgets map low <4096, medium <8192, high above.
  m('openai:gpt-5.6', 'effort', 1050 * K, 128 * K, 5, 30, 'alias of gpt-5.6-sol'),
  m('openai:gpt-5.6-sol', 'effort', 1050 * K, 128 * K, 5, 30),
  m('openai:gpt-5.6-terra', 'effort', 1050 * K, 128 * K, 2.5, 15),
  m('openai:gpt-5.6-luna', 'effort', 1050 * K, 128 * K, 1, 6),
  m('openai:gpt-5.5', 'effort', 1050 * K, 128 * K, 5, 30),
  m('openai:gpt-5.5-pro', 'effort', 1050 * K, 128 * K, 30, 180),
  m('openai:gpt-5.4', 'effort', 1050 * K, 128 * K, 2.5, 15),
  m('openai:gpt-5.4-mini', 'effort', 400 * K, 128 * K, 0.75, 4.5),
  m('openai:gpt-5.4-nano', 'effort', 400 * K, 128 * K, 0.2, 1.25),
  m('openai:gpt-5.2', 'effort', 400 * K, 128 * K, 1.75, 14),
  m('openai:gpt-5.2-pro', 'effort', 400 * K, 128 * K, 21, 168),
  m('openai:gpt-5.1', 'effort', 400 * K, 128 * K, 1.25, 10),
  m('openai:gpt-5', 'effort', 400 * K, 128 * K, 1.25, 10),
  m('openai:gpt-5-mini', 'effort', 400 * K, 128 * K, 0.25, 2),
  m('openai:gpt-5-nano', 'effort', 400 * K, 128 * K, 0.05, 0.4),
  m('openai:gpt-5-pro', 'effort', 400 * K, 272 * K, 15, 120),
  m('openai:o3', 'effort', 200 * K, 100 * K, 2, 8, 'the paper’s o3'),
  m('openai:o3-pro', 'effort', 200 * K, 100 * K, 20, 80),
  m('openai:o3-mini', 'effort', 200 * K, 100 * K, 1.1, 4.4, 'the paper’s o3-mini'),
  m('openai:o4-mini', 'effort', 200 * K, 100 * K, 1.1, 4.4, 'the paper’s o4-mini'),
  m('openai:o1', 'effort', 200 * K, 100 * K, 15, 60),
  m('openai:gpt-4.1', 'prompt', 1047 * K, 32 * K, 2, 8, 'no reasoning control'),
  m('openai:gpt-4o', 'prompt', 128 * K, 16 * K, 2.5, 10, 'no reasoning control'),

  // Google Gemini. 2.5: thinkingBudget ('tokens'); 3 and later: thinkingLevel ('effort').
  m(
    'google:gemini-3.8-flash',
    'effort',
    M,
    64 * K,
    0.75,
    3.75,
    'introductory price to 2026-12-31, then $1.50/$7.50',
  ),
  m(
    'google:gemini-3.6-flash',
    'effort',
    M,
    64 * K,
    undefined,
    undefined,
    'price not checked: set prices in config',
  ),
  m('google:gemini-3.5-flash', 'effort', M, 64 * K, 1.5, 9, 'deprecated: routed to gemini-3.6-flash'),
  m('google:gemini-3.5-flash-lite', 'effort', M, 64 * K, 0.3, 2.5),
  m('google:gemini-3.1-pro', 'effort', M, 64 * K, 2, 12, 'prompts over 200k tokens: $4/$18'),
  m('google:gemini-3.1-flash-lite', 'effort', M, 64 * K, undefined, undefined, 'price not checked'),
  m(
    'google:gemini-2.5-pro',
    'tokens',
    M,
    64 * K,
    1.25,
    10,
    'budget 128–32768, cannot disable; >200k: $2.50/$15',
  ),
  m('google:gemini-2.5-flash', 'tokens', M, 64 * K, 0.3, 2.5, 'budget 0–24576'),
  m('google:gemini-2.5-flash-lite', 'tokens', M, 64 * K, 0.1, 0.4, 'budget 0 or 512–24576'),
];

export function allModels(): readonly ModelInfo[] {
  return MODELS;
}

export function lookupModel(spec: string): ModelInfo | undefined {
  let best: ModelInfo | undefined;
  for (const m of MODELS) {
    if (spec.startsWith(m.match) && (!best || m.match.length > best.match.length)) best = m;
  }
  return best;
}

/**
 * Why a reasoning budget cannot be run on a model: it asks for more tokens than the model can
 * output at all (its catalog limit). Undefined when it fits or the model is not in the catalog.
 */
export function budgetOverLimit(spec: string, budget: number): string | undefined {
  const limit = lookupModel(spec)?.maxOutputTokens;
  if (limit === undefined || budget <= limit) return undefined;
  return `${budget} tokens is above the output limit of ${spec} (${limit} tokens): lower the budget`;
}
