import type { Rng } from '../../util/rng.js';

/** About how many characters one reasoning token stands for in the simulated text. */
export const CHARS_PER_TOKEN = 4;

const OPENERS = [
  'Let me read the question carefully.',
  'First, I will restate what is being asked.',
  'I need to work out exactly what the question wants.',
];
const STEPS = [
  'The key facts are the ones that bear directly on the question.',
  'Let me check that step again before moving on.',
  'I should not assume anything the question does not say.',
  'Listing the relevant pieces one at a time keeps this straight.',
  'That seems consistent with everything stated so far.',
  'Let me consider whether any detail changes the answer.',
  'Going back over the wording once more.',
  'So far the count and the wording agree.',
];
const DRIFT = [
  'Wait, maybe the extra detail about {n} matters here.',
  'Perhaps I should factor in the {n} mentioned in the question.',
  'Hmm, the number {n} could change things; let me use it.',
  'Actually, let me reconsider, taking {n} into account.',
];
const LOOP = 'Let me double-check this again. ';

/**
 * Synthetic reasoning of about `tokens` tokens. When `drifting`, it dwells on numbers from the
 * prompt (as a distracted reasoner does) and may loop, so failure-mode tags have something real
 * to find.
 */
export function simReasoning(rng: Rng, tokens: number, prompt: string, drifting: boolean): string {
  if (tokens <= 0) return '';
  const target = tokens * CHARS_PER_TOKEN;
  const numbers = prompt.match(/\d+(?:\.\d+)?/g) ?? ['it'];
  const parts: string[] = [rng.pick(OPENERS)];
  let len = parts[0].length;
  while (len < target) {
    let s: string;
    if (drifting && rng.chance(0.25)) s = rng.pick(DRIFT).replace('{n}', rng.pick(numbers));
    else if (drifting && len > target * 0.7 && rng.chance(0.3)) s = LOOP.repeat(3).trim();
    else s = rng.pick(STEPS);
    parts.push(s);
    len += s.length + 1;
  }
  return parts.join(' ').slice(0, target);
}
