import type { Item } from '../tasks/types.js';

export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * The user turn: the item's question, lettered options for multiple choice (unless the question
 * already lists them), and the answer-format instruction the scorer relies on.
 */
export function userPrompt(item: Item): string {
  const t = item.target;
  const parts = [item.prompt.trimEnd()];
  if ((t.kind === 'choice' || t.kind === 'behavior') && !/\(A\)/.test(item.prompt)) {
    parts.push(t.options.map((o, i) => `(${LETTERS[i]}) ${o}`).join('\n'));
  }
  if (t.kind === 'choice' || t.kind === 'behavior') {
    parts.push('Give the letter of your chosen option in answer tags, for example <answer>A</answer>.');
  } else if (t.kind === 'number') {
    parts.push('Give your final answer as a number in answer tags, for example <answer>5</answer>.');
  } else {
    parts.push('Give your final answer in answer tags, for example <answer>your answer</answer>.');
  }
  return parts.join('\n\n');
}
