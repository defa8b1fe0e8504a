/**
 * Simulated reasoners. Each profile is a readable curve: the chance of a right answer as a
 * function of the reasoning tokens a sample actually used, and how long it reasons.
 *
 *   p(tokens) = atOneK + perDoubling × log2(tokens / 1024) × distractorWeight(item)
 *
 * clamped to [0.01, 0.995], with budget 0 (no reasoning) at `noReasoning`. A profile with a `turn`
 * bends there: `perDoubling` up to `turn.at` tokens, `turn.perDoubling` after it (an inverted U
 * or a U). Items also get a fixed per-item difficulty on the logit scale, so some items flip and
 * others never do.
 */
export interface SimProfile {
  name: string;
  description: string;
  /** Accuracy with reasoning off (budget 0). */
  noReasoning: number;
  /** Accuracy at 1,024 reasoning tokens. */
  atOneK: number;
  /** Change in accuracy per doubling of reasoning tokens (negative = inverse scaling). */
  perDoubling: number;
  /** Where the curve bends, and its change per doubling after that many tokens. */
  turn?: { at: number; perDoubling: number };
  /** How much of the effect items without distractors get (0 = none, 1 = full). */
  baseWeight: number;
  /** Spread of realized tokens around a requested budget (sd of the log ratio): budgets are soft. */
  budgetSpread: number;
  /** Median reasoning length with no stated budget, and its spread (sd of log). */
  naturalMedian: number;
  naturalSpread: number;
  /** Sd of the per-item difficulty on the logit scale. */
  itemSpread: number;
  /** Rates of answers given without <answer> tags, and of outputs cut off before the answer. */
  missingTagRate: number;
  truncationRate: number;
}

const common = {
  baseWeight: 0.4,
  budgetSpread: 0.2,
  naturalMedian: 3000,
  naturalSpread: 0.7,
  itemSpread: 0.4,
  missingTagRate: 0.01,
  truncationRate: 0.003,
};

export const SIM_PROFILES: Record<string, SimProfile> = {
  inverse: {
    ...common,
    name: 'inverse',
    description:
      'gets worse the longer it reasons: ~98% at 1k tokens to ~80% at 16k on items with distractors',
    noReasoning: 0.96,
    atOneK: 0.98,
    perDoubling: -0.045,
  },
  flat: {
    ...common,
    name: 'flat',
    description: 'reasoning length makes no difference: ~90% at every budget',
    noReasoning: 0.9,
    atOneK: 0.9,
    perDoubling: 0,
  },
  peaked: {
    ...common,
    name: 'peaked',
    description:
      'an inverted U: an average item scores 80% with reasoning off, 84% at 1k tokens, peaks at 92% at 4k, then falls back to 80% at 16k (+12 then −12 points around the peak)',
    noReasoning: 0.8,
    atOneK: 0.84,
    perDoubling: 0.04,
    turn: { at: 4096, perDoubling: -0.06 },
    // Every item feels the whole effect, so the stated sizes hold whatever a task's strata are.
    baseWeight: 1,
  },
  dip: {
    ...common,
    name: 'dip',
    description:
      'a U: an average item scores 90% with reasoning off, 86% at 1k tokens, dips to 78% at 4k, then recovers to 90% at 16k (−12 then +12 points around the dip)',
    noReasoning: 0.9,
    atOneK: 0.86,
    perDoubling: -0.04,
    turn: { at: 4096, perDoubling: 0.06 },
    baseWeight: 1,
  },
  positive: {
    ...common,
    name: 'positive',
    description: 'improves with reasoning: ~60% at 1k tokens to ~84% at 16k',
    noReasoning: 0.5,
    atOneK: 0.6,
    perDoubling: 0.06,
  },
};

/** Accuracy for an average item at a given realized token count. */
export function profileAccuracy(p: SimProfile, reasoningTokens: number, weight: number): number {
  if (reasoningTokens <= 0) return p.noReasoning;
  const doublings = Math.log2(Math.max(reasoningTokens, 1) / 1024);
  const bend = p.turn ? Math.log2(p.turn.at / 1024) : Number.POSITIVE_INFINITY;
  const change =
    p.perDoubling * Math.min(doublings, bend) +
    (p.turn ? p.turn.perDoubling * Math.max(0, doublings - bend) : 0);
  return Math.min(0.995, Math.max(0.01, p.atOneK + change * weight));
}

/** Items with more distractors feel the effect more (num_distractors 5 → full weight). */
export function distractorWeight(p: SimProfile, strata: Record<string, string | number>): number {
  const nd = Number(strata.num_distractors);
  if (!Number.isFinite(nd)) return 1;
  return p.baseWeight + (1 - p.baseWeight) * Math.min(1, nd / 5);
}
