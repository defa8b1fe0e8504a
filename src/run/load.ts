import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import { allModels, budgetOverLimit, lookupModel } from '../budget/catalog.js';
import { getPreset } from '../config/presets.js';
import { budgetsFor, resolveExperiment } from '../config/resolve.js';
import {
  type Experiment,
  type ExperimentInput,
  experimentSchema,
  modelConfig,
  taskRef,
} from '../config/schema.js';
import { registerUrlSecrets } from '../config/url-credentials.js';
import { formatZodError } from '../config/zod-error.js';
import { checkBatchModel } from '../providers/batch/registry.js';
import { checkModelSpec, knownPrefixes, prefixOf, supportsScheduler } from '../providers/registry.js';
import { SIM_PROFILES } from '../providers/sim/profiles.js';
import { decodeUtf8, lineOfByte } from '../tasks/custom/text.js';
import { allTasks } from '../tasks/registry.js';
import { didYouMean } from '../util/did-you-mean.js';
import { UserError } from '../util/errors.js';
import { jsonErrorOffset, lineColOf } from '../util/json-error.js';

export interface LoadedExperiment {
  experiment: Experiment;
  /** Where relative paths in the config resolve from. */
  baseDir: string;
  /** Human description of where the config came from, for the manifest. */
  source: string;
  /** What loading changed that the reader did not write, one line each (the CLI prints them). */
  notes: string[];
}

/**
 * Builds an experiment from, in increasing priority: a preset, a YAML/JSON file, and CLI flags.
 * Validates it once, and checks task ids and model prefixes, so every mistake is reported before
 * anything is run or written.
 */
export function loadExperiment(opts: {
  preset?: string;
  file?: string;
  overrides?: Partial<ExperimentInput>;
}): LoadedExperiment {
  let input: Record<string, unknown> = {};
  const sources: string[] = [];
  if (opts.preset) {
    input = structuredClone(getPreset(opts.preset).config) as Record<string, unknown>;
    sources.push(`preset ${opts.preset}`);
  }
  let label = opts.preset ? `preset ${opts.preset} + flags` : 'flags';
  let baseDir = process.cwd();
  if (opts.file) {
    label = opts.file;
    baseDir = dirname(resolve(opts.file));
    input = { ...input, ...readConfigFile(opts.file) };
    sources.push(opts.file);
  }
  const notes: string[] = [];
  // A file's name describes its models: with --model replacing them, it would label another
  // experiment (a sim run called "sonnet-counting"), so it is dropped unless --name is given.
  const o = opts.overrides ?? {};
  if (opts.file && o.models !== undefined && o.name === undefined && typeof input.name === 'string') {
    notes.push(
      `the run is not named '${input.name}' (from ${opts.file}): --model replaced its models; give --name to name it`,
    );
    delete input.name;
  }
  for (const [k, v] of Object.entries(o)) if (v !== undefined) input[k] = v;
  if (Object.keys(o).length) sources.push('flags');
  const experiment = validateExperiment(input, label);
  return { experiment, baseDir, source: sources.join(' + ') || 'flags', notes };
}

/** An experiment is a page of settings; a file past this is a dataset or a log passed by mistake. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export function readConfigFile(file: string): Record<string, unknown> {
  let bytes: Buffer;
  try {
    // Refused before it is read, let alone parsed: a 50 MB file would exhaust the parser's memory.
    const st = statSync(file);
    if (st.isDirectory()) throw new UserError(`${file}: expected an experiment file, found a folder`);
    if (st.size > MAX_CONFIG_BYTES)
      throw new UserError(
        `${file}: ${st.size} bytes is too large for an experiment file (at most 1 MiB); a dataset goes in --dataset or a task's path`,
      );
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(
      `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  // Decoded strictly: a Latin-1 'é' must not silently become U+FFFD in a task id or run name.
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    throw new UserError(
      `${file}:${lineOfByte(bytes, decoded.badOffset)}: expected UTF-8 text, found an invalid byte sequence at byte ${decoded.badOffset}`,
    );
  }
  const text = decoded.text;
  if (text.trim() === '')
    throw new UserError(`${file}: empty file; expected an experiment (models, tasks, budgets…)`);
  let doc: unknown;
  try {
    doc = file.endsWith('.json')
      ? JSON.parse(text)
      : YAML.parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    const e = err as Error & { linePos?: { line: number; col: number }[] };
    // JSON.parse gives no line (and not always a position): find the first fault ourselves.
    const at = file.endsWith('.json') ? jsonErrorOffset(text) : undefined;
    const pos = e.linePos?.[0] ?? (at === undefined ? undefined : lineColOf(text, at));
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    throw new UserError(
      `${where}: malformed ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${firstLine(e.message)}`,
    );
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new UserError(`${file}: expected a mapping of experiment fields at the top level`);
  }
  return doc as Record<string, unknown>;
}

export function validateExperiment(input: unknown, label: string): Experiment {
  const parsed = experimentSchema.safeParse(input);
  if (!parsed.success)
    throw new UserError(`${label}: ${formatZodError(parsed.error, experimentSchema, input)}`);
  const exp = resolveExperiment(parsed.data);
  const taskIds = allTasks().map((t) => t.id);
  exp.tasks.forEach((t, i) => {
    const { id } = taskRef(t);
    if (!taskIds.includes(id))
      throw new UserError(
        `${label}: tasks[${i}]: unknown task '${id}'${didYouMean(id, taskIds)}; \`overthink tasks list\` shows all ${taskIds.length}`,
      );
  });
  exp.models.forEach((m, i) => {
    const { id } = modelConfig(m);
    const own = modelConfig(m).budgets !== undefined;
    const typo = modelTypo(id);
    if (typo) throw new UserError(`${label}: models[${i}]: ${typo}`);
    try {
      checkModelSpec(id);
      if (exp.batch) checkBatchModel(id);
    } catch (err) {
      throw new UserError(`${label}: models[${i}]: ${(err as Error).message}`);
    }
    if (exp.regime === 'controlled') {
      budgetsFor(exp, modelConfig(m)).forEach((b, j) => {
        const over = budgetOverLimit(id, b);
        if (over) throw new UserError(`${label}: ${own ? `models[${i}].budgets` : 'budgets'}[${j}]: ${over}`);
      });
    }
  });
  checkScheduler(exp, label);
  checkPlanShape(exp, label);
  registerUrlSecrets(exp);
  return exp;
}

/**
 * A model spec whose prefix or simulator is misspelt, said with a suggestion. (Hosted model names
 * are not checked here: a provider may serve one the catalog does not know yet; see
 * `uncataloguedModel`.)
 */
function modelTypo(id: string): string | undefined {
  const prefix = prefixOf(id);
  const prefixes = knownPrefixes();
  if (!prefixes.includes(prefix))
    return `unknown model prefix '${prefix}' in '${id}'${didYouMean(prefix, prefixes)}: expected one of ${prefixes.map((p) => `${p}:`).join(', ')}`;
  if (prefix === 'sim') {
    const name = id.slice(4);
    const sims = Object.keys(SIM_PROFILES);
    if (!sims.includes(name))
      return `unknown simulated model '${id}'${didYouMean(name, sims).replace(/'([^']+)'/g, "'sim:$1'")}: expected one of ${sims.map((x) => `sim:${x}`).join(', ')}`;
  }
  return undefined;
}

/**
 * A hosted model (anthropic:, openai:, google:) the catalog does not know: it may be new, or a typo.
 * Without an entry overthink has no price (so no cost estimate or spend guard) and no limits.
 */
export function uncataloguedModel(id: string): string | undefined {
  const prefix = prefixOf(id);
  if (!['anthropic', 'openai', 'google'].includes(prefix) || lookupModel(id)) return undefined;
  const known = allModels()
    .map((m) => m.match)
    .filter((m) => m.startsWith(`${prefix}:`));
  return `'${id}' is not in overthink's model table${didYouMean(id, known)}: it has no price (no cost estimate, no spend guard) and no known limits; \`overthink models list\` shows the table, \`overthink models check\` asks the provider`;
}

/** Most blocks (model × task × arm × budget × trial) a plan may hold: each is an object in memory. */
const MAX_PLAN_BLOCKS = 1_000_000;

/** The plan's block count, from the config alone, before anything is allocated by it. */
function checkPlanShape(exp: Experiment, label: string): void {
  const arms = new Set(exp.anchoring).size;
  let blocks = 0;
  for (const m of exp.models.map(modelConfig)) {
    const budgets = exp.regime === 'natural' ? 1 : budgetsFor(exp, m).length + (exp.scheduler ? 1 : 0);
    blocks += budgets * exp.tasks.length * arms * exp.trials;
  }
  if (blocks > MAX_PLAN_BLOCKS)
    throw new UserError(
      `${label}: models × tasks × anchoring arms × budgets × trials come to ${blocks} blocks of items, more than ${MAX_PLAN_BLOCKS}: lower trials or split the sweep`,
    );
}

/** The scheduler arm needs the controlled regime and models that can fork probes. */
function checkScheduler(exp: Experiment, label: string): void {
  const s = exp.scheduler;
  if (!s) return;
  if (exp.regime !== 'controlled') {
    throw new UserError(
      `${label}: scheduler: expected the controlled regime (the arm sits beside fixed budgets)`,
    );
  }
  const ids = exp.models.map((m) => modelConfig(m).id);
  s.models?.forEach((id, i) => {
    if (!ids.includes(id))
      throw new UserError(
        `${label}: scheduler.models[${i}]: '${id}' is not one of models (${ids.join(', ')})`,
      );
  });
  for (const m of exp.models.map(modelConfig)) {
    if (s.models && !s.models.includes(m.id)) continue;
    if (!supportsScheduler(m)) {
      throw new UserError(
        `${label}: scheduler: '${m.id}' cannot run the scheduler (it probes the trace between chunks, which needs a local:, sim: or openai-compatible model with forcing); list the models that can in scheduler.models`,
      );
    }
  }
}

/** One line: the first problem, with its field path, what was expected and what was found. */
export { formatZodError } from '../config/zod-error.js';

function firstLine(s: string): string {
  return s.split('\n')[0];
}
