import { type Family, LEVEL_ORDER } from './families.js';
import { GEMINI_DEFAULT_STEPS, levelFor, nearestLevel, stepsFromOptions } from './levels.js';
import { clampMaxTokens, Notes, type TranslateInput, type Translation } from './types.js';

type GoogleFamily = Extract<Family, { kind: 'gemini-budget' | 'gemini-level' | 'plain' }>;

/**
 * Gemini: `generationConfig.thinkingConfig` carries either `thinkingBudget` (2.5) or `thinkingLevel`
 * (3 and later), never both, plus `includeThoughts` so that thought summaries come back whenever
 * thinking is on.
 */
export function translateGoogle(input: TranslateInput, family: GoogleFamily): Translation {
  const notes = new Notes();
  const maxTokens = clampMaxTokens(input.spec, input.maxTokens, notes);
  const generationConfig: Record<string, unknown> = {
    maxOutputTokens: maxTokens,
    temperature: input.temperature ?? 1,
  };
  if (input.topP !== undefined) generationConfig.topP = input.topP;
  const budget = input.budget;

  if (family.kind === 'gemini-budget') {
    const tokens = thinkingBudget(budget, family, notes);
    // Thought summaries only where there are thoughts: Vertex AI is reported to refuse
    // includeThoughts with thinking off, and with a budget of 0 there is nothing to include.
    generationConfig.thinkingConfig =
      tokens === 0 ? { thinkingBudget: 0 } : { thinkingBudget: tokens, includeThoughts: true };
  } else if (family.kind === 'gemini-level') {
    const thinkingConfig: Record<string, unknown> = { includeThoughts: true };
    if (budget === 0) {
      const lowest = family.levels[0];
      thinkingConfig.thinkingLevel = lowest;
      notes.add(`Gemini 3 cannot turn thinking off: budget 0 sent as thinkingLevel ${lowest}`);
    } else if (budget !== 'natural') {
      const steps = stepsFromOptions(input.options, GEMINI_DEFAULT_STEPS, input.spec);
      const offered = family.levels.filter((l) => l !== 'minimal');
      const level = nearestLevel(
        levelFor(budget, steps),
        offered.length ? offered : family.levels,
        LEVEL_ORDER,
      );
      thinkingConfig.thinkingLevel = level;
      notes.add(`Gemini 3 takes no token budget: budget ${budget} sent as thinkingLevel ${level}`);
    }
    generationConfig.thinkingConfig = thinkingConfig;
  } else if (typeof budget === 'number' && budget > 0) {
    notes.add('model has no thinking control: the budget is stated in the prompt only');
  }
  return { params: { generationConfig }, maxTokens, note: notes.done() };
}

function thinkingBudget(
  budget: number | 'natural',
  family: Extract<Family, { kind: 'gemini-budget' }>,
  notes: Notes,
): number {
  if (budget === 'natural') return -1; // dynamic: the model decides
  if (budget === 0) {
    if (family.canDisable) return 0;
    notes.add(`this model cannot turn thinking off: budget 0 sent as its minimum ${family.min}`);
    return family.min;
  }
  if (budget < family.min) {
    notes.add(`budget ${budget} is below this model's minimum: sent ${family.min}`);
    return family.min;
  }
  if (budget > family.max) {
    notes.add(`budget ${budget} is above this model's maximum: sent ${family.max}`);
    return family.max;
  }
  return budget;
}
