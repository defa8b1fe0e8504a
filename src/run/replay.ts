import { type Experiment, modelConfig } from '../config/schema.js';
import { DEFAULT_TIMEOUT_MS } from '../config/timeout.js';
import type { Regime } from '../core/budget.js';
import { itemKey } from '../core/item-key.js';
import { isSchedulerVariant } from '../core/scheduler.js';
import { pickShots } from '../prompts/anchoring.js';
import { buildPrompt } from '../prompts/build.js';
import { modelName } from '../providers/common.js';
import { createProvider, replayRefusal } from '../providers/registry.js';
import type { Provider, ReplayProbeResult, ReplayRequest } from '../providers/types.js';
import { budgetFromDb } from '../store/budget-column.js';
import type { DB } from '../store/db.js';
import { loadItems } from '../store/items.js';
import { closeStore, openStore } from '../store/open.js';
import {
  probeId,
  probeWriter,
  type ReplayProbeRow,
  type ReplaySource,
  reasoningOf,
  replayDone,
  replaySources,
} from '../store/replay.js';
import { acquireRunLock } from '../store/run-lock.js';
import { getRun, type RunRow } from '../store/runs.js';
import { largestReasonedBudget } from '../store/samples.js';
import type { Item } from '../tasks/types.js';
import { UserError } from '../util/errors.js';
import { stripSecrets } from '../util/secrets.js';
import { type Checkpoint, type Checkpoints, checkpointsOf } from './checkpoints.js';
import { closeItems, loadExperimentItems, shotPool } from './items.js';
import { Progress, type ProgressState } from './progress.js';
import { planDigest } from './resume.js';
import { classify } from './retry.js';

/**
 * Early-exit replay: for each stored sample at a model's largest budget, its own trace is re-entered
 * on the model and probed at checkpoints (the scheduler's probes, see providers/local/replay.ts). The
 * probes are stored as the run's replay arm (store/replay.ts) and read by analysis/replay.ts. Only
 * models whose backend continues a trace can be replayed (local:, openai-compatible with forcing,
 * sim:); any other model is named and left out, never faked.
 */
export interface ReplayOptions {
  db: string;
  /** Run id or name; default the latest run. */
  run?: string;
  checkpoints: Checkpoints;
  /** Tokens each probe may decode. */
  probeTokens: number;
  /** Replay this budget instead of each model's largest. */
  budget?: number;
  /** Traces replayed at once (default: the run's concurrency, within the provider's limit). */
  concurrency?: number;
  signal?: AbortSignal;
  progress?: boolean;
  /** Called once the work is known, before any request. */
  onStart?(info: { runId: string; traces: number; probes: number; done: number }): void;
}

export interface ReplayedModel {
  model: string;
  budget: number;
  traces: number;
  /** Probes this invocation made, and those the store held before it. */
  probes: number;
  already: number;
  failed: number;
}

export interface ReplayResult {
  runId: string;
  simulated: boolean;
  replayed: ReplayedModel[];
  /** Models left out, each with why. */
  skipped: { model: string; reason: string }[];
  /** What backends could not do exactly, with how many traces each note came from. */
  notes: { note: string; traces: number }[];
  status: 'complete' | 'incomplete' | 'interrupted';
}

interface Job {
  provider: Provider;
  source: ReplaySource;
  /** The trace's checkpoints up to the last one missing: all are probed, the missing ones stored. */
  probe: Checkpoint[];
  missing: Checkpoint[];
  model: ReplayedModel;
}

export async function replayRun(o: ReplayOptions): Promise<ReplayResult> {
  const db = openStore(o.db, { mustExist: true });
  const providers: Provider[] = [];
  let release: (() => void) | undefined;
  try {
    const run = getRun(db, o.run);
    const exp = JSON.parse(run.config_json) as Experiment;
    const models = exp.models.map(modelConfig);
    const skipped = models.flatMap((m) => {
      const reason = replayRefusal(m);
      return reason ? [{ model: m.id, reason }] : [];
    });
    const able = models.filter((m) => replayRefusal(m) === null);
    if (able.length === 0)
      throw new UserError(`run ${run.id}: nothing to replay: ${skipped.map((s) => s.reason).join('; ')}`);
    const items = loadItems(db, run.id);
    const prompts = promptsFor(run, exp, items);
    const done = replayDone(db, run.id);
    const jobs: Job[] = [];
    const replayed: ReplayedModel[] = [];
    for (const m of able) {
      const budget = o.budget ?? largestReasonedBudget(db, run.id, m.id);
      if (budget === null) {
        skipped.push({ model: m.id, reason: 'no stored sample with a reasoning budget to replay' });
        continue;
      }
      const sources = replaySources(db, run.id, m.id, budget).filter((s) => !isSchedulerVariant(s.variant));
      if (sources.length === 0) {
        skipped.push({ model: m.id, reason: `no stored trace at budget ${budget}` });
        continue;
      }
      const provider = await createProvider(m);
      providers.push(provider);
      const r: ReplayedModel = {
        model: m.id,
        budget,
        traces: sources.length,
        probes: 0,
        already: 0,
        failed: 0,
      };
      replayed.push(r);
      for (const source of sources) {
        const all = checkpointsOf(o.checkpoints, source.reasoning_tokens);
        const missing = all.filter((c) => !done.has(probeId(source.key, c.mark)));
        r.already += all.length - missing.length;
        // The probes before a missing one are made again (and not stored again): a probe's sampling
        // seed follows its place in the trace's replay, so a resumed replay reads what an
        // uninterrupted one reads. A probe costs a few tokens; the trace is read once either way.
        const last = missing.at(-1);
        if (last)
          jobs.push({ provider, source, probe: all.filter((c) => c.at <= last.at), missing, model: r });
      }
    }
    if (replayed.length === 0)
      throw new UserError(
        `run ${run.id}: nothing to replay: ${skipped.map((x) => `${x.model}: ${x.reason}`).join('; ')}`,
      );
    release = acquireRunLock(db, `${run.id}+replay`).release;
    const total = jobs.reduce((s, j) => s + j.missing.length, 0);
    o.onStart?.({
      runId: run.id,
      traces: jobs.length,
      probes: total,
      done: replayed.reduce((s, r) => s + r.already, 0),
    });
    const notes = new Map<string, number>();
    const interrupted = await runJobs(db, run.id, jobs, total, prompts, notes, exp, o);
    const failed = replayed.reduce((s, r) => s + r.failed, 0);
    return {
      runId: run.id,
      simulated: run.simulated === 1,
      replayed,
      skipped,
      notes: [...notes].map(([note, traces]) => ({ note, traces })),
      status: interrupted ? 'interrupted' : failed ? 'incomplete' : 'complete',
    };
  } finally {
    release?.();
    for (const p of providers) await p.close?.();
    closeStore(db);
  }
}

/**
 * The prompt each stored sample was made with, built again as the run built it (prompts/build.ts).
 * An anchoring arm's examples come from the task's items in the order the run loaded them: they are
 * loaded again and must give the run's plan digest, or the arm is refused rather than replayed on a
 * prompt it was not made with.
 */
function promptsFor(run: RunRow, exp: Experiment, items: Map<string, Item>) {
  let pools: Promise<Map<string, Item[]>> | undefined;
  const loadPools = async () => {
    const tasks = await loadExperimentItems(exp, process.cwd());
    try {
      if (run.plan_digest && planDigest(run.id, tasks) !== run.plan_digest)
        throw new UserError(
          `run ${run.id}: the task items load differently now than when the run was made, so an anchoring arm's examples cannot be rebuilt; replay the arm without examples only (--budget and the default arm), or restore the dataset`,
        );
      return new Map(tasks.map((t) => [t.taskId, [...shotPool(t)]]));
    } finally {
      closeItems(tasks);
    }
  };
  return async (
    s: ReplaySource,
  ): Promise<{ item: Item; system: string; user: string; developer: boolean }> => {
    const item = items.get(itemKey(s.task_id, s.item_id));
    if (!item)
      throw new UserError(`run ${run.id}: sample ${s.key} names item ${s.item_id}, which the store lacks`);
    const shots = Number(/\+(\d+)shot/.exec(s.variant)?.[1] ?? 0);
    let pool: Item[] = [];
    if (shots > 0) {
      pools ??= loadPools();
      pool = (await pools).get(s.task_id) ?? [];
    }
    const p = buildPrompt(
      item,
      shots > 0 ? pickShots(pool, item, shots, exp.seed) : [],
      budgetFromDb(s.budget),
      exp.prompt,
      modelName(s.model),
    );
    return { item, system: p.system, user: p.user, developer: p.systemRole === 'developer' };
  };
}

/** What every trace's replay shares. */
interface Context {
  db: DB;
  runId: string;
  prompts: ReturnType<typeof promptsFor>;
  write: (row: ReplayProbeRow) => void;
  notes: Map<string, number>;
  probeTokens: number;
  timeoutMs: number;
  signal: AbortSignal;
  state: ProgressState;
}

/** Replays the traces with bounded concurrency; each probe is stored as it is read. Returns whether it was interrupted. */
async function runJobs(
  db: DB,
  runId: string,
  jobs: Job[],
  total: number,
  prompts: ReturnType<typeof promptsFor>,
  notes: Map<string, number>,
  exp: Experiment,
  o: ReplayOptions,
): Promise<boolean> {
  const signal = o.signal ?? new AbortController().signal;
  const ctx: Context = {
    db,
    runId,
    prompts,
    write: probeWriter(db),
    notes,
    probeTokens: o.probeTokens,
    timeoutMs: exp.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal,
    state: { done: 0, total, errors: 0, retries: 0, reasoningTokens: 0, costUsd: 0, startedAt: Date.now() },
  };
  const progress = new Progress(`replay ${runId}`, process.stderr, 5000, (o.progress ?? true) && total > 0);
  // One queue per provider, each as wide as the provider allows (a local model: its sequences).
  const limit = Math.max(1, o.concurrency ?? exp.concurrency ?? 1);
  const byProvider = new Map<Provider, Job[]>();
  for (const j of jobs) byProvider.set(j.provider, [...(byProvider.get(j.provider) ?? []), j]);
  const lanes = [...byProvider].flatMap(([provider, queue]) => {
    const width = Math.min(limit, provider.maxConcurrency ?? limit, queue.length);
    return Array.from({ length: width }, async () => {
      for (let j = queue.shift(); j && !signal.aborted; j = queue.shift()) {
        await replayOne(j, ctx);
        progress.update(ctx.state);
      }
    });
  });
  await Promise.all(lanes);
  progress.finish(ctx.state);
  return signal.aborted;
}

/**
 * One trace: the request is the stored sample's (same prompt, seed and limits) plus its reasoning
 * and the checkpoints still missing. Each probe is written as it comes; checkpoints the trace did not
 * reach (it re-tokenized shorter) are written with the backend's note; a failure is written as an
 * error on each missing checkpoint, so a rerun tries them again.
 */
async function replayOne(job: Job, ctx: Context): Promise<void> {
  const { source: s, probe, missing } = job;
  const p = await ctx.prompts(s);
  const budget = budgetFromDb(s.budget);
  const req: ReplayRequest = {
    key: {
      model: s.model,
      taskId: s.task_id,
      itemId: s.item_id,
      regime: (budget === 'natural' ? 'natural' : 'controlled') as Regime,
      budget,
      trial: s.trial,
      variant: s.variant,
    },
    seed: s.seed,
    system: p.system,
    ...(p.developer ? { systemRole: 'developer' as const } : {}),
    user: p.user,
    budget,
    maxTokens: s.max_tokens,
    item: p.item,
    thought: reasoningOf(ctx.db, s.key),
    thoughtTokens: s.reasoning_tokens,
    checkpoints: probe.map((c) => c.at),
    probeTokens: ctx.probeTokens,
  };
  const markAt = new Map(missing.map((c) => [c.at, c.mark]));
  const row = (mark: string, at: number, r: Partial<ReplayProbeRow>): ReplayProbeRow => ({
    run_id: ctx.runId,
    sample_key: s.key,
    mark,
    at,
    reached: null,
    tokens: null,
    stop_reason: null,
    error: null,
    note: null,
    finished_at: new Date().toISOString(),
    text: null,
    ...r,
  });
  const written = new Set<number>();
  const onProbe = (r: ReplayProbeResult) => {
    const mark = markAt.get(r.at);
    if (mark === undefined) return;
    ctx.write(
      row(mark, r.at, {
        reached: r.reached,
        tokens: r.tokens,
        stop_reason: r.stopReason,
        text: r.text,
      }),
    );
    written.add(r.at);
    ctx.state.done++;
  };
  const limitMs = ctx.timeoutMs * (1 + probe.length);
  const timeout = AbortSignal.timeout(limitMs);
  const signal = AbortSignal.any([ctx.signal, timeout]);
  try {
    const res = await job.provider.replay!(req, signal, onProbe);
    const note = res.notes.join('; ') || null;
    for (const n of res.notes) ctx.notes.set(n, (ctx.notes.get(n) ?? 0) + 1);
    for (const c of missing)
      if (!written.has(c.at)) {
        ctx.write(row(c.mark, c.at, { note: note ?? 'the trace ended before this checkpoint' }));
        ctx.state.done++;
      }
  } catch (err) {
    // An interrupted replay keeps what it stored; the rest is redone by a rerun.
    if (ctx.signal.aborted) return;
    const f = classify(err, timeout.aborted ? limitMs : undefined);
    for (const c of missing)
      if (!written.has(c.at)) {
        ctx.write(row(c.mark, c.at, { error: stripSecrets(f.message) }));
        ctx.state.errors++;
      }
    job.model.failed += missing.length - written.size;
  } finally {
    job.model.probes += written.size;
  }
}
