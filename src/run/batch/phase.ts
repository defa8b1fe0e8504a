import type { Experiment, ModelConfig } from '../../config/schema.js';
import { modelConfig } from '../../config/schema.js';
import type { BuiltPrompt } from '../../prompts/build.js';
import { batchDiscount } from '../../providers/batch/price.js';
import { createBatchAdapter } from '../../providers/batch/registry.js';
import type { BatchAdapter } from '../../providers/batch/types.js';
import {
  type BatchRow,
  getBatch,
  heldKeys,
  openBatches,
  recordRemote,
  setBatchStatus,
} from '../../store/batches.js';
import type { DB } from '../../store/db.js';
import { KeySet } from '../../store/key-set.js';
import { doneKeys } from '../../store/samples.js';
import type { SampleWriter } from '../../store/writer.js';
import type { PlannedSample } from '../plan.js';
import { backoffMs, classify, sleep } from '../retry.js';
import { collectResults, type RetryEntry } from './collect.js';
import { type BatchContext, type BatchStats, emptyStats } from './context.js';
import { BatchProgress } from './progress.js';
import { errorRow, store } from './rows.js';
import { BatchBuilder, recoverSubmitting } from './submit.js';

export interface BatchPhaseOptions {
  db: DB;
  runId: string;
  exp: Experiment;
  /** The run's planned samples, in plan order, less those `skip` accepts (iterated once per round). */
  plan(skip?: (hash: string) => boolean): Iterable<PlannedSample>;
  prompts(s: PlannedSample): BuiltPrompt;
  writer: SampleWriter;
  signal: AbortSignal;
  /** Show per-batch progress on stderr. */
  progress: boolean;
  /** Worst-case cost of one request with its prompts at the synchronous price (for the cost ceiling). */
  maxRequestCost?(s: PlannedSample, p: BuiltPrompt): number;
  /** Override experiment's batchOptions poll timing (tests). */
  pollMs?: number;
  stream?: NodeJS.WriteStream;
}

export interface BatchPhaseResult {
  stats: BatchStats;
  /**
   * Keys the synchronous pass must leave alone: samples the batch phase stored as final errors in
   * this invocation. Keys held by open batches are excluded separately (see heldKeys).
   */
  finalized: KeySet;
}

/** Consecutive failed polls with a non-retryable error before a batch is left for a later run. */
const GIVE_UP_POLLS = 3;
/** Consecutive result reads that store nothing before a batch is left for a later run. */
const GIVE_UP_READS = 5;

interface Active {
  row: BatchRow;
  adapter: BatchAdapter;
  nextAt: number;
  delay: number;
  failures: number;
  completeReads: number;
  fruitless: number;
  seen: string;
}

/**
 * The batch phase of a run. It reattaches to the run's open batches (recovering any whose create
 * landed but whose id was lost), then, with `exp.batch`, submits every pending sample in batches,
 * polls with backoff, and streams results into the store. Entries that fail in a retryable way
 * are sent again in a new round of batches (up to `exp.retries` more rounds), or left to the
 * synchronous pass with `batchOptions.retry: sync`. Without `exp.batch` it only collects what is
 * already in flight, and leaves failures to the synchronous pass.
 */
export async function runBatchPhase(o: BatchPhaseOptions): Promise<BatchPhaseResult> {
  const exp = o.exp;
  const models = new Map<string, ModelConfig>(exp.models.map(modelConfig).map((m) => [m.id, m]));
  const adapters = new Map<string, Promise<BatchAdapter>>();
  const finalized = new KeySet();
  const stats = emptyStats();
  const progress = new BatchProgress(o.stream ?? process.stderr, o.progress);
  const pollMs = o.pollMs ?? exp.batchOptions.pollMs;
  const ctx: BatchContext = {
    db: o.db,
    runId: o.runId,
    exp,
    writer: o.writer,
    signal: o.signal,
    progress,
    stats,
    finalized,
    pollMs,
    maxPollMs: Math.max(pollMs, exp.batchOptions.maxPollMs),
    prompts: o.prompts,
    model(id) {
      const m = models.get(id);
      if (!m) throw new Error(`batch for model '${id}', which this run does not have`);
      return m;
    },
    adapter(id) {
      let a = adapters.get(id);
      if (!a) {
        a = createBatchAdapter(ctx.model(id));
        adapters.set(id, a);
      }
      return a;
    },
  };

  const active: Active[] = [];
  const track = (row: BatchRow, adapter: BatchAdapter) =>
    active.push({
      row,
      adapter,
      nextAt: Date.now(),
      delay: pollMs,
      failures: 0,
      completeReads: 0,
      fruitless: 0,
      seen: '',
    });

  for (const open of openBatches(o.db, o.runId)) {
    if (!models.has(open.model)) continue;
    const adapter = await ctx.adapter(open.model);
    let row: BatchRow | undefined = open;
    if (open.status === 'submitting' || open.status === 'orphaned') {
      if ((await recoverSubmitting(ctx, open, adapter)) !== 'adopted') continue;
      row = getBatch(o.db, open.id);
    }
    if (!row) continue;
    stats.reattached++;
    progress.log(
      `reattached to batch ${row.id} (${row.provider_batch_id}, ${row.requests} requests) from an earlier run`,
    );
    track(row, adapter);
  }

  let committed = 0;
  const admit = (s: PlannedSample, p: BuiltPrompt): boolean => {
    if (exp.maxCostUsd === undefined) return true;
    const worst = (o.maxRequestCost?.(s, p) ?? 0) * (1 - batchDiscount(s.model));
    if (committed + worst > exp.maxCostUsd) {
      stats.stoppedByCostCeiling = true;
      return false;
    }
    committed += worst;
    return true;
  };

  const failures = new Map<string, RetryEntry>();
  const rounds = exp.batch && exp.batchOptions.retry === 'batch' ? exp.retries + 1 : 1;
  for (let round = 1; round <= rounds; round++) {
    if (exp.batch && !o.signal.aborted && !stats.stoppedByCostCeiling) {
      const done = doneKeys(o.db, o.runId);
      const held = heldKeys(o.db, o.runId);
      const builder = new BatchBuilder(ctx, round, track, admit);
      const skip = (h: string) =>
        done.has(h) || held.has(h) || finalized.has(h) || (round > 1 && !failures.has(h));
      for (const s of o.plan(skip)) {
        if (o.signal.aborted) break;
        if (round > 1) stats.retriedInBatch++;
        failures.delete(s.hash);
        if (!(await builder.add(s))) break;
      }
      await builder.flush();
    }
    await pollAll(ctx, active, failures);
    if (o.signal.aborted || stats.stoppedByCostCeiling || failures.size === 0) break;
  }

  // Failures with no round left: stored as final errors, or handed to the synchronous pass.
  if (!o.signal.aborted && !stats.stoppedByCostCeiling) {
    for (const [key, f] of failures) {
      if (exp.batch && exp.batchOptions.retry === 'batch') {
        store(ctx, errorRow(o.runId, key, f.entry.meta, f.entry.attempts, f.message, f.errorClass));
      } else stats.retriedSync++;
    }
    o.writer.flush();
  }
  stats.interrupted = o.signal.aborted;
  stats.leftOpen = openBatches(o.db, o.runId).length;
  return { stats, finalized };
}

/** Polls every active batch, each on its own backoff, until all settle, give up, or the run stops. */
async function pollAll(
  ctx: BatchContext,
  active: Active[],
  failures: Map<string, RetryEntry>,
): Promise<void> {
  while (active.length > 0 && !ctx.signal.aborted) {
    active.sort((a, b) => a.nextAt - b.nextAt);
    const a = active[0];
    await sleep(Math.max(0, a.nextAt - Date.now()), ctx.signal);
    if (ctx.signal.aborted) break;
    const step = await pollOne(ctx, a, failures);
    if (step !== 'wait') active.shift();
  }
}

async function pollOne(
  ctx: BatchContext,
  a: Active,
  failures: Map<string, RetryEntry>,
): Promise<'wait' | 'settled' | 'left'> {
  const id = a.row.provider_batch_id;
  if (!id) return 'left';
  const later = (ms: number) => {
    a.nextAt = Date.now() + ms;
    return 'wait' as const;
  };
  let remote: Awaited<ReturnType<BatchAdapter['retrieve']>>;
  try {
    remote = await a.adapter.retrieve(id, ctx.signal);
  } catch (err) {
    if (ctx.signal.aborted) return 'wait';
    const f = classify(err);
    a.failures++;
    if (!f.retryable && a.failures >= GIVE_UP_POLLS) {
      ctx.progress.log(
        `batch ${a.row.id}: cannot poll (${f.message}); left open. Rerun to try again, or ` +
          `'overthink batches cancel ${a.row.id} --forget' if the provider no longer has it.`,
      );
      return 'left';
    }
    const wait = backoffMs(a.failures - 1, f, ctx.pollMs, ctx.maxPollMs);
    ctx.progress.log(`batch ${a.row.id}: poll failed (${f.message}); next try in ${formatWait(wait)}`);
    return later(wait);
  }
  a.failures = 0;
  recordRemote(ctx.db, a.row.id, remote);
  a.row = getBatch(ctx.db, a.row.id) ?? a.row;
  if (!remote.ended) {
    ctx.progress.update(a.row);
    const seen = `${remote.providerStatus} ${JSON.stringify(remote.counts)}`;
    // Back off while nothing changes; look again soon after a change.
    a.delay = seen === a.seen ? Math.min(ctx.maxPollMs, Math.round(a.delay * 1.5)) : ctx.pollMs;
    a.seen = seen;
    return later(a.delay);
  }

  const r = await collectResults(ctx, a.row, remote, a.adapter, a.completeReads);
  for (const x of r.retry) if (!failures.has(x.entry.key)) failures.set(x.entry.key, x);
  if (r.settled) {
    setBatchStatus(ctx.db, a.row.id, 'settled');
    a.row = getBatch(ctx.db, a.row.id) ?? a.row;
    ctx.progress.done(a.row);
    return 'settled';
  }
  if (ctx.signal.aborted) return 'wait';
  if (r.complete) a.completeReads++;
  a.fruitless = r.read > 0 ? 0 : a.fruitless + 1;
  if (a.fruitless >= GIVE_UP_READS) {
    ctx.progress.log(`batch ${a.row.id}: results unreadable (${r.problem}); left open, rerun to reattach`);
    return 'left';
  }
  ctx.progress.log(`batch ${a.row.id}: ${r.read} results stored, then: ${r.problem}; reading again`);
  return later(
    backoffMs(
      a.fruitless,
      { errorClass: 'network', retryable: true, message: '' },
      ctx.pollMs,
      ctx.maxPollMs,
    ),
  );
}

function formatWait(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Math.round(ms / 1000)}s`;
}
