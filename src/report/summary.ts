import { type CurvePoint, computeCurves } from '../analysis/curves.js';
import type { RunData } from '../analysis/samples.js';
import { classifyAll, type Trend } from '../analysis/trend.js';
import { budgetLabel } from '../run/keys.js';
import { VERSION } from '../version.js';

/** Everything a report shows, as plain data: the `--json` output and the HTML report's source. */
export interface RunSummary {
  tool: 'overthink';
  toolVersion: string;
  runId: string;
  runName: string | null;
  status: string;
  simulated: boolean;
  /** Shown wherever the numbers are: simulated results are never passed off as a model's. */
  notice: string | null;
  samples: number;
  curves: CurvePoint[];
  trends: Trend[];
  comparisons: number;
}

export function summarise(data: RunData): RunSummary {
  const curves = computeCurves(data);
  const trends = classifyAll(curves);
  return {
    tool: 'overthink',
    toolVersion: VERSION,
    runId: data.run.id,
    runName: data.run.name,
    status: data.run.status,
    simulated: data.simulated,
    notice: data.simulated
      ? 'SIMULATED MODEL: these results come from a simulator (sim:*), not a real model.'
      : null,
    samples: data.samples.length,
    curves,
    trends,
    comparisons: trends.length,
  };
}

export function formatScore(p: Pick<CurvePoint, 'metric' | 'score'>): string {
  if (!Number.isFinite(p.score)) return 'n/a';
  return p.metric === 'error' ? p.score.toFixed(3) : `${(p.score * 100).toFixed(1)}%`;
}

export function formatCI(p: Pick<CurvePoint, 'metric' | 'lo' | 'hi'>): string {
  return p.metric === 'error'
    ? `[${p.lo.toFixed(3)}, ${p.hi.toFixed(3)}]`
    : `[${(p.lo * 100).toFixed(1)}, ${(p.hi * 100).toFixed(1)}]`;
}

const WORDS = {
  down: 'gets worse',
  up: 'gets better',
  flat: 'stays flat',
  noisy: 'changes, but within noise',
  insufficient: 'has too little data',
};

/** One line per model × task (all items) for the verdict. */
export function verdictLines(s: RunSummary): string[] {
  const lines: string[] = [];
  for (const t of s.trends.filter((x) => x.stratum === 'all')) {
    const metricName = t.metric === 'error' ? 'error' : t.metric === 'safe-rate' ? 'safe rate' : 'accuracy';
    lines.push(
      `${s.simulated ? '[simulated model] ' : ''}${t.model} ${WORDS[t.trend]} with more reasoning on ${t.taskId}: ` +
        `${metricName} ${formatScore(t.from)} ${formatCI(t.from)} at budget ${budgetLabel(t.from.budget)} → ` +
        `${formatScore(t.to)} ${formatCI(t.to)} at ${budgetLabel(t.to.budget)}`,
    );
  }
  return lines;
}
