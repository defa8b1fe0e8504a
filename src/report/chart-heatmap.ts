import type { TopLevelSpec } from 'vega-lite';
import type { RegressionResult } from '../analysis/regression.js';
import { budgetLabel } from '../core/budget.js';
import { baseSpec, budgetLabelsInOrder } from './charts.js';

/**
 * The paper's Fig. 7: per budget (rows), the correlation of the model's predictions with the true
 * value and with each feature (columns), on a diverging red–blue scale fixed at [−1, 1], with the
 * value printed in each cell. One block per stratum (e.g. shots=0).
 */
export function heatmapSpec(results: RegressionResult[], title: string, simulated: boolean): TopLevelSpec {
  const values = results.flatMap((r) =>
    r.correlations.flatMap((c) => [
      { stratum: r.stratum, budget: budgetLabel(c.budget), variable: 'TRUE GRADE', r: c.withTruth, n: c.n },
      ...Object.entries(c.withFeatures).map(([variable, v]) => ({
        stratum: r.stratum,
        budget: budgetLabel(c.budget),
        variable,
        r: v,
        n: c.n,
      })),
    ]),
  );
  const budgets = budgetLabelsInOrder(values.map((v) => v.budget));
  const variables = [
    'TRUE GRADE',
    ...[...new Set(values.map((v) => v.variable))].filter((v) => v !== 'TRUE GRADE').sort(),
  ];
  const x = {
    field: 'variable',
    type: 'nominal' as const,
    sort: variables,
    title: 'prediction correlated with',
    axis: { labelAngle: -30 },
  };
  const y = { field: 'budget', type: 'ordinal' as const, sort: budgets, title: 'budget' };
  return {
    ...baseSpec(title, simulated),
    data: { values },
    facet: { row: { field: 'stratum', type: 'nominal', title: null } },
    spec: {
      width: Math.max(240, variables.length * 62),
      height: Math.max(90, budgets.length * 26),
      layer: [
        {
          mark: { type: 'rect' },
          encoding: {
            x,
            y,
            color: {
              field: 'r',
              type: 'quantitative',
              title: 'Pearson r',
              scale: { scheme: 'redblue', domain: [-1, 1], reverse: true },
            },
            tooltip: [
              { field: 'variable' },
              { field: 'budget' },
              { field: 'r', format: '.3f' },
              { field: 'n' },
            ],
          },
        },
        {
          mark: { type: 'text', fontSize: 11 },
          encoding: {
            x,
            y,
            text: { field: 'r', type: 'quantitative', format: '.2f' },
            color: { condition: { test: 'abs(datum.r) > 0.6', value: 'white' }, value: 'black' },
          },
        },
      ],
    },
  } as TopLevelSpec;
}
