import { isSchedulerVariant } from '../mitigate/scheduler.js';
import { type MetricInfo, metricInfo } from '../tasks/metrics.js';
import { analyseCompliance, type ComplianceResult } from './compliance.js';
import { type CurvePoint, computeCurves } from './curves.js';
import { type TagRate, tagRates } from './failure-rates.js';
import { computeFlips, type FlipSummary } from './flips.js';
import { analyseNatural, type NaturalResult } from './natural.js';
import { analyseRegression, type RegressionResult } from './regression.js';
import type { RunData } from './samples.js';
import { analyseScheduler, type SchedulerArm } from './scheduler.js';
import { analyseTrends, type Trend, type TrendOptions } from './trend.js';

/** Everything the analysis layer computes for one run. Pure data: the report only formats it. */
export interface Analysis {
  curves: CurvePoint[];
  trends: Trend[];
  /** Curves tested (each with the Table 1 rule, the slope CI and the paired test). */
  comparisons: number;
  flips: FlipSummary[];
  natural: NaturalResult[];
  compliance: ComplianceResult[];
  regression: RegressionResult[];
  tagRates: TagRate[];
  /** The reasoning scheduler's arms beside the fixed budgets (empty without a scheduler). */
  scheduler: SchedulerArm[];
  /** Per task: the metric its scores are in, its name, and which direction is worse. */
  metrics: Record<string, MetricInfo>;
}

export function analyseRun(data: RunData, o: TrendOptions = {}): Analysis {
  const curves = computeCurves(data);
  const trends = analyseTrends(data, curves, o);
  return {
    curves,
    trends,
    comparisons: trends.length,
    flips: computeFlips(data),
    natural: analyseNatural(data, { seed: o.seed, resamples: o.resamples }),
    // A scheduler arm's ceiling is not a budget it is asked to use: no compliance row for it.
    compliance: analyseCompliance(data).filter((c) => !isSchedulerVariant(c.variant)),
    regression: analyseRegression(data),
    tagRates: tagRates(data, data.tagConfig),
    scheduler: analyseScheduler(data, curves),
    metrics: Object.fromEntries([...data.metrics].map(([task, m]) => [task, metricInfo(m, task)])),
  };
}
