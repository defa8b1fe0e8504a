/**
 * The adaptive reasoning scheduler's vocabulary: its settings, their defaults and how its arm is
 * named. The stop policy lives beside the loop that runs it (providers/local/stop-policy.ts).
 */

/** What the experiment's `scheduler` block resolves to for one sample. */
export interface SchedulerSettings {
  /** Reasoning tokens per chunk; a probe follows each chunk. */
  chunk: number;
  /** Stop when this many consecutive probes give the same answer without hedging. */
  agree: number;
  /** Tokens decoded per probe (the probe is discarded afterwards). */
  probeTokens: number;
  /** Hard ceiling on reasoning tokens; the arm's sample key carries it as its budget. */
  ceiling: number;
  /** Words or phrases that make a probe answer count as unsure (matched case-insensitively, whole words). */
  hedges: string[];
}

export const SCHEDULER_DEFAULTS = {
  chunk: 256,
  agree: 3,
  probeTokens: 24,
  hedges: ['wait', 'hmm', 'maybe', 'perhaps', 'not sure', 'unsure', 'alternatively', 'possibly', 'or'],
} as const;

/** The scheduler arm of an anchoring arm: its own variant, so it is stored, scored and charted apart. */
export const SCHEDULER_SUFFIX = '+scheduler';
export function schedulerVariant(base: string): string {
  return `${base}${SCHEDULER_SUFFIX}`;
}
export function isSchedulerVariant(variant: string): boolean {
  return variant.endsWith(SCHEDULER_SUFFIX);
}
export function baseVariantOf(variant: string): string {
  return isSchedulerVariant(variant) ? variant.slice(0, -SCHEDULER_SUFFIX.length) : variant;
}
