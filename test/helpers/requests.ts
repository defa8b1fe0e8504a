import type { GenerateRequest } from '../../src/providers/types.js';

/** A GenerateRequest for provider tests; override any field. */
export function makeRequest(over: Partial<GenerateRequest> = {}): GenerateRequest {
  const budget = over.budget ?? 1024;
  return {
    key: {
      model: 'test',
      taskId: 'misleading-math',
      itemId: 'mm-0001',
      regime: 'controlled',
      budget,
      trial: 0,
      variant: 'paper',
    },
    seed: 42,
    system: 'Think step by step within about N tokens.',
    user: 'You have an apple and an orange. How many fruits do you have?',
    budget,
    maxTokens: typeof budget === 'number' ? budget + 10000 : 32000,
    item: {
      taskId: 'misleading-math',
      itemId: 'mm-0001',
      prompt: 'You have an apple and an orange. How many fruits do you have?',
      target: { kind: 'number', value: 2, tolerance: 0 },
      strata: {},
    },
    ...over,
  };
}

/** A signal that never aborts. */
export const NEVER: AbortSignal = new AbortController().signal;
