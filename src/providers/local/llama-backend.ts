import type { LlamaContextSequence, LlamaModel, Token, TokenBias } from 'node-llama-cpp';
import { ProviderError } from '../../util/errors.js';
import type { Segment } from './forcing.js';
import type { ProbingBackend } from './scheduled.js';

export interface SamplingOptions {
  temperature: number;
  topP: number;
  topK: number;
  minP: number;
  seed: number;
  tokenBias?: TokenBias;
}

/**
 * The forcing backend on one node-llama-cpp context sequence, token by token. A single `evaluate`
 * generator (one sampler, one seed) runs the whole sample: a sampled token is only evaluated when the
 * next one is asked for, so a token that must not stay (a close delimiter to suppress, the last thought
 * token before a cut) is replaced by the tokens the forcing algorithm inserts. Every thought token is a
 * token in the context: the count is exact by construction.
 */
export class LlamaSequenceBackend implements ProbingBackend {
  readonly notes: string[] = [];
  /** Tokens to evaluate before the next sample. */
  private pending: Token[];
  private iterator?: ReturnType<LlamaContextSequence['evaluate']>;
  /** Everything after the prompt, for detokenizing with the right leading spaces. */
  private readonly tail: Token[] = [];
  private readonly closeToken: Token | undefined;
  private full = false;
  /** Generators started so far: each after the first (a probe, or the trace resuming) gets its own seed. */
  private generations = 0;

  constructor(
    private readonly seq: LlamaContextSequence,
    private readonly model: LlamaModel,
    promptTokens: Token[],
    close: string,
    private readonly sampling: SamplingOptions,
    private readonly signal: AbortSignal,
  ) {
    this.pending = promptTokens.slice();
    this.tail.push(...promptTokens.slice(-8));
    const closeTokens = model.tokenize(close, true);
    this.closeToken = closeTokens.length === 1 ? closeTokens[0] : undefined;
    if (this.closeToken === undefined) {
      this.notes.push(
        `'${close}' is not a single token of this model: the model's own closes are not detected`,
      );
    }
  }

  async sample(phase: 'think' | 'answer', maxTokens: number): Promise<Segment> {
    const out: Token[] = [];
    let stop: Segment['stop'] = 'limit';
    while (out.length < maxTokens) {
      if (this.signal.aborted) throw abortError(this.signal);
      if (!this.roomFor(this.pending.length + 1)) {
        stop = 'full';
        break;
      }
      const next = await this.step();
      if (next === undefined || this.model.isEogToken(next)) {
        stop = phase === 'think' ? 'close' : 'end';
        break;
      }
      if (phase === 'think' && next === this.closeToken) {
        stop = 'close';
        break;
      }
      out.push(next);
      this.pending = [next];
    }
    if (stop === 'close' || stop === 'end') this.pending = [];
    return { text: this.text(out), tokens: out.length, stop };
  }

  async insert(text: string, limit?: number): Promise<{ text: string; tokens: number }> {
    let tokens = continuationTokens(this.model, text);
    if (limit !== undefined && tokens.length > limit) tokens = tokens.slice(0, Math.max(0, limit));
    const room = this.room() - this.pending.length - 1;
    if (tokens.length > room) {
      tokens = tokens.slice(0, Math.max(0, room));
      this.noteFull();
    }
    this.pending.push(...tokens);
    return { text: this.text(tokens), tokens: tokens.length };
  }

  /**
   * A scheduler probe: the running generator is ended (the sequence then holds exactly what was
   * evaluated), `text` is inserted and up to `maxTokens` answer tokens are sampled in a new generator,
   * then everything from the mark on is erased and the pending tokens and detokenizing context are put
   * back. The trace resumes with a fresh generator, re-evaluating the pending tokens.
   */
  async probe(text: string, maxTokens: number): Promise<Segment> {
    await this.close();
    // A replay inserts long stretches of stored trace between probes: evaluate them once, before the
    // mark, so that a probe does not evaluate (and erase) the whole trace again. The last pending
    // token is kept for the generator that resumes; the scheduler only ever has that one pending.
    if (this.pending.length > 1) {
      await this.seq.evaluateWithoutGeneratingNewTokens(this.pending.slice(0, -1));
      this.pending = this.pending.slice(-1);
    }
    const mark = this.seq.nextTokenIndex;
    const resume = this.pending.slice();
    const tail = this.tail.length;
    try {
      await this.insert(text);
      if (!this.roomFor(this.pending.length + maxTokens + 1)) return { text: '', tokens: 0, stop: 'full' };
      return await this.sample('answer', maxTokens);
    } finally {
      await this.close();
      await this.seq.eraseContextTokenRanges([{ start: mark, end: this.seq.nextTokenIndex }]);
      this.pending = resume;
      this.tail.length = tail;
    }
  }

  /** Ends the generator; the sequence is left for the next sample to clear. */
  async close(): Promise<void> {
    await this.iterator?.return();
    this.iterator = undefined;
  }

  private async step(): Promise<Token | undefined> {
    if (this.pending.length === 0) throw new Error('forcing: nothing to evaluate (internal error)');
    let r: IteratorResult<Token, void>;
    if (!this.iterator) {
      this.iterator = this.seq.evaluate(this.pending, this.evaluateOptions());
      r = await this.iterator.next();
    } else {
      r = await this.iterator.next(this.pending);
    }
    this.pending = [];
    return r.done ? undefined : r.value;
  }

  /** Sampling options of a new generator; the first keeps the sample's seed (so forcing is unchanged). */
  private evaluateOptions() {
    const n = this.generations++;
    return {
      temperature: this.sampling.temperature,
      topP: this.sampling.topP,
      topK: this.sampling.topK,
      minP: this.sampling.minP,
      seed: (this.sampling.seed + n) >>> 0,
      tokenBias: this.sampling.tokenBias,
      yieldEogToken: true,
    };
  }

  private room(): number {
    return this.seq.contextSize - this.seq.nextTokenIndex;
  }

  private roomFor(n: number): boolean {
    if (n <= this.room()) return true;
    this.noteFull();
    return false;
  }

  private noteFull(): void {
    if (this.full) return;
    this.full = true;
    this.notes.push(`the context of ${this.seq.contextSize} tokens is full (raise options.contextSize)`);
  }

  private text(tokens: Token[]): string {
    const s = this.model.detokenize(tokens, false, this.tail.slice(-8));
    this.tail.push(...tokens);
    return s;
  }
}

/**
 * Tokens of `text` as it continues a sequence. SentencePiece tokenizers put a dummy space in front of
 * text they tokenize on its own; tokenizing after a newline anchor and dropping the anchor avoids it.
 * When the anchor merges with the text (BPE "\n\n"), plain tokenization is already right.
 */
export function continuationTokens(model: LlamaModel, text: string): Token[] {
  const anchor = model.tokenize('\n', true);
  const withAnchor = model.tokenize(`\n${text}`, true);
  if (anchor.length > 0 && anchor.every((a, i) => withAnchor[i] === a))
    return withAnchor.slice(anchor.length);
  return model.tokenize(text, true);
}

function abortError(signal: AbortSignal): ProviderError {
  const reason = signal.reason as { name?: string } | undefined;
  return reason?.name === 'TimeoutError'
    ? new ProviderError('local: timed out', 'timeout', true)
    : new ProviderError('local: aborted', 'aborted', false);
}
