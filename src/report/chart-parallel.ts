import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from '../analysis/curves.js';
import type { ParallelComparison } from '../analysis/parallel.js';
import { baseSpec, modelFacet, tokenScale } from './charts.js';

const SERIES = ['one sample per budget (sequential)', 'majority of k shorter samples (parallel)'];
const COLOURS = ['#555555', '#e8710a'];

/**
 * Parallel vs sequential at matched compute: the fixed budgets' accuracy against mean realized
 * tokens (one longer sample each), and each majority@k of shorter samples drawn at its k × realized
 * tokens, with 95% intervals. A triangle above the grey line at the same x: the same tokens buy more
 * as several short attempts.
 */
export function parallelChartSpec(
  comparisons: ParallelComparison[],
  curve: CurvePoint[],
  title: string,
  simulated: boolean,
): TopLevelSpec | null {
  if (comparisons.length === 0) return null;
  const models = [...new Set(comparisons.map((c) => c.model))];
  const values: Record<string, unknown>[] = [];
  for (const p of curve)
    if (models.includes(p.model) && p.stratum === 'all' && p.budget !== 'natural' && p.n > 0)
      values.push({
        series: SERIES[0],
        model: p.model,
        tokens: Number.isFinite(p.meanTokens) ? p.meanTokens : 0,
        score: p.score,
        lo: p.lo,
        hi: p.hi,
        label: `1 × ${p.budget}`,
      });
  for (const c of comparisons)
    values.push({
      series: SERIES[1],
      model: c.model,
      tokens: c.parallelTokens,
      score: c.parallel.estimate,
      lo: c.parallel.lo,
      hi: c.parallel.hi,
      label: `maj@${c.k}`,
      detail: `majority of ${c.k} at budget ${c.budget} vs one at ${c.against}`,
    });
  const x = {
    field: 'tokens',
    ...tokenScale(
      'realized reasoning tokens per item (symlog)',
      values.map((v) => v.tokens as number),
    ),
  };
  const y = {
    field: 'score',
    type: 'quantitative' as const,
    scale: { zero: false, domainMax: 1 },
    title: 'accuracy',
  };
  const color = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain: SERIES, range: COLOURS },
    legend: { orient: 'bottom' as const, direction: 'vertical' as const, labelLimit: 400 },
  };
  const shape = {
    field: 'series',
    type: 'nominal' as const,
    title: null,
    scale: { domain: SERIES, range: ['circle', 'triangle-up'] },
    legend: { orient: 'bottom' as const, direction: 'vertical' as const, labelLimit: 400 },
  };
  const tooltip = [
    { field: 'model' },
    { field: 'label' },
    { field: 'tokens', format: '.0f' },
    { field: 'score', format: '.3f' },
  ];
  return {
    ...baseSpec(title, simulated),
    data: { values },
    ...modelFacet(models),
    spec: {
      width: models.length > 1 ? 300 : 560,
      height: 240,
      layer: [
        {
          mark: { type: 'rule', opacity: 0.6 },
          encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
        },
        {
          transform: [{ filter: `datum.series === '${SERIES[0]}'` }],
          mark: { type: 'line', strokeDash: [3, 2] },
          encoding: { x, y, color },
        },
        {
          mark: { type: 'point', filled: true, size: 80, opacity: 1 },
          encoding: { x, y, color, shape, tooltip },
        },
        {
          transform: [{ filter: `datum.series === '${SERIES[1]}'` }],
          mark: { type: 'text', dy: -11, fontSize: 10, color: COLOURS[1] },
          encoding: { x, y, text: { field: 'label' } },
        },
      ],
    },
  } as TopLevelSpec;
}
