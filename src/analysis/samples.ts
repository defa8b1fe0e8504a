import type { Budget } from '../core/budget.js';
import type { Outcome } from '../core/outcome.js';
import { isSchedulerVariant } from '../core/scheduler.js';
import { originOf, type RunOrigin } from '../run/origin.js';
import { extractAnswer } from '../score/extract.js';
import { ScoreMemo } from '../score/memo.js';
import { extractPaper } from '../score/paper-extract.js';
import { type Extractor, extractorOf } from '../score/score.js';
import type { DB } from '../store/db.js';
import { type FailureDigest, failureDigest } from '../store/failures.js';
import { loadItems } from '../store/items.js';
import { loadReplayProbes, type ReplayProbeRow } from '../store/replay.js';
import { shownStatus } from '../store/run-lock.js';
import type { RunRow } from '../store/runs.js';
import { getRun } from '../store/runs.js';
import {
  cellSentParams,
  type ScheduledRun,
  type ScoringRow,
  sampleCount,
  sampleTexts,
  scheduledRuns,
  scoringRows,
} from '../store/scoring-rows.js';
import type { Item, Metric } from '../tasks/types.js';
import { abstains } from './breakdown.js';
import { effortLevel } from './effort-level.js';
import { defaultTagConfig, disabledTagConfig, type TagConfig } from './failure-config.js';
import { Tagger } from './failure-modes.js';
import { groupKey } from './keys.js';
import { excerpt, type TraceFacts, traceFacts } from './trace-facts.js';
import { poolThreads, TracePool } from './trace-pool.js';

/** A deferred sample's facts until the pool settles them. */
const PENDING: TraceFacts = { tags: 0, chars: 0, excerpt: undefined };

/** What a sample is (its key's parts) and how it ended: the same in the stored and the scored form. */
export type SampleHead = Pick<
  ScoringRow,
  | 'key'
  | 'model'
  | 'taskId'
  | 'itemId'
  | 'budget'
  | 'trial'
  | 'variant'
  | 'stopReason'
  | 'reasoningSource'
  | 'maxTokens'
>;

/** One stored sample after scoring: the unit every analysis works on. */
export interface ScoredSample extends SampleHead {
  outcome: Outcome;
  correct: boolean;
  /** Refused or abstained (see breakdown.ts): a provider refusal, or an answer that declines to give one. */
  refused: boolean;
  answer: string | null;
  prediction?: number;
  absError?: number;
  reasoningTokens: number;
  costUsd: number;
  /** Failure-mode tags (bitmask of TAG_BIT), computed from the full reasoning as it is read. */
  tags: number;
  /** Length of the full reasoning text in characters. */
  reasoningChars: number;
  /** Shortened copies of the visible text and reasoning, for the report's sample browser. */
  textExcerpt?: string;
  reasoningExcerpt?: string;
}

/**
 * A sample as stored, before scoring: what the builder needs from a store row or a simulation. The
 * score an imported sample came with (score/stored.ts) is absent for samples overthink made.
 */
export type RawSample = Omit<ScoringRow, 'stored'> & { stored?: string | null };

/**
 * Answers found by the `paper` and the `overthink` extractor over the same samples (errors left
 * out): the run is scored with one (`extractor`), the other shows what that choice changes.
 */
export interface ExtractionRate {
  model: string;
  taskId: string;
  extractor: Extractor;
  samples: number;
  found: Record<Extractor, number>;
}

export interface FullText {
  text: string | null;
  reasoning: string | null;
}

export interface RunData {
  run: RunRow;
  simulated: boolean;
  /** Where the samples came from when imported from another tool (run/origin.ts); null when overthink made them. */
  origin: RunOrigin | null;
  items: Map<string, Item>;
  metrics: Map<string, Metric>;
  samples: ScoredSample[];
  /** How often each extractor finds an answer, per model and task (the run's own and the other). */
  extraction: ExtractionRate[];
  tagConfig: TagConfig;
  /** Characters kept per trace in excerpts (0 = none kept). */
  excerptChars: number;
  /**
   * The effort level each budget was sent as, by groupKey(model, budget), for models whose budget maps
   * to effort levels (read from the stored request parameters; see ladder.ts). Absent when none.
   */
  levels?: Map<string, string>;
  /** Scheduler-arm records by sample key (raw.scheduler in the store); absent when there are none. */
  scheduled?: Map<string, ScheduledRun>;
  /** Reads full texts back (for the few traces a report shows at length); absent for in-memory data. */
  fullText?: (keys: readonly string[]) => Map<string, FullText>;
  /** The replay arm's probes (store/replay.ts), scored on read by analysis/replay.ts; absent when none. */
  replay?: ReplayProbeRow[];
  /** The run's failed samples, by class, with their first distinct messages (read from the store). */
  failures?: FailureDigest;
}

export interface LoadOptions {
  /** Tag rules; false skips tagging (and, with excerptChars 0, reading the reasoning text at all). */
  tags?: TagConfig | false;
  /** Characters of each trace kept for the report; 'auto' scales with the run's size. */
  excerptChars?: number | 'auto';
  /**
   * Threads that inflate and tag the traces (trace-pool.ts); 'auto' (default): one per core from
   * POOL_MIN_TRACES traces up, none below; 0 reads every trace on the calling thread.
   */
  threads?: number | 'auto';
}

/**
 * About 10 million characters of reasoning excerpts in total, between 100 and 3,000 per trace: a
 * 100k-sample report stays near 30 MB and a small one shows most of each trace.
 */
export function autoExcerptChars(samples: number): number {
  return Math.max(100, Math.min(3000, Math.floor(10_000_000 / Math.max(1, samples))));
}

/**
 * Scores and tags samples one at a time. Scoring happens on read, so a scorer fix applies to every
 * stored run without touching the raw data; the full texts are dropped after tagging.
 */
export class RunDataBuilder {
  private readonly tagger: Tagger;
  private readonly memo: ScoreMemo;
  private readonly extractor: Extractor;
  /** model → task → extraction counts. */
  private readonly extraction = new Map<string, Map<string, ExtractionRate>>();
  /** task id → item id → item: no joined key string per sample (1M of them add up). */
  private readonly byTask = new Map<string, Map<string, Item>>();
  readonly samples: ScoredSample[] = [];

  constructor(
    readonly run: RunRow,
    readonly items: Map<string, Item>,
    readonly metrics: Map<string, Metric>,
    readonly tagConfig: TagConfig,
    readonly excerptChars: number,
  ) {
    this.tagger = new Tagger(tagConfig);
    this.extractor = extractorOf(run.config_json);
    this.memo = new ScoreMemo(this.extractor);
    for (const it of items.values()) {
      const m = this.byTask.get(it.taskId) ?? new Map<string, Item>();
      this.byTask.set(it.taskId, m);
      m.set(it.itemId, it);
    }
  }

  /**
   * Scores a sample. Its trace's facts (tags, length, excerpt) are taken from `r.reasoningText` now,
   * or, with `defer`, left for `settle` (the trace pool reads the trace on another thread).
   */
  add(r: RawSample, defer?: (index: number, outcome: Outcome, item: Item) => void): void {
    const item = this.byTask.get(r.taskId)?.get(r.itemId);
    if (!item) return;
    if (!this.metrics.has(r.taskId)) this.metrics.set(r.taskId, 'accuracy');
    const s = this.memo.score(
      { text: r.text, stopReason: r.stopReason, error: r.error, stored: r.stored },
      item.target,
    );
    // An imported score was not extracted by either extractor: it says nothing of how often they find one.
    if (s.outcome !== 'error' && !r.stored) this.countExtraction(r, s.answer !== null);
    const x = this.excerptChars;
    const f = defer ? PENDING : traceFacts(this.tagger, r.reasoningText ?? '', s.outcome, item, x);
    this.samples.push({
      key: r.key,
      model: r.model,
      taskId: r.taskId,
      itemId: r.itemId,
      budget: r.budget,
      trial: r.trial,
      variant: r.variant,
      outcome: s.outcome,
      correct: s.correct,
      refused: !s.correct && s.outcome !== 'error' && abstains(r.stopReason, s.answer, r.text),
      answer: s.answer,
      prediction: s.prediction,
      absError: s.absError,
      reasoningTokens: r.reasoningTokens ?? 0,
      reasoningSource: r.reasoningSource,
      stopReason: r.stopReason,
      maxTokens: r.maxTokens,
      costUsd: r.costUsd ?? 0,
      tags: f.tags,
      reasoningChars: f.chars,
      textExcerpt:
        x > 0 ? excerpt(r.text ?? r.error ?? '', Math.min(1000, Math.max(80, Math.floor(x / 3)))) : undefined,
      reasoningExcerpt: f.excerpt,
    });
    defer?.(this.samples.length - 1, s.outcome, item);
  }

  /** A deferred sample's trace facts. */
  settle(index: number, f: TraceFacts): void {
    const s = this.samples[index];
    s.tags = f.tags;
    s.reasoningChars = f.chars;
    s.reasoningExcerpt = f.excerpt;
  }

  private countExtraction(r: RawSample, found: boolean): void {
    let byTask = this.extraction.get(r.model);
    if (!byTask) {
      byTask = new Map();
      this.extraction.set(r.model, byTask);
    }
    let e = byTask.get(r.taskId);
    if (!e) {
      e = {
        model: r.model,
        taskId: r.taskId,
        extractor: this.extractor,
        samples: 0,
        found: { paper: 0, overthink: 0 },
      };
      byTask.set(r.taskId, e);
    }
    e.samples++;
    const text = r.text ?? '';
    const other: Extractor = this.extractor === 'paper' ? 'overthink' : 'paper';
    const otherFound = other === 'paper' ? extractPaper(text) !== null : extractAnswer(text).answer !== null;
    if (found) e.found[this.extractor]++;
    if (otherFound) e.found[other]++;
  }

  finish(
    fullText?: RunData['fullText'],
    scheduled?: RunData['scheduled'],
    levels?: RunData['levels'],
  ): RunData {
    const extraction = [...this.extraction.values()].flatMap((byTask) => [...byTask.values()]);
    return {
      run: this.run,
      simulated: this.run.simulated === 1,
      origin: originOf(this.run.manifest_json),
      items: this.items,
      metrics: this.metrics,
      samples: this.samples,
      extraction,
      tagConfig: this.tagConfig,
      excerptChars: this.excerptChars,
      fullText,
      ...(scheduled?.size ? { scheduled } : {}),
      ...(levels?.size ? { levels } : {}),
    };
  }
}

/** Reads a run's samples from the store, scores and tags them. */
export function loadRunData(db: DB, runRef?: string, opts: LoadOptions = {}): RunData {
  const stored = getRun(db, runRef);
  // A run left 'running' by a process that is gone is shown as it is: crashed.
  const run = { ...stored, status: shownStatus(db, stored) };
  const items = loadItems(db, run.id);
  const manifest = JSON.parse(run.manifest_json) as { tasks?: { id: string; metric: Metric }[] };
  const metrics = new Map<string, Metric>((manifest.tasks ?? []).map((t) => [t.id, t.metric]));
  const count = sampleCount(db, run.id);
  const chars =
    opts.excerptChars === undefined || opts.excerptChars === 'auto'
      ? autoExcerptChars(count)
      : opts.excerptChars;
  const tags = opts.tags === false ? disabledTagConfig() : (opts.tags ?? defaultTagConfig());
  const builder = new RunDataBuilder(run, items, metrics, tags, chars);
  // Commands that need only the curves (gate, recommend, compare) skip the largest column.
  const needText = opts.tags !== false || chars > 0;
  // SQLite hands back a fresh string per row: keep one copy of each repeated label, so a 1M-sample
  // run holds thousands of strings instead of millions (less memory, far less garbage collection).
  const strings = new Map<string, string>();
  const intern = (s: string): string => {
    const have = strings.get(s);
    if (have !== undefined) return have;
    if (strings.size < 1_000_000) strings.set(s, s);
    return s;
  };
  // An imported run is read with the scores its tool gave (store schema v9); a run overthink made has none.
  const imported = originOf(run.manifest_json) !== null;
  let scheduler = false;
  const cells = new Map<string, { model: string; taskId: string; budget: Budget }>();
  const asked = opts.threads ?? 'auto';
  const threads = !needText ? 0 : asked === 'auto' ? poolThreads(count) : asked;
  const pool = threads > 0 ? new TracePool(tags, chars, threads, (i, f) => builder.settle(i, f)) : undefined;
  try {
    readSamples();
    pool?.finish();
  } finally {
    pool?.close();
  }
  function readSamples(): void {
    const rows = scoringRows(db, run.id, {
      reasoningText: needText && (pool ? 'stored' : true),
      importedScores: imported,
    });
    for (const r of rows) {
      const v = intern(r.variant);
      if (!scheduler && isSchedulerVariant(v)) scheduler = true;
      const cell = groupKey(r.model, r.taskId, r.budget);
      if (!cells.has(cell)) cells.set(cell, { model: r.model, taskId: r.taskId, budget: r.budget });
      builder.add(
        {
          key: r.key,
          model: intern(r.model),
          taskId: intern(r.taskId),
          itemId: intern(r.itemId),
          budget: r.budget,
          trial: r.trial,
          variant: v,
          text: r.text,
          reasoningText: r.reasoningText,
          stopReason: r.stopReason === null ? null : intern(r.stopReason),
          error: r.error,
          reasoningTokens: r.reasoningTokens,
          reasoningSource: r.reasoningSource === null ? null : intern(r.reasoningSource),
          maxTokens: r.maxTokens,
          costUsd: r.costUsd,
          stored: r.stored,
        },
        pool && ((i, outcome, item) => pool.push(i, r.reasoningStored ?? null, outcome, item)),
      );
    }
  }
  const texts = sampleTexts(db);
  const scheduled = scheduler ? scheduledRuns(db, run.id) : undefined;
  const levels = loadLevels(db, run.id, cells);
  const replay = loadReplayProbes(db, run.id);
  const data = builder.finish(
    (keys) => {
      const out = new Map<string, FullText>();
      for (const k of keys) {
        const r = texts(k);
        if (r) out.set(k, r);
      }
      return out;
    },
    scheduled,
    levels,
  );
  if (replay.length) data.replay = replay;
  return { ...data, failures: failureDigest(db, run.id) };
}

/**
 * The effort level of each model × budget, from one stored request per model × task × budget (a
 * budget's translation depends on the model alone, so one row says it).
 */
function loadLevels(
  db: DB,
  runId: string,
  cells: Map<string, { model: string; taskId: string; budget: Budget }>,
): Map<string, string> {
  const sentParams = cellSentParams(db, runId);
  const out = new Map<string, string>();
  for (const { model, taskId, budget } of cells.values()) {
    const key = groupKey(model, budget);
    if (out.has(key)) continue;
    const text = sentParams(model, taskId, budget);
    if (!text) continue;
    let level: string | null = null;
    try {
      level = effortLevel(JSON.parse(text));
    } catch {
      // A row whose parameters are not JSON says nothing about levels.
    }
    if (level) out.set(key, level);
  }
  return out;
}
