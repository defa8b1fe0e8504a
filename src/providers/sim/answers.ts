import { LETTERS } from '../../prompts/user.js';
import type { Target } from '../../tasks/types.js';
import { deriveSeed, Rng } from '../../util/rng.js';
import type { GenerateRequest } from '../types.js';
import { distractorWeight, profileAccuracy, type SimProfile } from './profiles.js';

/** The simulator's draws: how long it reasons, and what a right or a wrong answer looks like. */

/**
 * What every simulated sample starts from: its own random stream, the item's stream (whose first
 * draw is the item's fixed difficulty), and the chance of a right answer after t reasoning tokens.
 */
export function sampleDraws(profile: SimProfile, req: GenerateRequest) {
  const item = req.item;
  const rng = new Rng(req.seed);
  const itemRng = new Rng(deriveSeed('sim-item', item.taskId, item.itemId));
  const difficulty = itemRng.normal() * profile.itemSpread;
  const weight = distractorWeight(profile, item.strata);
  const pCorrect = (tokens: number) => logistic(logit(profileAccuracy(profile, tokens, weight)) - difficulty);
  return { rng, itemRng, pCorrect };
}

/** Soft budgets: realized tokens scatter around the request; natural lengths vary by item. */
export function realizedTokens(profile: SimProfile, req: GenerateRequest, rng: Rng, itemRng: Rng): number {
  if (req.budget === 0) return 0;
  if (req.budget === 'natural') {
    const itemScale = Math.exp(itemRng.normal() * 0.5);
    return Math.max(
      1,
      Math.round(profile.naturalMedian * itemScale * Math.exp(rng.normal() * profile.naturalSpread)),
    );
  }
  return Math.max(1, Math.round(req.budget * Math.exp(rng.normal() * profile.budgetSpread)));
}

export function rightAnswer(t: Target): string {
  switch (t.kind) {
    case 'number':
      return String(t.value);
    case 'exact':
      return t.value;
    case 'choice':
      return `(${LETTERS[t.index]})`;
    case 'behavior': {
      const safe = t.safe === 'matching' ? t.matching : t.notMatching;
      return safe.trim();
    }
  }
}

export function wrongAnswer(t: Target, rng: Rng): string {
  switch (t.kind) {
    case 'number': {
      const off = rng.chance(0.5) ? rng.int(1, 3) : -rng.int(1, 3);
      const v = t.value + off * Math.max(1, t.tolerance * 2);
      return String(Number.isInteger(t.value) ? v : Number(v.toFixed(1)));
    }
    case 'exact':
      return /^\d+$/.test(t.value) ? String(Number(t.value) + rng.int(1, 3)) : `not ${t.value}`;
    case 'choice': {
      const others = t.options.map((_, i) => i).filter((i) => i !== t.index);
      return others.length ? `(${LETTERS[rng.pick(others)]})` : 'none of these';
    }
    case 'behavior': {
      const unsafe = t.safe === 'matching' ? t.notMatching : t.matching;
      return unsafe.trim();
    }
  }
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
