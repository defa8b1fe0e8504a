import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Budget } from '../core/budget.js';
import { estimateTokens } from '../providers/common.js';
import { EFFORT_BUDGETS, EFFORT_NOTE } from './effort.js';
import { expandPaths } from './files.js';
import { parseJsonText } from './json-text.js';
import { mapScore } from './outcome.js';
import { badInput, type ForeignFile, type ImportedSample, isObject, shown } from './types.js';

/**
 * lm-evaluation-harness output (`--output_path <dir> --log_samples`): for each run a
 * `results_<date>.json` (aggregates, each task's config, the model's args and gen_kwargs) beside
 * one `samples_<task>_<date>.jsonl` per task, a line per document and filter, as lm-eval's
 * evaluator and EvaluationTracker write them. One sample per document (its repeats are scored
 * together by lm-eval's metric). The budget is the named key of gen_kwargs or model_args (or of the
 * task's generation_kwargs): a token budget or an effort level. lm-eval keeps no reasoning count:
 * it is estimated from the <think> text where the response still holds it (source 'estimate'), and
 * unknown where the harness cut it off (think_end_token) or the model's API never returned it.
 */
export interface LmEvalOptions {
  /** Which filter's results to read when a task has several (gsm8k: strict-match, flexible-extract). */
  filter?: string;
  /** Which per-sample metric is the score when there are several (default: the only one). */
  metric?: string;
  /** The gen_kwargs or model_args key that holds the budget (default: the usual names). */
  budgetKey?: string;
}

const TOKEN_KEYS = [
  'thinking_budget',
  'reasoning_tokens',
  'budget_tokens',
  'max_thinking_tokens',
  'thinking_tokens',
];
const LEVEL_KEYS = ['reasoning_effort', 'effort'];
const RESULTS = /^results_(.+)\.json$/;

export function lmEvalFiles(paths: string[], o: LmEvalOptions = {}): ForeignFile[] {
  const results = expandPaths(paths, (f) => RESULTS.test(basename(f)), 'lm-eval results_*.json');
  return results.map((path) => lmEvalFile(path, o));
}

function lmEvalFile(path: string, o: LmEvalOptions): ForeignFile {
  const date = RESULTS.exec(basename(path))?.[1];
  if (!date) throw badInput(path, '', 'not an lm-eval results file (results_<date>.json)');
  const head = readResults(path);
  const tasks = Object.keys(head.configs as Record<string, unknown>).sort();
  const parts = [path, ...tasks.map((t) => samplesFile(path, t, date))];
  const file: ForeignFile = {
    tool: 'lm-eval',
    path,
    parts,
    toolVersion: versionOf(head),
    simulated: false,
    async *samples(): AsyncGenerator<ImportedSample> {
      const results = readResults(path);
      for (const task of tasks) yield* taskSamples(path, results, task, samplesFile(path, task, date), o);
    },
  };
  return file;
}

function readResults(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch (err) {
    if ((err as { code?: string }).code) throw err;
    throw badInput(path, '', 'not valid UTF-8 text');
  }
  const r = parseJsonText(text, path);
  if (!isObject(r)) throw badInput(path, '', 'not an lm-eval results file (expected a JSON object)');
  for (const f of ['results', 'configs'] as const)
    if (!isObject(r[f])) throw badInput(path, f, 'missing: not an lm-eval results file');
  if (!isObject(r.config)) throw badInput(path, 'config', "missing: the run's model and arguments");
  if (Object.keys(r.configs as object).length === 0) throw badInput(path, 'configs', 'no tasks');
  return r;
}

/** samples_<task>_<date>.jsonl beside the results file, which only --log_samples writes. */
function samplesFile(results: string, task: string, date: string): string {
  const dir = dirname(results);
  const want = `samples_${task}_${date}.jsonl`;
  if (!readdirSync(dir).includes(want))
    throw badInput(
      results,
      `configs.${task}`,
      `no ${want} beside it: run lm-eval with --log_samples to keep each sample`,
    );
  return join(dir, want);
}

async function* taskSamples(
  path: string,
  results: Record<string, unknown>,
  task: string,
  file: string,
  o: LmEvalOptions,
): AsyncGenerator<ImportedSample> {
  const config = results.config as Record<string, unknown>;
  const taskConfig = isObject((results.configs as Record<string, unknown>)[task])
    ? ((results.configs as Record<string, unknown>)[task] as Record<string, unknown>)
    : {};
  const genKwargs = { ...args(taskConfig.generation_kwargs), ...args(config.gen_kwargs) };
  const modelArgs = args(config.model_args);
  const { budget, level, key } = budgetOf(path, { ...modelArgs, ...genKwargs }, o.budgetKey);
  const model = modelName(path, results);
  const filters = await filtersIn(file);
  const filter = o.filter ?? (filters.length === 1 ? filters[0] : undefined);
  if (filter === undefined)
    throw badInput(file, '', `several filters (${filters.join(', ')}): choose one with --filter`);
  if (!filters.includes(filter))
    throw badInput(file, '', `no filter '${filter}' here (found ${filters.join(', ')})`);
  const repeats = Number.isInteger(taskConfig.repeats) ? (taskConfig.repeats as number) : 1;

  let line = 0;
  for await (const text of createInterface({
    input: createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    line++;
    if (text.trim() === '') continue;
    const where = `line ${line}`;
    const s = parseJsonText(text, file, '', line);
    if (!isObject(s)) throw badInput(file, where, 'not a JSON object');
    if (s.filter !== filter) continue;
    const bad = (field: string, what: string) => badInput(file, `${where}: ${field}`, what);
    if (!Number.isInteger(s.doc_id)) throw bad('doc_id', `expected a document id, found ${shown(s.doc_id)}`);
    const metrics = Array.isArray(s.metrics)
      ? s.metrics.filter((m): m is string => typeof m === 'string')
      : [];
    const metric = o.metric ?? (metrics.length === 1 ? metrics[0] : undefined);
    if (metric === undefined)
      throw bad(
        'metrics',
        metrics.length
          ? `several metrics (${metrics.join(', ')}): choose one with --metric`
          : 'missing: no metric for this sample',
      );
    if (!(metric in s)) throw bad(metric, 'missing: the sample has no value for its metric');
    const m = mapScore(s[metric], metric, filtered(s.filtered_resps), null);
    if ('why' in m) throw bad(metric, m.why);
    const notes = [
      'lm-eval records no stop reason: an answer cut off at the token limit counts as wrong, not truncated',
    ];
    if (m.partial)
      notes.push('partial credit (a score between 0 and 1) counts as not correct; the value is kept');
    if (level) notes.push(EFFORT_NOTE);
    if (repeats > 1)
      notes.push(
        `${task} has ${repeats} repeats per document, scored together by lm-eval: one sample each, its text the first repeat`,
      );
    const response = firstResponse(s.resps);
    const { answer, thought } = splitThink(response);
    if (thought === null)
      notes.push(
        'some responses hold no <think> text (cut off by think_end_token, or never returned): their reasoning tokens are unknown',
      );
    const prompt = promptOf(s.arguments);
    yield {
      model,
      taskId: task,
      item: {
        itemId: String(s.doc_id),
        prompt,
        target: { kind: 'exact', value: String(s.target ?? '') },
        meta: { 'lm-eval': { doc_hash: s.doc_hash ?? null } },
      },
      budget,
      trial: 0,
      variant: 'lm-eval',
      sentParams: Object.keys(genKwargs).length ? genKwargs : null,
      budgetNote: level ? `lm-eval ${key} '${level}', stored at the nominal budget ${budget}` : null,
      maxTokens: Number.isInteger(genKwargs.max_gen_toks) ? (genKwargs.max_gen_toks as number) : null,
      text: answer,
      reasoningText: thought,
      inputTokens: null,
      outputTokens: null,
      reasoningTokens: thought === null ? null : estimateTokens(thought),
      reasoningSource: thought === null ? 'unknown' : 'estimate',
      stopReason: null,
      latencyMs: null,
      costUsd: null,
      error: null,
      score: m.score,
      raw: {
        'lm-eval': {
          doc_id: s.doc_id,
          filter,
          filtered_resps: s.filtered_resps ?? null,
          [metric]: s[metric],
        },
      },
      where: `${basename(file)}: ${where}`,
      notes,
    };
  }
}

/** The filters a samples file holds, in the order they first appear. */
async function filtersIn(file: string): Promise<string[]> {
  const seen = new Set<string>();
  let line = 0;
  for await (const text of createInterface({
    input: createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    line++;
    if (text.trim() === '') continue;
    const s = parseJsonText(text, file, '', line);
    if (isObject(s) && typeof s.filter === 'string') seen.add(s.filter);
    else throw badInput(file, `line ${line}: filter`, 'missing: not an lm-eval sample line');
  }
  if (seen.size === 0) throw badInput(file, '', 'holds no samples');
  return [...seen];
}

/** gen_kwargs and model_args as a dict, or the "k=v,k=v" string lm-eval's command line takes. */
function args(v: unknown): Record<string, unknown> {
  if (isObject(v)) return v;
  if (typeof v !== 'string' || v.trim() === '') return {};
  const out: Record<string, unknown> = {};
  for (const part of v.split(',')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const raw = part.slice(i + 1).trim();
    out[part.slice(0, i).trim()] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  return out;
}

function budgetOf(
  path: string,
  a: Record<string, unknown>,
  wanted?: string,
): { budget: Budget; level?: string; key?: string } {
  const key = wanted ?? [...TOKEN_KEYS, ...LEVEL_KEYS].find((k) => a[k] !== undefined);
  if (key === undefined) return { budget: 'natural' };
  const v = a[key];
  if (v === undefined)
    throw badInput(path, `config.gen_kwargs.${key}`, 'missing: --budget-key names a key the run did not set');
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { budget: v, key };
  if (typeof v === 'string' && Object.hasOwn(EFFORT_BUDGETS, v))
    return { budget: EFFORT_BUDGETS[v], level: v, key };
  throw badInput(
    path,
    `config.gen_kwargs.${key}`,
    `expected whole tokens or an effort level, found ${shown(v)}`,
  );
}

/** The model's name as lm-eval's tracker records it (model_name), else its args' pretrained/model. */
function modelName(path: string, r: Record<string, unknown>): string {
  if (typeof r.model_name === 'string' && r.model_name) return r.model_name;
  const a = args((r.config as Record<string, unknown>).model_args);
  for (const k of ['pretrained', 'model', 'path', 'engine'])
    if (typeof a[k] === 'string' && a[k]) return a[k] as string;
  throw badInput(path, 'model_name', 'missing: no model name in the results');
}

function versionOf(r: Record<string, unknown>): string | null {
  const v = r.lm_eval_version;
  return typeof v === 'string' && /^\d+\.\d+/.test(v) ? v : null;
}

/** resps is a list (one per request) of lists (one per repeat) of strings. */
function firstResponse(resps: unknown): string | null {
  const first = Array.isArray(resps) ? resps[0] : undefined;
  const r = Array.isArray(first) ? first[0] : first;
  return typeof r === 'string' ? r : null;
}

function filtered(v: unknown): string | null {
  const f = Array.isArray(v) ? v[0] : v;
  return typeof f === 'string' ? f : null;
}

/** The response's reasoning (<think>…</think>, or all before a lone </think>) and its answer. */
export function splitThink(text: string | null): { answer: string | null; thought: string | null } {
  if (text === null) return { answer: null, thought: null };
  const end = text.lastIndexOf('</think>');
  if (end < 0) {
    const open = text.indexOf('<think>');
    // Opened but never closed: the reasoning ran to the end of the response.
    return open < 0 ? { answer: text, thought: null } : { answer: '', thought: text.slice(open + 7) };
  }
  const start = text.lastIndexOf('<think>', end);
  return { thought: text.slice(start < 0 ? 0 : start + 7, end), answer: text.slice(end + 8).trim() };
}

/** The prompt: arguments.gen_args_0.arg_0, as EvaluationTracker writes it (a string, or chat JSON). */
function promptOf(a: unknown): string {
  const g = isObject(a) && isObject(a.gen_args_0) ? a.gen_args_0 : undefined;
  const p = g?.arg_0;
  return typeof p === 'string' ? p : p === undefined ? '' : JSON.stringify(p);
}
