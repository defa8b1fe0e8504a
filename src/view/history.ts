import type { RunInput } from '../analysis/compare.js';
import { excerpt } from '../analysis/trace-facts.js';
import { type Experiment, modelConfig, taskRef } from '../config/schema.js';
import { budgetLabel } from '../core/budget.js';
import { hashKey } from '../core/sample-key.js';
import { schedulerVariant } from '../core/scheduler.js';
import { targetText } from '../report/sample-data.js';
import { armsOf, budgetsOf, schedulerFor } from '../run/plan.js';
import { extractorOf, scoreSample } from '../score/score.js';
import type { DB } from '../store/db.js';
import type { RunRow } from '../store/runs.js';
import { answerReader, itemTargetJson } from '../store/view-rows.js';
import type { Target } from '../tasks/types.js';
import { compareInput } from './compare.js';
import { hasImportedScores } from './stored-score.js';

/** A run somewhere in the stores the viewer serves. */
export interface PlacedRun {
  store: number;
  db: DB;
  run: RunRow;
}

function experiment(run: RunRow): Experiment {
  return JSON.parse(run.config_json) as Experiment;
}

export function runLabel(r: PlacedRun): string {
  return `${r.run.created_at.slice(0, 10)} ${r.run.name ?? r.run.id}`;
}

/** Runs that ran `model` on `task`, oldest first: the releases a curve moved through. */
export function runsWith(runs: PlacedRun[], model: string, task: string): PlacedRun[] {
  return runs
    .filter((r) => {
      const exp = experiment(r.run);
      return (
        exp.models.some((m) => modelConfig(m).id === model) && exp.tasks.some((t) => taskRef(t).id === task)
      );
    })
    .sort((a, b) => a.run.created_at.localeCompare(b.run.created_at));
}

/**
 * One model's curves on one task in each run, oldest first, as compare inputs: the oldest run is the
 * baseline, so each later run's differences say how far the curve moved since.
 */
export function curveHistoryInputs(runs: PlacedRun[], model: string, task: string): RunInput[] {
  const seen = new Set<string>();
  return runsWith(runs, model, task).map((r) => {
    let label = runLabel(r);
    if (seen.has(label)) label = `${label}#${r.store}`;
    seen.add(label);
    const input = compareInput(r.db, r.run.id, label);
    const mine = <T extends { model: string; taskId: string }>(xs: T[]) =>
      xs.filter((x) => x.model === model && x.taskId === task);
    input.analysis = {
      curves: mine(input.analysis.curves),
      trends: mine(input.analysis.trends),
      shapes: mine(input.analysis.shapes ?? []),
      efficiency: mine(input.analysis.efficiency ?? []),
    };
    return input;
  });
}

export interface ItemAnswer {
  store: number;
  run: string;
  runLabel: string;
  key: string;
  model: string;
  variant: string;
  budget: string;
  trial: number;
  outcome: string;
  answer: string;
  expected: string;
  reasoningTokens: number | null;
}

/**
 * One item's answers in every run that planned it, at every budget and trial. Each run's sample keys
 * for the item are made from its stored config (hashKey, as the run made them), so each answer is a
 * primary-key lookup: no scan, whatever the store's size.
 */
export function itemAnswers(runs: PlacedRun[], task: string, item: string): ItemAnswer[] {
  const out: ItemAnswer[] = [];
  const ordered = [...runs].sort((a, b) => a.run.created_at.localeCompare(b.run.created_at));
  for (const r of ordered) {
    const exp = experiment(r.run);
    if (!exp.tasks.some((t) => taskRef(t).id === task)) continue;
    const targetJson = itemTargetJson(r.db, r.run.id, task, item);
    if (targetJson === undefined) continue;
    const target = JSON.parse(targetJson) as Target;
    const one = answerReader(r.db, r.run.id, hasImportedScores(r.run));
    const extractor = extractorOf(r.run.config_json);
    for (const m of exp.models.map(modelConfig)) {
      const arms = armsOf(exp).flatMap((a) => {
        const plain = budgetsOf(exp, m).map((budget) => ({ variant: a.variant, budget }));
        const s = schedulerFor(exp, m);
        return s ? [...plain, { variant: schedulerVariant(a.variant), budget: s.ceiling }] : plain;
      });
      for (const { variant, budget } of arms)
        for (let trial = 0; trial < exp.trials; trial++) {
          const key = hashKey(r.run.id, {
            model: m.id,
            taskId: task,
            itemId: item,
            regime: exp.regime,
            budget,
            trial,
            variant,
          });
          const row = one(key);
          if (!row) continue;
          const s = scoreSample(
            { text: row.text, stopReason: row.stop_reason, error: row.error, stored: row.stored },
            target,
            extractor,
          );
          out.push({
            store: r.store,
            run: r.run.id,
            runLabel: runLabel(r),
            key,
            model: m.id,
            variant,
            budget: budgetLabel(budget),
            trial,
            outcome: s.outcome,
            answer: s.answer === null ? '' : excerpt(s.answer, 200),
            expected: targetText(target),
            reasoningTokens: row.reasoning_tokens,
          });
        }
    }
  }
  return out;
}
