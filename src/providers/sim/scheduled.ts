import { deriveSeed, Rng } from '../../util/rng.js';
import { FORCING_DEFAULTS, type Segment } from '../local/forcing.js';
import { type ProbingBackend, runScheduled, schedulerRecord } from '../local/scheduled.js';
import { defaultStopPolicy } from '../local/stop-policy.js';
import type { GenerateRequest, GenerateResponse } from '../types.js';
import { realizedTokens, rightAnswer, sampleDraws, wrongAnswer } from './answers.js';
import type { SimProfile } from './profiles.js';
import { CHARS_PER_TOKEN, simReasoning } from './text.js';

/**
 * The scheduler arm on a simulated reasoner. The real scheduler (local/scheduled.ts) drives a
 * simulated backend, so the arm's mechanics and token accounting are the ones real models get. The
 * simulated reasoner has one latent draw per sample: its interim answer at t thought tokens is right
 * while that draw is below p(t), the profile's accuracy at t, so an inverse-scaling profile drifts to
 * a wrong answer as it reasons on. It closes its reasoning by itself at its natural length, and its
 * early probes often hedge.
 */
export async function simulateScheduled(
  profile: SimProfile,
  req: GenerateRequest,
  textMode: 'full' | 'none',
): Promise<GenerateResponse> {
  const sched = req.scheduler!;
  const item = req.item;
  const { rng, itemRng, pCorrect } = sampleDraws(profile, req);
  const natural = realizedTokens(profile, { ...req, budget: 'natural' }, rng, itemRng);
  const draw = rng.next();
  const wrong = wrongAnswer(item.target, rng);
  const right = rightAnswer(item.target);
  const correctAt = (t: number) => draw < pCorrect(t);
  const backend = new SimBackend(natural, (t) => (correctAt(t) ? right : wrong), req.seed);
  const o = await runScheduled(
    backend,
    {
      mode: 'cut',
      budget: req.budget,
      maxExtensions: 0,
      answerTokens: FORCING_DEFAULTS.answerTokens,
      maxTokens: req.maxTokens,
      delimiters: { open: '<think>', close: '</think>' },
      openedByTemplate: true,
      answerPrefix: FORCING_DEFAULTS.answerPrefix,
      extendText: FORCING_DEFAULTS.extendText,
    },
    sched,
    defaultStopPolicy(sched),
  );
  const reasoningText =
    textMode === 'full'
      ? simReasoning(rng, o.thoughtTokens, item.prompt, !correctAt(o.thoughtTokens))
      : `[${o.thoughtTokens} simulated tokens]`;
  return {
    text: o.answer,
    reasoningText,
    usage: {
      input: Math.ceil((req.system.length + req.user.length) / CHARS_PER_TOKEN),
      output: o.thoughtTokens + o.answerTokens,
      reasoning: o.thoughtTokens,
      reasoningSource: 'provider',
    },
    stopReason: o.stopReason,
    latencyMs: 0,
    costUsd: 0,
    raw: { simulated: true, profile: profile.name, scheduler: schedulerRecord(o) },
    sentParams: { simulated: true, budget: req.budget, max_tokens: req.maxTokens, scheduler: sched },
  };
}

const tokensOf = (text: string) => Math.ceil(text.length / CHARS_PER_TOKEN);

/** Thought is a count (its text is written once at the end); probes and answers are the answer at t. */
class SimBackend implements ProbingBackend {
  readonly notes: string[] = [];
  private t = 0;
  private prefixed = false;

  constructor(
    private readonly natural: number,
    private readonly answerAt: (t: number) => string,
    private readonly seed: number,
  ) {}

  async sample(phase: 'think' | 'answer', maxTokens: number): Promise<Segment> {
    if (phase === 'think') {
      const k = Math.max(0, Math.min(maxTokens, this.natural - this.t));
      this.t += k;
      return { text: '', tokens: k, stop: this.t >= this.natural ? 'close' : 'limit' };
    }
    const a = this.answerAt(this.t);
    const text = this.prefixed ? `${a}</answer>` : `<answer>${a}</answer>`;
    return { text, tokens: Math.min(maxTokens, tokensOf(text)), stop: 'end' };
  }

  async insert(text: string): Promise<{ text: string; tokens: number }> {
    this.prefixed = /<answer>\s*$/.test(text);
    return { text, tokens: tokensOf(text) };
  }

  /** Early probes hedge more often: about half at the start, a fifth after 1k tokens. */
  async probe(_text: string, maxTokens: number): Promise<Segment> {
    const hedge = new Rng(deriveSeed('sim-probe', this.seed, this.t)).chance(0.5 * Math.exp(-this.t / 1100));
    const text = `${hedge ? 'maybe ' : ''}${this.answerAt(this.t)}</answer>`;
    return { text, tokens: Math.min(maxTokens, tokensOf(text)), stop: 'end' };
  }
}
