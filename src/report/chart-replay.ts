import type { TopLevelSpec } from 'vega-lite';
import type { ReplayGroup } from '../analysis/replay.js';
import { budgetLabel } from '../core/budget.js';
import { baseSpec, modelFacet, SCHEDULER_COLOUR, tokenScale } from './charts.js';

const SERIES = [
  'answer read at this point of the trace (replay)',
  'fixed budget (its own samples)',
  'oracle stopper',
];
const COLOURS = ['#54278f', '#9a9a9a', '#0a7d32'];

/**
 * The answer over the trace: for each model, the share of replayed traces holding the right answer
 * at each checkpoint (95% intervals), ending at the stored answers; beside it the fixed budgets'
 * accuracy at their mean realized tokens, the oracle stopper's accuracy as a dashed line, and the
 * scheduler arm where one ran. A reader sees where answers were right and whether reasoning on
 * kept them.
 */
export function replayChartSpec(
  groups: ReplayGroup[],
  title: string,
  simulated: boolean,
): TopLevelSpec | null {
  const gs = groups.filter((g) => g.curve.length > 1);
  if (gs.length === 0) return null;
  const values: Record<string, unknown>[] = [];
  for (const g of gs) {
    for (const c of g.curve)
      values.push({
        kind: 'replay',
        series: SERIES[0],
        model: g.model,
        tokens: c.at,
        score: c.share.estimate,
        lo: c.share.lo,
        hi: c.share.hi,
        label: c.mark === 'end' ? 'end (stored answer)' : c.mark,
        n: c.share.n,
      });
    for (const f of g.fixed)
      values.push({
        kind: 'fixed',
        series: SERIES[1],
        model: g.model,
        tokens: Number.isFinite(f.meanTokens) ? f.meanTokens : 0,
        score: f.score,
        lo: f.lo,
        hi: f.hi,
        label: `budget ${budgetLabel(f.budget)}`,
      });
    values.push({
      kind: 'oracle',
      series: SERIES[2],
      model: g.model,
      score: g.oracle.accuracy.estimate,
      label: `oracle stopper ${(g.oracle.accuracy.estimate * 100).toFixed(1)}% at ${Math.round(g.oracle.meanTokens.estimate)} tok`,
    });
    if (g.scheduler)
      values.push({
        kind: 'scheduler',
        model: g.model,
        tokens: g.scheduler.meanTokens,
        score: g.scheduler.score,
        lo: g.scheduler.lo,
        hi: g.scheduler.hi,
        label: 'scheduler',
      });
  }
  const tokens = values.filter((v) => typeof v.tokens === 'number').map((v) => v.tokens as number);
  const x = {
    field: 'tokens',
    ...tokenScale('reasoning tokens: position in the trace, or a budget’s mean realized (symlog)', tokens),
  };
  const y = {
    field: 'score',
    type: 'quantitative' as const,
    scale: { domain: [0, 1] },
    title: 'share right',
  };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain: SERIES, range: COLOURS },
    legend: { orient: 'bottom' as const, direction: 'vertical' as const, labelLimit: 400 },
  };
  const only = (kind: string) => ({ filter: `datum.kind === '${kind}'` });
  const tooltip = [
    { field: 'model' },
    { field: 'label' },
    { field: 'tokens', format: '.0f' },
    { field: 'score', format: '.3f' },
  ];
  const layer: object[] = [
    {
      transform: [only('replay')],
      layer: [
        {
          mark: { type: 'area', opacity: 0.18 },
          encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
        },
        { mark: { type: 'line', point: true, strokeWidth: 2.5 }, encoding: { x, y, color, tooltip } },
      ],
    },
    {
      transform: [only('fixed')],
      layer: [
        {
          mark: { type: 'rule', opacity: 0.7 },
          encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
        },
        {
          mark: { type: 'line', point: { shape: 'square', size: 50 }, strokeDash: [2, 2] },
          encoding: { x, y, color, tooltip },
        },
      ],
    },
    {
      transform: [only('oracle')],
      layer: [
        { mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 2 }, encoding: { y, color, tooltip } },
        {
          mark: { type: 'text', align: 'left', dx: 4, dy: -7, fontSize: 11, color: COLOURS[2] },
          encoding: { y, x: { datum: 0, type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    },
  ];
  if (values.some((v) => v.kind === 'scheduler'))
    layer.push({
      transform: [only('scheduler')],
      layer: [
        {
          mark: { type: 'rule', color: SCHEDULER_COLOUR, strokeWidth: 2 },
          encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' } },
        },
        {
          mark: {
            type: 'point',
            shape: 'diamond',
            size: 140,
            filled: true,
            opacity: 1,
            color: SCHEDULER_COLOUR,
          },
          encoding: { x, y, tooltip },
        },
      ],
    });
  const models = [...new Set(gs.map((g) => g.model))];
  return {
    ...baseSpec(title, simulated),
    data: { values },
    ...modelFacet(models),
    spec: { width: models.length > 1 ? 300 : 560, height: 260, layer },
  } as TopLevelSpec;
}
