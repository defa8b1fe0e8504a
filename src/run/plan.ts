import { createHash } from 'node:crypto';
import { budgetsFor, familyOptions, tokenLimitsFor } from '../config/resolve.js';
import { type Experiment, type ModelConfig, modelConfig } from '../config/schema.js';
import { withoutUrlCredentials } from '../config/url-credentials.js';
import type { Budget } from '../core/budget.js';
import { hashKey, type SampleKey, sampleSeed } from '../core/sample-key.js';
import { type SchedulerSettings, schedulerVariant } from '../core/scheduler.js';
import { armVariant, pickShots } from '../prompts/anchoring.js';
import { systemPrompt } from '../prompts/system.js';
import { batchDiscount } from '../providers/batch/price.js';
import { supportsBatch } from '../providers/batch/registry.js';
import { pricesFor } from '../providers/common.js';
import type { Item } from '../tasks/types.js';
import { shotPool, type TaskItems } from './items.js';

export interface PlannedSample {
  key: SampleKey;
  hash: string;
  seed: number;
  maxTokens: number;
  model: ModelConfig;
  item: Item;
  /** Solved examples shown before the question (anchoring arms only). */
  shots: Item[];
  /** Set on the scheduler arm. */
  scheduler?: SchedulerSettings;
}

/**
 * Options that change how a sample travels, not what it is: a streamed answer is stored as the same
 * answer unstreamed, and either HTTP client sends the same body. Switching them resumes the run.
 */
const TRANSPORT_OPTIONS = new Set(['stream', 'client', 'streamIdleSeconds']);

/**
 * A run's id is a hash of what makes its samples what they are (models, tasks, budgets, trials,
 * seed, prompts, token policy), not of how it is executed (concurrency, timeouts, transport, output
 * paths). Rerunning the same experiment therefore resumes it.
 */
export function runIdOf(given: Experiment): string {
  return idOf(given, (m) => withoutTransport(m, given.regime === 'natural'));
}

/**
 * The id the same experiment had before transport options left the id (they were hashed with the
 * model), or undefined when it is the same: a run started then is still found and resumed.
 */
export function legacyRunIdOf(given: Experiment): string | undefined {
  const legacy = idOf(given, (m) => m);
  return legacy === runIdOf(given) ? undefined : legacy;
}

/**
 * The model as if written without its transport options. Key order is part of the id (the resolver
 * keeps the user's order and appends what it fills in), so options left holding only what the
 * resolver would have filled in anyway move to where it puts them: the end.
 */
function withoutTransport(m: ModelConfig, natural: boolean): ModelConfig {
  if (!m.options || !Object.keys(m.options).some((k) => TRANSPORT_OPTIONS.has(k))) return m;
  const rest = Object.entries(m.options).filter(([k]) => !TRANSPORT_OPTIONS.has(k));
  const filled = Object.entries(familyOptions(m.id, natural));
  const onlyFilled =
    rest.length === filled.length && rest.every(([k, v], i) => filled[i]?.[0] === k && filled[i]?.[1] === v);
  if (!onlyFilled) return { ...m, options: Object.fromEntries(rest) };
  const { options: _o, ...out } = m;
  return rest.length > 0 ? { ...out, options: Object.fromEntries(rest) } : out;
}

function idOf(given: Experiment, model: (m: ModelConfig) => ModelConfig): string {
  // A key in a base URL is not part of the experiment: a rotated key resumes the same run.
  const exp = withoutUrlCredentials(given);
  const identity = {
    models: exp.models
      .map(modelConfig)
      .map(model)
      .map(({ maxConcurrency: _c, prices: _p, label: _l, ...m }) => m),
    tasks: exp.tasks,
    regime: exp.regime,
    budgets: exp.regime === 'natural' ? ['natural'] : exp.budgets,
    // The paper protocol (its prompts, items and per-family settings): runs made before it are
    // different experiments, and never resumed by it.
    protocol: 2,
    extractor: exp.extractor,
    trials: exp.trials,
    seed: exp.seed,
    limit: exp.limit ?? null,
    prompt: exp.prompt,
    anchoring: exp.anchoring,
    maxTokens: exp.maxTokens,
    // Absent unless set, so adding the field did not change the ids of earlier runs.
    ...(exp.scheduler ? { scheduler: exp.scheduler } : {}),
  };
  return `r-${createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 12)}`;
}

/** The budgets a model runs: 'natural' alone in the natural regime. */
export function budgetsOf(exp: Experiment, model: ModelConfig): Budget[] {
  return exp.regime === 'natural' ? ['natural'] : budgetsFor(exp, model);
}

/** The output-token limit for a budget: budget + headroom, or the natural limit (per model family). */
export function maxTokensFor(exp: Experiment, model: ModelConfig, budget: Budget): number {
  const limits = tokenLimitsFor(exp, model);
  return budget === 'natural' ? limits.natural : budget + limits.headroom;
}

export function planSize(exp: Experiment, tasks: TaskItems[]): number {
  const items = tasks.reduce((s, t) => s + t.items.length, 0);
  let perItem = 0;
  for (const m of exp.models.map(modelConfig)) {
    perItem += budgetsOf(exp, m).length + (schedulerFor(exp, m) ? 1 : 0);
  }
  return items * exp.trials * armsOf(exp).length * perItem;
}

/** The scheduler's settings for a model, or undefined when it gets no scheduler arm. */
export function schedulerFor(exp: Experiment, model: ModelConfig): SchedulerSettings | undefined {
  const s = exp.scheduler;
  if (!s || exp.regime !== 'controlled' || (s.models && !s.models.includes(model.id))) return undefined;
  return {
    chunk: s.chunk,
    agree: s.agree,
    probeTokens: s.probeTokens,
    ceiling: s.ceiling ?? Math.max(...budgetsFor(exp, model)),
    hedges: s.hedges,
  };
}

/** Anchoring arms, each with its number of solved examples. */
export function armsOf(exp: Experiment): { variant: string; shots: number }[] {
  return [...new Set(exp.anchoring)]
    .sort((a, b) => a - b)
    .map((shots) => ({ variant: armVariant(exp.prompt, shots), shots }));
}

/**
 * A stretch of consecutive planned samples: one model, task, arm, budget and trial, over every item
 * of the task in order. A plan is a list of blocks; a sample's place in it is (block, item index).
 */
export interface PlanBlock {
  model: ModelConfig;
  task: TaskItems;
  variant: string;
  shots: number;
  budget: Budget;
  trial: number;
  /** Set on the scheduler arm's blocks, whose budget is the ceiling. */
  scheduler?: SchedulerSettings;
}

/**
 * The plan's blocks in order: model, task, arm, budget, trial (then the scheduler arm's trials), so
 * that partial progress is spread over items rather than piled on the first ones.
 */
export function planBlocks(exp: Experiment, tasks: TaskItems[]): PlanBlock[] {
  const blocks: PlanBlock[] = [];
  for (const model of exp.models.map(modelConfig)) {
    const scheduler = schedulerFor(exp, model);
    for (const task of tasks) {
      for (const { variant, shots } of armsOf(exp)) {
        for (const budget of budgetsOf(exp, model))
          for (let trial = 0; trial < exp.trials; trial++)
            blocks.push({ model, task, variant, shots, budget, trial });
        // The scheduler arm: one sample per item and trial, its ceiling as the key's budget.
        if (!scheduler) continue;
        const arm = schedulerVariant(variant);
        for (let trial = 0; trial < exp.trials; trial++)
          blocks.push({ model, task, variant: arm, shots, budget: scheduler.ceiling, trial, scheduler });
      }
    }
  }
  return blocks;
}

/** The key of a block's sample for `item`. */
export function blockKey(exp: Experiment, b: PlanBlock, item: Item): SampleKey {
  return {
    model: b.model.id,
    taskId: b.task.taskId,
    itemId: item.itemId,
    regime: exp.regime,
    budget: b.budget,
    trial: b.trial,
    variant: b.variant,
  };
}

/** A block's sample for `item`, its key already hashed. */
export function blockSample(
  exp: Experiment,
  b: PlanBlock,
  item: Item,
  key: SampleKey,
  hash: string,
): PlannedSample {
  const s: PlannedSample = {
    key,
    hash,
    seed: b.model.seeds?.[b.trial] ?? sampleSeed(exp.seed, key),
    maxTokens: maxTokensFor(exp, b.model, b.budget),
    model: b.model,
    item,
    shots: b.shots > 0 ? pickShots(shotPool(b.task), item, b.shots, exp.seed) : [],
  };
  if (b.scheduler) s.scheduler = b.scheduler;
  return s;
}

/**
 * Expands the plan into samples, lazily, so a paper-scale plan never sits in memory at once.
 * Samples whose hash `skip` accepts (already stored) are passed over before their seed and shots are
 * derived.
 */
export function* planSamples(
  exp: Experiment,
  runId: string,
  tasks: TaskItems[],
  skip?: (hash: string) => boolean,
): Generator<PlannedSample> {
  for (const b of planBlocks(exp, tasks)) {
    for (const item of b.task.items) {
      const key = blockKey(exp, b, item);
      const hash = hashKey(runId, key);
      if (!skip?.(hash)) yield blockSample(exp, b, item, key, hash);
    }
  }
}

export interface EstimateRow {
  model: string;
  budget: Budget;
  /** 'scheduler' for the reasoning scheduler's arm, whose budget is its ceiling. */
  arm?: 'scheduler';
  samples: number;
  inputTokens: number;
  /**
   * Expected output tokens: the budget (soft budgets land around it) plus a short answer. For the
   * scheduler arm an upper bound: the ceiling, plus every probe it could make.
   */
  outputTokens: number;
  costUsd: number | null;
  batchCostUsd: number | null;
}

function promptChars(items: Iterable<Item>): number {
  let n = 0;
  for (const it of items) n += it.prompt.length;
  return n;
}

/** Rough tokens-and-cost table per model × budget, computed before anything is spent. */
export function estimatePlan(exp: Experiment, tasks: TaskItems[]): EstimateRow[] {
  const answerTokens = 50;
  const naturalGuess = 4000;
  const arms = armsOf(exp);
  const shotsPerItem = arms.reduce((acc, a) => acc + a.shots, 0);
  // What depends on neither model nor budget: each task's size and prompt characters.
  const sizes = tasks.map((t) => ({
    n: t.items.length,
    chars: t.promptChars ?? promptChars(t.items),
  }));
  const samples = sizes.reduce((acc, t) => acc + t.n, 0) * exp.trials * arms.length;
  const inputTokensAt = (budget: Budget): number => {
    const sys = systemPrompt(budget, false, exp.prompt).length;
    let tokens = 0;
    for (const { n, chars } of sizes) {
      const shotChars = shotsPerItem * (chars / Math.max(1, n));
      tokens += Math.ceil(
        ((chars * arms.length + shotChars * n + (sys + 120) * n * arms.length) / 4) * exp.trials,
      );
    }
    return tokens;
  };
  const rows: EstimateRow[] = [];
  for (const model of exp.models.map(modelConfig)) {
    const prices = pricesFor(model);
    // Only where overthink has a batch path; the discount as the batch runner applies it.
    const discount = supportsBatch(model.id) ? batchDiscount(model) : undefined;
    const row = (budget: Budget, perSample: number, arm?: 'scheduler'): EstimateRow => {
      const inputTokens = inputTokensAt(budget);
      const outputTokens = perSample * samples;
      const costUsd = prices ? (inputTokens * prices.input + outputTokens * prices.output) / 1e6 : null;
      const batchCostUsd = costUsd === null || discount === undefined ? null : costUsd * (1 - discount);
      return {
        model: model.id,
        budget,
        ...(arm ? { arm } : {}),
        samples,
        inputTokens,
        outputTokens,
        costUsd,
        batchCostUsd,
      };
    };
    for (const budget of budgetsOf(exp, model)) {
      rows.push(row(budget, (budget === 'natural' ? naturalGuess : budget) + answerTokens));
    }
    const sched = schedulerFor(exp, model);
    if (sched) {
      const probes = Math.ceil(sched.ceiling / sched.chunk) * sched.probeTokens;
      rows.push(row(sched.ceiling, sched.ceiling + probes + answerTokens, 'scheduler'));
    }
  }
  return rows;
}
