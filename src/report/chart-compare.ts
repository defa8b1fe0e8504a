import type { TopLevelSpec } from 'vega-lite';
import type { Comparison } from '../analysis/compare.js';
import { baseSpec, tickValues } from './charts.js';

/** All-items curves of several runs on one chart per task: one panel per model, one colour per run. */
export function compareChartSpec(
  c: Comparison,
  taskId: string,
  variant: string,
  yTitle: string,
  shareAxis: boolean,
): TopLevelSpec {
  const values = c.rows
    .filter(
      (r) => r.taskId === taskId && r.variant === variant && r.stratum === 'all' && r.budget !== 'natural',
    )
    .flatMap((r) =>
      r.cells.flatMap((cell) =>
        cell && Number.isFinite(cell.score)
          ? [
              {
                model: r.model,
                run: cell.run,
                budget: String(r.budget),
                tokens: Number.isFinite(cell.meanTokens) ? cell.meanTokens : 0,
                score: cell.score,
                lo: cell.lo,
                hi: cell.hi,
                n: cell.n,
              },
            ]
          : [],
      ),
    );
  const models = [...new Set(values.map((v) => v.model))];
  const x = {
    field: 'tokens',
    type: 'quantitative' as const,
    title: 'mean realized reasoning tokens (symlog scale)',
    scale: { type: 'symlog' as const, constant: 64 },
    axis: {
      values: tickValues(values.map((v) => v.tokens)),
      labelExpr: "datum.value >= 1024 ? (datum.value / 1024) + 'k' : datum.value",
    },
  };
  const yScale = shareAxis ? { zero: false, domainMax: 1 } : { zero: true };
  const color = { field: 'run', type: 'nominal' as const, title: 'run', sort: c.runs.map((r) => r.label) };
  return {
    ...baseSpec(
      `${taskId}${variant !== 'paper' ? ` · ${variant}` : ''}: runs compared`,
      c.runs.some((r) => r.simulated),
    ),
    data: { values },
    facet: { field: 'model', type: 'nominal', title: null, sort: models },
    columns: Math.min(3, Math.max(1, models.length)),
    spec: {
      width: models.length > 1 ? 300 : 520,
      height: 260,
      layer: [
        {
          mark: { type: 'rule', opacity: 0.5 },
          encoding: {
            x,
            y: { field: 'lo', type: 'quantitative', scale: yScale, title: yTitle },
            y2: { field: 'hi' },
            color,
          },
        },
        {
          mark: { type: 'line', point: true },
          encoding: {
            x,
            y: { field: 'score', type: 'quantitative', scale: yScale, title: yTitle },
            color,
            tooltip: [
              { field: 'run' },
              { field: 'budget' },
              { field: 'score', format: '.3f' },
              { field: 'n' },
            ],
          },
        },
      ],
    },
  } as TopLevelSpec;
}
