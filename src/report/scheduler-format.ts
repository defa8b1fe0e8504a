import type { SchedulerArm } from '../analysis/scheduler.js';
import { budgetLabel } from '../core/budget.js';
import { formatCI, formatScore } from './summary.js';

const ENDS: Record<string, string> = {
  converged: 'probes agreed',
  budget: 'hit the ceiling',
  model: 'model ended it',
  limit: 'out of room',
};

/** How the arm's reasoning ended, most common first: "probes agreed 159 · model ended it 41". */
export function endsText(a: SchedulerArm): string {
  const e = Object.entries(a.ends).sort((x, y) => y[1] - x[1]);
  return e.length ? e.map(([k, v]) => `${ENDS[k] ?? k} ${v}`).join(' · ') : 'no scheduler records';
}

/** Two lines for the terminal: the arm's score, tokens and probe cost; then the fixed budgets beside it. */
export function schedulerLines(a: SchedulerArm): string[] {
  const tok = (t: number) => (Number.isFinite(t) ? t.toFixed(0) : 'n/a');
  const probes =
    a.meanProbeTokens === null
      ? ''
      : ` + ${tok(a.meanProbeTokens)} probe tokens (${(a.meanProbes ?? 0).toFixed(1)} probes)`;
  const fixed = (label: string, f: SchedulerArm['bestFixed']) =>
    f
      ? `${label} ${formatScore({ metric: a.metric, score: f.score })} at ${budgetLabel(f.budget)} (${tok(f.meanTokens)} tok)`
      : null;
  const beside = [fixed('best fixed', a.bestFixed), fixed('largest', a.largestFixed)].filter(Boolean);
  return [
    `  scheduler (ceiling ${budgetLabel(a.ceiling)}, n ${a.n}): ${formatScore(a)} ${formatCI(a)} at ${tok(a.meanTokens)} mean reasoning tokens${probes}; ${endsText(a)}`,
    ...(beside.length ? [`    beside it: ${beside.join('; ')}`] : []),
  ];
}
