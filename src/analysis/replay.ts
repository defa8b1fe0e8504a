import { type ModelEntry, modelConfig } from '../config/schema.js';
import type { Budget } from '../core/budget.js';
import { itemKey } from '../core/item-key.js';
import { isSchedulerVariant } from '../core/scheduler.js';
import { replayRefusal } from '../providers/registry.js';
import { extractorOf, scoreSample } from '../score/score.js';
import type { ReplayProbeRow } from '../store/replay.js';
import type { Metric } from '../tasks/types.js';
import { clusteredMean, clusteredShare, clusteredShareOf, type Interval } from './clustered.js';
import type { CurvePoint } from './curves.js';
import { groupKey } from './keys.js';
import type { RunData, ScoredSample } from './samples.js';
import type { SchedulerArm } from './scheduler.js';

/**
 * Early-exit replay, read back: where in its trace each sample held the right answer (the probes of
 * run/replay.ts, scored with the run's own extractor), and what that says per model and task.
 *
 * A trace is its probes in order, then its end (the stored answer at its full length). Its first
 * right point is the first of these that is right; its last flip the last point whose rightness
 * differs from the one before; it "had it and lost it" when a probe was right and the end is wrong.
 * The oracle stopper stops each trace at its first right point (or reasons to the end when there is
 * none): its accuracy is the share of traces ever right, its cost the tokens up to where it stopped.
 */
export interface TracePoint {
  mark: string;
  at: number;
  right: boolean;
  answer: string | null;
}

export interface ReplayTrace {
  key: string;
  model: string;
  taskId: string;
  itemId: string;
  variant: string;
  budget: Budget;
  trial: number;
  /** Reasoning tokens of the whole trace (its end). */
  tokens: number;
  /** The probes that read an answer, in order (checkpoints the trace did not reach are left out). */
  points: TracePoint[];
  /** The stored answer at the end of the trace. */
  end: { right: boolean; answer: string | null };
  /** Token position of the first right point (the end counts), or null when never right. */
  firstRight: number | null;
  /** Token position of the last change between right and wrong, or null when it never changed. */
  lastFlip: number | null;
  hadItAndLostIt: boolean;
}

export interface ReplayCurvePoint {
  mark: string;
  /** Mean token position of the mark over the traces (for '25%' marks it differs by trace). */
  at: number;
  share: Interval;
}

/** One model × task × arm at the replayed budget. */
export interface ReplayGroup {
  model: string;
  taskId: string;
  variant: string;
  budget: Budget;
  metric: Metric;
  traces: number;
  items: number;
  probes: number;
  /** Probe tokens per probe: the cost of looking, kept apart from reasoning. */
  meanProbeTokens: number;
  /** Accuracy of the stored answers of the replayed traces (their full length). */
  endAccuracy: Interval;
  /** The oracle stopper: share ever right, and the reasoning tokens it spends per trace. */
  oracle: { accuracy: Interval; meanTokens: Interval };
  /** Mean reasoning tokens of the whole traces. */
  meanTokens: number;
  /** DEER's pearl: right at some probe before the end. */
  rightBeforeEnd: Interval;
  /** First right within the first half of the trace (share of all traces). */
  rightInFirstHalf: Interval;
  hadItAndLostIt: Interval;
  /** Traces whose rightness changed more than once. */
  flippedTwice: Interval;
  /** Mean token position of the first right point, among traces ever right. */
  firstRightTokens: Interval;
  /** Share right at each mark (the answer-over-the-trace chart); the end last. */
  curve: ReplayCurvePoint[];
  /** The fixed budgets of the same arm (all items) and the scheduler arm, where one ran. */
  fixed: { budget: Budget; score: number; lo: number; hi: number; meanTokens: number }[];
  scheduler: { score: number; lo: number; hi: number; meanTokens: number } | null;
  /** A few traces to read: those that had the answer and lost it first, then those that changed twice. */
  examples: ReplayTrace[];
}

/** Traces shown per group in the report (every trace is in replay-traces.csv). */
export const REPLAY_EXAMPLES = 12;

/** The run's models whose traces cannot be replayed, each with why (an API model). */
export function replayUnavailable(data: RunData): { model: string; reason: string }[] {
  let models: ModelEntry[] = [];
  try {
    models = (JSON.parse(data.run.config_json) as { models?: ModelEntry[] }).models ?? [];
  } catch {
    return [];
  }
  return models.map(modelConfig).flatMap((m) => {
    const reason = replayRefusal(m);
    return reason ? [{ model: m.id, reason }] : [];
  });
}

/** Metrics where "right" is a sample's `correct` and higher is better: replay reads these. */
export function rightIsCorrect(metric: Metric | undefined): boolean {
  return metric === 'accuracy' || metric === 'safe-rate';
}

/** Every replayed trace of a run, each with its points in order. */
export function replayTraces(data: RunData): ReplayTrace[] {
  const probes = data.replay ?? [];
  if (probes.length === 0) return [];
  const byKey = new Map<string, ScoredSample>();
  for (const s of data.samples) byKey.set(s.key, s);
  const extractor = extractorOf(data.run.config_json);
  const bySample = new Map<string, ReplayProbeRow[]>();
  for (const p of probes) {
    if (p.error !== null || p.text === null) continue;
    const list = bySample.get(p.sample_key) ?? [];
    list.push(p);
    bySample.set(p.sample_key, list);
  }
  const out: ReplayTrace[] = [];
  for (const [key, list] of bySample) {
    const s = byKey.get(key);
    if (!s || s.outcome === 'error' || !rightIsCorrect(data.metrics.get(s.taskId))) continue;
    const item = data.items.get(itemKey(s.taskId, s.itemId));
    if (!item) continue;
    const points = list
      .map((p) => {
        const sc = scoreSample(
          { text: p.text, stopReason: p.stop_reason, error: null },
          item.target,
          extractor,
        );
        return { mark: p.mark, at: p.at, right: sc.correct, answer: sc.answer };
      })
      .sort((a, b) => a.at - b.at);
    out.push(traceOf(s, points));
  }
  return out.sort(
    (a, b) =>
      a.model.localeCompare(b.model) ||
      a.taskId.localeCompare(b.taskId) ||
      a.variant.localeCompare(b.variant) ||
      a.itemId.localeCompare(b.itemId, undefined, { numeric: true }) ||
      a.trial - b.trial,
  );
}

/** A trace's first right point, last flip and whether it lost the answer it had. */
export function traceOf(s: ScoredSample, points: TracePoint[]): ReplayTrace {
  const seq = [
    ...points.map((p) => ({ at: p.at, right: p.right })),
    { at: s.reasoningTokens, right: s.correct },
  ];
  const first = seq.find((p) => p.right);
  let lastFlip: number | null = null;
  for (let i = 1; i < seq.length; i++) if (seq[i].right !== seq[i - 1].right) lastFlip = seq[i].at;
  return {
    key: s.key,
    model: s.model,
    taskId: s.taskId,
    itemId: s.itemId,
    variant: s.variant,
    budget: s.budget,
    trial: s.trial,
    tokens: s.reasoningTokens,
    points,
    end: { right: s.correct, answer: s.answer },
    firstRight: first ? first.at : null,
    lastFlip,
    hadItAndLostIt: !s.correct && points.some((p) => p.right),
  };
}

/** Changes between right and wrong along a trace (its end included). */
export function flipsOf(t: ReplayTrace): number {
  const seq = [...t.points.map((p) => p.right), t.end.right];
  let n = 0;
  for (let i = 1; i < seq.length; i++) if (seq[i] !== seq[i - 1]) n++;
  return n;
}

/** Per model × task × arm: the replay's findings beside the arm's fixed budgets and scheduler. */
export function analyseReplay(
  data: RunData,
  curves: CurvePoint[],
  scheduler: SchedulerArm[],
  traces: ReplayTrace[] = replayTraces(data),
): ReplayGroup[] {
  const groups = new Map<string, ReplayTrace[]>();
  for (const t of traces) {
    const k = groupKey(t.model, t.taskId, t.variant, String(t.budget));
    groups.set(k, [...(groups.get(k) ?? []), t]);
  }
  const probesOf = new Map<string, { n: number; tokens: number }>();
  for (const p of data.replay ?? []) {
    if (p.error !== null || p.tokens === null) continue;
    const a = probesOf.get(p.sample_key) ?? { n: 0, tokens: 0 };
    a.n++;
    a.tokens += p.tokens;
    probesOf.set(p.sample_key, a);
  }
  const out: ReplayGroup[] = [];
  for (const ts of groups.values()) {
    const t0 = ts[0];
    const itemIds = new Map<string, number>();
    const cluster = ts.map((t) => {
      const id = itemIds.get(t.itemId) ?? itemIds.size;
      itemIds.set(t.itemId, id);
      return id;
    });
    const share = (f: (t: ReplayTrace) => boolean) =>
      clusteredShare(
        ts.map((t) => (f(t) ? 1 : 0)),
        cluster,
      );
    const ever = ts.map((t) => (t.firstRight !== null ? 1 : 0));
    let probes = 0;
    let probeTokens = 0;
    for (const t of ts) {
      const p = probesOf.get(t.key);
      if (p) {
        probes += p.n;
        probeTokens += p.tokens;
      }
    }
    const arm = scheduler.find(
      (a) => a.model === t0.model && a.taskId === t0.taskId && a.baseVariant === t0.variant,
    );
    out.push({
      model: t0.model,
      taskId: t0.taskId,
      variant: t0.variant,
      budget: t0.budget,
      metric: data.metrics.get(t0.taskId) ?? 'accuracy',
      traces: ts.length,
      items: itemIds.size,
      probes,
      meanProbeTokens: probes ? probeTokens / probes : Number.NaN,
      endAccuracy: share((t) => t.end.right),
      oracle: {
        accuracy: clusteredShare(ever, cluster),
        meanTokens: clusteredMean(
          ts.map((t) => t.firstRight ?? t.tokens),
          cluster,
          tokenBounds(ts),
        ),
      },
      meanTokens: ts.reduce((s, t) => s + t.tokens, 0) / ts.length,
      rightBeforeEnd: share((t) => t.points.some((p) => p.right)),
      rightInFirstHalf: share((t) => t.firstRight !== null && t.firstRight <= t.tokens / 2),
      hadItAndLostIt: share((t) => t.hadItAndLostIt),
      flippedTwice: share((t) => flipsOf(t) >= 2),
      firstRightTokens: firstRightMean(ts, cluster),
      curve: curveOf(ts, cluster),
      fixed: curves
        .filter(
          (p) =>
            p.stratum === 'all' &&
            p.model === t0.model &&
            p.taskId === t0.taskId &&
            p.variant === t0.variant &&
            p.budget !== 'natural' &&
            p.n > 0 &&
            !isSchedulerVariant(p.variant),
        )
        .map((p) => ({ budget: p.budget, score: p.score, lo: p.lo, hi: p.hi, meanTokens: p.meanTokens })),
      scheduler: arm ? { score: arm.score, lo: arm.lo, hi: arm.hi, meanTokens: arm.meanTokens } : null,
      examples: [
        ...ts.filter((t) => t.hadItAndLostIt),
        ...ts.filter((t) => !t.hadItAndLostIt && flipsOf(t) >= 2),
      ].slice(0, REPLAY_EXAMPLES),
    });
  }
  return out.sort(
    (a, b) =>
      a.model.localeCompare(b.model) ||
      a.taskId.localeCompare(b.taskId) ||
      a.variant.localeCompare(b.variant),
  );
}

/** Mean first-right position among the traces ever right (a ratio over items: cluster-robust). */
function firstRightMean(ts: ReplayTrace[], cluster: number[]): Interval {
  const keep = ts.map((t, i) => [t, cluster[i]] as const).filter(([t]) => t.firstRight !== null);
  if (keep.length === 0) return { estimate: Number.NaN, lo: Number.NaN, hi: Number.NaN, n: 0 };
  return clusteredMean(
    keep.map(([t]) => t.firstRight!),
    keep.map(([, c]) => c),
    tokenBounds(ts),
  );
}

/** Where a stopping point can lie: from the first token to the end of the longest trace. */
function tokenBounds(ts: ReplayTrace[]): { min: number; max: number } {
  return { min: 1, max: ts.reduce((m, t) => Math.max(m, t.tokens), Number.NEGATIVE_INFINITY) };
}

/**
 * Share right at each mark, over the traces probed there or ended before it (a trace that ended
 * holds its final answer), then at the end of every trace.
 */
function curveOf(ts: ReplayTrace[], cluster: number[]): ReplayCurvePoint[] {
  const marks = new Map<string, number[]>();
  for (const t of ts) for (const p of t.points) marks.set(p.mark, [...(marks.get(p.mark) ?? []), p.at]);
  const order = [...marks].sort((a, b) => mean(a[1]) - mean(b[1]));
  const out: ReplayCurvePoint[] = [];
  for (const [mark, ats] of order) {
    const at = mean(ats);
    const y: number[] = [];
    const c: number[] = [];
    ts.forEach((t, i) => {
      const p = t.points.find((q) => q.mark === mark);
      // A trace that ended before the mark holds its final answer there (only for token marks).
      const right = p ? p.right : !mark.endsWith('%') && t.tokens <= Number(mark) ? t.end.right : null;
      if (right === null) return;
      y.push(right ? 1 : 0);
      c.push(cluster[i]);
    });
    out.push({
      mark,
      at,
      share: clusteredShareOf(
        y,
        y.map(() => 1),
        c,
      ),
    });
  }
  out.push({
    mark: 'end',
    at: mean(ts.map((t) => t.tokens)),
    share: clusteredShare(
      ts.map((t) => (t.end.right ? 1 : 0)),
      cluster,
    ),
  });
  return out;
}

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
}

export type { ReplayProbeRow };
