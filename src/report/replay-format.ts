import type { Interval } from '../analysis/clustered.js';
import type { ReplayGroup } from '../analysis/replay.js';
import { budgetLabel } from '../run/keys.js';
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

/** One line per replayed model × task × arm, for the terminal. */
export function replayLine(g: ReplayGroup, simulated: boolean): string {
  const who = `${simulated ? '[simulated model] ' : ''}${g.model} on ${withVariant(g.taskId, g.variant)} (budget ${budgetLabel(g.budget)}, ${g.traces} traces)`;
  return (
    `${who}: at the end ${shareCI(g.endAccuracy)}; oracle stopper ${shareCI(g.oracle.accuracy)} ` +
    `at ${fmtTok(g.oracle.meanTokens.estimate)} of ${fmtTok(g.meanTokens)} tokens; ` +
    `right before the end ${shareCI(g.rightBeforeEnd)}; had it and lost it ${shareCI(g.hadItAndLostIt)}`
  );
}
