import type { Outcome } from '../core/outcome.js';

/**
 * What a lost answer is made of. Every scored sample that is not right falls in exactly one group:
 *
 * - `truncated`: stopped at the output limit before an answer (the most common artefact of a budget
 *   sweep: a longer budget can hide answers rather than change them);
 * - `refused`: refused or abstained: the provider said it refused (stop reason `refusal`: a refusal
 *   block, a content filter, a blocked prompt), or the answer (or, with none, the visible text) says
 *   it will not or cannot answer (ABSTAIN below);
 * - `unparsable`: finished, but no answer of the expected form could be read;
 * - `wrong`: finished with a wrong answer.
 *
 * Truncation is checked first: a cut-off text that happens to contain "I cannot" was still cut off.
 */
export type Loss = 'wrong' | 'truncated' | 'unparsable' | 'refused';

export const LOSSES: readonly Loss[] = ['wrong', 'truncated', 'unparsable', 'refused'];

export const LOSS_NAMES: Record<Loss, string> = {
  wrong: 'finished wrong',
  truncated: 'truncated at max tokens',
  unparsable: 'unparsable',
  refused: 'refused or abstained',
};

/**
 * An explicit refusal or abstention, in English: "I can't answer", "I won't help", "I don't know",
 * "cannot be determined", "not enough information", or an answer that is only "unknown". Matched on
 * the extracted answer when there is one (so a long reasoning that mentions "I cannot" on the way
 * is not a refusal), else on the start of the visible text.
 */
export const ABSTAIN =
  /\b(?:i|we)\s+(?:can(?:no|['’])t|cannot|won['’]t|will\s+not|am\s+(?:not\s+able|unable)\s+to|must\s+decline|refuse|decline)\b(?:\s+to)?\s+(?:answer|help|assist|comply|provide|respond|determine|say|solve|do\s+that)\b|\bi\s+(?:don['’]t|do\s+not)\s+know\b|\b(?:cannot|can['’]t)\s+be\s+(?:determined|answered)\b|\b(?:not\s+enough|insufficient)\s+information\b|^\s*(?:unknown|undetermined|unanswerable|no\s+answer)\s*[.!]?\s*$/i;

/** Characters of the visible text looked at when no answer was extracted. */
const TEXT_CHARS = 2000;

/** Whether a sample's answer (or, without one, its text) refuses or abstains. */
export function abstains(stopReason: string | null, answer: string | null, text: string | null): boolean {
  if (stopReason === 'refusal') return true;
  const s = answer ?? (text ?? '').slice(0, TEXT_CHARS);
  return ABSTAIN.test(s);
}

/** The group of a scored sample that is not right; null for right answers and provider errors. */
export function lossOf(outcome: Outcome, refused: boolean): Loss | null {
  if (outcome === 'correct' || outcome === 'error') return null;
  if (outcome === 'truncated') return 'truncated';
  if (refused) return 'refused';
  return outcome;
}

export function emptyLosses(): Record<Loss, number> {
  return { wrong: 0, truncated: 0, unparsable: 0, refused: 0 };
}

/**
 * A change in a share metric between two budgets, split by where the lost answers went. The share
 * right is 1 − Σ (share lost to each group), so the change in the score is exactly −Σ of the changes
 * in the groups' shares: `parts[g]` is the part of the change due to group g, in score units (a
 * negative part is score lost to g), and the parts add up to `change` (up to rounding).
 */
export interface ChangeParts {
  change: number;
  parts: Record<Loss, number>;
}

export function changeParts(
  from: { n: number; lost: Record<Loss, number> },
  to: { n: number; lost: Record<Loss, number> },
): ChangeParts | null {
  if (from.n === 0 || to.n === 0) return null;
  const parts = emptyLosses();
  let change = 0;
  for (const g of LOSSES) {
    parts[g] = -(to.lost[g] / to.n - from.lost[g] / from.n);
    change += parts[g];
  }
  return { change, parts };
}
