import type { TopLevelSpec } from 'vega-lite';
import type { Comparison } from '../analysis/compare.js';
import { baseSpec, ciLineLayers, curveValue, modelFacet, scoreY, tokenAxis } from './charts.js';
import { withVariant } from './format.js';

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
                ...curveValue(cell),
              },
            ]
          : [],
      ),
    );
  const models = [...new Set(values.map((v) => v.model))];
  const x = tokenAxis(values);
  const y = scoreY(yTitle, shareAxis, values);
  const color = { field: 'run', type: 'nominal' as const, title: 'run', sort: c.runs.map((r) => r.label) };
  return {
    ...baseSpec(
      `${withVariant(taskId, variant)}: runs compared`,
      c.runs.some((r) => r.simulated),
    ),
    data: { values },
    ...modelFacet(models),
    spec: {
      width: models.length > 1 ? 300 : 520,
      height: 260,
      layer: ciLineLayers(x, y, color, {
        tooltip: [{ field: 'run' }, { field: 'budget' }, { field: 'score', format: '.3f' }, { field: 'n' }],
      }),
    },
  } as TopLevelSpec;
}
