import { TAG_NAMES } from '../analysis/failure-config.js';
import { type FlipSummary, flipMarks } from '../analysis/flips.js';
import { indexSamples, strataLabels } from '../analysis/sample-index.js';
import type { RunData } from '../analysis/samples.js';
import { excerpt } from '../analysis/trace-facts.js';
import { budgetLabel } from '../core/budget.js';
import { itemKey } from '../core/item-key.js';
import type { Outcome } from '../core/outcome.js';
import type { Target } from '../tasks/types.js';

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
  /**
   * Per sample: model, task, variant, item, budget, trial, outcome, tag bits, tokens, flip bits (1 R→W
   * and 2 W→R from the smallest budget to the largest; 4 R→W and 8 W→R from the best to the largest).
   */
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

export function buildSampleData(
  data: RunData,
  flips: FlipSummary[],
  flipsFromBest: FlipSummary[] = [],
): EmbeddedSamples {
  const ix = indexSamples(data);
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
  const models = sorted(ix.curves.map((c) => c.model));
  const tasks = sorted(ix.curves.map((c) => c.taskId));
  const variants = sorted(ix.curves.map((c) => c.variant));
  const curveM = ix.curves.map((c) => models.indexOf(c.model));
  const curveT = ix.curves.map((c) => tasks.indexOf(c.taskId));
  const curveV = ix.curves.map((c) => variants.indexOf(c.variant));
  const strata: string[] = [];
  const si = new Map<string, number>();
  const items: EmbeddedSamples['item'] = { id: [], task: [], stratum: [], prompt: [], target: [] };
  for (const it of ix.items) {
    const item = data.items.get(itemKey(it.taskId, it.itemId));
    const label = strataLabels(item).slice(1).join(', '); // without 'all'
    let st = -1;
    if (label) {
      st = si.get(label) ?? strata.length;
      if (st === strata.length) {
        strata.push(label);
        si.set(label, st);
      }
    }
    items.id.push(it.itemId);
    items.task.push(tasks.indexOf(it.taskId));
    items.stratum.push(st);
    items.prompt.push(item ? excerpt(item.prompt, PROMPT_CHARS) : '');
    items.target.push(item ? targetText(item.target) : '');
  }
  const oi = new Map(OUTCOMES.map((o, i) => [o, i]));
  const marks = flipMarks(data, flips);
  for (const [k, v] of flipMarks(data, flipsFromBest, 2)) marks.set(k, (marks.get(k) ?? 0) | v);
  const n = data.samples.length;
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
  for (let j = 0; j < n; j++) {
    const x = data.samples[j];
    const c = ix.curve[j];
    s.m.push(curveM[c]);
    s.t.push(curveT[c]);
    s.v.push(curveV[c]);
    s.i.push(ix.item[j]);
    s.b.push(ix.budget[j]);
    s.tr.push(x.trial);
    s.o.push(oi.get(x.outcome)!);
    s.g.push(x.tags);
    s.k.push(x.reasoningTokens);
    s.f.push(marks.size ? (marks.get(x.key) ?? 0) : 0);
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
      budget: ix.budgets.map(budgetLabel),
      outcome: OUTCOMES,
      tag: [...TAG_NAMES],
      stratum: strata,
    },
    item: items,
    s,
  };
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
      return t.counts === 'matching'
        ? `matching: ${t.matching.trim()}`
        : `safe: ${(t.safe === 'matching' ? t.matching : t.notMatching).trim()}`;
  }
}
