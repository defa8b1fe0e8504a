import type { Experiment } from '../config/schema.js';
import { modelConfig } from '../config/schema.js';
import { withoutUrlCredentials } from '../config/url-credentials.js';
import type { BuiltPrompt } from '../prompts/build.js';
import { buildPrompt } from '../prompts/build.js';
import { modelName, pricesFor } from '../providers/common.js';
import { createProvider } from '../providers/registry.js';
import type { Provider } from '../providers/types.js';
import type { DB } from '../store/db.js';
import { claimPlan } from '../store/digests.js';
import { type ItemForm, itemReader } from '../store/items.js';
import { closeStore, openStore } from '../store/open.js';
import { acquireRunLock, type LockHolder, type RunLock } from '../store/run-lock.js';
import { hasRun, setRunStatus, upsertRun } from '../store/runs.js';
import { countDone, countSamples, type SampleRow } from '../store/samples.js';
import { SampleWriter } from '../store/writer.js';
import type { Item } from '../tasks/types.js';
import { UserError } from '../util/errors.js';
import { diskOf, isDiskFull } from '../util/fs-errors.js';
import { VERSION } from '../version.js';
import type { BatchStats } from './batch/context.js';
import { batchStep, withBatch } from './batch/integrate.js';
import { type ExecuteSummary, execute } from './executor.js';
import { guardHeap, heapCheck } from './heap-guard.js';
import { closeItems, loadExperimentItems, type TaskItems, warnStandIns } from './items.js';
import type { LoadedExperiment } from './load.js';
import { buildManifest } from './manifest.js';
import { legacyRunIdOf, type PlannedSample, planSamples, planSize, runIdOf } from './plan.js';
import { Progress, type ProgressState } from './progress.js';
import { planDigest, resumePlan } from './resume.js';

export interface RunOptions {
  db: string;
  signal?: AbortSignal;
  /** Show progress on stderr (default true). */
  progress?: boolean;
  /** Override the run's progress label. */
  label?: string;
  /** Base of the exponential retry backoff in ms (default 500); tests and local servers go lower. */
  retryBaseMs?: number;
  /**
   * Called once every input is checked (items loaded, providers and credentials ready), before the
   * store is opened; it may throw (a UserError) to refuse the run, which then writes nothing.
   */
  onPlan?(tasks: TaskItems[]): void | Promise<void>;
  /** Called once the store is open and the run recorded, before any request. */
  onStart?(info: { runId: string; total: number; pending: number; done: number }): void;
  /** Sees each sample as it is stored (before it is committed), with its item (target and strata). */
  onSample?(row: SampleRow, item: StoredItem): void;
  /** Take the run's lock even from a process that looks alive (`--force-unlock`). */
  forceUnlock?: boolean;
  /** Told whose lock `forceUnlock` overrode. */
  onForcedUnlock?(holder: LockHolder): void;
}

export interface RunResult {
  runId: string;
  total: number;
  alreadyDone: number;
  summary: ExecuteSummary;
  /** Set when the run went through provider batches (or collected ones left by an earlier run). */
  batch?: BatchStats;
  status: 'complete' | 'incomplete' | 'interrupted' | 'stopped-at-cost-ceiling';
  simulated: boolean;
  stored: { total: number; errors: number };
}

/**
 * config → plan → run → store. Everything that can be wrong with the input (task options,
 * datasets, model specs, credentials) is checked before the store is opened, so a bad config
 * writes nothing.
 */
export async function runExperiment(loaded: LoadedExperiment, opts: RunOptions): Promise<RunResult> {
  const tasks = await loadExperimentItems(loaded.experiment, loaded.baseDir);
  try {
    return await runWithItems(loaded, tasks, opts);
  } finally {
    closeItems(tasks);
  }
}

async function runWithItems(
  loaded: LoadedExperiment,
  tasks: TaskItems[],
  opts: RunOptions,
): Promise<RunResult> {
  const exp = loaded.experiment;
  const providers = new Map<string, Provider>();
  for (const m of exp.models.map(modelConfig)) providers.set(m.id, await createProvider(m));
  // After every input check, so a bad input still gets its one-line error alone.
  warnStandIns(tasks);
  try {
    await opts.onPlan?.(tasks);
  } catch (err) {
    for (const p of providers.values()) await p.close?.();
    throw err;
  }
  let runId = runIdOf(exp);
  // Stored and shown without the credentials a base URL may carry.
  const stored = withoutUrlCredentials(exp);
  const manifest = buildManifest(stored, loaded.source, tasks, [...providers.values()]);
  let db: DB | undefined;
  let lock: RunLock | undefined;
  try {
    db = openStore(opts.db);
    runId = storedRunId(db, exp);
    lock = acquireRunLock(db, runId, { force: opts.forceUnlock });
    if (lock.forced) opts.onForcedUnlock?.(lock.forced);
    const now = new Date().toISOString();
    upsertRun(db, {
      id: runId,
      name: exp.name ?? null,
      created_at: now,
      updated_at: now,
      status: 'running',
      tool_version: VERSION,
      simulated: manifest.simulated ? 1 : 0,
      config_json: JSON.stringify(stored),
      manifest_json: JSON.stringify(manifest),
    });
    const samePlan = claimPlan(db, runId, planDigest(runId, tasks));
    return await executeRun(db, runId, loaded, tasks, providers, manifest.simulated, opts, samePlan);
  } catch (err) {
    if (!isDiskFull(err)) throw err;
    // What is committed is kept; the run is marked interrupted (if even that fits) and resumes later.
    let marked = false;
    try {
      if (db) setRunStatus(db, runId, 'interrupted');
      marked = db !== undefined;
    } catch {
      // the disk is still full
    }
    throw new UserError(
      `${opts.db}: ${diskOf(opts.db)} is full; the samples stored so far are kept${marked ? ' and the run is marked interrupted' : ''}: free some space and run the same command again to resume`,
    );
  } finally {
    try {
      lock?.release();
    } catch {
      // a full disk: the lock names this process, which is about to end, so the next run takes it over
    }
    for (const p of providers.values()) await p.close?.();
    if (db) closeStore(db);
  }
}

async function executeRun(
  db: DB,
  runId: string,
  loaded: LoadedExperiment,
  tasks: TaskItems[],
  providers: Map<string, Provider>,
  simulated: boolean,
  opts: RunOptions,
  samePlan: boolean,
): Promise<RunResult> {
  const exp = loaded.experiment;
  // Only the count here: which samples are done is found by resumePlan, or the batch step.
  const alreadyDone = countDone(db, runId);
  const total = planSize(exp, tasks);
  opts.onStart?.({ runId, total, pending: total - alreadyDone, done: alreadyDone });
  // An export scores against the items the store holds (it keeps the first of a repeated item), read
  // through store/items.ts's itemReader, which holds them all only for a run of few.
  const onSample = opts.onSample;
  const writer: SampleWriter = new SampleWriter(db, {
    onAdd: onSample && ((row) => onSample(row, storedItem(row.task_id, row.item_id))),
  });
  // Made at the first sample onAdd sees: the writer hands rows on once the items are committed.
  let read: ((taskId: string, itemId: string) => StoredItem | undefined) | undefined;
  const storedItem = (taskId: string, itemId: string): StoredItem => {
    read ??= itemReader(db, runId, (it) => it);
    return read(taskId, itemId)!;
  };
  writeItems(writer, runId, tasks);
  const unguard = guardHeap();
  try {
    const signal = opts.signal ?? new AbortController().signal;
    const prompts = (s: PlannedSample) =>
      buildPrompt(s.item, s.shots, s.key.budget, exp.prompt, modelName(s.model.id));
    // Provider batches first (with --batch, or to collect batches an earlier run left in flight).
    const batch = await batchStep(
      {
        db,
        runId,
        exp,
        plan: (skip) => planSamples(exp, runId, tasks, skip),
        prompts,
        writer,
        signal,
        progress: opts.progress ?? true,
        maxRequestCost: worstCaseCost,
      },
      () => resumePlan(db, exp, runId, tasks, { done: alreadyDone, total, samePlan }),
    );
    const label = opts.label ?? (simulated ? `${runId} (simulated model)` : runId);
    const progress = new Progress(label, process.stderr, 5000, (opts.progress ?? true) && batch.pending > 0);
    let last: ProgressState | undefined;
    const syncSummary = await execute(batch.stop ? [] : batch.samples, batch.pending, {
      concurrency: exp.concurrency,
      timeoutMs: exp.timeoutMs,
      retries: exp.retries,
      runId,
      providers,
      writer,
      signal,
      prompts,
      onProgress: (st) => {
        last = st;
        progress.update(st);
      },
      maxCostUsd: exp.maxCostUsd,
      maxRequestCost: worstCaseCost,
      backoffBaseMs: opts.retryBaseMs,
    });
    if (last) progress.finish(last);
    const summary = withBatch(syncSummary, batch.stats);
    const stored = countSamples(db, runId);
    const status: RunResult['status'] = summary.interrupted
      ? 'interrupted'
      : summary.stoppedByCostCeiling
        ? 'stopped-at-cost-ceiling'
        : stored.total === total && stored.errors === 0
          ? 'complete'
          : 'incomplete';
    setRunStatus(db, runId, status);
    return { runId, total, alreadyDone, summary, batch: batch.stats, status, simulated, stored };
  } finally {
    unguard();
    // Everything added is committed before the counts below, or before the error goes up.
    writer.close();
  }
}

/** What a stored sample's item holds that its export needs. */
export type StoredItem = ItemForm;

/** Items given to the writer at a time, each lot committed before the next is read from disk. */
const ITEMS_AT_ONCE = 5000;

/**
 * A run's items into the store. Items in memory go as one lot, written once the first requests are
 * out; items on disk go a lot at a time, each committed before the next is read, so they are never
 * all on the heap or in the writing thread's queue (200,000 items: ~1 s before the first request).
 */
function writeItems(writer: SampleWriter, runId: string, tasks: TaskItems[]): void {
  const check = heapCheck();
  for (const t of tasks) {
    if (Array.isArray(t.items)) {
      writer.addItems(runId, t.items);
      continue;
    }
    let lot: Item[] = [];
    for (const it of t.items) {
      lot.push(it);
      if (lot.length < ITEMS_AT_ONCE) continue;
      writer.addItems(runId, lot);
      writer.flush();
      lot = [];
      check();
    }
    if (lot.length > 0) writer.addItems(runId, lot);
    writer.flush();
  }
}

/**
 * The most one request could cost: every output token it may produce, and one input token per byte
 * of the prompts actually sent (system, anchoring shots, question; a byte-level tokenizer never does
 * worse) plus a little message framing. An estimate from the item alone undercounted long prompts,
 * and the spend passed the ceiling.
 */
function worstCaseCost(s: PlannedSample, p: BuiltPrompt): number {
  const prices = pricesFor(s.model);
  if (!prices) return 0;
  const input = Buffer.byteLength(p.system) + Buffer.byteLength(p.user) + 64;
  return (input * prices.input + s.maxTokens * prices.output) / 1e6;
}

/**
 * The run's id; or the id an earlier version gave the same experiment (transport options were part
 * of it then), when only that run is stored: it resumes rather than starting again.
 */
function storedRunId(db: DB, exp: Experiment): string {
  const id = runIdOf(exp);
  const legacy = legacyRunIdOf(exp);
  return legacy !== undefined && !hasRun(db, id) && hasRun(db, legacy) ? legacy : id;
}
