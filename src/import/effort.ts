/**
 * Effort levels (Inspect's reasoning_effort, a promptfoo provider's reasoning_effort or effort, an
 * lm-eval gen_kwarg) at nominal token budgets, so a sweep over levels sorts and charts like one over
 * budgets. The level itself is kept in each sample's sent_params, where the analysis reads it
 * (analysis/effort-level.ts) and orders levels by the tokens they realized, not by these numbers.
 */
export const EFFORT_BUDGETS: Record<string, number> = {
  none: 0,
  minimal: 512,
  low: 1024,
  medium: 4096,
  high: 8192,
  xhigh: 16384,
  max: 32768,
};

/** The note an imported run with effort levels carries. */
export const EFFORT_NOTE = `effort levels are stored at nominal budgets (${Object.entries(EFFORT_BUDGETS)
  .map(([l, b]) => `${l} ${b}`)
  .join(', ')}); the level is kept in sent_params, and levels are ordered by realized tokens`;
