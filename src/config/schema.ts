import { SCHEDULER_DEFAULTS } from '../mitigate/scheduler.js';
import * as z from '../util/zod.js';

const budget = z.number().int('a whole number of tokens').min(0, 'a budget of 0 or more tokens');

/** A model: a spec string like 'sim:inverse' or an object with provider options. */
export const modelSchema = z.union([
  z.string().regex(/^[a-z-]+:.+$/, "a model spec like 'sim:inverse' or 'anthropic:claude-sonnet-4-6'"),
  z
    .object({
      id: z.string().regex(/^[a-z-]+:.+$/, "a model spec like 'openai-compatible:qwen3'"),
      /** Label used in reports; defaults to id. */
      label: z.string().optional(),
      /** One or more base URLs (requests are spread over several). */
      baseUrl: z.union([z.string().url(), z.array(z.string().url()).min(1)]).optional(),
      /** Name of the environment variable holding the API key. */
      apiKeyEnv: z.string().optional(),
      /** openai-compatible: how the budget reaches the server. */
      budgetMode: z.enum(['prompt', 'vllm', 'llamacpp', 'none']).optional(),
      /** openai: which API to call. */
      api: z.enum(['chat', 'responses']).optional(),
      /** local / raw-completion forcing mode. */
      forcing: z.enum(['cut', 'cut+extend', 'natural']).optional(),
      maxExtensions: z.number().int().min(0).optional(),
      /** This model's budgets, instead of the experiment's (set for each model by `budgets: paper`). */
      budgets: z.array(budget).min(1, 'at least one budget').optional(),
      /** One seed per trial, sent to servers that take a seed (the paper's open-weight runs: 42, 123, 456). */
      seeds: z.array(z.number().int().min(0)).min(1).optional(),
      temperature: z.number().min(0).max(2).optional(),
      topP: z.number().gt(0).max(1).optional(),
      maxConcurrency: z.number().int().min(1).optional(),
      /** USD per million tokens, overriding the built-in table. */
      prices: z
        .object({
          input: z.number().min(0),
          output: z.number().min(0),
          batchDiscount: z.number().min(0).max(1).optional(),
        })
        .strict()
        .optional(),
      /** Free-form provider options, validated by the provider itself. */
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
]);

export const taskRefSchema = z.union([
  z.string().min(1),
  z
    .object({
      id: z.string().min(1),
      options: z.record(z.string(), z.unknown()).default({}),
    })
    .strict(),
]);

export const experimentSchema = z
  .object({
    name: z.string().min(1).optional(),
    models: z.array(modelSchema).min(1, 'at least one model'),
    tasks: z.array(taskRefSchema).min(1, 'at least one task'),
    regime: z.enum(['controlled', 'natural']).default('controlled'),
    /**
     * Requested reasoning budgets (tokens) for the controlled regime, or 'paper' (the default): for each
     * model, the list the paper ran on its family (Claude 0–16384, o-series 1024/4096/8192, Qwen3
     * 0/1024/4096/8192, DeepSeek R1 0–8192; see data/paper-protocol/families.json).
     */
    budgets: z
      .union([z.array(budget).min(1, 'at least one budget'), z.literal('paper')], {
        error: "a list of budgets in tokens, or 'paper'",
      })
      .default('paper'),
    /** Trials per (item, budget); in the natural regime, samples per item. Default: the paper's (3; natural 5). */
    trials: z.number().int().min(1, 'at least 1 trial').optional(),
    seed: z.number().int().min(0).default(1),
    /** Use at most this many items per task (first N after a seeded shuffle). */
    limit: z.number().int().min(1).optional(),
    concurrency: z.number().int().min(1).max(4096).default(8),
    /** Prompt variant: the paper's, or the cautioned one ("you don't need to use all of it"). */
    prompt: z.enum(['paper', 'cautioned']).default('paper'),
    /**
     * How answers are read and judged: 'paper' (the reference's `_extract_answer_tag` and its
     * evaluator's matching, the default) or 'overthink' (also reads unclosed tags, \boxed{}, "Answer:"
     * lines, ignores tags inside <think> blocks and matches options more leniently).
     */
    extractor: z.enum(['paper', 'overthink']).default('paper'),
    /**
     * Example anchoring arms: each k > 0 adds an arm whose prompts start with k solved examples
     * from other items of the same task. [0] (the default) runs without anchoring.
     */
    anchoring: z.array(z.number().int().min(0).max(64)).min(1).default([0]),
    /**
     * The adaptive reasoning scheduler as an extra arm: reason in chunks, probe for an interim answer
     * after each, stop when the probes agree (or at the ceiling). Runs on local:, sim: and
     * openai-compatible models with `forcing` (they can fork a probe off the trace).
     */
    scheduler: z
      .object({
        /** Reasoning tokens per chunk. */
        chunk: z.number().int().min(1).default(SCHEDULER_DEFAULTS.chunk),
        /** Stop when this many consecutive probes agree without hedging. */
        agree: z.number().int().min(1).max(32).default(SCHEDULER_DEFAULTS.agree),
        /** Tokens decoded per probe. */
        probeTokens: z.number().int().min(1).max(1024).default(SCHEDULER_DEFAULTS.probeTokens),
        /** Most reasoning tokens; default: the largest budget. */
        ceiling: z.number().int().min(1).optional(),
        /** Words that mark a probe answer as unsure. */
        hedges: z.array(z.string().min(1)).default([...SCHEDULER_DEFAULTS.hedges]),
        /** Model ids that get the arm; default: every model. */
        models: z.array(z.string().min(1)).min(1).optional(),
      })
      .strict()
      .optional(),
    /** Output-token limits; each field left out takes the paper's rule for the model's family. */
    maxTokens: z
      .object({
        /** max_tokens = budget + headroom. The paper: 10000 for API models, 16384 for open weights. */
        headroom: z.number().int().min(1).optional(),
        /** Used in the natural regime, where there is no budget. The paper: 26384 API, 32768 open weights. */
        natural: z.number().int().min(1).optional(),
      })
      .strict()
      .default({}),
    timeoutMs: z.number().int().min(100).default(600_000),
    retries: z.number().int().min(0).max(20).default(4),
    /** Stop starting requests before the spend could pass this many USD. */
    maxCostUsd: z.number().min(0).optional(),
    /**
     * `run` asks before a plan whose priced models could cost more than this many USD (estimated as
     * `plan` does; `sim:` and `local:` models are free), and refuses without a terminal unless given
     * `--yes`. Not part of the run id.
     */
    confirmAboveUsd: z.number().min(0).default(5),
    /**
     * Send requests through the providers' batch APIs (anthropic:, openai:), at the batch price.
     * How a run is executed, not what it measures: not part of the run id.
     */
    batch: z.boolean().default(false),
    batchOptions: z
      .object({
        /** Failed entries (errored, expired, cancelled) go into a new batch, or are sent synchronously. */
        retry: z.enum(['batch', 'sync']).default('batch'),
        /** First poll interval in ms; it grows up to maxPollMs while a batch is unchanged. */
        pollMs: z.number().int().min(1).default(30_000),
        maxPollMs: z.number().int().min(1).default(300_000),
        /** At most this many requests per batch (the provider's own limit applies as well). */
        maxRequests: z.number().int().min(1).optional(),
      })
      .strict()
      .default({ retry: 'batch', pollMs: 30_000, maxPollMs: 300_000 }),
    output: z
      .object({
        db: z.string().default('overthink.db'),
        /** The report folder; default: overthink-report/<store>-<run id>, one per store and run. */
        dir: z.string().optional(),
      })
      .strict()
      .default({ db: 'overthink.db' }),
  })
  .strict();

export type ExperimentInput = z.input<typeof experimentSchema>;
/** An experiment as parsed, before the paper's per-family settings are filled in (config/resolve.ts). */
export type ParsedExperiment = z.output<typeof experimentSchema>;
/** An experiment ready to plan: every model's budgets, limits and sampling settled. */
export type Experiment = Omit<ParsedExperiment, 'budgets' | 'trials'> & {
  /** Every budget any model runs, ascending (each model's own list: `budgetsFor`). */
  budgets: number[];
  trials: number;
};
export type ModelEntry = z.output<typeof modelSchema>;
export type TaskRef = z.output<typeof taskRefSchema>;

/** A model entry in its object form. */
export type ModelConfig = Exclude<ModelEntry, string>;
export function modelConfig(m: ModelEntry): ModelConfig {
  return typeof m === 'string' ? { id: m } : m;
}
export function taskRef(t: TaskRef): { id: string; options: Record<string, unknown> } {
  return typeof t === 'string' ? { id: t, options: {} } : t;
}
