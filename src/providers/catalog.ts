/**
 * Known models: budget control, limits and prices. The plan's cost estimate and `models list` read it.
 * Prices are USD per million tokens; config `prices` overrides them.
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

const MODELS: ModelInfo[] = [
  { match: 'sim:', budgetControl: 'simulated', prices: { input: 0, output: 0 }, notes: 'offline simulator' },
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
