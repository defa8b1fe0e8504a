import { SCHEDULER_DEFAULTS } from '../core/scheduler.js';
import * as z from '../util/zod.js';
import { DEFAULT_TIMEOUT_WORDS } from './timeout.js';

// Every field carries its description: docs/reference.md is generated from this file
// (scripts/reference.ts), and a test fails when the two differ.

/**
 * Ceilings on numbers that size what a run allocates or waits for: no model reasons for more than a
 * million tokens, and a number past these is a typo (`1e12`), which must be an error, not a crash.
 */
export const MAX_TOKENS = 1_000_000;
const MAX_TRIALS = 1000;
const MAX_BUDGETS = 100;
/** The longest delay a Node timer holds (about 24.8 days); a longer one fires at once. */
const MAX_MS = 2_147_483_647;
const tokens = (what: string) =>
  z.number().int(`a whole number of ${what}`).max(MAX_TOKENS, `at most ${MAX_TOKENS} ${what}`);
const ms = z.number().int().max(MAX_MS, `at most ${MAX_MS} ms`);

const budget = tokens('tokens').min(0, 'a budget of 0 or more tokens');
const budgetList = z
  .array(budget)
  .min(1, 'at least one budget')
  .max(MAX_BUDGETS, `at most ${MAX_BUDGETS} budgets`);

/** A model: a spec string like 'sim:inverse' or an object with provider options. */
export const modelSchema = z.union([
  z.string().regex(/^[a-z-]+:.+$/, "a model spec like 'sim:inverse' or 'anthropic:claude-sonnet-4-6'"),
  z
    .object({
      id: z
        .string()
        .regex(/^[a-z-]+:.+$/, "a model spec like 'openai-compatible:qwen3'")
        .describe('the model, as provider:model (`sim:inverse`, `anthropic:claude-sonnet-4-6`, …)'),
      label: z.string().optional().describe('the name reports use for it (default: its id)'),
      baseUrl: z
        .union([z.string().url(), z.array(z.string().url()).min(1)])
        .optional()
        .describe(
          'base URL, or several (requests are spread over them): openai-compatible servers, or a proxy',
        ),
      apiKeyEnv: z
        .string()
        .optional()
        .describe(
          "the environment variable holding its key (default: the provider's, e.g. ANTHROPIC_API_KEY)",
        ),
      budgetMode: z
        .enum(['prompt', 'vllm', 'llamacpp', 'none'])
        .optional()
        .describe('openai-compatible: how the budget reaches the server (default: prompt)'),
      api: z.enum(['chat', 'responses']).optional().describe('openai: which API to call (default: chat)'),
      forcing: z
        .enum(['cut', 'cut+extend', 'natural'])
        .optional()
        .describe('local: and openai-compatible raw completion: how the reasoning is held to its budget'),
      maxExtensions: z
        .number()
        .int()
        .min(0)
        .max(100)
        .optional()
        .describe('cut+extend: how often an early close of the reasoning is suppressed (default: 8)'),
      budgets: budgetList
        .optional()
        .describe(
          "this model's budgets, instead of the experiment's (`budgets: paper` sets them per family)",
        ),
      seeds: z
        .array(z.number().int().min(0))
        .min(1)
        .optional()
        .describe(
          "one seed per trial, sent to servers that take one (the paper's open-weight runs: 42, 123, 456)",
        ),
      temperature: z
        .number()
        .min(0)
        .max(2)
        .optional()
        .describe("sampling temperature, where the model takes one (default: the paper's per family)"),
      topP: z.number().gt(0).max(1).optional().describe('nucleus sampling, where the model takes it'),
      maxConcurrency: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('at most this many requests to this model at once (within `concurrency`)'),
      prices: z
        .object({
          input: z.number().min(0).describe('USD per million input tokens'),
          output: z
            .number()
            .min(0)
            .describe('USD per million output tokens (reasoning tokens are billed as output)'),
          batchDiscount: z
            .number()
            .min(0)
            .max(1)
            .optional()
            .describe('share taken off through the batch API (0.5 = half price)'),
        })
        .strict()
        .optional()
        .describe(
          'prices overriding the built-in table (`overthink models list`); used by `plan` and the spend guard',
        ),
      options: z
        .record(z.string(), z.unknown())
        .refine((o) => o.stream === undefined || typeof o.stream === 'boolean', {
          message: 'true or false',
          path: ['stream'],
        })
        .optional()
        .describe(
          'provider options, checked by the provider (docs/providers.md). `stream: true|false` (anthropic, openai-compatible): receive the answer as server-sent events, piece by piece, so a long generation keeps its connection busy (anthropic streams on its own above max_tokens 21333; openai-compatible with `streamIdleSeconds`, default 300, between pieces); a streamed sample is stored as the same answer unstreamed',
        ),
    })
    .strict(),
]);

export const taskRefSchema = z.union([
  z.string().min(1),
  z
    .object({
      id: z.string().min(1).describe('the task (`overthink tasks list`)'),
      options: z
        .record(z.string(), z.unknown())
        .default({})
        .describe("the task's options (`overthink tasks show <id>` lists them)"),
    })
    .strict(),
]);

export const experimentSchema = z
  .object({
    name: z.string().min(1).optional().describe('a name for the run, usable instead of its id'),
    models: z
      .array(modelSchema)
      .min(1, 'at least one model')
      .max(100, 'at most 100 models')
      .describe('the models: a spec string each, or an entry with the fields below'),
    tasks: z
      .array(taskRefSchema)
      .min(1, 'at least one task')
      .max(1000, 'at most 1000 tasks')
      .describe('the tasks: an id each, or `{ id, options }`'),
    regime: z
      .enum(['controlled', 'natural'])
      .default('controlled')
      .describe(
        'controlled: each budget is sent to the model; natural: no budget, the model reasons as it likes',
      ),
    budgets: z
      .union([budgetList, z.literal('paper')], {
        error: "a list of budgets in tokens, or 'paper'",
      })
      .default('paper')
      .describe(
        "reasoning budgets in tokens, or 'paper': for each model the list the paper ran on its family (Claude 0–16384, o-series 1024/4096/8192, Qwen3 0/1024/4096/8192, DeepSeek R1 0–8192)",
      ),
    trials: z
      .number()
      .int()
      .min(1, 'at least 1 trial')
      .max(MAX_TRIALS, `at most ${MAX_TRIALS} trials`)
      .optional()
      .describe(
        "samples per item and budget; in the natural regime, samples per item (default: the paper's, 3; natural 5)",
      ),
    seed: z
      .number()
      .int()
      .min(0)
      .default(1)
      .describe('experiment seed: the same seed gives the same items and sample seeds'),
    limit: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('use at most this many items per task (the first after a seeded shuffle)'),
    concurrency: z.number().int().min(1).max(4096).default(8).describe('requests in flight at once'),
    prompt: z
      .enum(['paper', 'cautioned'])
      .default('paper')
      .describe("the paper's prompts, or its cautioned variant (“you don't need to use all of it”)"),
    extractor: z
      .enum(['paper', 'overthink'])
      .default('paper')
      .describe(
        "how answers are read: the reference's `_extract_answer_tag` and matching, or overthink's more lenient one (unclosed tags, \\boxed{}, 'Answer:' lines)",
      ),
    anchoring: z
      .array(z.number().int().min(0).max(64))
      .min(1)
      .default([0])
      .describe('example-anchoring arms: solved examples from other items per prompt, e.g. [0, 8]'),
    scheduler: z
      .object({
        chunk: tokens('tokens')
          .min(1)
          .default(SCHEDULER_DEFAULTS.chunk)
          .describe('reasoning tokens per chunk'),
        agree: z
          .number()
          .int()
          .min(1)
          .max(32)
          .default(SCHEDULER_DEFAULTS.agree)
          .describe('stop when this many consecutive probes agree without hedging'),
        probeTokens: z
          .number()
          .int()
          .min(1)
          .max(1024)
          .default(SCHEDULER_DEFAULTS.probeTokens)
          .describe('tokens decoded per probe'),
        ceiling: tokens('tokens')
          .min(1)
          .optional()
          .describe('most reasoning tokens (default: the largest budget)'),
        hedges: z
          .array(z.string().min(1))
          .default([...SCHEDULER_DEFAULTS.hedges])
          .describe('words that mark a probe answer as unsure'),
        models: z
          .array(z.string().min(1))
          .min(1)
          .optional()
          .describe('model ids that get the arm (default: every model)'),
      })
      .strict()
      .optional()
      .describe(
        'the adaptive reasoning scheduler as an extra arm: reason in chunks, probe for an answer after each, stop when the probes agree (local:, sim:, openai-compatible with forcing)',
      ),
    maxTokens: z
      .object({
        headroom: tokens('tokens')
          .min(1)
          .optional()
          .describe(
            'max_tokens = budget + headroom (the paper: 10000 for API models, 16384 for open weights)',
          ),
        natural: tokens('tokens')
          .min(1)
          .optional()
          .describe('max_tokens in the natural regime (the paper: 26384 API, 32768 open weights)'),
      })
      .strict()
      .default({})
      .describe("output-token limits; each field left out takes the paper's rule for the model's family"),
    timeoutMs: ms
      .min(100)
      .optional()
      .describe(
        `per-request timeout in milliseconds; left out: ${DEFAULT_TIMEOUT_WORDS} (twice the 60 min per 128k tokens Anthropic expects at worst), so a healthy long generation is not cut off`,
      ),
    retries: z
      .number()
      .int()
      .min(0)
      .max(20)
      .default(4)
      .describe('retries per sample for retryable errors (rate limits, 5xx, timeouts, connection resets)'),
    maxCostUsd: z
      .number()
      .min(0)
      .optional()
      .describe('stop starting requests before the spend could pass this many USD'),
    confirmAboveUsd: z
      .number()
      .min(0)
      .default(5)
      .describe(
        '`run` asks before a plan whose priced models could cost more than this many USD, and refuses without a terminal unless `--yes` (sim: and local: are free; `maxCostUsd` caps what is at risk)',
      ),
    batch: z
      .boolean()
      .default(false)
      .describe('send requests through the batch APIs of anthropic: and openai: models, at the batch price'),
    batchOptions: z
      .object({
        retry: z
          .enum(['batch', 'sync'])
          .default('batch')
          .describe(
            'failed entries (errored, expired, cancelled) go into a new batch, or are sent synchronously',
          ),
        pollMs: ms
          .min(1)
          .default(30_000)
          .describe('first poll interval in ms; it grows up to maxPollMs while a batch is unchanged'),
        maxPollMs: ms.min(1).default(300_000).describe('longest poll interval in ms'),
        maxRequests: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe("at most this many requests per batch (the provider's own limit applies as well)"),
      })
      .strict()
      .default({ retry: 'batch', pollMs: 30_000, maxPollMs: 300_000 })
      .describe('how batches are sent and polled'),
    output: z
      .object({
        db: z
          .string()
          .default('overthink.db')
          .describe('the results store (SQLite); rerunning a run in it resumes it'),
        dir: z.string().optional().describe('the report folder (default: overthink-report/<store>-<run id>)'),
      })
      .strict()
      .default({ db: 'overthink.db' })
      .describe('where results go (the `--db` and `--out` flags win)'),
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
