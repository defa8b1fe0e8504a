import type { TopLevelSpec } from 'vega-lite';
import type { NaturalResult } from '../analysis/natural.js';
import { baseSpec, ciLineLayers } from './charts.js';

/** The natural-regime rank curve: score of the k-th shortest sample per item, one line per model. */
export function rankChartSpec(
  results: NaturalResult[],
  title: string,
  yTitle: string,
  simulated: boolean,
): TopLevelSpec {
  const values = results.flatMap((r) =>
    r.ranks.map((p) => ({
      model: r.model,
      rank: p.rank,
      score: p.score,
      lo: p.lo,
      hi: p.hi,
      tokens: p.meanTokens,
      n: p.n,
    })),
  );
  const x = {
    field: 'rank',
    type: 'ordinal' as const,
    title: 'k-th shortest reasoning trace of each item',
    axis: { labelAngle: 0 },
  };
  return {
    ...baseSpec(title, simulated),
    width: 480,
    height: 260,
    data: { values },
    layer: ciLineLayers(
      x,
      { field: 'score', type: 'quantitative', title: yTitle, scale: { zero: false } },
      { field: 'model', type: 'nominal', title: 'model' },
      {
        tooltip: [
          { field: 'model' },
          { field: 'rank' },
          { field: 'tokens', format: '.0f', title: 'mean tokens' },
          { field: 'score', format: '.3f' },
          { field: 'n' },
        ],
      },
    ),
  } as TopLevelSpec;
}
