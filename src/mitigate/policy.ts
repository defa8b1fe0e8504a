import type { Metric } from '../tasks/metrics.js';

/**
 * A budget guard-rail policy: per task (and optionally per stratum), the largest reasoning budget
 * worth spending. Written by `overthink recommend`, read at runtime with `clampBudget`.
 */
export interface BudgetPolicy {
  tool: 'overthink';
  kind: 'budget-policy';
  version: 1;
  /** The model the policy was measured on. */
  model: string;
  run: string;
  createdAt: string;
  /** Tolerance used: the recommended budget scores within epsilon of the best. */
  epsilon: number;
  tasks: Record<string, TaskPolicy>;
}

export interface TaskPolicy {
  metric: Metric;
  /** The budget with the best score, and that score with its 95% CI. */
  best: BudgetScore;
  /** The smallest budget scoring within epsilon of the best: the ceiling clampBudget applies. */
  recommended: BudgetScore;
  /** Per-stratum ceilings ('num_distractors=5' → …), when strata were measured. */
  strata?: Record<string, { best: BudgetScore; recommended: BudgetScore }>;
}

export interface BudgetScore {
  budget: number;
  score: number;
  lo: number;
  hi: number;
  n: number;
}

/**
 * The budget to actually use: the requested one, capped at the policy's ceiling for the task (or
 * for the item's stratum, when the policy has one for it). Unknown tasks pass through unchanged,
 * so a policy never blocks work it knows nothing about. Budget 0 stays 0.
 *
 *   const budget = clampBudget(policy, 'misleading-math', 16384, { num_distractors: 5 });
 */
export function clampBudget(
  policy: BudgetPolicy,
  task: string,
  requestedBudget: number,
  strata: Record<string, string | number> = {},
): number {
  if (!Number.isFinite(requestedBudget) || requestedBudget < 0) {
    throw new RangeError(
      `clampBudget: requested budget must be a non-negative number, got ${requestedBudget}`,
    );
  }
  const t = policy.tasks[task];
  if (!t) return requestedBudget;
  let ceiling = t.recommended.budget;
  for (const [k, v] of Object.entries(strata)) {
    const s = t.strata?.[`${k}=${v}`];
    if (s) ceiling = Math.min(ceiling, s.recommended.budget);
  }
  return Math.min(requestedBudget, ceiling);
}

/** Checks a parsed JSON value is a policy this version understands. */
export function parsePolicy(value: unknown, source = 'policy'): BudgetPolicy {
  const p = value as Partial<BudgetPolicy>;
  if (
    p?.tool !== 'overthink' ||
    p.kind !== 'budget-policy' ||
    p.version !== 1 ||
    typeof p.tasks !== 'object' ||
    p.tasks === null
  ) {
    throw new Error(
      `${source}: not an overthink budget policy (expected tool 'overthink', kind 'budget-policy', version 1)`,
    );
  }
  return p as BudgetPolicy;
}
