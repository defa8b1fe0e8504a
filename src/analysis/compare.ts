import type { Budget } from '../core/budget.js';
import type { Analysis } from './analyse.js';
import { budgetOrder, type CurvePoint } from './curves.js';
import { groupKey } from './keys.js';
import type { ShapeClass } from './shape-class.js';
import type { TrendClass } from './trend.js';

/**
 * Comparison across runs (e.g. two models run separately, or one model before and after a change):
 * every curve point of every run, with its difference from the first run (the baseline) and a 95%
 * CI for that difference where both have it; and each run's trend side by side.
 * Share metrics use Newcombe's hybrid score interval (from the two Wilson intervals); error
 * metrics a normal interval from the two CIs.
 */
export interface RunInput {
  label: string;
  simulated: boolean;
  /** Where the run's samples came from (run/origin.ts describeOrigin); absent: made by overthink. */
  source?: string;
  analysis: Pick<Analysis, 'curves' | 'trends'> & Partial<Pick<Analysis, 'shapes' | 'efficiency'>>;
}

export interface CompareCell {
  run: string;
  n: number;
  score: number;
  lo: number;
  hi: number;
  meanTokens: number;
}

export interface CompareRow {
  model: string;
  taskId: string;
  variant: string;
  stratum: string;
  budget: Budget;
  metric: CurvePoint['metric'];
  cells: (CompareCell | null)[];
  /** Per run (index ≥ 1): run − baseline with its 95% CI; null where either side is missing. */
  diffs: ({ diff: number; lo: number; hi: number } | null)[];
}

export interface CompareTrendRow {
  model: string;
  taskId: string;
  variant: string;
  stratum: string;
  perRun: ({
    /** The curve's shape in that run (the lead), then the paper's Table 1 class and its numbers. */
    shape: ShapeClass | null;
    trend: TrendClass;
    delta: number;
    slope: number | null;
    p: number | null;
  } | null)[];
}

/** Token efficiency of one budget in each run (see efficiency.ts); AUCs are over each run's own t_max. */
export interface CompareEfficiencyRow {
  model: string;
  taskId: string;
  variant: string;
  budget: number;
  perRun: ({
    accuracy: number;
    meanTokens: number;
    perThousand: number | null;
    aucOaa: number;
    tMax: number;
  } | null)[];
}

/** Tokens spent beyond each item's reliable budget, at the largest budget, in each run. */
export interface CompareWasteRow {
  model: string;
  taskId: string;
  variant: string;
  perRun: ({
    waste: number | null;
    lo: number | null;
    hi: number | null;
    solvedReliably: number;
    items: number;
  } | null)[];
}

export interface Comparison {
  runs: { label: string; simulated: boolean; source?: string }[];
  rows: CompareRow[];
  trends: CompareTrendRow[];
  efficiency: CompareEfficiencyRow[];
  waste: CompareWasteRow[];
}

export function compareRuns(runs: RunInput[]): Comparison {
  const rows = new Map<string, CompareRow>();
  runs.forEach((r, i) => {
    for (const p of r.analysis.curves) {
      const k = groupKey(p.model, p.taskId, p.variant, p.stratum, String(p.budget));
      let row = rows.get(k);
      if (!row) {
        row = {
          model: p.model,
          taskId: p.taskId,
          variant: p.variant,
          stratum: p.stratum,
          budget: p.budget,
          metric: p.metric,
          cells: runs.map(() => null),
          diffs: [],
        };
        rows.set(k, row);
      }
      row.cells[i] = { run: r.label, n: p.n, score: p.score, lo: p.lo, hi: p.hi, meanTokens: p.meanTokens };
    }
  });
  // Rows present in one run only are kept too (e.g. two models run separately): they are drawn,
  // and they get no difference.
  const kept = [...rows.values()];
  for (const r of kept) {
    const base = r.cells[0];
    r.diffs = r.cells.map((c, i) => (i === 0 || !c || !base ? null : difference(base, c, r.metric)));
  }
  kept.sort(
    (a, b) =>
      a.taskId.localeCompare(b.taskId) ||
      a.model.localeCompare(b.model) ||
      a.variant.localeCompare(b.variant) ||
      a.stratum.localeCompare(b.stratum, undefined, { numeric: true }) ||
      budgetOrder(a.budget) - budgetOrder(b.budget),
  );
  const trends = new Map<string, CompareTrendRow>();
  runs.forEach((r, i) => {
    for (const t of r.analysis.trends) {
      const k = groupKey(t.model, t.taskId, t.variant, t.stratum);
      let row = trends.get(k);
      if (!row) {
        row = {
          model: t.model,
          taskId: t.taskId,
          variant: t.variant,
          stratum: t.stratum,
          perRun: runs.map(() => null),
        };
        trends.set(k, row);
      }
      const shape = r.analysis.shapes?.find(
        (x) =>
          x.model === t.model && x.taskId === t.taskId && x.variant === t.variant && x.stratum === t.stratum,
      );
      row.perRun[i] = {
        shape: shape?.shape ?? null,
        trend: t.trend,
        delta: t.delta,
        slope: t.slope?.slope ?? null,
        p: t.paired?.p ?? null,
      };
    }
  });
  return {
    runs: runs.map((r) => ({
      label: r.label,
      simulated: r.simulated,
      ...(r.source ? { source: r.source } : {}),
    })),
    ...compareEfficiency(runs),
    rows: kept,
    trends: [...trends.values()].sort(
      (a, b) =>
        a.taskId.localeCompare(b.taskId) ||
        a.model.localeCompare(b.model) ||
        a.stratum.localeCompare(b.stratum, undefined, { numeric: true }),
    ),
  };
}

function difference(
  a: CompareCell,
  b: CompareCell,
  metric: CurvePoint['metric'],
): { diff: number; lo: number; hi: number } {
  const diff = b.score - a.score;
  if (metric === 'error') {
    const se = Math.sqrt(((a.hi - a.lo) / 3.919928) ** 2 + ((b.hi - b.lo) / 3.919928) ** 2);
    return { diff, lo: diff - 1.959964 * se, hi: diff + 1.959964 * se };
  }
  return {
    diff,
    lo: diff - Math.sqrt((b.score - b.lo) ** 2 + (a.hi - a.score) ** 2),
    hi: diff + Math.sqrt((b.hi - b.score) ** 2 + (a.score - a.lo) ** 2),
  };
}

/** Each run's token efficiency side by side, per model × task × arm (and budget). */
function compareEfficiency(runs: RunInput[]): Pick<Comparison, 'efficiency' | 'waste'> {
  const eff = new Map<string, CompareEfficiencyRow>();
  const waste = new Map<string, CompareWasteRow>();
  runs.forEach((r, i) => {
    for (const x of r.analysis.efficiency ?? []) {
      const wk = groupKey(x.model, x.taskId, x.variant);
      const w = waste.get(wk) ?? {
        model: x.model,
        taskId: x.taskId,
        variant: x.variant,
        perRun: runs.map(() => null),
      };
      waste.set(wk, w);
      w.perRun[i] = {
        waste: x.waste?.estimate ?? null,
        lo: x.waste?.lo ?? null,
        hi: x.waste?.hi ?? null,
        solvedReliably: x.solvedReliably,
        items: x.items,
      };
      for (const b of x.budgets) {
        const k = groupKey(x.model, x.taskId, x.variant, b.budget);
        const row = eff.get(k) ?? {
          model: x.model,
          taskId: x.taskId,
          variant: x.variant,
          budget: b.budget,
          perRun: runs.map(() => null),
        };
        eff.set(k, row);
        row.perRun[i] = {
          accuracy: b.accuracy,
          meanTokens: b.meanTokens,
          perThousand: b.perThousand?.estimate ?? null,
          aucOaa: b.aucOaa.estimate,
          tMax: x.tMax,
        };
      }
    }
  });
  const order = (a: { taskId: string; model: string; variant: string }, b: typeof a) =>
    a.taskId.localeCompare(b.taskId) || a.model.localeCompare(b.model) || a.variant.localeCompare(b.variant);
  return {
    efficiency: [...eff.values()].sort((a, b) => order(a, b) || a.budget - b.budget),
    waste: [...waste.values()].sort(order),
  };
}
