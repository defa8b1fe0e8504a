import type { Budget } from '../core/budget.js';
import type { StopReason, Usage } from '../core/response.js';
import type { SampleKey } from '../core/sample-key.js';
import type { SchedulerSettings } from '../core/scheduler.js';
import type { Item } from '../tasks/types.js';

export interface GenerateRequest {
  key: SampleKey;
  /** Seed for this sample (derived from its key); providers that take a seed pass it on. */
  seed: number;
  system: string;
  /** Send the system prompt as a developer message (OpenAI chat): the paper does so for the o-series. */
  systemRole?: 'developer';
  user: string;
  budget: Budget;
  /** Total output-token limit for the request (budget + headroom, per the max-tokens policy). */
  maxTokens: number;
  /** The item itself. Real providers must ignore it; the simulator uses it to know the right answer. */
  item: Item;
  /**
   * Set on the scheduler arm: reason adaptively in chunks with probes, up to `scheduler.ceiling`
   * (which is also `budget`). Only providers with `capabilities.scheduler` receive it.
   */
  scheduler?: SchedulerSettings;
}

export interface GenerateResponse {
  text: string;
  reasoningText?: string;
  usage: Usage;
  stopReason: StopReason;
  latencyMs: number;
  costUsd?: number;
  /** The provider's raw response body (or a summary of a stream), stored as is. */
  raw: unknown;
  /**
   * The response body exactly as received, when the transport kept it (JSON text): stored in place of
   * `raw` re-serialised, which is both truer to the wire and cheaper at thousands of samples a second.
   */
  rawText?: string;
  /** Exactly what was sent to control reasoning (e.g. {thinking:{type:'enabled',budget_tokens:4096}}). */
  sentParams: Record<string, unknown>;
  /** Set when the requested budget could not be honoured as asked: says what was done instead. */
  budgetNote?: string;
}

export interface ProviderCapabilities {
  /** How the budget is controlled: a real knob, effort levels, prompt only, exact forcing, or simulated. */
  budgetControl: 'tokens' | 'effort' | 'prompt' | 'forced' | 'simulated' | 'none';
  returnsReasoningText: boolean;
  returnsReasoningTokens: boolean;
  /** Simulated providers are labelled as such in every artefact. */
  simulated: boolean;
  /** Can run the adaptive reasoning scheduler (it needs to fork probes off the trace). */
  scheduler?: boolean;
}

/**
 * Early-exit replay of a stored sample (run/replay.ts): the same prompt and trace, re-entered, with the
 * scheduler's probe (the close delimiter and the answer prefix, then a few answer tokens, discarded)
 * at each checkpoint. Nothing is sampled in between: the trace is the stored one.
 */
export interface ReplayRequest extends Omit<GenerateRequest, 'scheduler'> {
  /** The stored reasoning text and its stored token count. */
  thought: string;
  thoughtTokens: number;
  /** Thought-token positions to probe at, ascending, each below `thoughtTokens`. */
  checkpoints: number[];
  /** Tokens each probe may decode. */
  probeTokens: number;
}

export interface ReplayProbeResult {
  /** The checkpoint asked for. */
  at: number;
  /** Thought tokens the model held when it was probed (= at, unless the trace ran out first). */
  reached: number;
  /** The forced answer prefix and what the probe decoded after it: scored like a stored answer. */
  text: string;
  /** Tokens the probe decoded: compute spent on looking, not reasoning. */
  tokens: number;
  stopReason: StopReason;
}

export interface ReplayResponse {
  probes: ReplayProbeResult[];
  /** Anything the backend could not do exactly (a trace that re-tokenized shorter, a full context). */
  notes: string[];
}

export interface Provider {
  /** The model spec as given, e.g. 'sim:inverse' or 'anthropic:claude-opus-4-1'. */
  readonly id: string;
  readonly capabilities: ProviderCapabilities;
  /** Provider-specific max concurrency, if stricter than the run's. */
  readonly maxConcurrency?: number;
  generate(req: GenerateRequest, signal: AbortSignal): Promise<GenerateResponse>;
  /**
   * Only on providers whose backend can continue a stored trace (local, raw-completion forcing, sim):
   * an API model cannot be handed a reasoning trace to go on from. `onProbe` sees each probe as it is
   * read, so a replay killed part-way keeps the probes it made.
   */
  replay?(
    req: ReplayRequest,
    signal: AbortSignal,
    onProbe?: (p: ReplayProbeResult) => void,
  ): Promise<ReplayResponse>;
  close?(): Promise<void>;
}
