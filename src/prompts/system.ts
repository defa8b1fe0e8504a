import type { Budget } from '../core/budget.js';
import { pyStrip } from '../util/py-text.js';
import { fill, paperStrings } from './paper-strings.js';

/**
 * The paper's prompt variants: 'paper' asks the model to use a significant portion of its budget
 * (the reference's default, `prompt_use_all_budget: true`); 'cautioned' says it need not (the
 * reference's claude4o_cautioned experiment).
 */
export type PromptVariant = 'paper' | 'cautioned';

/**
 * The reasoning keyword the paper puts in its budget sentence: "Think" below 2048, "Think harder"
 * below 8192, "Ultrathink" from 8192 (capitalised, as the reference does).
 */
export function budgetKeyword(budget: number): string {
  const step = paperStrings().thinkingKeywords.steps.find((s) => s.below === undefined || budget < s.below);
  const keyword = step?.keyword ?? '';
  return keyword.charAt(0).toUpperCase() + keyword.slice(1).toLowerCase();
}

/**
 * The system prompt of one sample, exactly as the reference builds it: the persona followed directly
 * by `_get_reasoning_system_prompt` (so, as in the paper's runs, no space between the persona's last
 * sentence and "Use a thinking process…"; budget 0's text starts on a new line). The natural regime
 * is the reference's budget -1: the thinking instruction without a budget sentence.
 */
export function systemPrompt(budget: Budget, multipleChoice: boolean, variant: PromptVariant): string {
  const s = paperStrings();
  const answering = multipleChoice ? s.answeringInstruction.multipleChoice : s.answeringInstruction.openEnded;
  return s.persona.text + reasoningPart(budget, answering, variant);
}

function reasoningPart(budget: Budget, answering: string, variant: PromptVariant): string {
  const s = paperStrings();
  if (budget === 0) return fill(s.budgetZero.text, { answering_instruction: answering });
  let budgetInstruction = '';
  if (budget !== 'natural') {
    budgetInstruction = fill(s.budgetSentence.text, { reasoning_budget: budget });
    budgetInstruction +=
      variant === 'cautioned'
        ? s.cautioned.text
        : fill(s.useAllBudget.text, { thinking_keyword: budgetKeyword(budget) });
  }
  const part = pyStrip(fill(s.reasoningPart.text, { budget_instruction: budgetInstruction }));
  return fill(s.afterThinking.text, { reasoning_prompt_part: part, answering_instruction: answering });
}
