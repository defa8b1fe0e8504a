import type { Interval } from '../analysis/clustered.js';
import type { ParallelComparison } from '../analysis/parallel.js';
import type { ReplayGroup } from '../analysis/replay.js';
import { budgetLabel } from '../core/budget.js';
import { fmtTok, withVariant } from './format.js';

/** "81.0% [76.2, 85.1]": a share with its 95% interval. */
export function shareCI(i: Interval): string {
  if (!Number.isFinite(i.estimate)) return 'n/a';
  return `${(i.estimate * 100).toFixed(1)}% [${(i.lo * 100).toFixed(1)}, ${(i.hi * 100).toFixed(1)}]`;
}

/** "3,120 [2,870, 3,370]": tokens with their 95% interval. */
export function tokensCI(i: Interval): string {
  if (!Number.isFinite(i.estimate)) return 'n/a';
  return `${fmtTok(i.estimate)} [${fmtTok(i.lo)}, ${fmtTok(i.hi)}]`;
}

/** One line per replayed model × task × arm, for the terminal (and `overthink replay`). */
export function replayLine(g: ReplayGroup, simulated: boolean): string {
  const who = `${simulated ? '[simulated model] ' : ''}${g.model} on ${withVariant(g.taskId, g.variant)} (budget ${budgetLabel(g.budget)}, ${g.traces} traces)`;
  return (
    `${who}: at the end ${shareCI(g.endAccuracy)}; oracle stopper ${shareCI(g.oracle.accuracy)} ` +
    `at ${fmtTok(g.oracle.meanTokens.estimate)} of ${fmtTok(g.meanTokens)} tokens; ` +
    `right before the end ${shareCI(g.rightBeforeEnd)}; had it and lost it ${shareCI(g.hadItAndLostIt)}`
  );
}

/** One line per parallel-vs-sequential pair, for the terminal. */
export function parallelLine(c: ParallelComparison): string {
  const pts = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
  return (
    `parallel vs sequential: majority of ${c.k} at ${c.budget} (${fmtTok(c.parallelTokens)} tok) ${shareCI(c.parallel)} ` +
    `vs one at ${c.against} (${fmtTok(c.sequentialTokens)} tok) ${shareCI(c.sequential)}: ` +
    `${pts(c.diff.estimate)} pts [${pts(c.diff.lo)}, ${pts(c.diff.hi)}]`
  );
}
