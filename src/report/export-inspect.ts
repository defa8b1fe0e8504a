import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { budgetLabel } from '../core/budget.js';
import { itemKey } from '../core/item-key.js';
import { originOf } from '../run/origin.js';
import { ScoreMemo } from '../score/memo.js';
import { extractorOf } from '../score/score.js';
import type { Scored } from '../score/scored.js';
import { budgetFromDb } from '../store/budget-column.js';
import type { DB } from '../store/db.js';
import { type InspectRow, inspectRows } from '../store/export-rows.js';
import { loadItems } from '../store/items.js';
import { getRun } from '../store/runs.js';
import type { Item, Target } from '../tasks/types.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { VERSION } from '../version.js';
import { checkEvalLog } from './inspect-schema.js';

/**
 * `overthink export --inspect <dir>`: one Inspect EvalLog (.json) per model × task × prompt arm ×
 * budget, so a sweep opens in Inspect's own log viewer. Each sample × trial is an EvalSample (trial
 * t is epoch t + 1) whose score is overthink's outcome as Inspect's letters (C correct, I wrong,
 * N no answer: unparsable or truncated), the outcome itself in the score's metadata; the budget is
 * the generate config's reasoning_tokens (none for the natural budget), with the effort level a
 * request was sent with. Every log is checked against Inspect's schema before it is written; the
 * run id, arm and budget go in eval.metadata.overthink, so importing the logs back gives the same
 * samples.
 */
type Json = Record<string, unknown>;

const LETTER: Record<Scored['outcome'], string | null> = {
  correct: 'C',
  wrong: 'I',
  unparsable: 'N',
  truncated: 'N',
  error: null,
};
const STOP: Record<string, string> = { end: 'stop', max_tokens: 'max_tokens', refusal: 'content_filter' };

export function exportInspect(db: DB, runRef: string | undefined, dir: string): string[] {
  const run = getRun(db, runRef);
  const items = loadItems(db, run.id);
  const imported = originOf(run.manifest_json) !== null;
  const memo = new ScoreMemo(extractorOf(run.config_json));
  const rows = inspectRows(db, run.id, imported);
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  let group: InspectRow[] = [];
  const flush = () => {
    if (!group.length) return;
    const log = evalLog(run.id, run.created_at, run.simulated === 1, group, items, memo);
    const problems = checkEvalLog(log);
    if (problems.length)
      throw new Error(
        `the Inspect log for ${groupName(group[0])} does not fit Inspect's schema: ${problems[0]}`,
      );
    const file = join(dir, `${fileName(group[0])}.json`);
    writeFileAtomic(file, `${JSON.stringify(log)}\n`, 'the Inspect log');
    written.push(file);
    group = [];
  };
  for (const r of rows) {
    if (group.length && !sameGroup(group[0], r)) flush();
    group.push(r);
  }
  flush();
  return written;
}

const sameGroup = (a: InspectRow, b: InspectRow) =>
  a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
const groupName = (r: InspectRow) =>
  `${r[0]} · ${r[1]}${r[2] !== 'paper' ? ` · ${r[2]}` : ''} · budget ${budgetLabel(budgetFromDb(r[3]))}`;

function fileName(r: InspectRow): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');
  const arm = r[2] !== 'paper' ? `_${safe(r[2])}` : '';
  return `${safe(r[1])}_${safe(r[0])}${arm}_budget-${budgetLabel(budgetFromDb(r[3]))}`;
}

function evalLog(
  runId: string,
  created: string,
  simulated: boolean,
  rows: InspectRow[],
  items: Map<string, Item>,
  memo: ScoreMemo,
): Json {
  const [model, taskId, variant, budgetDb] = rows[0];
  const budget = budgetFromDb(budgetDb);
  const sent = parse(rows[0][17]);
  const effort = typeof sent?.reasoning_effort === 'string' ? sent.reasoning_effort : undefined;
  const config: Json = {
    ...(budget === 'natural' ? {} : { reasoning_tokens: budget }),
    ...(effort ? { reasoning_effort: effort } : {}),
    ...(rows[0][16] > 0 ? { max_tokens: rows[0][16] } : {}),
  };
  const samples = rows.map((r) => evalSample(r, items.get(itemKey(taskId, r[4])), memo));
  const scored = samples.filter((s) => s.scores);
  const correct = scored.filter((s) => ((s.scores as Json).overthink as Json).value === 'C').length;
  const totals = { input_tokens: 0, output_tokens: 0, total_tokens: 0, reasoning_tokens: 0 };
  for (const s of samples) {
    const u = (s.model_usage as Record<string, typeof totals>)[model];
    if (u) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += u[k] ?? 0;
  }
  const ids = [...new Set(rows.map((r) => r[4]))];
  const id = `${runId}-${budgetLabel(budget)}`;
  const finished = rows.map((r) => r[18]).sort();
  return {
    version: 2,
    status: 'success',
    eval: {
      eval_id: id,
      run_id: runId,
      created,
      task: taskId,
      task_id: taskId,
      task_version: 0,
      task_attribs: {},
      task_args: {},
      task_args_passed: {},
      dataset: { name: taskId, samples: ids.length, sample_ids: ids, shuffled: false },
      model,
      model_generate_config: config,
      model_args: {},
      config: { epochs: rows.reduce((m, r) => Math.max(m, r[5]), Number.NEGATIVE_INFINITY) + 1 },
      packages: { overthink: VERSION },
      metadata: { overthink: { run: runId, variant, budget: budgetLabel(budget), simulated } },
      scorers: [
        {
          name: 'overthink',
          options: {},
          metrics: [{ name: 'inspect_ai/accuracy', options: {} }],
          metadata: {},
        },
      ],
    },
    plan: {
      name: 'plan',
      steps: [{ solver: 'generate', params: {}, params_passed: {} }],
      config,
    },
    results: {
      total_samples: samples.length,
      completed_samples: scored.length,
      scores: [
        {
          name: 'overthink',
          scorer: 'overthink',
          params: {},
          metrics: {
            accuracy: { name: 'accuracy', value: scored.length ? correct / scored.length : 0, params: {} },
          },
        },
      ],
    },
    stats: {
      started_at: created,
      completed_at: finished.at(-1) ?? created,
      model_usage: { [model]: totals },
      role_usage: {},
      connection_limit_history: [],
    },
    invalidated: false,
    tags: [],
    metadata: {},
    samples,
  };
}

function evalSample(r: InspectRow, item: Item | undefined, memo: ScoreMemo): Json {
  const [model, , , , itemId, trial, text, reasoning, stop, error, input, output, rt, source, latency, cost] =
    r;
  const content: Json[] = [];
  if (reasoning !== null) content.push({ type: 'reasoning', reasoning, redacted: false });
  if (text !== null) content.push({ type: 'text', text });
  const message = { role: 'assistant', content, source: 'generate', model };
  const usage: Json = {
    input_tokens: input ?? 0,
    output_tokens: output ?? 0,
    total_tokens: (input ?? 0) + (output ?? 0),
    ...(rt !== null ? { reasoning_tokens: rt } : {}),
    ...(cost !== null ? { total_cost: cost } : {}),
  };
  const target = item ? targetText(item.target) : '';
  const sample: Json = {
    id: itemId,
    epoch: trial + 1,
    input: item?.prompt ?? '',
    ...(item?.target.kind === 'choice' || item?.target.kind === 'behavior'
      ? { choices: item.target.options }
      : {}),
    target,
    messages: [{ role: 'user', content: item?.prompt ?? '', source: 'input' }, message],
    output: {
      model,
      choices: [{ message, stop_reason: STOP[stop ?? ''] ?? 'unknown' }],
      completion: text ?? '',
      usage,
      ...(latency !== null ? { time: latency / 1000 } : {}),
    },
    // What Inspect's fields cannot say, for an import of this log back into overthink.
    metadata: { overthink: { reasoning_source: source, ...(item ? { target: item.target } : {}) } },
    store: {},
    events: [],
    model_usage: { [model]: usage },
    role_usage: {},
    attachments: {},
  };
  if (error !== null) {
    sample.error = { message: error, traceback: '', traceback_ansi: '' };
    return sample;
  }
  const s = item ? memo.score({ text, stopReason: stop, error, stored: r[19] }, item.target) : null;
  const letter = s ? LETTER[s.outcome] : null;
  if (s && letter)
    sample.scores = {
      overthink: {
        value: letter,
        ...(s.answer !== null ? { answer: s.answer } : {}),
        metadata: { outcome: s.outcome },
        history: [],
      },
    };
  return sample;
}

/** A target as Inspect holds one: the answer's text, or a choice's letter. */
function targetText(t: Target): string {
  switch (t.kind) {
    case 'exact':
      return t.value;
    case 'number':
      return String(t.value);
    case 'choice':
      return String.fromCharCode(65 + t.index);
    case 'behavior':
      return t.matching;
  }
}

function parse(json: string | null): Json | null {
  try {
    const v = JSON.parse(json ?? 'null');
    return v && typeof v === 'object' ? (v as Json) : null;
  } catch {
    return null;
  }
}
