import { type Command, Option } from 'commander';
import { type ExperimentInput, experimentSchema } from '../config/schema.js';
import { DEFAULT_TIMEOUT_MS, DEFAULT_TIMEOUT_WORDS } from '../config/timeout.js';
import { type LoadedExperiment, loadExperiment, uncataloguedModel } from '../run/load.js';
import { UserError } from '../util/errors.js';

/**
 * What an experiment gets for each field a config and the flags leave out, read from the schema so
 * the help cannot drift from it. (A flag has no commander default: that would override the config.)
 */
function schemaDefaults() {
  return experimentSchema.parse({ models: ['sim:inverse'], tasks: ['misleading-math'] });
}

/** Flags shared by every command that builds an experiment (run, plan). */
export function addExperimentFlags(cmd: Command): Command {
  const d = schemaDefaults();
  const dflt = (v: unknown) => ` (default: ${v})`;
  return cmd
    .option('-c, --config <file>', 'experiment file (YAML or JSON)')
    .option(
      '-p, --preset <name>',
      'start from a preset: quick, paper-main, paper-natural, paper-cautioned or paper-mwe (`overthink plan --preset <name>` shows what it runs)',
    )
    .option(
      '-m, --model <specs>',
      'model spec(s), comma-separated: sim:inverse, anthropic:<model>, openai:<model>, google:<model>, openai-compatible:<name>, local:<file.gguf>',
    )
    .option('-t, --tasks <ids>', 'task id(s), comma-separated (see `overthink tasks list`)')
    .option(
      '--dataset <files>',
      'your own dataset(s) as tasks: JSONL, CSV or JSON with prompt + answer (comma-separated)',
    )
    .option(
      '-b, --budgets <tokens>',
      "reasoning budgets in tokens, comma-separated, e.g. 0,1024,4096,16384; or 'paper' (the default): each model's list from the paper, e.g. Claude 0,1024,2048,4096,8192,16384, o-series 1024,4096,8192 (`plan` shows them)",
    )
    .addOption(
      new Option(
        '--regime <regime>',
        `controlled budgets, or natural (no stated budget)${dflt(d.regime)}`,
      ).choices(['controlled', 'natural']),
    )
    .option(
      '--trials <n>',
      "trials per item and budget; natural regime: samples per item (default: the paper's, 3; natural 5)",
    )
    .option('--seed <n>', `experiment seed: same seed, same items and sample seeds${dflt(d.seed)}`)
    .option('--limit <n>', 'use at most N items per task, a seeded random subset (default: every item)')
    .option('-j, --concurrency <n>', `requests in flight at once${dflt(d.concurrency)}`)
    .addOption(
      new Option(
        '--prompt <variant>',
        `the paper's prompt, or its cautioned variant${dflt(d.prompt)}`,
      ).choices(['paper', 'cautioned']),
    )
    .addOption(
      new Option(
        '--extractor <name>',
        `how answers are read: the paper's extractor and matching, or overthink's more lenient one${dflt(d.extractor)}`,
      ).choices(['paper', 'overthink']),
    )
    .option(
      '--max-cost <usd>',
      'stop starting requests before the spend could pass this many USD (default: no limit)',
    )
    .option(
      '--confirm-above <usd>',
      `\`run\` asks before a plan estimated above this many USD, and refuses without a terminal unless --yes${dflt(d.confirmAboveUsd)}`,
    )
    .option(
      '--timeout <ms>',
      `per-request timeout in milliseconds${dflt(`${DEFAULT_TIMEOUT_MS}, ${DEFAULT_TIMEOUT_WORDS}`)}`,
    )
    .option(
      '--retries <n>',
      `retries per sample for retryable errors (rate limits, 5xx, timeouts)${dflt(d.retries)}`,
    )
    .option('--base-url <urls>', 'base URL(s) for the model, comma-separated (openai-compatible, or a proxy)')
    .addOption(
      new Option('--budget-mode <mode>', 'openai-compatible: how the budget reaches the server').choices([
        'prompt',
        'vllm',
        'llamacpp',
        'none',
      ]),
    )
    .option(
      '--anchoring <shots>',
      'example-anchoring arms: solved examples per prompt, comma-separated, e.g. 0,8,16',
    )
    .option('--name <name>', 'a name for the run, usable instead of its id')
    .option(
      '--batch',
      "send requests through the provider's batch API (anthropic:, openai:) at the batch price",
    )
    .addOption(
      new Option(
        '--batch-retry <mode>',
        'failed batch entries go into a new batch, or are sent synchronously',
      ).choices(['batch', 'sync']),
    )
    .option(
      '--batch-poll <ms>',
      'first interval between batch status checks in ms (grows to 10x while unchanged)',
    )
    .option('--batch-size <n>', 'at most N requests per batch (the provider limit applies as well)');
}

export interface ExperimentFlags {
  config?: string;
  preset?: string;
  model?: string;
  tasks?: string;
  dataset?: string;
  budgets?: string;
  regime?: 'controlled' | 'natural';
  trials?: string;
  seed?: string;
  limit?: string;
  concurrency?: string;
  prompt?: 'paper' | 'cautioned';
  extractor?: 'paper' | 'overthink';
  maxCost?: string;
  confirmAbove?: string;
  timeout?: string;
  retries?: string;
  baseUrl?: string;
  budgetMode?: 'prompt' | 'vllm' | 'llamacpp' | 'none';
  anchoring?: string;
  name?: string;
  batch?: boolean;
  batchRetry?: 'batch' | 'sync';
  batchPoll?: string;
  batchSize?: string;
}

export function experimentFromFlags(f: ExperimentFlags): LoadedExperiment {
  if (!f.config && !f.preset && !f.model) {
    throw new UserError('nothing to run: give --config <file>, --preset <name>, or --model and --tasks');
  }
  if (!f.config && !f.preset && !f.tasks && !f.dataset) {
    throw new UserError(
      "--model needs --tasks <ids> (or --dataset <file>): 'overthink tasks list' shows the tasks",
    );
  }
  const o: Partial<ExperimentInput> = {};
  if (f.model) {
    const ids = list(f.model, '--model');
    const extra = {
      ...(f.baseUrl
        ? { baseUrl: list(f.baseUrl, '--base-url').length > 1 ? list(f.baseUrl, '--base-url') : f.baseUrl }
        : {}),
      ...(f.budgetMode ? { budgetMode: f.budgetMode } : {}),
    };
    o.models = ids.map((id) => (Object.keys(extra).length ? { id, ...extra } : id));
  } else if (f.baseUrl || f.budgetMode) {
    throw new UserError('--base-url and --budget-mode need --model');
  }
  if (f.tasks || f.dataset) {
    o.tasks = [
      ...(f.tasks ? list(f.tasks, '--tasks') : []),
      ...(f.dataset ? list(f.dataset, '--dataset').map((path) => ({ id: 'custom', options: { path } })) : []),
    ];
  }
  if (f.budgets)
    o.budgets =
      f.budgets.trim() === 'paper' ? 'paper' : list(f.budgets, '--budgets').map((b) => int(b, '--budgets'));
  if (f.regime) o.regime = f.regime;
  if (f.trials) o.trials = int(f.trials, '--trials');
  if (f.seed) o.seed = int(f.seed, '--seed');
  if (f.limit) o.limit = int(f.limit, '--limit');
  if (f.concurrency) o.concurrency = int(f.concurrency, '--concurrency');
  if (f.prompt) o.prompt = f.prompt;
  if (f.extractor) o.extractor = f.extractor;
  if (f.maxCost) o.maxCostUsd = num(f.maxCost, '--max-cost');
  if (f.confirmAbove) o.confirmAboveUsd = num(f.confirmAbove, '--confirm-above');
  if (f.timeout) o.timeoutMs = int(f.timeout, '--timeout');
  if (f.retries) o.retries = int(f.retries, '--retries');
  if (f.anchoring) o.anchoring = list(f.anchoring, '--anchoring').map((k) => int(k, '--anchoring'));
  if (f.name) o.name = f.name;
  if (f.batch) o.batch = true;
  if (f.batchRetry || f.batchPoll || f.batchSize) {
    const poll = f.batchPoll ? int(f.batchPoll, '--batch-poll') : undefined;
    o.batchOptions = {
      ...(f.batchRetry ? { retry: f.batchRetry } : {}),
      ...(poll !== undefined ? { pollMs: poll, maxPollMs: poll * 10 } : {}),
      ...(f.batchSize ? { maxRequests: int(f.batchSize, '--batch-size') } : {}),
    };
  }
  const loaded = loadExperiment({ preset: f.preset, file: f.config, overrides: o });
  for (const n of loaded.notes) process.stderr.write(`overthink: note: ${n}\n`);
  for (const m of loaded.experiment.models) {
    const note = uncataloguedModel(typeof m === 'string' ? m : m.id);
    if (note) process.stderr.write(`overthink: warning: ${note}\n`);
  }
  return loaded;
}

function list(s: string, flag: string): string[] {
  const xs = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (xs.length === 0) throw new UserError(`${flag}: expected a comma-separated list`);
  return xs;
}

export function int(s: string, flag: string): number {
  if (!/^-?\d+$/.test(s.trim())) throw new UserError(`${flag}: '${s}' is not a whole number`);
  return Number(s);
}

function num(s: string, flag: string): number {
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) throw new UserError(`${flag}: '${s}' is not a number`);
  return n;
}
