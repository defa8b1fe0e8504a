import type { TopLevelSpec } from 'vega-lite';
import { LOSS_NAMES, LOSSES } from '../analysis/breakdown.js';
import type { CurvePoint } from '../analysis/curves.js';
import { budgetLabel } from '../core/budget.js';
import { baseSpec, budgetLabelsInOrder, modelFacet } from './charts.js';

/** Finished wrong in grey, the artefacts in colours that stand out: truncation first of all. */
const COLOURS: Record<(typeof LOSSES)[number], string> = {
  wrong: '#9aa0a6',
  truncated: '#d93025',
  unparsable: '#f9ab00',
  refused: '#7b1fa2',
};

/**
 * Per requested budget (all items), the share of scored samples that were not right, stacked by
 * what they were; one panel per model. A bar that grows with the budget is the decline; its colours
 * say whether the model answered worse or the output limit hid its answers.
 */
export function lossesChartSpec(
  points: CurvePoint[],
  title: string,
  simulated: boolean,
): TopLevelSpec | null {
  const pts = points.filter((p) => p.stratum === 'all' && p.budget !== 'natural' && p.n > 0);
  if (pts.length === 0) return null;
  const values = pts.flatMap((p) =>
    LOSSES.map((g, order) => ({
      model: p.model,
      budget: budgetLabel(p.budget),
      what: LOSS_NAMES[g],
      order,
      share: p.lost[g] / p.n,
      count: p.lost[g],
      n: p.n,
    })),
  );
  const models = [...new Set(pts.map((p) => p.model))];
  return {
    ...baseSpec(title, simulated),
    data: { values },
    ...modelFacet(models),
    spec: {
      width: models.length > 1 ? 260 : 440,
      height: 200,
      mark: { type: 'bar' },
      encoding: {
        x: {
          field: 'budget',
          type: 'ordinal',
          sort: budgetLabelsInOrder(values.map((v) => v.budget)),
          title: 'requested budget',
          axis: { labelAngle: 0 },
        },
        y: {
          field: 'share',
          type: 'quantitative',
          stack: 'zero',
          title: 'share of answers not right',
          axis: { format: '.0%' },
        },
        color: {
          field: 'what',
          type: 'nominal',
          title: 'what they were',
          legend: { labelLimit: 260 },
          sort: LOSSES.map((g) => LOSS_NAMES[g]),
          scale: { domain: LOSSES.map((g) => LOSS_NAMES[g]), range: LOSSES.map((g) => COLOURS[g]) },
        },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [
          { field: 'budget' },
          { field: 'what' },
          { field: 'share', format: '.1%' },
          { field: 'count' },
          { field: 'n' },
        ],
      },
    },
  } as TopLevelSpec;
}
