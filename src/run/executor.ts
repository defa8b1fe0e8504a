import { requestTimeoutMs } from '../config/timeout.js';
import type { BuiltPrompt } from '../prompts/build.js';
import { hasRateHint } from '../providers/rate-hint.js';
import type { GenerateRequest, Provider } from '../providers/types.js';
import type { SampleRow } from '../store/samples.js';
import type { SampleWriter } from '../store/writer.js';
import type { PlannedSample } from './plan.js';
import type { ProgressState } from './progress.js';
import { backoffMs, classify, type Failure, sleep } from './retry.js';
import { errorOutcome, identityOf, requestOf, responseOutcome, sampleRow } from './sample.js';

export interface ExecuteOptions {
  concurrency: number;
  /** Each request's limit; left out, it follows the request's max_tokens (config/timeout.ts). */
  timeoutMs?: number;
  retries: number;
  runId: string;
  /** Prompts for a planned sample. */
  prompts(s: PlannedSample): BuiltPrompt;
  providers: Map<string, Provider>;
  writer: SampleWriter;
  signal: AbortSignal;
  onProgress?(s: ProgressState): void;
  /** Stop starting requests before spend + worst case in flight could pass this (USD). */
  maxCostUsd?: number;
  /** Worst-case cost of one request (USD) with its prompts, for the ceiling. */
  maxRequestCost?(s: PlannedSample, p: BuiltPrompt): number;
  backoffBaseMs?: number;
  /** How often progress is reported while nothing finishes (ms). */
  heartbeatMs?: number;
}

export interface ExecuteSummary {
  attempted: number;
  succeeded: number;
  failed: number;
  retries: number;
  errorsByClass: Record<string, number>;
  interrupted: boolean;
  stoppedByCostCeiling: boolean;
  /** The run stopped because this model's first samples all failed (see FAIL_FAST_SAMPLES). */
  stoppedFailing?: { model: string; samples: number };
  costUsd: number;
}

/**
 * A model whose first this many finished samples all failed after their retries, none succeeding,
 * stops the run: a wrong base URL, key or model name, or a server that is down, would otherwise
 * grind through the whole plan (hours of backoff for a paper-scale sweep) storing only errors.
 */
export const FAIL_FAST_SAMPLES = 16;

/**
 * Runs pending samples with bounded concurrency. Each sample makes up to 1 + retries attempts
 * (only retryable failures are retried) and is then written exactly once, as a success or as a
 * final error. On abort, in-flight samples are dropped, not stored: a resume redoes them.
 */
export async function execute(
  pending: Iterable<PlannedSample>,
  total: number,
  o: ExecuteOptions,
): Promise<ExecuteSummary> {
  const it = pending[Symbol.iterator]();
  const state: ProgressState = {
    done: 0,
    total,
    errors: 0,
    retries: 0,
    reasoningTokens: 0,
    costUsd: 0,
    startedAt: Date.now(),
  };
  const summary: ExecuteSummary = {
    attempted: 0,
    succeeded: 0,
    failed: 0,
    retries: 0,
    errorsByClass: {},
    interrupted: false,
    stoppedByCostCeiling: false,
    costUsd: 0,
  };
  // The run's signal, a store that can no longer be written (a full disk), or a model failing from
  // its first sample: any of them stops starting requests and drops those in flight.
  const halt = new AbortController();
  const onAbort = () => halt.abort(o.signal.reason);
  if (o.signal.aborted) onAbort();
  else o.signal.addEventListener('abort', onAbort, { once: true });
  const signal = halt.signal;
  const attemptOptions = { ...o, signal };
  let writeFailure: unknown;
  const limits = new Map<string, Semaphore>();
  for (const p of o.providers.values())
    if (p.maxConcurrency) limits.set(p.id, new Semaphore(p.maxConcurrency));
  let inFlightWorstCost = 0;
  let stop = false;
  // Per model: samples failed while none has succeeded (a model leaves the map at its first success).
  const failingFromStart = new Map<string, number>();
  const succeededModels = new Set<string>();
  // Requests in flight by when they were sent, oldest first (a Map keeps insertion order), and a
  // heartbeat: a run whose answers take minutes reports how long they have waited, not silence.
  const flying = new Map<number, number>();
  let flights = 0;
  const report = () => {
    state.inFlight = flying.size;
    state.waitingSince = flying.size ? flying.values().next().value : undefined;
    o.onProgress?.(state);
  };
  const heartbeat = setInterval(report, o.heartbeatMs ?? 1000);
  heartbeat.unref();

  // The next sample with its request (prompts built once, for the ceiling and the call) and what it
  // reserved against the ceiling, released when it finishes.
  const next = (): { s: PlannedSample; req: GenerateRequest; worst: number } | undefined => {
    if (stop || signal.aborted) return undefined;
    const r = it.next();
    if (r.done) {
      o.writer.eager();
      return undefined;
    }
    const s = r.value;
    const p = o.prompts(s);
    let worst = 0;
    if (o.maxCostUsd !== undefined) {
      worst = o.maxRequestCost?.(s, p) ?? 0;
      if (state.costUsd + inFlightWorstCost + worst > o.maxCostUsd) {
        stop = true;
        summary.stoppedByCostCeiling = true;
        return undefined;
      }
      inFlightWorstCost += worst;
    }
    return { s, req: requestOf(s, p), worst };
  };

  // One listener on the run's signal for all attempts in flight, rather than one each: adding and
  // removing thousands a second costs CPU, and 11+ at once makes Node warn about a listener leak.
  const live = new Set<AbortController>();
  const abortLive = () => {
    for (const ac of live) ac.abort(signal.reason);
  };
  signal.addEventListener('abort', abortLive, { once: true });

  // Whether the run goes on after this sample: false once the store cannot be written.
  const record = (row: SampleRow | null): boolean => {
    if (!row) return true;
    try {
      o.writer.add(row);
    } catch (err) {
      writeFailure ??= err;
      halt.abort(err);
      return false;
    }
    state.done++;
    state.costUsd += row.cost_usd ?? 0;
    state.reasoningTokens += row.reasoning_tokens ?? 0;
    summary.costUsd += row.cost_usd ?? 0;
    if (row.error) {
      state.errors++;
      summary.failed++;
      summary.errorsByClass[row.error_class ?? 'other'] =
        (summary.errorsByClass[row.error_class ?? 'other'] ?? 0) + 1;
      if (!succeededModels.has(row.model)) {
        const n = (failingFromStart.get(row.model) ?? 0) + 1;
        failingFromStart.set(row.model, n);
        if (n >= FAIL_FAST_SAMPLES && !summary.stoppedFailing) {
          // Stop at once: what is in flight would fail the same way, after its backoff.
          summary.stoppedFailing = { model: row.model, samples: n };
          halt.abort(new Error(`${row.model}: its first ${n} samples all failed`));
        }
      }
    } else {
      summary.succeeded++;
      succeededModels.add(row.model);
      failingFromStart.delete(row.model);
    }
    report();
    return !summary.stoppedFailing;
  };
  let sinceYield = 0;
  // One sample, start to store; false once the run stops. What `next` reserved against the ceiling is
  // given back here alone. Its own async function, not inlined in `worker`: a suspended async
  // function keeps its registers, and the worker's kept the last row (a 40k-character trace and its
  // raw body) through the whole of the next request: 64 of them live at any time, promoted to the old
  // generation, ~100 KB of garbage a sample there (the heap guard's full collections every tick).
  const sample = async ({ s, req, worst }: NonNullable<ReturnType<typeof next>>): Promise<boolean> => {
    let sem: Semaphore | undefined;
    const flight = flights++;
    let row: SampleRow | null;
    try {
      // Providers that answer without I/O (sim) would otherwise starve the event loop: no signals,
      // no timers, no progress. Yield to it now and then.
      if (++sinceYield >= 32) {
        sinceYield = 0;
        await new Promise((r) => setImmediate(r));
        if (signal.aborted) return false;
      }
      const provider = o.providers.get(s.model.id)!;
      sem = limits.get(provider.id);
      if (sem) await sem.acquire();
      flying.set(flight, Date.now());
      row = await runOne(s, req, provider, attemptOptions, state, summary, live);
    } finally {
      flying.delete(flight);
      inFlightWorstCost -= worst;
      sem?.release();
    }
    // Recorded once out of flight. No await in between: the semaphore's next holder and the cost
    // ceiling's next check both come after this sample is counted.
    return record(row);
  };
  const worker = async () => {
    for (let n = next(); n; n = next()) if (!(await sample(n))) break;
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  } finally {
    clearInterval(heartbeat);
  }
  o.signal.removeEventListener('abort', onAbort);
  if (writeFailure !== undefined) throw writeFailure;
  o.writer.flush();
  summary.interrupted = o.signal.aborted;
  report();
  return summary;
}

/** One sample, with retries. Returns null when the run was aborted before the sample finished. */
async function runOne(
  s: PlannedSample,
  req: GenerateRequest,
  provider: Provider,
  o: ExecuteOptions,
  state: ProgressState,
  summary: ExecuteSummary,
  live: Set<AbortController>,
): Promise<SampleRow | null> {
  summary.attempted++;
  // Waits (backoff, rate hints) are woken by the run's one listener too, through `live`: a listener
  // each on the run's signal passed ten under retry load (MaxListenersExceededWarning).
  const pause = async (ms: number) => {
    if (o.signal.aborted) return;
    const ac = new AbortController();
    live.add(ac);
    try {
      await sleep(ms, ac.signal);
    } finally {
      live.delete(ac);
    }
  };
  let failure: Failure | undefined;
  let attempts = 0;
  const timeoutMs = requestTimeoutMs(req.maxTokens, o.timeoutMs);
  for (let attempt = 0; attempt <= o.retries; attempt++) {
    if (attempt > 0) {
      state.retries++;
      summary.retries++;
      await pause(backoffMs(attempt - 1, failure!, o.backoffBaseMs));
    }
    // Slow down before the provider's rate limit is hit, when its headers said it is close.
    const hint = hasRateHint(provider) ? provider.rateHint() : undefined;
    if (hint && hint.suggestedDelayMs > 0) await pause(hint.suggestedDelayMs);
    if (o.signal.aborted) return null;
    attempts++;
    // One controller per attempt, aborted by the run's signal or the timeout. (AbortSignal.any and
    // AbortSignal.timeout cost several times more CPU per request, which shows at thousands/s.)
    const attemptAc = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attemptAc.abort(new Error('request timed out'));
    }, timeoutMs);
    live.add(attemptAc);
    const signal = attemptAc.signal;
    const started = performance.now();
    try {
      const r = await provider.generate(req, signal);
      return sampleRow(
        o.runId,
        s.hash,
        identityOf(s),
        attempts,
        responseOutcome(r, {
          sentParams: JSON.stringify(r.sentParams),
          budgetNote: r.budgetNote ?? null,
          raw: r.raw,
          rawText: r.rawText,
          latencyMs: r.latencyMs || Math.round(performance.now() - started),
          costUsd: r.costUsd ?? null,
        }),
      );
    } catch (err) {
      if (o.signal.aborted) return null;
      failure = classify(err, timedOut ? timeoutMs : undefined);
      if (!failure.retryable) break;
    } finally {
      clearTimeout(timer);
      live.delete(attemptAc);
    }
  }
  return sampleRow(
    o.runId,
    s.hash,
    identityOf(s),
    attempts,
    errorOutcome(failure?.message ?? 'unknown error', failure?.errorClass ?? 'other', failure?.sent),
  );
}

class Semaphore {
  private waiting: (() => void)[] = [];
  constructor(private free: number) {}
  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((r) => this.waiting.push(r));
  }
  release(): void {
    const w = this.waiting.shift();
    if (w) w();
    else this.free++;
  }
}
