import type { Segment } from './forcing.js';
import type { ProbingBackend } from './scheduled.js';
import type { Completion, CompletionServer } from './server-api.js';

/**
 * The forcing backend over a raw-completion server. The server sees text, so a thought is counted the
 * way the server will read it back: the tokens that `prompt + text so far` gains from a piece of
 * thought, by the server's own `/tokenize`. Sampled pieces that re-tokenize longer than the budget
 * allows are trimmed (binary search on characters), and a piece that comes up short is continued, so
 * the thought ends at exactly N tokens as the model holds it when it writes the answer.
 */
export interface CompletionsBackendOptions {
  server: CompletionServer;
  prompt: string;
  close: string;
  /** Sampling fields sent with every request (temperature, top_p, …) except the seed. */
  sampling: Record<string, unknown>;
  /** Request i of a sample uses seed + i, so continued requests do not replay one random stream. */
  seed: number;
  signal: AbortSignal;
}

export interface RequestTrace {
  phase: 'think' | 'answer' | 'probe';
  max_tokens: number;
  finish_reason: string;
  completion_tokens: number;
  counted: number;
}

export class CompletionsBackend implements ProbingBackend {
  readonly notes: string[] = [];
  readonly trace: RequestTrace[] = [];
  /** Everything after the prompt: forced text, thought, answer. */
  private body = '';
  private promptCount: number | undefined;
  private readonly counts = new Map<string, number>();

  constructor(private readonly o: CompletionsBackendOptions) {}

  /** Tokens of the rendered prompt as the server reads it (BOS included). */
  async promptTokens(): Promise<number> {
    this.promptCount ??= (await this.o.server.tokenize(this.o.prompt, true, this.o.signal)).length;
    return this.promptCount;
  }

  async sample(phase: 'think' | 'answer', maxTokens: number): Promise<Segment> {
    if (maxTokens <= 0) return { text: '', tokens: 0, stop: 'limit' };
    const before = phase === 'think' ? await this.count(this.body) : 0;
    const { r, step } = await this.complete(phase, this.body, maxTokens);
    if (phase === 'answer') {
      this.body += r.text;
      return answerSegment(r);
    }
    // 'stop' in the think phase: the close delimiter (not returned) or an end of turn.
    let stop: Segment['stop'] = r.finishReason === 'length' ? 'limit' : 'close';
    let text = r.text;
    let added = (await this.count(this.body + text)) - before;
    if (added > maxTokens) {
      text = await this.trim(text, before + maxTokens);
      added = (await this.count(this.body + text)) - before;
      stop = 'limit';
    }
    step.counted = added;
    this.body += text;
    return { text, tokens: added, stop };
  }

  /** A scheduler probe: one request after the body plus `text`; the body itself is left as it was. */
  async probe(text: string, maxTokens: number): Promise<Segment> {
    return answerSegment((await this.complete('probe', this.body + text, maxTokens)).r);
  }

  async insert(text: string, limit?: number): Promise<{ text: string; tokens: number }> {
    const before = await this.count(this.body);
    let added = (await this.count(this.body + text)) - before;
    if (limit !== undefined && added > limit) {
      text = await this.trim(text, before + Math.max(0, limit));
      added = (await this.count(this.body + text)) - before;
    }
    this.body += text;
    return { text, tokens: added };
  }

  /**
   * One `/v1/completions` request after the prompt plus `after`, traced. Request i of the sample uses
   * seed + i; the think phase stops at the close delimiter.
   */
  private async complete(
    phase: RequestTrace['phase'],
    after: string,
    maxTokens: number,
  ): Promise<{ r: Completion; step: RequestTrace }> {
    const r = await this.o.server.complete(
      {
        ...this.o.sampling,
        prompt: this.o.prompt + after,
        max_tokens: maxTokens,
        seed: (this.o.seed + this.trace.length) >>> 0,
        ...(phase === 'think' ? { stop: [this.o.close] } : {}),
      },
      this.o.signal,
    );
    const step: RequestTrace = {
      phase,
      max_tokens: maxTokens,
      finish_reason: r.finishReason,
      completion_tokens: r.completionTokens,
      counted: r.completionTokens,
    };
    this.trace.push(step);
    return { r, step };
  }

  /** Tokens `body` adds after the prompt. */
  private async count(body: string): Promise<number> {
    const hit = this.counts.get(body);
    if (hit !== undefined) return hit;
    const n = (await this.o.server.tokenize(this.o.prompt + body, true, this.o.signal)).length;
    const c = n - (await this.promptTokens());
    this.counts.set(body, c);
    return c;
  }

  /** The longest prefix of `text` with which the body holds at most `target` tokens. */
  private async trim(text: string, target: number): Promise<string> {
    let lo = 0;
    let hi = text.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if ((await this.count(this.body + cut(text, mid))) <= target) lo = mid;
      else hi = mid - 1;
    }
    return cut(text, lo);
  }
}

/** An answer or probe: every completion token counts, and only 'length' means the limit was hit. */
function answerSegment(r: Completion): Segment {
  return { text: r.text, tokens: r.completionTokens, stop: r.finishReason === 'length' ? 'limit' : 'end' };
}

/** The first n UTF-16 units, without splitting a surrogate pair. */
function cut(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, n - 1) : text.slice(0, n);
}
