import type { Budget } from '../run/keys.js';

/** The paper's prompt variants: controlled ('paper'), controlled but cautioned, and natural. */
export type PromptVariant = 'paper' | 'cautioned';

/**
 * The reasoning keyword the paper attaches to a budget: "Think" below 2048, "Think harder"
 * for 2048–8191, "Ultrathink" at 8192 and above.
 */
export function budgetKeyword(budget: number): 'Think' | 'Think harder' | 'Ultrathink' {
  if (budget < 2048) return 'Think';
  if (budget < 8192) return 'Think harder';
  return 'Ultrathink';
}

/**
 * The system prompt for one sample. Budget 0 asks for a direct answer without thinking; a numeric
 * budget asks for step-by-step thinking within about N tokens and to use a significant portion of
 * it (the cautioned variant says instead that the whole budget need not be used); 'natural' states
 * no budget at all.
 */
export function systemPrompt(budget: Budget, variant: PromptVariant = 'paper'): string {
  if (budget === 'natural') {
    return 'You are a helpful assistant. Think through the problem step by step before giving your final answer.';
  }
  if (budget === 0) {
    return "You are a helpful assistant. Don't think. Answer the question directly, without any reasoning or explanation.";
  }
  const usage =
    variant === 'cautioned'
      ? "You don't need to use all of your thinking budget: stop thinking once you are confident of the answer."
      : 'Make use of a significant portion of this budget before you answer.';
  return [
    `You are a helpful assistant. ${budgetKeyword(budget)}.`,
    `Reason step by step within a thinking token budget of about ${budget} tokens.`,
    usage,
  ].join(' ');
}
