import { UserError } from '../util/errors.js';
import { EFFORT_ORDER, type Effort, type Family } from './families.js';
import { levelFor, nearestLevel, OPENAI_DEFAULT_STEPS, stepsFromOptions } from './levels.js';
import { clampMaxTokens, Notes, type TranslateInput, type Translation } from './types.js';

type OpenAIFamily = Extract<Family, { kind: 'openai-effort' | 'plain' }>;

/**
 * OpenAI: the budget becomes an effort level (Chat Completions `reasoning_effort`, Responses
 * `reasoning.effort`) and the limit `max_completion_tokens` / `max_output_tokens`.
 */
export function translateOpenAI(input: TranslateInput, family: OpenAIFamily): Translation {
  const notes = new Notes();
  const maxTokens = clampMaxTokens(input.spec, input.maxTokens, notes);
  const responses = input.api === 'responses';
  const params: Record<string, unknown> = {};
  const summary = input.options?.reasoningSummary;

  if (family.kind === 'openai-effort') {
    const effort =
      input.budget === 'natural'
        ? naturalEffort(input, family.efforts, notes)
        : effortFor(input, family.efforts, notes);
    if (responses) {
      const reasoning: Record<string, unknown> = {};
      if (effort) reasoning.effort = effort;
      // Summaries need a verified organisation on some models, so they are opt-in.
      if (summary === 'auto' || summary === 'detailed' || summary === 'concise') reasoning.summary = summary;
      if (Object.keys(reasoning).length) params.reasoning = reasoning;
    } else if (effort) {
      params.reasoning_effort = effort;
    }
  } else if (typeof input.budget === 'number' && input.budget > 0) {
    notes.add('model has no reasoning control: the budget is stated in the prompt only');
  }

  params[responses ? 'max_output_tokens' : 'max_completion_tokens'] = maxTokens;
  if (family.kind === 'plain') {
    params.temperature = input.temperature ?? 1;
    if (input.topP !== undefined) params.top_p = input.topP;
  } else if (input.temperature !== undefined || input.topP !== undefined) {
    notes.add('temperature/top_p are not accepted by reasoning models: not sent');
  }
  return { params, maxTokens, note: notes.done() };
}

/**
 * `options.naturalEffort`: the effort sent in the natural regime (the paper: high). Without it the
 * natural regime sends none, leaving the model's default.
 */
function naturalEffort(input: TranslateInput, efforts: readonly Effort[], notes: Notes): Effort | undefined {
  const v = input.options?.naturalEffort;
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(EFFORT_ORDER as readonly string[]).includes(v)) {
    throw new UserError(
      `models[${input.spec}].options.naturalEffort: expected one of ${EFFORT_ORDER.join(', ')}`,
    );
  }
  const effort = nearestLevel(v, efforts, EFFORT_ORDER);
  if (effort !== v) notes.add(`natural effort ${v} is not offered by this model: sent ${effort}`);
  return effort;
}

function effortFor(input: TranslateInput, efforts: readonly Effort[], notes: Notes): Effort {
  const budget = input.budget as number;
  if (budget === 0) {
    const lowest = efforts[0];
    if (lowest !== 'none')
      notes.add(`this model cannot turn reasoning off: budget 0 sent as effort ${lowest}`);
    return lowest;
  }
  const steps = stepsFromOptions(input.options, OPENAI_DEFAULT_STEPS, input.spec);
  const wanted = levelFor(budget, steps);
  const offered = efforts.filter((e) => e !== 'none');
  const effort = nearestLevel(wanted, offered.length ? offered : efforts, EFFORT_ORDER);
  // OpenAI takes an effort level, never a token count: every budget is noted with what was sent.
  const field = input.api === 'responses' ? 'reasoning.effort' : 'reasoning_effort';
  const moved = effort === wanted ? '' : ` (effort ${wanted} is not offered by this model)`;
  notes.add(`OpenAI takes no token budget: budget ${budget} sent as ${field} ${effort}${moved}`);
  return effort;
}
