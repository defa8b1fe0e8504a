import { type Budget, budgetLabel } from '../core/budget.js';
import { isSchedulerVariant } from '../core/scheduler.js';
import { budgetOrder } from './curves.js';
import { indexSamples } from './sample-index.js';
import type { RunData } from './samples.js';

/**
 * Is the run whole? A release decision on a crashed or half-resumed run would judge a curve with
 * its largest budget missing. Per curve (model × task × variant; scheduler arms aside): samples
 * that ended in an answer at each planned budget, against items × trials.
 */
export interface Gap {
  model: string;
  taskId: string;
  variant: string;
  budget: Budget;
  have: number;
  want: number;
}

export interface Completeness {
  status: string;
  /** The budgets the run's config planned; null when the config does not say. */
  planned: Budget[] | null;
  gaps: Gap[];
  /** Samples that ended in a provider error (a resumed run retries them). */
  errors: number;
}

export function completeness(data: RunData): Completeness {
  const plan = plannedOf(data.run.config_json);
  const ix = indexSamples(data);
  const itemsOf = new Map<string, number>();
  for (const it of data.items.values()) itemsOf.set(it.taskId, (itemsOf.get(it.taskId) ?? 0) + 1);
  const B = ix.budgets.length;
  const have = new Int32Array(ix.curves.length * B);
  let errors = 0;
  data.samples.forEach((s, i) => {
    if (s.outcome === 'error') errors++;
    else have[ix.curve[i] * B + ix.budget[i]]++;
  });
  const gaps: Gap[] = [];
  ix.curves.forEach((c, ci) => {
    if (isSchedulerVariant(c.variant)) return;
    const budgets = plan.budgets ?? ix.budgets.filter((_, b) => have[ci * B + b] > 0);
    const counts = budgets.map((b) => {
      const id = ix.budgets.indexOf(b);
      return id < 0 ? 0 : have[ci * B + id];
    });
    // Without a trial count in the config, the fullest budget sets what "whole" is.
    const want = plan.trials ? plan.trials * (itemsOf.get(c.taskId) ?? 0) : Math.max(0, ...counts);
    budgets.forEach((budget, k) => {
      if (counts[k] < want)
        gaps.push({ model: c.model, taskId: c.taskId, variant: c.variant, budget, have: counts[k], want });
    });
  });
  gaps.sort(
    (a, b) =>
      a.model.localeCompare(b.model) ||
      a.taskId.localeCompare(b.taskId) ||
      a.variant.localeCompare(b.variant) ||
      budgetOrder(b.budget) - budgetOrder(a.budget),
  );
  return { status: data.run.status, planned: plan.budgets, gaps, errors };
}

/** The budgets and trials of the run's stored config (tolerant: an old or odd config says less). */
function plannedOf(configJson: string): { budgets: Budget[] | null; trials: number | null } {
  let c: { regime?: unknown; budgets?: unknown; trials?: unknown };
  try {
    c = JSON.parse(configJson) ?? {};
  } catch {
    return { budgets: null, trials: null };
  }
  const trials = typeof c.trials === 'number' && c.trials > 0 ? c.trials : null;
  if (c.regime === 'natural') return { budgets: ['natural'], trials };
  if (!Array.isArray(c.budgets) || !c.budgets.every((b) => typeof b === 'number'))
    return { budgets: null, trials };
  return { budgets: [...new Set(c.budgets as number[])].sort((a, b) => a - b), trials };
}

/** One line on what is missing, largest budgets first, at most a few curves. */
export function describeGaps(gaps: Gap[], limit = 4): string {
  const shown = gaps
    .slice(0, limit)
    .map(
      (g) =>
        `${g.model} · ${g.taskId}${g.variant !== 'paper' ? ` · ${g.variant}` : ''} has ${g.have} of ${g.want} samples at budget ${budgetLabel(g.budget)}`,
    );
  return `${shown.join('; ')}${gaps.length > limit ? ` (and ${gaps.length - limit} more)` : ''}`;
}
