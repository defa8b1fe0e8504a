import type { Item, Target } from '../tasks/types.js';
import { deriveSeed, Rng } from '../util/rng.js';
import { LETTERS } from './user.js';

/**
 * Example anchoring (a mitigation from the paper): k solved examples from the same task are shown
 * before the question. Examples are drawn per item with a seeded RNG from the *other* items, so
 * the target never leaks into its own prompt.
 */
export function pickShots(pool: readonly Item[], item: Item, k: number, seed: number): Item[] {
  if (k <= 0) return [];
  const others = pool.filter((x) => x.itemId !== item.itemId && x.prompt !== item.prompt);
  const rng = new Rng(deriveSeed(seed, 'shots', item.taskId, item.itemId, k));
  return rng.sample(others, Math.min(k, others.length));
}

/** The solved examples, in the same answer format the model is asked to use. */
export function shotsPrefix(shots: readonly Item[]): string {
  if (shots.length === 0) return '';
  const blocks = shots.map(
    (s, i) => `Example ${i + 1}:\n${s.prompt.trim()}\n<answer>${answerText(s.target)}</answer>`,
  );
  return `Here are some solved examples.\n\n${blocks.join('\n\n')}\n\nNow the question.\n\n`;
}

function answerText(t: Target): string {
  switch (t.kind) {
    case 'number':
      return String(t.value);
    case 'exact':
      return t.value;
    case 'choice':
      return LETTERS[t.index];
    case 'behavior':
      return (t.safe === 'matching' ? t.matching : t.notMatching).trim().replace(/[()]/g, '');
  }
}

/** The variant name of an arm: the prompt variant, plus the anchoring shots when there are any. */
export function armVariant(prompt: string, shots: number): string {
  return shots > 0 ? `${prompt}+${shots}shot` : prompt;
}

/** The prompt arm a variant belongs to: 'paper+8shot' and 'paper+8shot+scheduler' → 'paper'. */
export function armPrompt(variant: string): string {
  return variant.split('+')[0];
}
