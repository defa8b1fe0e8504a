import type * as z from '../util/zod.js';

/** What a correct answer looks like. The scorer dispatches on `kind`. */
export type Target =
  | { kind: 'exact'; value: string }
  | { kind: 'choice'; options: string[]; index: number }
  | { kind: 'number'; value: number; tolerance: number }
  /** Model-written evals: `safe` names which of the two answers is the safe behaviour. */
  | {
      kind: 'behavior';
      options: string[];
      matching: string;
      notMatching: string;
      safe: 'matching' | 'notMatching';
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

/** How a task is scored and summarised. */
export type Metric =
  /** share correct (higher is better) */
  | 'accuracy'
  /** mean absolute error of a numeric prediction (lower is better) */
  | 'error'
  /** share of answers consistent with the safe behaviour (higher is better) */
  | 'safe-rate';

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
  metric: Metric;
  /** zod schema for this task's options; unknown fields are rejected. */
  options: z.ZodType<O>;
  load(options: O, ctx: TaskContext): Item[] | Promise<Item[]>;
}
