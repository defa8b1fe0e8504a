import type { ModelConfig } from '../../config/schema.js';
import { LETTERS } from '../../prompts/user.js';
import type { Target } from '../../tasks/types.js';
import { UserError } from '../../util/errors.js';
import { deriveSeed, Rng } from '../../util/rng.js';
import type { GenerateRequest, GenerateResponse, Provider } from '../types.js';
import { distractorWeight, profileAccuracy, SIM_PROFILES, type SimProfile } from './profiles.js';
import { CHARS_PER_TOKEN, simReasoning } from './text.js';

/**
 * `sim:<profile>`: a deterministic simulated reasoner for offline demos and tests. Everything it
 * returns is a function of the sample's seed and the item, so the same seed gives the same bytes.
 * It is never a stand-in for a real provider: every artefact made from it says "simulated".
 */
export function createSimProvider(model: ModelConfig): Provider {
  const name = model.id.slice('sim:'.length);
  const profile = SIM_PROFILES[name];
  if (!profile) {
    throw new UserError(
      `unknown simulated model '${model.id}': expected one of ${Object.keys(SIM_PROFILES)
        .map((p) => `sim:${p}`)
        .join(', ')}`,
    );
  }
  const textMode = model.options?.reasoningText === 'none' ? 'none' : 'full';
  // Prices are zero unless the config sets some, which lets cost ceilings be exercised offline.
  const prices = model.prices ?? { input: 0, output: 0 };
  return {
    id: model.id,
    capabilities: {
      budgetControl: 'simulated',
      returnsReasoningText: true,
      returnsReasoningTokens: true,
      simulated: true,
    },
    async generate(req: GenerateRequest, signal: AbortSignal): Promise<GenerateResponse> {
      signal.throwIfAborted();
      const r = simulate(profile, req, textMode);
      r.costUsd = (r.usage.input * prices.input + r.usage.output * prices.output) / 1e6;
      return r;
    },
  };
}

export function simulate(
  profile: SimProfile,
  req: GenerateRequest,
  textMode: 'full' | 'none' = 'full',
): GenerateResponse {
  const rng = new Rng(req.seed);
  const item = req.item;
  const itemRng = new Rng(deriveSeed('sim-item', item.taskId, item.itemId));
  const difficulty = itemRng.normal() * profile.itemSpread;

  const reasoning = realizedTokens(profile, req, rng, itemRng);
  const weight = distractorWeight(profile, item.strata);
  const p = logistic(logit(profileAccuracy(profile, reasoning, weight)) - difficulty);
  const correct = rng.next() < p;

  const reasoningText =
    textMode === 'full'
      ? simReasoning(rng, reasoning, item.prompt, !correct)
      : `[${reasoning} simulated tokens]`;
  const answer = correct ? rightAnswer(item.target) : wrongAnswer(item.target, rng);
  const answerTokens = 8;
  const truncated = reasoning + answerTokens > req.maxTokens || rng.chance(profile.truncationRate);
  const missingTag = rng.chance(profile.missingTagRate);
  const text = truncated
    ? ''
    : missingTag
      ? `I believe it comes to ${spelled(answer)}.`
      : `The answer is below.\n<answer>${answer}</answer>`;
  const input = Math.ceil((req.system.length + req.user.length) / CHARS_PER_TOKEN);
  const output = Math.min(req.maxTokens, reasoning + (truncated ? 0 : answerTokens));
  return {
    text,
    reasoningText,
    usage: { input, output, reasoning: Math.min(reasoning, req.maxTokens), reasoningSource: 'provider' },
    stopReason: truncated ? 'max_tokens' : 'end',
    latencyMs: 0,
    costUsd: 0,
    raw: { simulated: true, profile: profile.name, p: Number(p.toFixed(4)), correct },
    sentParams: { simulated: true, budget: req.budget, max_tokens: req.maxTokens },
  };
}

/** Soft budgets: realized tokens scatter around the request; natural lengths vary by item. */
function realizedTokens(profile: SimProfile, req: GenerateRequest, rng: Rng, itemRng: Rng): number {
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

function rightAnswer(t: Target): string {
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

function wrongAnswer(t: Target, rng: Rng): string {
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

function spelled(answer: string): string {
  return answer.replace(/<[^>]*>/g, '');
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}
function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
