import { FORCING_DEFAULTS, type Segment } from '../local/forcing.js';
import { replayTrace } from '../local/replay.js';
import type { ProbingBackend } from '../local/scheduled.js';
import type { ReplayProbeResult, ReplayRequest, ReplayResponse } from '../types.js';
import type { SimProfile } from './profiles.js';
import { CHARS_PER_TOKEN } from './text.js';
import { type SimTrace, simTrace } from './trace.js';

/**
 * Early-exit replay on a simulated reasoner: the real replay algorithm (local/replay.ts) re-enters
 * the stored trace on a backend that counts its tokens and answers each probe with the answer the
 * simulated trace held at that point (trace.ts), so the replay's findings can be checked against the
 * simulator's own truth.
 */
export function simulateReplay(
  profile: SimProfile,
  req: ReplayRequest,
  onProbe?: (p: ReplayProbeResult) => void,
): Promise<ReplayResponse> {
  const backend = new SimReplayBackend(simTrace(profile, req), req.thoughtTokens);
  // A trace stored without its text ('[N simulated tokens]') is read as N tokens all the same.
  const thought = req.thought.padEnd(req.thoughtTokens * CHARS_PER_TOKEN, ' ');
  return replayTrace(
    backend,
    {
      delimiters: { open: '<think>', close: '</think>' },
      openedByTemplate: true,
      answerPrefix: FORCING_DEFAULTS.answerPrefix,
    },
    thought,
    req.checkpoints,
    req.probeTokens,
    onProbe,
  );
}

const tokensOf = (text: string) => Math.ceil(text.length / CHARS_PER_TOKEN);

/** A stored trace of `length` tokens, put back at CHARS_PER_TOKEN characters a token. */
class SimReplayBackend implements ProbingBackend {
  readonly notes: string[] = [];
  private t = 0;

  constructor(
    private readonly trace: SimTrace,
    private readonly length: number,
  ) {}

  async sample(): Promise<Segment> {
    throw new Error('sim replay: a replay never samples reasoning (internal error)');
  }

  async insert(text: string, limit?: number): Promise<{ text: string; tokens: number }> {
    const k = Math.max(0, Math.min(limit ?? tokensOf(text), this.length - this.t, tokensOf(text)));
    this.t += k;
    return { text: text.slice(0, k * CHARS_PER_TOKEN), tokens: k };
  }

  async probe(_text: string, maxTokens: number): Promise<Segment> {
    const text = `${this.trace.answerAt(this.t)}</answer>`;
    const tokens = tokensOf(text);
    return tokens <= maxTokens
      ? { text, tokens, stop: 'end' }
      : { text: text.slice(0, maxTokens * CHARS_PER_TOKEN), tokens: maxTokens, stop: 'limit' };
  }
}
