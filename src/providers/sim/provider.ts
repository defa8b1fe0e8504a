import type { ModelConfig } from '../../config/schema.js';
import { UserError } from '../../util/errors.js';
import type { GenerateRequest, GenerateResponse, Provider } from '../types.js';
import { rightAnswer, wrongAnswer } from './answers.js';
import { SIM_PROFILES, type SimProfile } from './profiles.js';
import { simulateReplay } from './replay.js';
import { simulateScheduled } from './scheduled.js';
import { CHARS_PER_TOKEN, simReasoning } from './text.js';
import { traceDraws } from './trace.js';

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
      scheduler: true,
    },
    async generate(req: GenerateRequest, signal: AbortSignal): Promise<GenerateResponse> {
      signal.throwIfAborted();
      const r = req.scheduler
        ? await simulateScheduled(profile, req, textMode)
        : simulate(profile, req, textMode);
      r.costUsd = (r.usage.input * prices.input + r.usage.output * prices.output) / 1e6;
      return r;
    },
    async replay(req, signal, onProbe) {
      signal.throwIfAborted();
      return simulateReplay(profile, req, onProbe);
    },
  };
}

export function simulate(
  profile: SimProfile,
  req: GenerateRequest,
  textMode: 'full' | 'none' = 'full',
): GenerateResponse {
  const item = req.item;
  // The same draws as the trace the replay re-enters (trace.ts): its final answer is this one.
  const { rng, pCorrect, tokens: reasoning, u } = traceDraws(profile, req);
  const p = pCorrect(reasoning);
  const correct = u < p;

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

function spelled(answer: string): string {
  return answer.replace(/<[^>]*>/g, '');
}
