import type { Item } from '../tasks/types.js';
import { deriveSeed, Rng } from '../util/rng.js';

/**
 * Example anchoring (a mitigation from the paper): k solved examples from the same task, shown as
 * the reference's in-context examples (prompts/icl.ts). Examples are drawn per item with a seeded
 * RNG from the *other* items, so the target never leaks into its own prompt, and the same examples
 * are shown at every budget and trial (the reference draws afresh for each; see
 * docs/paper-protocol.md).
 */
export function pickShots(pool: readonly Item[], item: Item, k: number, seed: number): Item[] {
  if (k <= 0) return [];
  const others = pool.filter((x) => x.itemId !== item.itemId && x.prompt !== item.prompt);
  const rng = new Rng(deriveSeed(seed, 'shots', item.taskId, item.itemId, k));
  return rng.sample(others, Math.min(k, others.length));
}

/** The variant name of an arm: the prompt variant, plus the anchoring shots when there are any. */
export function armVariant(prompt: string, shots: number): string {
  return shots > 0 ? `${prompt}+${shots}shot` : prompt;
}

/** The prompt arm a variant belongs to: 'paper+8shot' and 'paper+8shot+scheduler' → 'paper'. */
export function armPrompt(variant: string): string {
  return variant.split('+')[0];
}
