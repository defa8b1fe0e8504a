import type { Budget } from '../core/budget.js';
import { isSchedulerVariant } from '../core/scheduler.js';
import { type MetricInfo, metricInfo } from '../tasks/metrics.js';
import { analyseCompliance, type ComplianceResult } from './compliance.js';
import { type CurvePoint, computeCurves } from './curves.js';
import { analyseEfficiency, type Efficiency } from './efficiency.js';
import { type TagRate, tagRates } from './failure-rates.js';
import { computeFlips, computeFlipsBetween, type FlipSummary } from './flips.js';
import { groupKey } from './keys.js';
import { analyseLadders, type Ladder } from './ladder.js';
import { analyseNatural, type NaturalResult } from './natural.js';
import { analyseParallel, type ParallelComparison } from './parallel.js';
import { analyseRegression, type RegressionResult } from './regression.js';
import { analyseReplay, type ReplayGroup, replayUnavailable } from './replay.js';
import type { RunData } from './samples.js';
import { analyseScheduler, type SchedulerArm } from './scheduler.js';
import { analyseShapes, type Shape } from './shape.js';
import { analyseTrends, type Trend, type TrendOptions } from './trend.js';

/** Everything the analysis layer computes for one run. Pure data: the report only formats it. */
export interface Analysis {
  curves: CurvePoint[];
  /** Each curve's shape over all its budgets (the lead verdict; see shape.ts). */
  shapes: Shape[];
  /** The paper's Table 1 class of each curve (smallest vs largest budget), with the marginal tests. */
  trends: Trend[];
  /** Curves tested (each with the Table 1 rule, the slope CI and the paired test). */
  comparisons: number;
  /** Flips from the smallest to the largest budget. */
  flips: FlipSummary[];
  /** Flips from the best budget (all items) to the largest, where they differ. */
  flipsFromBest: FlipSummary[];
  /** Models whose budgets were sent as effort levels: realized tokens per level, collapsed levels. */
  ladders: Ladder[];
  natural: NaturalResult[];
  compliance: ComplianceResult[];
  regression: RegressionResult[];
  tagRates: TagRate[];
  /** The reasoning scheduler's arms beside the fixed budgets (empty without a scheduler). */
  scheduler: SchedulerArm[];
  /** Early-exit replay of the largest budget's traces (empty until `overthink replay` ran). */
  replay: ReplayGroup[];
  /** Models whose traces cannot be replayed (API models), with why. */
  replayUnavailable: { model: string; reason: string }[];
  /** Token efficiency per model × task × arm: reliable budgets and waste, OAA and its AUC, accuracy per 1k tokens. */
  efficiency: Efficiency[];
  /** Majority@k of short samples against one long sample at matched realized tokens, from stored trials. */
  parallel: ParallelComparison[];
  /** Per task: the metric its scores are in, its name, and which direction is worse. */
  metrics: Record<string, MetricInfo>;
}

export function analyseRun(data: RunData, o: TrendOptions = {}): Analysis {
  const curves = computeCurves(data);
  const trends = analyseTrends(data, curves, o);
  const shapes = analyseShapes(data, curves, o);
  const scheduler = analyseScheduler(data, curves);
  return {
    curves,
    shapes,
    trends,
    comparisons: trends.length,
    flips: computeFlips(data),
    flipsFromBest: computeFlipsBetween(data, bestToLast(shapes)),
    ladders: analyseLadders(data),
    natural: analyseNatural(data, { seed: o.seed, resamples: o.resamples }),
    // A scheduler arm's ceiling is not a budget it is asked to use: no compliance row for it.
    compliance: analyseCompliance(data).filter((c) => !isSchedulerVariant(c.variant)),
    regression: analyseRegression(data),
    tagRates: tagRates(data, data.tagConfig),
    scheduler,
    replay: analyseReplay(data, curves, scheduler),
    replayUnavailable: replayUnavailable(data),
    efficiency: analyseEfficiency(data),
    parallel: analyseParallel(data, o.seed),
    metrics: Object.fromEntries([...data.metrics].map(([task, m]) => [task, metricInfo(m, task)])),
  };
}

/** Per curve (all items): the best budget and the last one, where they differ. */
export function bestToLast(shapes: Shape[]): Map<string, { low: Budget; high: Budget }> {
  const out = new Map<string, { low: Budget; high: Budget }>();
  for (const s of shapes)
    if (s.stratum === 'all' && s.best.budget !== s.last.budget)
      out.set(groupKey(s.model, s.taskId, s.variant), { low: s.best.budget, high: s.last.budget });
  return out;
}
