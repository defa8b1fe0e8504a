import type { Budget } from '../../core/budget.js';
import type { ReasoningSource, StopReason } from '../../core/response.js';
import type { StoredScore } from '../../score/stored.js';
import type { Target } from '../../tasks/types.js';
import { EFFORT_BUDGETS, EFFORT_NOTE } from '../effort.js';
import { mapScore, mapStop } from '../outcome.js';
import { badInput, type ImportedSample, shown, tokenCount } from '../types.js';
import { isObject, type Json, type LogSample } from './eval-log.js';

/**
 * One Inspect sample × epoch as an overthink sample. The budget is the eval's generate config
 * (`plan.config` over `eval.model_generate_config`, as Inspect merges them): `reasoning_tokens`, or
 * `reasoning_effort` kept as a level at a nominal budget; neither is the model's own default, the
 * natural budget. Reasoning tokens come from `model_usage` with their source; the answer and the
 * reasoning from the final conversation, with `attachment://` references resolved and, where the
 * messages are pooled (message de-duplication), the pool expanded; the score is mapped to an
 * outcome with the original kept.
 */
export interface MapOptions {
  /** Which of several scorers to read (default: the only one). */
  scorer?: string;
  model?: string;
  task?: string;
}

/**
 * Inspect counted Claude's reasoning tokens with the token-counting API over the thinking text the
 * Messages API returns, which for Claude 4 and later is a summary. PR #5126 (merged 29 August 2026,
 * after 0.3.260) reads the API's own count instead; releases before it carry summary counts.
 */
export const SUMMARY_COUNT_FIXED_IN = [0, 3, 261];

const SOURCES = new Set<string>(['provider', 'tokenizer', 'forced', 'estimate', 'none', 'summary']);

export function mapSample(file: string, s: LogSample, o: MapOptions): ImportedSample {
  const notes = new Set<string>();
  const { header, sample, where } = s;
  const eval_ = header.eval as Json;
  const bad = (field: string, what: string) => badInput(file, `${where}: ${field}`, what);
  if (typeof sample.id !== 'string' && typeof sample.id !== 'number')
    throw bad('id', `expected a sample id, found ${shown(sample.id)}`);
  if (!Number.isInteger(sample.epoch) || (sample.epoch as number) < 1)
    throw bad('epoch', `expected an epoch from 1, found ${shown(sample.epoch)}`);
  const attachments = isObject(sample.attachments) ? (sample.attachments as Record<string, unknown>) : {};
  const resolve = (v: unknown) => resolveAttachments(v, attachments);

  const config = generateConfig(header);
  const { budget, note } = budgetOf(config, file, header);
  if (note) notes.add(note);
  const model = o.model ?? (eval_.model as string);
  const ours =
    isObject(eval_.metadata) && isObject(eval_.metadata.overthink) ? eval_.metadata.overthink : null;

  const output = isObject(sample.output) ? (resolve(sample.output) as Json) : {};
  const choice = Array.isArray(output.choices) && isObject(output.choices[0]) ? output.choices[0] : undefined;
  const conversation = conversationOf(sample, resolve);
  const assistant = conversation.filter((m) => m.role === 'assistant');
  const last = (isObject(choice?.message) ? choice.message : undefined) ?? assistant.at(-1);
  const completion =
    typeof output.completion === 'string' && output.completion !== '' ? output.completion : null;
  const text = completion ?? (last ? contentText(last.content) : null);
  const reasoning = reasoningText(assistant.length ? assistant : last ? [last] : []);

  const stopReason: StopReason | null =
    isObject(sample.limit) && sample.limit.type === 'token' ? 'max_tokens' : mapStop(choice?.stop_reason);
  const usage = usageOf(sample, eval_.model as string, output);
  const counted = reasoningCount(usage, eval_.model as string, header, notes);
  // A log overthink wrote says where its counts came from, and each item's target as overthink held it.
  const mine =
    ours && isObject(sample.metadata) && isObject(sample.metadata.overthink)
      ? sample.metadata.overthink
      : null;
  const source =
    mine && SOURCES.has(mine.reasoning_source as string) && counted.tokens !== null
      ? (mine.reasoning_source as ReasoningSource)
      : counted.source;
  const tokens = counted.tokens;

  const error = isObject(sample.error) ? String(sample.error.message ?? 'error') : null;
  let score: StoredScore | null = null;
  let original: unknown = null;
  if (!error) {
    const picked = pickScore(sample, o.scorer, bad);
    original = picked.score;
    const answer = typeof picked.score.answer === 'string' ? (resolve(picked.score.answer) as string) : null;
    const m = mapScore(picked.score.value, picked.name, answer, stopReason);
    if ('why' in m) throw bad(`scores.${picked.name}.value`, m.why);
    score = m.score;
    if (m.partial)
      notes.add('partial credit (P, or a score between 0 and 1) counts as not correct; the value is kept');
    // A log overthink wrote carries its own outcome (truncated vs wrong is not in C/I/N alone).
    const own = ours && isObject(picked.score.metadata) ? picked.score.metadata.outcome : undefined;
    if (typeof own === 'string' && ['correct', 'wrong', 'unparsable', 'truncated'].includes(own))
      score = { ...score, outcome: own as StoredScore['outcome'] };
  }

  const timeS = typeof output.time === 'number' ? output.time : undefined;
  return {
    model,
    taskId: o.task ?? (eval_.task as string),
    item: itemOf(sample, resolve, bad, mine && isTarget(mine.target) ? mine.target : undefined),
    budget,
    trial: (sample.epoch as number) - 1,
    variant: ours && typeof ours.variant === 'string' ? ours.variant : 'inspect',
    sentParams: Object.keys(config).length ? config : null,
    budgetNote: budgetNoteOf(config),
    maxTokens: Number.isInteger(config.max_tokens) ? (config.max_tokens as number) : null,
    text,
    reasoningText: reasoning,
    inputTokens: tokenCount(usage?.input_tokens),
    outputTokens: tokenCount(usage?.output_tokens),
    reasoningTokens: tokens,
    reasoningSource: source,
    stopReason,
    latencyMs: timeS !== undefined && Number.isFinite(timeS) ? Math.round(timeS * 1000) : null,
    costUsd:
      typeof usage?.total_cost === 'number' && Number.isFinite(usage.total_cost) ? usage.total_cost : null,
    error,
    score,
    raw: { inspect: { id: sample.id, epoch: sample.epoch, usage: usage ?? null, score: original } },
    where,
    notes: [...notes],
  };
}

/** The eval's generate config, as Inspect merges it for a call: the plan's over the model's. */
function generateConfig(header: Json): Json {
  const model = isObject((header.eval as Json).model_generate_config)
    ? ((header.eval as Json).model_generate_config as Json)
    : {};
  const plan = isObject(header.plan) && isObject(header.plan.config) ? header.plan.config : {};
  const out: Json = {};
  for (const [k, v] of [...Object.entries(model), ...Object.entries(plan)]) if (v !== null) out[k] = v;
  return out;
}

function budgetOf(config: Json, file: string, header: Json): { budget: Budget; note?: string } {
  // Which of the two configs a field came from, for the message.
  const at = (f: string) =>
    isObject(header.plan) && isObject(header.plan.config) && header.plan.config[f] != null
      ? `plan.config.${f}`
      : `eval.model_generate_config.${f}`;
  const tokens = config.reasoning_tokens;
  if (tokens !== undefined) {
    if (!Number.isInteger(tokens) || (tokens as number) < 0)
      throw badInput(
        file,
        at('reasoning_tokens'),
        `expected a whole number of tokens, found ${shown(tokens)}`,
      );
    return { budget: tokens as number };
  }
  const effort = config.reasoning_effort;
  if (effort !== undefined) {
    if (typeof effort !== 'string' || !Object.hasOwn(EFFORT_BUDGETS, effort))
      throw badInput(
        file,
        at('reasoning_effort'),
        `expected one of ${Object.keys(EFFORT_BUDGETS).join(', ')}, found ${shown(effort)}`,
      );
    return {
      budget: EFFORT_BUDGETS[effort],
      note: EFFORT_NOTE,
    };
  }
  return { budget: 'natural' };
}

function budgetNoteOf(config: Json): string | null {
  const effort = config.reasoning_effort;
  if (config.reasoning_tokens !== undefined || typeof effort !== 'string') return null;
  return `Inspect reasoning_effort '${effort}', stored at the nominal budget ${EFFORT_BUDGETS[effort]}`;
}

/** The sample's final conversation: its messages, or else the last model call's input and output. */
function conversationOf(sample: Json, resolve: (v: unknown) => unknown): Json[] {
  if (Array.isArray(sample.messages) && sample.messages.length)
    return (resolve(sample.messages) as unknown[]).filter(isObject);
  const events = Array.isArray(sample.events) ? sample.events.filter(isObject) : [];
  const call = events.filter((e) => e.event === 'model').at(-1);
  if (!call) return [];
  let input = Array.isArray(call.input) ? call.input : [];
  if (!input.length && Array.isArray(call.input_refs)) {
    // Message de-duplication: the call's input as [start, end) ranges into the sample's pool.
    const data = isObject(sample.events_data) ? sample.events_data : undefined;
    const pool = Array.isArray(data?.messages)
      ? data.messages
      : Array.isArray(sample.message_pool)
        ? sample.message_pool
        : [];
    input = call.input_refs.flatMap((r) =>
      Array.isArray(r) && Number.isInteger(r[0]) && Number.isInteger(r[1]) ? pool.slice(r[0], r[1]) : [],
    );
  }
  const out = isObject(call.output) && Array.isArray(call.output.choices) ? call.output.choices : [];
  const reply = isObject(out[0]) && isObject(out[0].message) ? [out[0].message] : [];
  return (resolve([...input, ...reply]) as unknown[]).filter(isObject);
}

/** A message's text: a string, or the text parts of its content list. */
function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const parts = content.filter((c) => isObject(c) && c.type === 'text' && typeof c.text === 'string');
  return parts.length ? parts.map((c) => (c as Json).text).join('\n') : null;
}

/** Every reasoning block of the assistant's turns; a redacted one gives its summary if it has one. */
function reasoningText(messages: Json[]): string | null {
  const parts: string[] = [];
  for (const m of messages) {
    if (!Array.isArray(m.content)) continue;
    for (const c of m.content) {
      if (!isObject(c) || c.type !== 'reasoning') continue;
      const t = c.redacted ? c.summary : (c.reasoning ?? c.summary);
      if (typeof t === 'string') parts.push(t);
    }
  }
  return parts.length ? parts.join('\n\n') : null;
}

/** The evaluated model's usage: its entry in model_usage (other entries are graders), else output.usage. */
function usageOf(sample: Json, model: string, output: Json): Json | undefined {
  const byModel = isObject(sample.model_usage) ? sample.model_usage : {};
  const own = byModel[model];
  if (isObject(own)) return own;
  const entries = Object.values(byModel).filter(isObject);
  if (entries.length === 1) return entries[0];
  return isObject(output.usage) ? output.usage : undefined;
}

function reasoningCount(
  usage: Json | undefined,
  model: string,
  header: Json,
  notes: Set<string>,
): { tokens: number | null; source: ReasoningSource } {
  const version = inspectVersion(header);
  const n = usage?.reasoning_tokens;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    notes.add('some samples record no reasoning-token count: stored as unknown, not as 0');
    return { tokens: null, source: 'unknown' };
  }
  if (!/claude/i.test(model) || (version !== null && !before(version, SUMMARY_COUNT_FIXED_IN)))
    return { tokens: n, source: 'provider' };
  // Claude 3.7 returned its whole thinking, so Inspect's count was a count of the reasoning itself.
  if (/claude-3/i.test(model)) return { tokens: n, source: 'tokenizer' };
  notes.add(
    `Inspect ${inspectVersionText(header) ?? '(version not recorded)'} counted ${model}'s reasoning tokens over the summarised thinking the API returns (before the fix of PR #5126, after 0.3.260): these counts, source 'summary', are lower than the tokens the model reasoned and was billed for`,
  );
  return { tokens: n, source: 'summary' };
}

function pickScore(
  sample: Json,
  wanted: string | undefined,
  bad: (field: string, what: string) => Error,
): { name: string; score: Json } {
  const scores = isObject(sample.scores) ? sample.scores : {};
  const names = Object.keys(scores);
  if (names.length === 0)
    throw bad('scores', 'missing: the sample was not scored, and overthink needs its score');
  const name = wanted ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined)
    throw bad('scores', `several scorers (${names.join(', ')}): choose one with --scorer`);
  const score = scores[name];
  if (!isObject(score))
    throw bad(`scores.${name}`, wanted ? `no such scorer here (found ${names.join(', ')})` : 'not a score');
  return { name, score };
}

function itemOf(
  sample: Json,
  resolve: (v: unknown) => unknown,
  bad: (f: string, w: string) => Error,
  own?: Target,
) {
  const input = resolve(sample.input);
  const prompt =
    typeof input === 'string'
      ? input
      : Array.isArray(input)
        ? input
            .filter(isObject)
            .map((m) => contentText(m.content) ?? '')
            .filter((t) => t !== '')
            .join('\n\n')
        : null;
  if (prompt === null) throw bad('input', `expected the sample's input, found ${shown(sample.input)}`);
  const raw = resolve(sample.target);
  const targets =
    typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((t) => typeof t === 'string') : null;
  if (!targets) throw bad('target', `expected a string or a list of strings, found ${shown(sample.target)}`);
  const choices = Array.isArray(sample.choices) ? sample.choices.filter((c) => typeof c === 'string') : null;
  const letter = targets.length === 1 ? /^[A-Z]$/.exec(targets[0].trim())?.[0] : undefined;
  const index = letter ? letter.charCodeAt(0) - 65 : -1;
  const target: Target = own
    ? own
    : choices && index >= 0 && index < choices.length
      ? { kind: 'choice', options: choices, index }
      : { kind: 'exact', value: targets.join(' | ') };
  return {
    itemId: String(sample.id),
    prompt,
    target,
    meta: { inspect: { target: raw, ...(choices ? { choices } : {}) } },
  };
}

/** Strings `attachment://<hash>` (and the older `tc://<hash>`) replaced by the sample's attachment. */
export function resolveAttachments(v: unknown, attachments: Record<string, unknown>): unknown {
  if (typeof v === 'string') {
    const m = /^(?:attachment|tc):\/\/(.+)$/.exec(v);
    const found = m ? attachments[m[1]] : undefined;
    return typeof found === 'string' ? found : v;
  }
  if (Array.isArray(v)) return v.map((x) => resolveAttachments(x, attachments));
  if (isObject(v)) {
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) out[k] = resolveAttachments(x, attachments);
    return out;
  }
  return v;
}

/** eval.packages.inspect_ai as numbers ("0.3.95.dev16+g…" → [0, 3, 95]); a dev build counts as before its release. */
export function inspectVersion(header: Json): number[] | null {
  const p = (header.eval as Json).packages;
  const v = isObject(p) ? p.inspect_ai : undefined;
  if (typeof v !== 'string') return null;
  const m = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(v);
  if (!m) return null;
  const n = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (/dev|rc|a\d|b\d/.test(m[4])) n[2] -= 0.5;
  return n;
}

export function inspectVersionText(header: Json): string | null {
  const p = (header.eval as Json).packages;
  const v = isObject(p) ? p.inspect_ai : undefined;
  return typeof v === 'string' ? v : null;
}

function before(a: number[], b: number[]): boolean {
  for (let i = 0; i < b.length; i++) if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) < b[i];
  return false;
}

/** A target as overthink writes one (an export's metadata): checked, since the file is untrusted. */
function isTarget(v: unknown): v is Target {
  if (!isObject(v)) return false;
  const strings = (x: unknown) => Array.isArray(x) && x.length > 0 && x.every((o) => typeof o === 'string');
  switch (v.kind) {
    case 'exact':
      return typeof v.value === 'string';
    case 'number':
      return typeof v.value === 'number' && Number.isFinite(v.value) && typeof v.tolerance === 'number';
    case 'choice':
      return (
        strings(v.options) &&
        Number.isInteger(v.index) &&
        (v.index as number) >= 0 &&
        (v.index as number) < (v.options as string[]).length
      );
    case 'behavior':
      return (
        strings(v.options) &&
        typeof v.matching === 'string' &&
        typeof v.notMatching === 'string' &&
        (v.safe === 'matching' || v.safe === 'notMatching')
      );
    default:
      return false;
  }
}
