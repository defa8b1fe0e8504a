import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import YAML from 'yaml';
import type { ZodError } from 'zod';
import { checkBatchModel } from '../providers/batch/registry.js';
import { budgetOverLimit } from '../providers/catalog.js';
import { checkModelSpec, supportsScheduler } from '../providers/registry.js';
import { decodeUtf8, lineOfByte } from '../tasks/custom/text.js';
import { getTask } from '../tasks/registry.js';
import { UserError } from '../util/errors.js';
import { jsonErrorOffset, lineColOf } from '../util/json-error.js';
import { getPreset } from './presets.js';
import { budgetsFor, resolveExperiment } from './resolve.js';
import { type Experiment, type ExperimentInput, experimentSchema, modelConfig, taskRef } from './schema.js';
import { registerUrlSecrets } from './url-credentials.js';

export interface LoadedExperiment {
  experiment: Experiment;
  /** Where relative paths in the config resolve from. */
  baseDir: string;
  /** Human description of where the config came from, for the manifest. */
  source: string;
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
  for (const [k, v] of Object.entries(opts.overrides ?? {})) if (v !== undefined) input[k] = v;
  if (Object.keys(opts.overrides ?? {}).length) sources.push('flags');
  const experiment = validateExperiment(input, label);
  return { experiment, baseDir, source: sources.join(' + ') || 'flags' };
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
  if (!parsed.success) throw new UserError(`${label}: ${formatZodError(parsed.error)}`);
  const exp = resolveExperiment(parsed.data);
  exp.tasks.forEach((t, i) => {
    try {
      getTask(taskRef(t).id);
    } catch (err) {
      throw new UserError(`${label}: tasks[${i}]: ${(err as Error).message}`);
    }
  });
  exp.models.forEach((m, i) => {
    const { id } = modelConfig(m);
    const own = modelConfig(m).budgets !== undefined;
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

/** One line: the first problem, with its field path and what was expected. */
export function formatZodError(err: ZodError): string {
  const issue = deepest(err.issues[0]);
  const path = issue.path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );
  let msg = issue.message.replace(
    /^Invalid input: expected (\w+), received undefined$/,
    'missing: expected a $1',
  );
  if (issue.code === 'unrecognized_keys')
    msg = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more)` : '';
  return `${path || '(top level)'}: ${msg}${more}`;
}

type Issue = ZodError['issues'][number];

/**
 * A union's error names the union alone ("a list of budgets, or 'paper'"); when one branch got past
 * the type of the value (a list whose second budget is fractional), its own issue says more.
 */
function deepest(issue: Issue): Issue {
  if (issue.code !== 'invalid_union') return issue;
  const deeper = issue.errors.filter((branch) => branch.some((i) => i.path.length > 0));
  if (deeper.length !== 1) return issue;
  const inner = deeper[0][0];
  return deepest({ ...inner, path: [...issue.path, ...inner.path] } as Issue);
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}
