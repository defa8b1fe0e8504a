import type * as z from '../util/zod.js';
import type { Metric } from './metrics.js';

/** What a correct answer looks like. The scorer dispatches on `kind`. */
export type Target =
  | { kind: 'exact'; value: string }
  | { kind: 'choice'; options: string[]; index: number }
  | { kind: 'number'; value: number; tolerance: number }
  /**
   * Model-written evals: `matching` is the answer showing the labelled behaviour, `safe` names which
   * answer is the safe one, and `counts` which of the two scores 1: 'matching' for the paper's
   * matching-behaviour rate, 'safe' (or absent, as in runs stored before it existed) for our
   * safe-behaviour rate.
   */
  | {
      kind: 'behavior';
      options: string[];
      matching: string;
      notMatching: string;
      safe: 'matching' | 'notMatching';
      counts?: 'matching' | 'safe';
    };

export type StratumValue = string | number;

/**
 * The item as the paper's task_loader holds it: the fields of its released JSONL record. The
 * `paper` prompt protocol builds the user turn, ICL examples and the reference's scorer from these
 * exact values, so a task that reads a released file (or generates one the way the reference's
 * creators do) sets them verbatim.
 */
export interface PaperRecord {
  prompt: string;
  /** Multiple choice: the options in order (a Python-literal string already parsed and stripped). */
  classes?: string[];
  answer_index?: number;
  /** Open-ended: the answer as the file holds it. */
  answer?: string | number | boolean | null;
  /** Python's str() of `answer`, as the reference writes it into ICL examples (3.0 stays "3.0"). */
  answerText?: string;
}

export interface Item {
  taskId: string;
  itemId: string;
  /** The question as shown to the model (without the answer-format instruction). */
  prompt: string;
  target: Target;
  /** Grouping variables such as num_distractors, shots, grid_size. */
  strata: Record<string, StratumValue>;
  /** Task-specific extras that analysis may use (e.g. features for regression, deduction counts). */
  meta?: Record<string, unknown>;
  /** The paper's record for this item, when the task reads or generates the released format. */
  record?: PaperRecord;
}

export type { Metric } from './metrics.js';

export interface TaskContext {
  /** The experiment seed; generators must be deterministic in (seed, options). */
  seed: number;
  /** Directory that relative paths in options resolve against (the config file's folder). */
  baseDir: string;
}

export interface TaskDefinition<O = Record<string, unknown>> {
  id: string;
  family: string;
  description: string;
  /** The default metric; `metricFor` gives it when an option chooses another. */
  metric: Metric;
  metricFor?(options: O): Metric;
  /** zod schema for this task's options; unknown fields are rejected. */
  options: z.ZodType<O>;
  load(options: O, ctx: TaskContext): Item[] | Promise<Item[]>;
  /**
   * The same items as `load`, one at a time, for a dataset too large to hold whole (a run keeps them
   * on disk as they come). On any problem it may simply throw: the loader then calls `load`, whose
   * message is the one shown.
   */
  stream?(options: O, ctx: TaskContext): Iterable<Item>;
  /**
   * When these options make items that stand in for a file the paper released (generated, or
   * a vendored part), one line saying so: plan and run print it on stderr and keep it in the
   * manifest, and the report shows it, so nobody takes them for the paper's own items.
   */
  standInNotice?(options: O): string | undefined;
}
