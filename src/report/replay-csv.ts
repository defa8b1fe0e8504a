import type { Interval } from '../analysis/clustered.js';
import type { ReplayGroup, ReplayTrace } from '../analysis/replay.js';
import { budgetLabel } from '../core/budget.js';
import { type Columns, table } from './csv-tables.js';

/**
 * The replay's tables beside the others: replay.csv (one row per model × task × arm) and
 * replay-traces.csv (one row per replayed trace: the answer at every checkpoint, its first right
 * point, last flip and whether it was lost). None when the run was not replayed.
 */
export function replayCsv(groups: ReplayGroup[], traces: ReplayTrace[]): Record<string, string> {
  if (groups.length === 0) return {};
  const ci = <T>(name: string, of: (r: T) => Interval): Columns<T> => ({
    [name]: (r) => of(r).estimate,
    [`${name}_lo`]: (r) => of(r).lo,
    [`${name}_hi`]: (r) => of(r).hi,
  });
  return {
    'replay.csv': table(groups, {
      model: (g) => g.model,
      task: (g) => g.taskId,
      variant: (g) => g.variant,
      budget: (g) => budgetLabel(g.budget),
      traces: (g) => g.traces,
      items: (g) => g.items,
      mean_tokens: (g) => g.meanTokens,
      ...ci('end_accuracy', (g) => g.endAccuracy),
      ...ci('oracle_accuracy', (g) => g.oracle.accuracy),
      ...ci('oracle_tokens', (g) => g.oracle.meanTokens),
      ...ci('right_before_end', (g) => g.rightBeforeEnd),
      ...ci('right_in_first_half', (g) => g.rightInFirstHalf),
      ...ci('had_it_and_lost_it', (g) => g.hadItAndLostIt),
      ...ci('changed_twice', (g) => g.flippedTwice),
      ...ci('first_right_tokens', (g) => g.firstRightTokens),
      scheduler_score: (g) => g.scheduler?.score,
      scheduler_tokens: (g) => g.scheduler?.meanTokens,
      probes: (g) => g.probes,
      mean_probe_tokens: (g) => g.meanProbeTokens,
    }),
    'replay-traces.csv': table(traces, {
      model: (t) => t.model,
      task: (t) => t.taskId,
      variant: (t) => t.variant,
      item: (t) => t.itemId,
      trial: (t) => t.trial,
      budget: (t) => budgetLabel(t.budget),
      tokens: (t) => t.tokens,
      first_right: (t) => t.firstRight,
      last_flip: (t) => t.lastFlip,
      had_it_and_lost_it: (t) => (t.hadItAndLostIt ? 1 : 0),
      end_right: (t) => (t.end.right ? 1 : 0),
      end_answer: (t) => t.end.answer,
      // mark:at:right|…, then the answers in the same order.
      along: (t) => t.points.map((p) => `${p.mark}:${p.at}:${p.right ? 1 : 0}`).join('|'),
      answers: (t) => t.points.map((p) => (p.answer ?? '').replace(/\|/g, '/')).join('|'),
    }),
  };
}
