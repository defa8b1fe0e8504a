import type { Metric } from '../tasks/types.js';

/**
 * How a task's metric reads: its name in sentences, which way is better, and whether it is a share
 * (shown in points) or a raw value. Every verdict takes its words from here, never from a literal,
 * so a new metric only needs a row.
 */
export interface MetricInfo {
  name: string;
  higherIsBetter: boolean;
  /** Shares are shown as percentages and their changes in points. */
  share: boolean;
}

const INFO: Record<Metric, MetricInfo> = {
  accuracy: { name: 'accuracy', higherIsBetter: true, share: true },
  error: { name: 'mean absolute error', higherIsBetter: false, share: false },
  'safe-rate': { name: 'safe-behaviour rate', higherIsBetter: true, share: true },
};

export function metricInfo(metric: Metric): MetricInfo {
  return INFO[metric] ?? { name: String(metric), higherIsBetter: true, share: true };
}
