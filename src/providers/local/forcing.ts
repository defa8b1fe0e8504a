import type { Budget } from '../../core/budget.js';
import type { StopReason } from '../../core/response.js';

/**
 * Exact budget forcing (s1-style), independent of the backend so that the local node-llama-cpp provider
 * and raw-completion servers share one algorithm.
 *
 * - `cut`: reasoning stops at exactly N thought tokens; then the close delimiter and an answer prefix are
 *   appended and the answer is generated with its own small limit.
 * - `cut+extend`: as `cut`, and when the model tries to close its reasoning before N tokens the close is
 *   dropped, "Wait" is inserted and reasoning goes on, up to `maxExtensions` times.
 * - `natural`: nothing is forced; the model reasons until it closes (or the output limit), then answers.
 * - Budget 0, in every mode: an empty think block, then the answer.
 *
 * Thought tokens are the tokens between the open and close delimiters: sampled ones plus inserted
 * "Wait" text. The backend reports them exactly, so the count that is stored is the count that was held.
 */

export type ForcingMode = 'cut' | 'cut+extend' | 'natural';

export interface Delimiters {
  open: string;
  close: string;
}

/**
 * Why sampling stopped: its token limit, the model ending its reasoning (close delimiter or end of turn,
 * neither kept), the end of turn in the answer, or no room left in the context.
 */
export type SegmentStop = 'limit' | 'close' | 'end' | 'full';

export interface Segment {
  text: string;
  tokens: number;
  stop: SegmentStop;
}

export interface ForcingBackend {
  /**
   * Samples at most `maxTokens` tokens after everything so far. In the 'think' phase the close delimiter
   * and end-of-turn tokens stop sampling (stop 'close') and are not kept.
   */
  sample(phase: 'think' | 'answer', maxTokens: number): Promise<Segment>;
  /** Appends text the model did not sample; with `limit`, only as many of its tokens as fit. */
  insert(text: string, limit?: number): Promise<{ text: string; tokens: number }>;
  /** Anything the backend could not honour exactly (context full, tokenizer mismatch). */
  readonly notes: string[];
}

export interface ForcingSettings {
  mode: ForcingMode;
  budget: Budget;
  maxExtensions: number;
  /** Output limit of an answer that follows a cut (the forced answer prefix). */
  answerTokens: number;
  /** Total output limit: reasoning in natural mode, and reasoning plus a free answer otherwise. */
  maxTokens: number;
  delimiters: Delimiters;
  /** The rendered prompt already ends with the open delimiter (Qwen3-style templates do not, R1's do). */
  openedByTemplate: boolean;
  /** Text after a cut, e.g. 'Final answer: <answer>'; it starts the stored answer text. */
  answerPrefix: string;
  /** Inserted when an early close is suppressed. */
  extendText: string;
}

/** 'converged': the reasoning scheduler stopped it early because its probes agreed (scheduled.ts). */
export type ReasoningEnd = 'budget' | 'model' | 'limit' | 'empty' | 'converged';

export interface ForcingOutcome {
  thought: string;
  thoughtTokens: number;
  /** The answer segment, starting with the forced prefix after a cut. */
  answer: string;
  /** Tokens the model sampled in the answer segment. */
  answerTokens: number;
  extensions: number;
  /** How reasoning ended: cut at the budget, closed by the model, out of room, or empty (budget 0). */
  end: ReasoningEnd;
  /** Whether the answer prefix was forced in. */
  forcedAnswer: boolean;
  stopReason: StopReason;
  notes: string[];
}

const DEFAULTS = {
  answerPrefix: 'Final answer: <answer>',
  extendText: 'Wait',
};
export const FORCING_DEFAULTS: Readonly<typeof DEFAULTS & { maxExtensions: number; answerTokens: number }> = {
  ...DEFAULTS,
  maxExtensions: 8,
  answerTokens: 512,
};

/** Three consecutive samples that add nothing end the phase (a tokenizer that cannot hit the count). */
export const MAX_STALLS = 3;

/** An outcome before anything was sampled. */
export function emptyOutcome(): ForcingOutcome {
  return {
    thought: '',
    thoughtTokens: 0,
    answer: '',
    answerTokens: 0,
    extensions: 0,
    end: 'empty',
    forcedAnswer: false,
    stopReason: 'end',
    notes: [],
  };
}

/** What a cut appends to the thought: the close delimiter, then the answer prefix. */
export function cutText(s: Pick<ForcingSettings, 'delimiters' | 'answerPrefix'>): string {
  return `\n${s.delimiters.close}\n\n${s.answerPrefix}`;
}

export async function runForcing(b: ForcingBackend, s: ForcingSettings): Promise<ForcingOutcome> {
  const { open, close } = s.delimiters;
  const o = emptyOutcome();
  const notes = o.notes;

  if (s.budget === 0) {
    // The paper's "no thinking" for open models: an empty think block, then a free answer.
    await b.insert(`${s.openedByTemplate ? '' : open}\n\n${close}\n\n`);
    await answer(b, o, s.maxTokens);
    notes.push(...b.notes);
    return o;
  }

  if (!s.openedByTemplate) await b.insert(`${open}\n`);
  const forcedLimit = s.mode !== 'natural' && typeof s.budget === 'number' ? s.budget : undefined;
  const natural = forcedLimit === undefined;
  const limit = forcedLimit ?? s.maxTokens;
  const extend = s.mode === 'cut+extend' && !natural;
  if (s.mode === 'natural' && typeof s.budget === 'number') {
    notes.push('forcing natural: the budget is stated in the prompt only, not enforced');
  }

  let stalls = 0;
  for (;;) {
    if (o.thoughtTokens >= limit) {
      o.end = natural ? 'limit' : 'budget';
      break;
    }
    const seg = await b.sample('think', limit - o.thoughtTokens);
    o.thought += seg.text;
    o.thoughtTokens += seg.tokens;
    if (seg.stop === 'full') {
      o.end = 'limit';
      break;
    }
    if (seg.stop === 'limit') {
      stalls = seg.tokens === 0 ? stalls + 1 : 0;
      if (stalls >= MAX_STALLS) {
        notes.push(`reasoning stalled at ${o.thoughtTokens} of ${limit} thought tokens`);
        o.end = natural ? 'limit' : 'budget';
        break;
      }
      continue;
    }
    // The model ended its reasoning before the limit.
    if (extend && o.extensions < s.maxExtensions) {
      const ins = await b.insert(extensionText(o.thought, s.extendText), limit - o.thoughtTokens);
      o.thought += ins.text;
      o.thoughtTokens += ins.tokens;
      o.extensions++;
      continue;
    }
    o.end = 'model';
    if (extend) {
      notes.push(
        `the model ended its reasoning at ${o.thoughtTokens} of ${limit} thought tokens after ` +
          `${o.extensions} extension(s) (maxExtensions ${s.maxExtensions})`,
      );
    }
    break;
  }

  await finishAnswer(b, o, s);
  return o;
}

/**
 * After reasoning has ended (`o.end` set): the model closed it → its close goes back and it answers
 * freely; it was cut (at the budget, or by the scheduler) → the close and the answer prefix are
 * forced and the answer has its own small limit; out of room → no answer. Backend notes are added.
 */
export async function finishAnswer(b: ForcingBackend, o: ForcingOutcome, s: ForcingSettings): Promise<void> {
  if (o.end === 'model') {
    await b.insert(s.delimiters.close);
    await answer(b, o, Math.max(1, s.maxTokens - o.thoughtTokens));
  } else if (o.end === 'budget' || o.end === 'converged') {
    await b.insert(cutText(s));
    o.forcedAnswer = true;
    o.answer = s.answerPrefix;
    await answer(b, o, s.answerTokens);
  } else {
    o.stopReason = 'max_tokens';
  }
  o.notes.push(...b.notes);
}

async function answer(b: ForcingBackend, o: ForcingOutcome, maxTokens: number): Promise<void> {
  const seg = await b.sample('answer', maxTokens);
  o.answer += seg.text;
  o.answerTokens = seg.tokens;
  o.stopReason = seg.stop === 'limit' || seg.stop === 'full' ? 'max_tokens' : 'end';
}

/** "Wait" on its own line unless the thought already ends in whitespace. */
export function extensionText(thought: string, extend: string): string {
  return thought === '' || /\s$/.test(thought) ? extend : `\n${extend}`;
}
