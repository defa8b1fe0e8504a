import type { TopLevelSpec } from 'vega-lite';
import { TAG_NAMES } from '../analysis/failure-config.js';
import type { TagRate } from '../analysis/failure-rates.js';
import { budgetLabel } from '../core/budget.js';
import { baseSpec, budgetLabelsInOrder, modelFacet } from './charts.js';

/** Share of traces carrying each failure-mode tag, by requested budget; one panel per model. */
export function tagChartSpec(rates: TagRate[], title: string, simulated: boolean): TopLevelSpec | null {
  const values = rates.flatMap((r) =>
    TAG_NAMES.filter((t) => r.tags[t].applicable > 0).map((t) => ({
      model: r.model,
      budget: budgetLabel(r.budget),
      tag: t,
      share: r.tags[t].tagged / r.tags[t].applicable,
      n: r.tags[t].applicable,
    })),
  );
  const shown = new Set(values.filter((v) => v.share > 0).map((v) => v.tag));
  const kept = values.filter((v) => shown.has(v.tag));
  if (kept.length === 0) return null;
  const budgets = budgetLabelsInOrder(kept.map((v) => v.budget));
  const models = [...new Set(kept.map((v) => v.model))];
  return {
    ...baseSpec(title, simulated),
    data: { values: kept },
    ...modelFacet(models),
    spec: {
      width: models.length > 1 ? 260 : 440,
      height: 200,
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'budget',
          type: 'ordinal',
          sort: budgets,
          title: 'requested budget',
          axis: { labelAngle: 0 },
        },
        y: { field: 'share', type: 'quantitative', title: 'share of traces tagged', axis: { format: '.0%' } },
        color: { field: 'tag', type: 'nominal', title: 'tag', sort: [...TAG_NAMES] },
        tooltip: [{ field: 'tag' }, { field: 'budget' }, { field: 'share', format: '.1%' }, { field: 'n' }],
      },
    },
  } as TopLevelSpec;
}
