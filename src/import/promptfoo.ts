import { readFileSync, statSync } from 'node:fs';
import type { Budget } from '../core/budget.js';
import type { ReasoningSource } from '../core/response.js';
import type { Target } from '../tasks/types.js';
import { EFFORT_BUDGETS, EFFORT_NOTE } from './effort.js';
import { parseJsonText } from './json-text.js';
import { mapScore, mapStop } from './outcome.js';
import { badInput, type ForeignFile, type ImportedSample, isObject, shown, tokenCount } from './types.js';

/**
 * A promptfoo results file (`promptfoo eval -o results.json`), results format version 3 as in
 * promptfoo's src/types (EvaluateSummaryV3 inside an OutputFile). One sample per result row: the
 * model is the provider's id, the budget its config (Anthropic thinking.budget_tokens, Gemini
 * thinkingConfig.thinkingBudget, or an effort level: reasoning_effort, reasoning.effort, effort), the
 * item the test case, and repeats of a test its trials. Reasoning tokens come from
 * tokenUsage.completionDetails.reasoning; a row promptfoo served from its cache reports none, so its
 * count is unknown and the row is flagged. A pass is correct, a failed assertion wrong (truncated if
 * the model stopped at its token limit), a provider error an error.
 */
type Json = Record<string, unknown>;
// A results file is read whole (promptfoo writes it as one JSON document): past this, V8 cannot hold it.
const MAX_BYTES = 400 * 1024 * 1024;
/** ResultFailureReason.ERROR in promptfoo's types. */
const FAILURE_ERROR = 2;

export interface PromptfooOptions {
  task?: string;
  model?: string;
}

export function promptfooFile(path: string, o: PromptfooOptions = {}): ForeignFile {
  const file: ForeignFile = {
    tool: 'promptfoo',
    path,
    parts: [path],
    toolVersion: null,
    simulated: false,
    async *samples(): AsyncGenerator<ImportedSample> {
      const doc = read(path);
      const meta = isObject(doc.metadata) ? doc.metadata : {};
      file.toolVersion = typeof meta.promptfooVersion === 'string' ? meta.promptfooVersion : null;
      yield* mapResults(path, doc, o);
    },
  };
  return file;
}

function read(path: string): Json {
  if (statSync(path).isDirectory())
    throw badInput(path, '', 'a folder; expected a promptfoo results file (-o results.json)');
  if (statSync(path).size > MAX_BYTES) throw badInput(path, '', `larger than ${MAX_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch {
    throw badInput(path, '', 'not valid UTF-8 text');
  }
  const doc = parseJsonText(text, path);
  if (!isObject(doc)) throw badInput(path, '', 'not a promptfoo results file (expected a JSON object)');
  if (!isObject(doc.results))
    throw badInput(path, 'results', 'missing: not a promptfoo results file (promptfoo eval -o results.json)');
  const v = doc.results.version;
  if (v !== 3)
    throw badInput(
      path,
      'results.version',
      `${shown(v)} is not a results format overthink reads (promptfoo's version 3)`,
    );
  if (!Array.isArray(doc.results.results)) throw badInput(path, 'results.results', 'missing: no result rows');
  return doc;
}

function* mapResults(path: string, doc: Json, o: PromptfooOptions): Generator<ImportedSample> {
  const rows = (doc.results as Json).results as unknown[];
  const config = isObject(doc.config) ? doc.config : {};
  const providers = Array.isArray(config.providers) ? config.providers : [];
  const prompts = Array.isArray((doc.results as Json).prompts)
    ? ((doc.results as Json).prompts as unknown[])
    : [];
  const items = itemIds(path, rows);
  // results.prompts has one entry per prompt and provider: the prompts are the distinct ids among them.
  const distinctPrompts = new Set(rows.map((r) => (isObject(r) ? r.promptId : undefined))).size;
  const trials = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const notes = new Set<string>();
    const where = `results.results[${i}]`;
    const bad = (field: string, what: string) => badInput(path, `${where}.${field}`, what);
    if (!isObject(r)) throw badInput(path, where, 'not a result row');
    const provider = isObject(r.provider) ? r.provider : undefined;
    if (!provider || typeof provider.id !== 'string')
      throw bad('provider.id', `expected a provider id, found ${shown(provider?.id)}`);
    if (!Number.isInteger(r.testIdx))
      throw bad('testIdx', `expected a test index, found ${shown(r.testIdx)}`);
    if (typeof r.success !== 'boolean')
      throw bad('success', `expected true or false, found ${shown(r.success)}`);
    const pConfig = providerConfig(providers, provider);
    const { budget, level } = budgetOf(pConfig, (f, w) => bad(`provider config ${f}`, w));
    if (level) notes.add(EFFORT_NOTE);
    const variant = distinctPrompts > 1 ? promptLabel(r, prompts) : 'promptfoo';
    const model = o.model ?? provider.id;
    const itemId = items.get(i) as string;
    const trialKey = [model, JSON.stringify(budget), variant, itemId].join('\u0000');
    const trial = trials.get(trialKey) ?? 0;
    trials.set(trialKey, trial + 1);

    const response = isObject(r.response) ? r.response : {};
    const isCached = response.cached === true;
    const output =
      typeof response.output === 'string'
        ? response.output
        : response.output == null
          ? null
          : JSON.stringify(response.output);
    const { text, reasoning } = splitThinking(output);
    const stopReason = mapStop(response.finishReason);
    const usage = isObject(r.tokenUsage)
      ? r.tokenUsage
      : isObject(response.tokenUsage)
        ? response.tokenUsage
        : {};
    const details = isObject(usage.completionDetails) ? usage.completionDetails : {};
    const counted =
      typeof details.reasoning === 'number' && Number.isFinite(details.reasoning) ? details.reasoning : null;
    // A cached row's usage is the cache's (prompt and completion 0): it says nothing of the reasoning.
    const tokens = isCached ? null : counted;
    const source: ReasoningSource = tokens === null ? 'unknown' : 'provider';
    if (isCached)
      notes.add(
        "some rows were served from promptfoo's cache (flagged in their budget note): it reports no reasoning-token count for them",
      );
    else if (tokens === null)
      notes.add('some rows record no reasoning-token count: stored as unknown, not as 0');

    const failed = r.failureReason === FAILURE_ERROR;
    const error = failed ? (typeof r.error === 'string' && r.error ? r.error : 'provider error') : null;
    let score = null;
    if (!error) {
      const m = mapScore(r.success, 'promptfoo', null, stopReason);
      if ('why' in m) throw bad('success', m.why);
      score = { ...m.score, value: { pass: r.success, score: r.score ?? null } };
    }
    const test = isObject(r.testCase) ? r.testCase : {};
    const prompt = isObject(r.prompt) && typeof r.prompt.raw === 'string' ? r.prompt.raw : '';
    yield {
      model,
      taskId: o.task ?? 'promptfoo',
      item: {
        itemId,
        prompt,
        target: targetOf(test),
        meta: { promptfoo: { vars: test.vars ?? null, assert: test.assert ?? null } },
      },
      budget,
      trial,
      variant,
      sentParams: Object.keys(pConfig).length ? withoutSecrets(pConfig) : null,
      budgetNote:
        [
          level ? `promptfoo effort '${level}', stored at the nominal budget ${budget}` : '',
          isCached
            ? "served from promptfoo's cache: no reasoning-token count, and the latency is the cache's"
            : '',
        ]
          .filter(Boolean)
          .join('; ') || null,
      maxTokens: Number.isInteger(pConfig.max_tokens) ? (pConfig.max_tokens as number) : null,
      text,
      reasoningText: reasoning,
      inputTokens: isCached ? null : tokenCount(usage.prompt),
      outputTokens: isCached ? null : tokenCount(usage.completion),
      reasoningTokens: tokens,
      reasoningSource: source,
      stopReason,
      latencyMs: typeof r.latencyMs === 'number' ? r.latencyMs : null,
      costUsd: typeof r.cost === 'number' ? r.cost : null,
      error,
      score,
      raw: {
        promptfoo: {
          id: r.id ?? null,
          testIdx: r.testIdx,
          cached: isCached,
          tokenUsage: usage,
          score: r.score ?? null,
        },
      },
      where,
      notes: [...notes],
    };
  }
}

/** Each row's item: the test's description where it names one test, else the index of its first row. */
function itemIds(path: string, rows: unknown[]): Map<number, string> {
  const keyOf = (r: Json) =>
    JSON.stringify([
      isObject(r.testCase) ? (r.testCase.description ?? null) : null,
      isObject(r.testCase) ? (r.testCase.vars ?? null) : null,
    ]);
  const first = new Map<string, number>();
  const byDescription = new Map<string, Set<string>>();
  rows.forEach((r) => {
    if (!isObject(r)) return;
    const k = keyOf(r);
    if (!first.has(k) && Number.isInteger(r.testIdx)) first.set(k, r.testIdx as number);
    const d =
      isObject(r.testCase) && typeof r.testCase.description === 'string' ? r.testCase.description : null;
    if (d !== null) byDescription.set(d, (byDescription.get(d) ?? new Set()).add(k));
  });
  const out = new Map<number, string>();
  rows.forEach((r, i) => {
    if (!isObject(r)) return;
    const d =
      isObject(r.testCase) && typeof r.testCase.description === 'string' ? r.testCase.description : null;
    const k = keyOf(r);
    out.set(i, d !== null && byDescription.get(d)?.size === 1 ? d : `test-${first.get(k) ?? r.testIdx}`);
  });
  if (out.size !== rows.length) throw badInput(path, 'results.results', 'a row that is not a result');
  return out;
}

/** The config of the provider a row came from: by label when it has one, else by id. */
function providerConfig(providers: unknown[], p: Json): Json {
  const objects = providers.filter(isObject);
  const found =
    (typeof p.label === 'string' ? objects.find((c) => c.label === p.label) : undefined) ??
    objects.find((c) => c.id === p.id && (p.label === undefined || c.label === undefined));
  return found && isObject(found.config) ? found.config : {};
}

function budgetOf(c: Json, bad: (field: string, what: string) => Error): { budget: Budget; level?: string } {
  const at = (...path: string[]) => path.reduce<unknown>((x, k) => (isObject(x) ? x[k] : undefined), c);
  const tokens =
    at('thinking', 'budget_tokens') ?? at('generationConfig', 'thinkingConfig', 'thinkingBudget');
  if (tokens !== undefined) {
    if (!Number.isInteger(tokens) || (tokens as number) < 0)
      throw bad('thinking budget', `expected whole tokens, found ${shown(tokens)}`);
    return { budget: tokens as number };
  }
  const level = at('reasoning_effort') ?? at('reasoning', 'effort') ?? at('effort');
  if (level !== undefined) {
    if (typeof level !== 'string' || !Object.hasOwn(EFFORT_BUDGETS, level))
      throw bad(
        'reasoning_effort',
        `expected one of ${Object.keys(EFFORT_BUDGETS).join(', ')}, found ${shown(level)}`,
      );
    return { budget: EFFORT_BUDGETS[level], level };
  }
  return { budget: 'natural' };
}

/**
 * promptfoo's Anthropic provider writes a thinking block into the output as
 * `Thinking: <text>\nSignature: <signature>`, blocks joined by blank lines (and `Redacted Thinking:
 * <data>` for redacted ones). The answer is what follows.
 */
export function splitThinking(output: string | null): { text: string | null; reasoning: string | null } {
  if (output === null) return { text: null, reasoning: null };
  const m = /^Thinking: ([\s\S]*)\nSignature: \S*(?:\n\n([\s\S]*))?$/.exec(output);
  if (m) return { reasoning: m[1], text: m[2] ?? '' };
  const r = /^Redacted Thinking: \S*(?:\n\n([\s\S]*))?$/.exec(output);
  if (r) return { reasoning: null, text: r[1] ?? '' };
  return { text: output, reasoning: null };
}

/** The answer an equality or containment assertion looks for; else the assertions in words. */
function targetOf(test: Json): Target {
  const asserts = Array.isArray(test.assert) ? test.assert.filter(isObject) : [];
  const plain = asserts.find(
    (a) =>
      typeof a.value === 'string' &&
      ['equals', 'contains', 'icontains', 'starts-with', 'regex'].includes(String(a.type)),
  );
  if (plain) return { kind: 'exact', value: plain.value as string };
  return { kind: 'exact', value: asserts.map((a) => String(a.type)).join(', ') || '(no assertion)' };
}

function promptLabel(r: Json, prompts: unknown[]): string {
  const i = Number.isInteger(r.promptIdx) ? (r.promptIdx as number) : -1;
  const p = isObject(prompts[i]) ? prompts[i] : undefined;
  return typeof p?.label === 'string' && p.label ? p.label : `prompt-${i}`;
}

/** promptfoo writes "[REDACTED]" for keys; anything that still looks like a key is not stored. */
function withoutSecrets(c: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(c))
    if (!/key|token$|secret|password/i.test(k) || k === 'max_tokens') out[k] = v;
  return out;
}
