import { TAG_NAMES } from '../analysis/failure-config.js';
import type { TagRate } from '../analysis/failure-rates.js';
import type { FlipSummary } from '../analysis/flips.js';
import { budgetLabel } from '../core/budget.js';
import type { RunSummary } from './summary.js';

/** A CSV table as column name → the cell of one row, in column order. */
export type Columns<T> = Record<string, (row: T) => unknown>;
type Keyed = { model: string; taskId: string; variant: string };

/** The model, task and variant columns every table starts with. */
function key<T>(of: (row: T) => Keyed): Columns<T> {
  return { model: (r) => of(r).model, task: (r) => of(r).taskId, variant: (r) => of(r).variant };
}

/** The report's tables as CSV files next to report.html, for spreadsheets and notebooks. */
export function tablesCsv(s: RunSummary): Record<string, string> {
  type Flip = { f: FlipSummary; x: FlipSummary['flips'][number] };
  type Tag = { r: TagRate; t: (typeof TAG_NAMES)[number] };
  return {
    'curves.csv': table(s.curves, {
      ...key((p) => p),
      stratum: (p) => p.stratum,
      budget: (p) => budgetLabel(p.budget),
      metric: (p) => p.metric,
      n: (p) => p.n,
      score: (p) => p.score,
      ci_lo: (p) => p.lo,
      ci_hi: (p) => p.hi,
      correct: (p) => p.correct,
      unparsable: (p) => p.outcomes.unparsable,
      truncated: (p) => p.outcomes.truncated,
      errors: (p) => p.outcomes.error,
      lost_finished_wrong: (p) => p.lost.wrong,
      lost_truncated: (p) => p.lost.truncated,
      lost_unparsable: (p) => p.lost.unparsable,
      lost_refused: (p) => p.lost.refused,
      mean_tokens: (p) => p.meanTokens,
      median_tokens: (p) => p.medianTokens,
    }),
    'shapes.csv': table(s.shapes, {
      ...key((x) => x),
      stratum: (x) => x.stratum,
      metric: (x) => x.metric,
      shape: (x) => x.shape,
      items: (x) => x.items,
      best_budget: (x) => budgetLabel(x.best.budget),
      best_score: (x) => x.best.score,
      largest_budget: (x) => budgetLabel(x.last.budget),
      largest_score: (x) => x.last.score,
      from_best_diff: (x) => x.fromBest?.diff,
      from_best_lo: (x) => x.fromBest?.lo,
      from_best_hi: (x) => x.fromBest?.hi,
      from_best_p: (x) => x.fromBest?.p,
      endpoints_diff: (x) => x.endpoints?.diff,
      endpoints_lo: (x) => x.endpoints?.lo,
      endpoints_hi: (x) => x.endpoints?.hi,
      slope_per_doubling: (x) => x.slope?.slope,
      slope_lo: (x) => x.slope?.lo,
      slope_hi: (x) => x.slope?.hi,
      critical_value: (x) => x.critical,
      facts: (x) =>
        x.facts
          .map((f) => `${budgetLabel(f.from)}>${budgetLabel(f.to)}:${f.better ? 'better' : 'worse'}`)
          .join(' '),
      order: (x) => x.order.map(budgetLabel).join(' '),
      levels: (x) => (x.ladder ? x.levels.map((l) => l ?? '').join(' ') : ''),
    }),
    'trends.csv': table(s.trends, {
      ...key((t) => t),
      stratum: (t) => t.stratum,
      metric: (t) => t.metric,
      trend: (t) => t.trend,
      from_budget: (t) => budgetLabel(t.from.budget),
      to_budget: (t) => budgetLabel(t.to.budget),
      from_score: (t) => t.from.score,
      to_score: (t) => t.to.score,
      delta: (t) => t.delta,
      slope_per_doubling: (t) => t.slope?.slope,
      slope_lo: (t) => t.slope?.lo,
      slope_hi: (t) => t.slope?.hi,
      paired_test: (t) => t.paired?.test,
      paired_items: (t) => t.paired?.items,
      paired_mean_diff: (t) => t.paired?.meanDiff,
      p: (t) => t.paired?.p,
      p_holm: (t) => t.pHolm,
    }),
    'flips.csv': table<Flip & { pair: string }>(
      [
        ...s.flips.flatMap((f) => f.flips.map((x) => ({ f, x, pair: 'smallest-largest' }))),
        ...s.flipsFromBest.flatMap((f) => f.flips.map((x) => ({ f, x, pair: 'best-largest' }))),
      ],
      {
        ...key((r) => r.f),
        pair: (r) => r.pair,
        item: ({ x }) => x.itemId,
        strata: ({ x }) => x.strata,
        direction: ({ x }) => x.direction,
        low_budget: ({ f }) => budgetLabel(f.low),
        high_budget: ({ f }) => budgetLabel(f.high),
        low_correct: ({ x }) => x.lowCorrect,
        low_n: ({ x }) => x.lowN,
        high_correct: ({ x }) => x.highCorrect,
        high_n: ({ x }) => x.highN,
        low_sample_key: ({ x }) => x.lowKey,
        high_sample_key: ({ x }) => x.highKey,
      },
    ),
    'budget-compliance.csv': table(
      s.compliance.flatMap((c) => c.budgets.map((b) => ({ c, b }))),
      {
        ...key((r) => r.c),
        budget: ({ b }) => budgetLabel(b.budget),
        n: ({ b }) => b.n,
        min: ({ b }) => b.min,
        p5: ({ b }) => b.p5,
        q1: ({ b }) => b.q1,
        median: ({ b }) => b.median,
        q3: ({ b }) => b.q3,
        p95: ({ b }) => b.p95,
        max: ({ b }) => b.max,
        mean: ({ b }) => b.mean,
        share_over_budget: ({ b }) => b.overBudget,
        share_over_by_10pct: ({ b }) => b.overBy10,
        share_truncated: ({ b }) => b.truncated,
      },
    ),
    'failure-tags.csv': table<Tag>(
      s.tagRates.flatMap((r) => TAG_NAMES.filter((t) => r.tags[t].applicable > 0).map((t) => ({ r, t }))),
      {
        ...key((x) => x.r),
        budget: ({ r }) => budgetLabel(r.budget),
        tag: ({ t }) => t,
        applicable: ({ r, t }) => r.tags[t].applicable,
        tagged: ({ r, t }) => r.tags[t].tagged,
        share: ({ r, t }) => r.tags[t].tagged / r.tags[t].applicable,
        wrong_applicable: ({ r, t }) => r.tags[t].wrongApplicable,
        tagged_wrong: ({ r, t }) => r.tags[t].taggedWrong,
      },
    ),
  };
}

export function table<T>(rows: T[], columns: Columns<T>): string {
  const cells = Object.values(columns);
  const lines = [Object.keys(columns), ...rows.map((r) => cells.map((f) => f(r)))];
  return `${lines.map((l) => l.map(cell).join(',')).join('\n')}\n`;
}

function cell(v: unknown): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = typeof v === 'number' ? String(Number(v.toPrecision(6))) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
