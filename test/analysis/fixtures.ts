import type { CurvePoint } from '../../src/analysis/curves.js';
import { defaultTagConfig } from '../../src/analysis/failure-config.js';
import { type RunData, RunDataBuilder } from '../../src/analysis/samples.js';
import { memoryRun } from '../../src/analysis/synthetic.js';
import type { Budget } from '../../src/core/budget.js';
import { itemKey } from '../../src/core/item-key.js';
import type { Item, Metric } from '../../src/tasks/types.js';

/** A hand-made sample: which item, budget and trial, whether it is right, and its trace. */
export interface Row {
  item: string;
  budget: Budget;
  trial?: number;
  correct?: boolean;
  /** For number targets: the predicted value (overrides `correct`). */
  answer?: string;
  tokens?: number;
  reasoning?: string;
  text?: string;
  stop?: string;
  model?: string;
  task?: string;
}

/** Items of one task with answer 3 and the given strata; prompts mention the numbers 12 and 7. */
export function items(
  ids: string[],
  opts: { task?: string; strata?: (id: string) => Item['strata']; meta?: Item['meta'] } = {},
): Item[] {
  return ids.map((id) => ({
    taskId: opts.task ?? 't',
    itemId: id,
    prompt:
      'You have an apple, a pear and a plum. The apple cost 12 dollars and the pear weighs 7 ounces. How many fruits?',
    target: { kind: 'number', value: 3, tolerance: 0 },
    strata: opts.strata?.(id) ?? {},
    meta: opts.meta,
  }));
}

export function buildData(
  its: Item[],
  rows: Row[],
  o: { metric?: Metric; simulated?: boolean; excerptChars?: number } = {},
): RunData {
  const map = new Map(its.map((it) => [itemKey(it.taskId, it.itemId), it]));
  const metrics = new Map<string, Metric>(its.map((it) => [it.taskId, o.metric ?? 'accuracy']));
  const b = new RunDataBuilder(
    memoryRun('fixture', o.simulated ?? true),
    map,
    metrics,
    defaultTagConfig(),
    o.excerptChars ?? 0,
  );
  rows.forEach((r, i) => {
    const task = r.task ?? its[0].taskId;
    const answer = r.answer ?? (r.correct ? '3' : '5');
    b.add({
      key: `k${i}`,
      model: r.model ?? 'sim:test',
      taskId: task,
      itemId: r.item,
      budget: r.budget,
      trial: r.trial ?? 0,
      variant: 'paper',
      text: r.text ?? `<answer>${answer}</answer>`,
      reasoningText: r.reasoning ?? '',
      stopReason: r.stop ?? 'end',
      error: null,
      reasoningTokens: r.tokens ?? (r.budget === 'natural' ? 1000 : r.budget),
      reasoningSource: 'provider',
      maxTokens: 100000,
      costUsd: 0,
    });
  });
  return b.finish();
}

/** A curve point of model m, task t, all items: n = 100, mean tokens = the budget, other counts 0. */
export function curvePoint(
  budget: number,
  score: number,
  lo: number,
  hi: number,
  metric: CurvePoint['metric'] = 'accuracy',
): CurvePoint {
  const outcomes = { correct: 0, wrong: 0, unparsable: 0, truncated: 0, error: 0 };
  return {
    model: 'm',
    taskId: 't',
    variant: 'paper',
    stratum: 'all',
    budget,
    metric,
    n: 100,
    score,
    lo,
    hi,
    correct: 0,
    outcomes,
    lost: { wrong: 0, truncated: 0, unparsable: 0, refused: 0 },
    meanTokens: budget,
    q1Tokens: 0,
    medianTokens: 0,
    q3Tokens: 0,
  };
}
