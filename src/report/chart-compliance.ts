import type { TopLevelSpec } from 'vega-lite';
import type { ComplianceResult } from '../analysis/compliance.js';
import { budgetLabel } from '../core/budget.js';
import { baseSpec, budgetLabelsInOrder, modelFacet, tokenScale } from './charts.js';

/**
 * Requested against realized reasoning tokens as box plots built from precomputed quantiles (so a
 * million samples cost the chart nothing): whiskers 5th–95th percentile, box the quartiles, a white
 * tick at the median, and a red diamond at the requested budget. One panel per model.
 */
export function complianceChartSpec(
  results: ComplianceResult[],
  title: string,
  simulated: boolean,
): TopLevelSpec {
  const values = results.flatMap((r) =>
    r.budgets
      .filter((b) => b.n > 0)
      .map((b) => ({
        model: r.model,
        budget: budgetLabel(b.budget),
        requested: b.budget === 'natural' ? null : b.budget,
        p5: b.p5,
        q1: b.q1,
        median: b.median,
        q3: b.q3,
        p95: b.p95,
        n: b.n,
        over: b.overBudget,
        truncated: b.truncated,
      })),
  );
  const order = budgetLabelsInOrder(values.map((v) => v.budget));
  const x = {
    field: 'budget',
    type: 'ordinal' as const,
    sort: order,
    title: 'requested budget (tokens)',
    axis: { labelAngle: 0 },
  };
  const scale = tokenScale(
    'realized reasoning tokens (symlog)',
    values.flatMap((v) => [v.p95, v.requested ?? 0]),
  );
  const y = (field: string) => ({ field, ...scale });
  const models = [...new Set(values.map((v) => v.model))];
  return {
    ...baseSpec(title, simulated),
    data: { values },
    ...modelFacet(models),
    spec: {
      width: models.length > 1 ? 260 : 480,
      height: 240,
      layer: [
        { mark: { type: 'rule', color: '#555' }, encoding: { x, y: y('p5'), y2: { field: 'p95' } } },
        {
          mark: { type: 'bar', size: 22, color: '#6baed6' },
          encoding: {
            x,
            y: y('q1'),
            y2: { field: 'q3' },
            tooltip: [
              { field: 'budget', title: 'requested' },
              { field: 'median', format: '.0f', title: 'median realized' },
              { field: 'q1', format: '.0f' },
              { field: 'q3', format: '.0f' },
              { field: 'over', format: '.1%', title: 'share over budget' },
              { field: 'truncated', format: '.1%', title: 'share truncated' },
              { field: 'n' },
            ],
          },
        },
        { mark: { type: 'tick', color: 'white', thickness: 2, size: 22 }, encoding: { x, y: y('median') } },
        {
          transform: [{ filter: 'datum.requested !== null' }],
          mark: { type: 'point', shape: 'diamond', filled: true, color: '#d62728', size: 70 },
          encoding: { x, y: y('requested') },
        },
      ],
    },
  } as TopLevelSpec;
}
