import type { TopLevelSpec } from 'vega-lite';
import type { CurvePoint } from '../analysis/curves.js';

const FONT = 'DejaVu Sans';

export interface ChartOptions {
  title: string;
  simulated: boolean;
  yTitle: string;
  /** Error metrics: lower is better, so the y axis is not a share. */
  shareAxis: boolean;
}

/**
 * Score against mean realized reasoning tokens: one line per stratum plus a thicker all-items
 * line, 95% CI bars. The x axis is symmetric-log so budget 0 (no reasoning) sits at the left
 * edge of an otherwise logarithmic axis.
 */
export function curveChartSpec(points: CurvePoint[], o: ChartOptions): TopLevelSpec {
  const values = points
    .filter((p) => p.n > 0 && Number.isFinite(p.score))
    .map((p) => ({
      stratum: p.stratum === 'all' ? 'all items' : p.stratum,
      all: p.stratum === 'all',
      budget: String(p.budget),
      tokens: Number.isFinite(p.meanTokens) ? p.meanTokens : 0,
      score: p.score,
      lo: p.lo,
      hi: p.hi,
      n: p.n,
    }));
  const title = o.simulated ? `${o.title} — SIMULATED MODEL` : o.title;
  const x = {
    field: 'tokens',
    type: 'quantitative' as const,
    title: 'mean realized reasoning tokens (symlog scale)',
    scale: { type: 'symlog' as const, constant: 64 },
    axis: { values: tickValues(values.map((v) => v.tokens)), format: '~s', labelFlush: false },
  };
  const yScale = o.shareAxis ? { zero: false, domainMax: 1 } : { zero: true };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, font: FONT, fontSize: 14 },
    width: 560,
    height: 320,
    background: 'white',
    config: {
      font: FONT,
      axis: { labelFont: FONT, titleFont: FONT },
      legend: { labelFont: FONT, titleFont: FONT },
    },
    data: { values },
    layer: [
      {
        mark: { type: 'rule', opacity: 0.6 },
        encoding: {
          x,
          y: { field: 'lo', type: 'quantitative', scale: yScale, title: o.yTitle },
          y2: { field: 'hi' },
          color: { field: 'stratum', type: 'nominal', title: 'stratum' },
        },
      },
      {
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: { field: 'score', type: 'quantitative', scale: yScale, title: o.yTitle },
          color: { field: 'stratum', type: 'nominal', title: 'stratum' },
          strokeWidth: { condition: { test: 'datum.all', value: 3.5 }, value: 1.5 },
          tooltip: [
            { field: 'stratum' },
            { field: 'budget', title: 'requested budget' },
            { field: 'tokens', format: '.0f', title: 'mean reasoning tokens' },
            { field: 'score', format: '.3f' },
            { field: 'n' },
          ],
        },
      },
    ],
  };
}

/** Powers of two (and 0) spanning the data, so the symlog axis is labelled like budgets are. */
function tickValues(tokens: number[]): number[] {
  const max = Math.max(1, ...tokens);
  const ticks = [0];
  for (let t = 256; t <= max * 1.5; t *= 2) ticks.push(t);
  return ticks.length > 8 ? ticks.filter((t, i) => t === 0 || i % 2 === 1) : ticks;
}
