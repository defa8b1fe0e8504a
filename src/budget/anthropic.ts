import { UserError } from '../util/errors.js';
import { lookupModel } from './catalog.js';
import { EFFORT_ORDER, type Family } from './families.js';
import { CLAUDE_DEFAULT_STEPS, levelFor, nearestLevel, stepsFromOptions } from './levels.js';
import { clampMaxTokens, Notes, type TranslateInput, type Translation } from './types.js';

/** Anthropic's smallest accepted `budget_tokens`. */
export const ANTHROPIC_MIN_BUDGET = 1024;
/**
 * The Messages API version the pinned SDK sends (`anthropic-version`; @anthropic-ai/sdk 1.x).
 * Under it the Messages, token-counting and batch endpoints refuse `temperature`, `top_p` and
 * `top_k`, even at their defaults, so Claude requests carry no sampling parameters at all.
 */
export const ANTHROPIC_API_VERSION = '2026-10-21';
/** Room left for the visible answer when a budget has to be fitted under max_tokens. */
const ANSWER_ROOM = 1024;

type AnthropicFamily = Extract<Family, { kind: 'anthropic-budget' | 'anthropic-adaptive' }>;

export function translateAnthropic(input: TranslateInput, family: AnthropicFamily): Translation {
  const notes = new Notes();
  const maxTokens = clampMaxTokens(input.spec, input.maxTokens, notes);
  const display = input.options?.display === 'omitted' ? 'omitted' : 'summarized';
  if (family.kind === 'anthropic-adaptive') return adaptive(input, family, maxTokens, display, notes);

  const params: Record<string, unknown> = {};
  let max = maxTokens;
  const withDisplay = (t: Record<string, unknown>) => (family.display ? { ...t, display } : t);
  const naturalBudget = naturalThinkingBudget(input);
  if (input.budget === 0) {
    // No `thinking` field, as the paper's requests: these models think only when it is enabled.
  } else if (input.budget === 'natural' && family.adaptive && naturalBudget === undefined) {
    params.thinking = withDisplay({ type: 'adaptive' });
  } else {
    const requested = input.budget === 'natural' ? (naturalBudget ?? max - ANSWER_ROOM) : input.budget;
    const fitted = fitBudget(requested, max, lookupModel(input.spec)?.maxOutputTokens, notes, input.budget);
    max = fitted.maxTokens;
    params.thinking = withDisplay({ type: 'enabled', budget_tokens: fitted.budget });
  }
  params.max_tokens = max;
  noSampling(input, notes);
  return { params, maxTokens: max, note: notes.done() };
}

/**
 * `options.naturalThinkingBudget`: the thinking budget sent in the natural regime (the paper: 16384,
 * with max_tokens 26384). Without it the natural regime gives thinking all of max_tokens but 1024.
 */
function naturalThinkingBudget(input: TranslateInput): number | undefined {
  const v = input.options?.naturalThinkingBudget;
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < ANTHROPIC_MIN_BUDGET) {
    throw new UserError(
      `models[${input.spec}].options.naturalThinkingBudget: expected a whole number of tokens ≥ ${ANTHROPIC_MIN_BUDGET}`,
    );
  }
  return v;
}

/** Anthropic requires 1024 ≤ budget_tokens < max_tokens; fit the pair and say how. */
function fitBudget(
  requested: number,
  maxTokens: number,
  outputLimit: number | undefined,
  notes: Notes,
  asked: number | 'natural',
): { budget: number; maxTokens: number } {
  let budget = requested;
  if (budget < ANTHROPIC_MIN_BUDGET) {
    if (asked !== 'natural') notes.add(`budget ${budget} is below Anthropic's minimum of 1024: sent 1024`);
    budget = ANTHROPIC_MIN_BUDGET;
  }
  if (budget < maxTokens) return { budget, maxTokens };
  const raised = budget + ANSWER_ROOM;
  if (outputLimit === undefined || raised <= outputLimit) {
    notes.add(`max_tokens ${maxTokens} was not above budget_tokens ${budget}: sent max_tokens ${raised}`);
    return { budget, maxTokens: raised };
  }
  const lowered = Math.max(ANTHROPIC_MIN_BUDGET, maxTokens - ANSWER_ROOM);
  notes.add(
    `budget_tokens ${budget} does not fit under max_tokens ${maxTokens}: sent budget_tokens ${lowered}`,
  );
  return { budget: lowered, maxTokens };
}

/** A temperature or top_p the config asks for is not sent (see ANTHROPIC_API_VERSION): say so. */
function noSampling(input: TranslateInput, notes: Notes): void {
  const asked = [
    input.temperature === undefined ? undefined : `temperature ${input.temperature}`,
    input.topP === undefined ? undefined : `top_p ${input.topP}`,
  ].filter((x) => x !== undefined);
  if (asked.length) {
    notes.add(
      `${asked.join(' and ')} not sent: Claude takes no sampling parameters under API version ${ANTHROPIC_API_VERSION}`,
    );
  }
}

function adaptive(
  input: TranslateInput,
  family: Extract<Family, { kind: 'anthropic-adaptive' }>,
  maxTokens: number,
  display: string,
  notes: Notes,
): Translation {
  const params: Record<string, unknown> = {};
  const budget = input.budget;
  if (budget === 0 && family.disable === 'disabled') {
    params.thinking = { type: 'disabled' };
  } else if (budget === 0 && family.disable === 'omit') {
    // These models think only when asked: leaving `thinking` out is how thinking is turned off.
  } else {
    params.thinking = { type: 'adaptive', display };
    if (budget === 0) {
      const lowest = family.efforts[0];
      params.output_config = { effort: lowest };
      notes.add(
        `this model cannot turn thinking off: budget 0 sent as adaptive thinking at effort ${lowest}`,
      );
    } else if (budget !== 'natural') {
      const steps = stepsFromOptions(input.options, CLAUDE_DEFAULT_STEPS, input.spec);
      const effort = nearestLevel(levelFor(budget, steps), family.efforts, EFFORT_ORDER);
      params.output_config = { effort };
      notes.add(`adaptive-only model takes no token budget: budget ${budget} sent as effort ${effort}`);
    }
  }
  params.max_tokens = maxTokens;
  noSampling(input, notes);
  return { params, maxTokens, note: notes.done() };
}
