import { excerpt } from '../analysis/trace-facts.js';
import { type Experiment, modelConfig, taskRef } from '../config/schema.js';
import { budgetLabel } from '../core/budget.js';
import { itemKey } from '../core/item-key.js';
import type { Outcome } from '../core/outcome.js';
import { schedulerVariant } from '../core/scheduler.js';
import { OUTCOMES, targetText } from '../report/sample-data.js';
import { armsOf, budgetsOf, schedulerFor } from '../run/plan.js';
import { ScoreMemo } from '../score/memo.js';
import { type Extractor, extractorOf } from '../score/score.js';
import { budgetFromDb, budgetToDb } from '../store/budget-column.js';
import type { DB } from '../store/db.js';
import type { RunRow } from '../store/runs.js';
import {
  type BrowserFilter,
  browserCount,
  browserRowids,
  browserRowReader,
  itemTargetJson,
  samplesSince,
} from '../store/view-rows.js';
import type { Target } from '../tasks/types.js';
import { UserError } from '../util/errors.js';
import { hasImportedScores } from './stored-score.js';

/**
 * The sample browser's server side: filters and paging in SQL (store/view-rows.ts) over the samples_by_run index
 * (run, model, task, budget; rowid last), so a page of a 1M-sample run reads one page of rows.
 * Outcomes are scored on read, not stored: a filter on outcome uses an index of outcomes by rowid
 * that is scored once per run and then only for rows stored since (a resumed sample gets a new rowid).
 */
export interface SampleFilter {
  model?: string;
  task?: string;
  variant?: string;
  budget?: string;
  outcome?: Outcome;
  /** Part of an item id. */
  item?: string;
}

export const PAGE_SIZE = 50;

export interface SampleRowView {
  key: string;
  model: string;
  task: string;
  variant: string;
  item: string;
  budget: string;
  trial: number;
  outcome: Outcome;
  answer: string;
  expected: string;
  reasoningTokens: number | null;
  stopReason: string | null;
}

export interface SamplePage {
  total: number;
  page: number;
  pages: number;
  rows: SampleRowView[];
}

/** The filter's values a run offers (from the index: no row is read). */
export interface FilterChoices {
  model: string[];
  task: string[];
  variant: string[];
  budget: string[];
  outcome: string[];
}

/**
 * What the run's config planned, so a page of a 1M-sample run does not scan its rows for the values
 * (a sample the plan does not name cannot be stored under the run's id).
 */
export function filterChoices(run: RunRow): FilterChoices {
  const exp = JSON.parse(run.config_json) as Experiment;
  const models = exp.models.map(modelConfig);
  const variants = armsOf(exp).flatMap((a) => [
    a.variant,
    ...(models.some((m) => schedulerFor(exp, m)) ? [schedulerVariant(a.variant)] : []),
  ]);
  const budgets = [...new Set(models.flatMap((m) => budgetsOf(exp, m)))].sort(
    (a, b) => budgetToDb(a) - budgetToDb(b),
  );
  return {
    model: models.map((m) => m.id),
    task: exp.tasks.map((t) => taskRef(t).id),
    variant: [...new Set(variants)],
    budget: budgets.map(budgetLabel),
    outcome: OUTCOMES,
  };
}

/** Query-string values → a filter; an unknown outcome or budget is a clear 400, not an empty page. */
export function parseFilter(q: URLSearchParams): SampleFilter {
  const f: SampleFilter = {};
  const str = (k: 'model' | 'task' | 'variant' | 'item') => {
    const v = q.get(k);
    if (v) f[k] = v;
  };
  str('model');
  str('task');
  str('variant');
  str('item');
  const b = q.get('budget');
  if (b) {
    if (b !== 'natural' && !/^\d+$/.test(b))
      throw new UserError(`budget: expected a number or 'natural', got '${b}'`);
    f.budget = b;
  }
  const o = q.get('outcome');
  if (o) {
    if (!OUTCOMES.includes(o as Outcome))
      throw new UserError(`outcome: expected one of ${OUTCOMES.join(', ')}, got '${o}'`);
    f.outcome = o as Outcome;
  }
  return f;
}

/** The filter as the store reads it. */
function browserFilter(f: SampleFilter): BrowserFilter {
  const { outcome: _, budget, ...rest } = f;
  return budget === undefined
    ? rest
    : { ...rest, budget: budgetToDb(budget === 'natural' ? 'natural' : Number(budget)) };
}

/** Outcome codes (1 + OUTCOMES index) by rowid, scored as rows arrive. */
class OutcomeIndex {
  private codes = new Uint8Array(0);
  private upTo = 0;
  private readonly memo: ScoreMemo;
  private readonly targets = new Map<string, Target>();

  constructor(
    private readonly db: DB,
    private readonly run: RunRow,
    extractor: Extractor,
  ) {
    this.memo = new ScoreMemo(extractor);
  }

  /** Scores the rows stored since the last call. */
  refresh(): void {
    const rows = samplesSince(this.db, this.run.id, this.upTo, hasImportedScores(this.run));
    for (const { rowid, taskId: task, itemId: item, text, stopReason: stop, error, stored } of rows) {
      const target = this.target(task, item);
      const outcome: Outcome = target
        ? this.memo.score({ text, stopReason: stop, error, stored }, target).outcome
        : error !== null
          ? 'error'
          : 'unparsable';
      if (rowid >= this.codes.length) {
        const grown = new Uint8Array(Math.max(rowid + 1, this.codes.length * 2, 1024));
        grown.set(this.codes);
        this.codes = grown;
      }
      this.codes[rowid] = 1 + OUTCOMES.indexOf(outcome);
      this.upTo = rowid;
    }
  }

  has(rowid: number, outcome: Outcome): boolean {
    return this.codes[rowid] === 1 + OUTCOMES.indexOf(outcome);
  }

  private target(task: string, item: string): Target | undefined {
    const k = itemKey(task, item);
    let t = this.targets.get(k);
    if (t === undefined) {
      const json = itemTargetJson(this.db, this.run.id, task, item);
      if (json === undefined) return undefined;
      t = JSON.parse(json) as Target;
      this.targets.set(k, t);
    }
    return t;
  }
}

/** One run's sample browser over one read-only connection. */
export class SampleBrowser {
  private outcomes?: OutcomeIndex;
  private readonly memo: ScoreMemo;

  constructor(
    private readonly db: DB,
    private readonly run: RunRow,
  ) {
    this.memo = new ScoreMemo(extractorOf(run.config_json));
  }

  page(f: SampleFilter, page: number): SamplePage {
    const w = browserFilter(f);
    let total: number;
    if (f.outcome === undefined) {
      total = browserCount(this.db, this.run.id, w);
      const p = clampPage(page, total);
      const rowids = browserRowids(this.db, this.run.id, w, { limit: PAGE_SIZE, offset: p * PAGE_SIZE });
      return { total, page: p, pages: pages(total), rows: this.rows(rowids) };
    }
    this.outcomes ??= new OutcomeIndex(this.db, this.run, extractorOf(this.run.config_json));
    this.outcomes.refresh();
    const all = browserRowids(this.db, this.run.id, w);
    const idx = this.outcomes;
    const hits = all.filter((r) => idx.has(r, f.outcome as Outcome));
    total = hits.length;
    const p = clampPage(page, total);
    return {
      total,
      page: p,
      pages: pages(total),
      rows: this.rows(hits.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE)),
    };
  }

  private rows(rowids: number[]): SampleRowView[] {
    const one = browserRowReader(this.db, hasImportedScores(this.run));
    return rowids.map((rowid) => {
      const r = one(rowid);
      const target = r.target_json ? (JSON.parse(r.target_json) as Target) : undefined;
      const s = target
        ? this.memo.score(
            { text: r.text, stopReason: r.stop_reason, error: r.error, stored: r.stored },
            target,
          )
        : undefined;
      return {
        key: r.key,
        model: r.model,
        task: r.task_id,
        variant: r.variant,
        item: r.item_id,
        budget: budgetLabel(budgetFromDb(r.budget)),
        trial: r.trial,
        outcome: s?.outcome ?? (r.error !== null ? 'error' : 'unparsable'),
        answer: s?.answer ? excerpt(s.answer, 200) : '',
        expected: target ? targetText(target) : '',
        reasoningTokens: r.reasoning_tokens,
        stopReason: r.stop_reason,
      };
    });
  }
}

function pages(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

function clampPage(page: number, total: number): number {
  return Math.min(Math.max(0, Math.floor(page) || 0), pages(total) - 1);
}
