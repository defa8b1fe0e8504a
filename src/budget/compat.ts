import { UserError } from '../util/errors.js';
import { Notes, type TranslateInput, type Translation } from './types.js';

/** The paper's output allowance for open-weight models: max_tokens = budget + 16384. */
export const OPEN_WEIGHTS_HEADROOM = 16384;
/**
 * The paper's "no thinking" prefill for open models, an empty think block: the assistant prefix of
 * the reference's `_prepare_prompt` (data/paper-protocol/prompts.json, noThinkPrefill).
 */
export const EMPTY_THINK_PREFILL = '<think></think>';
/** The paper's sampling for open weights. */
export const OPEN_WEIGHTS_TEMPERATURE = 0.6;
export const OPEN_WEIGHTS_TOP_P = 0.95;

/**
 * OpenAI-compatible servers (vLLM, SGLang, llama.cpp, Ollama, OpenRouter…). The budget reaches the
 * server per `budgetMode`: `prompt` (stated in the prompt only), `vllm` (`thinking_token_budget`),
 * `llamacpp` (`thinking_budget_tokens`) or `none`. Budget 0 turns thinking off through the chat
 * template (`chat_template_kwargs.enable_thinking=false`) or, with `options.zeroThinking: prefill`,
 * through the paper's empty `<think></think>` prefill.
 */
export function translateCompat(input: TranslateInput): Translation {
  const notes = new Notes();
  const mode = input.budgetMode ?? 'prompt';
  const { headroom, zeroThinking } = compatOptions(input);
  const budget = input.budget;
  const maxTokens = budget === 'natural' ? input.maxTokens : budget + headroom;
  const params: Record<string, unknown> = { max_tokens: maxTokens };
  let prefill: string | undefined;

  if (budget === 0 && zeroThinking === 'kwargs') {
    params.chat_template_kwargs = { enable_thinking: false };
  } else if (budget === 0 && zeroThinking === 'prefill') {
    prefill = EMPTY_THINK_PREFILL;
    // vLLM continues a final assistant message only when asked; llama.cpp does so by itself.
    if (mode === 'vllm')
      Object.assign(params, { continue_final_message: true, add_generation_prompt: false });
  }
  if (typeof budget === 'number' && mode === 'vllm') params.thinking_token_budget = budget;
  if (typeof budget === 'number' && mode === 'llamacpp') params.thinking_budget_tokens = budget;
  if (typeof budget === 'number' && budget > 0 && (mode === 'prompt' || mode === 'none')) {
    notes.add(`budget mode ${mode}: the budget is stated in the prompt only, the server does not enforce it`);
  }
  if (budget === 0 && zeroThinking === 'none' && (mode === 'prompt' || mode === 'none')) {
    notes.add('zeroThinking none: budget 0 is asked in the prompt only, nothing turns thinking off');
  }
  params.temperature = input.temperature ?? OPEN_WEIGHTS_TEMPERATURE;
  params.top_p = input.topP ?? OPEN_WEIGHTS_TOP_P;
  return { params, maxTokens, note: notes.done(), prefill };
}

function compatOptions(input: TranslateInput): {
  headroom: number;
  zeroThinking: 'kwargs' | 'prefill' | 'none';
} {
  const o = input.options ?? {};
  const headroom = o.headroom ?? OPEN_WEIGHTS_HEADROOM;
  if (typeof headroom !== 'number' || !Number.isInteger(headroom) || headroom < 1) {
    throw new UserError(`models[${input.spec}].options.headroom: expected a whole number of tokens ≥ 1`);
  }
  const zeroThinking = o.zeroThinking ?? 'kwargs';
  if (zeroThinking !== 'kwargs' && zeroThinking !== 'prefill' && zeroThinking !== 'none') {
    throw new UserError(`models[${input.spec}].options.zeroThinking: expected kwargs, prefill or none`);
  }
  return { headroom, zeroThinking };
}
