import { budgetOrder } from '../analysis/curves.js';
import { TAG_NAMES } from '../analysis/failure-config.js';
import { type FlipSummary, flipMarks } from '../analysis/flips.js';
import { excerpt, itemKey, type RunData } from '../analysis/samples.js';
import { budgetLabel } from '../run/keys.js';
import type { Outcome } from '../score/score.js';
import type { Item, Target } from '../tasks/types.js';

export const OUTCOMES: Outcome[] = ['correct', 'wrong', 'unparsable', 'truncated', 'error'];

/**
 * The sample browser's data, column by column: one array per field, strings replaced by indexes
 * into small dictionaries. A 100k-sample run then costs a few bytes per sample plus its (already
 * shortened) trace excerpts. Model text only ever travels as JSON string values and is put on the
 * page with textContent.
 */
export interface EmbeddedSamples {
  v: 1;
  simulated: boolean;
  excerptChars: number;
  dict: {
    model: string[];
    task: string[];
    variant: string[];
    budget: string[];
    outcome: string[];
    tag: string[];
    stratum: string[];
  };
  item: { id: string[]; task: number[]; stratum: number[]; prompt: string[]; target: string[] };
  /** Per sample: model, task, variant, item, budget, trial, outcome, tag bits, tokens, flip (0/1 R→W/2 W→R). */
  s: {
    m: number[];
    t: number[];
    v: number[];
    i: number[];
    b: number[];
    tr: number[];
    o: number[];
    g: number[];
    k: number[];
    f: number[];
    ans: string[];
    txt: string[];
    rsn: string[];
  };
}

const PROMPT_CHARS = 2000;

export function buildSampleData(data: RunData, flips: FlipSummary[]): EmbeddedSamples {
  const dict = (xs: Iterable<string>, sort?: (a: string, b: string) => number) => [...new Set(xs)].sort(sort);
  const models = dict(data.samples.map((s) => s.model));
  const tasks = dict(data.samples.map((s) => s.taskId));
  const variants = dict(data.samples.map((s) => s.variant));
  const budgets = [...new Set(data.samples.map((s) => s.budget))].sort(
    (a, b) => budgetOrder(a) - budgetOrder(b),
  );
  const index = <T>(xs: T[]) => new Map(xs.map((x, i) => [x, i]));
  const mi = index(models);
  const ti = index(tasks);
  const vi = index(variants);
  const bi = index(budgets);
  const oi = index(OUTCOMES);
  const strata: string[] = [];
  const si = new Map<string, number>();
  const items: EmbeddedSamples['item'] = { id: [], task: [], stratum: [], prompt: [], target: [] };
  const itemIndex = new Map<string, number>();
  const itemOf = (taskId: string, itemId: string): number => {
    const k = itemKey(taskId, itemId);
    let i = itemIndex.get(k);
    if (i !== undefined) return i;
    const it = data.items.get(k);
    const label = stratumLabel(it);
    let st = -1;
    if (label) {
      st = si.get(label) ?? strata.length;
      if (st === strata.length) {
        strata.push(label);
        si.set(label, st);
      }
    }
    i = items.id.length;
    itemIndex.set(k, i);
    items.id.push(itemId);
    items.task.push(ti.get(taskId)!);
    items.stratum.push(st);
    items.prompt.push(it ? excerpt(it.prompt, PROMPT_CHARS) : '');
    items.target.push(it ? targetText(it.target) : '');
    return i;
  };
  const marks = flipMarks(data, flips);
  const s: EmbeddedSamples['s'] = {
    m: [],
    t: [],
    v: [],
    i: [],
    b: [],
    tr: [],
    o: [],
    g: [],
    k: [],
    f: [],
    ans: [],
    txt: [],
    rsn: [],
  };
  for (const x of data.samples) {
    s.m.push(mi.get(x.model)!);
    s.t.push(ti.get(x.taskId)!);
    s.v.push(vi.get(x.variant)!);
    s.i.push(itemOf(x.taskId, x.itemId));
    s.b.push(bi.get(x.budget)!);
    s.tr.push(x.trial);
    s.o.push(oi.get(x.outcome)!);
    s.g.push(x.tags);
    s.k.push(x.reasoningTokens);
    s.f.push(marks.get(x.key) ?? 0);
    s.ans.push(x.answer === null ? '' : excerpt(x.answer, 200));
    s.txt.push(x.textExcerpt ?? '');
    s.rsn.push(x.reasoningExcerpt ?? '');
  }
  return {
    v: 1,
    simulated: data.simulated,
    excerptChars: data.excerptChars,
    dict: {
      model: models,
      task: tasks,
      variant: variants,
      budget: budgets.map(budgetLabel),
      outcome: OUTCOMES,
      tag: [...TAG_NAMES],
      stratum: strata,
    },
    item: items,
    s,
  };
}

function stratumLabel(item: Item | undefined): string {
  if (!item) return '';
  return Object.entries(item.strata)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** The right answer as a reader would write it. */
export function targetText(t: Target): string {
  switch (t.kind) {
    case 'number':
      return t.tolerance > 0 ? `${t.value} (±${t.tolerance})` : String(t.value);
    case 'exact':
      return t.value;
    case 'choice':
      return `(${String.fromCharCode(65 + t.index)}) ${t.options[t.index] ?? ''}`;
    case 'behavior':
      return `safe: ${(t.safe === 'matching' ? t.matching : t.notMatching).trim()}`;
  }
}
