import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CurvePoint } from '../../src/analysis/curves.js';
import { panelChartSpec, strataChartSpec } from '../../src/report/chart-curves.js';
import { TEXT_PX, tickValues, zeroTokensAt } from '../../src/report/charts.js';
import { renderSvg } from '../../src/report/render.js';

/** What a first-time reader needs of the curve charts, checked on the drawn SVG. */

function point(
  stratum: string,
  budget: number,
  score: number,
  tokens: number,
  model = 'sim:inverse',
): CurvePoint {
  return {
    model,
    taskId: 'misleading-math',
    variant: 'paper',
    stratum,
    budget,
    metric: 'accuracy',
    n: 60,
    score,
    lo: score - 0.12,
    hi: Math.min(1, score + 0.05),
    correct: Math.round(score * 60),
    outcomes: { correct: 0, wrong: 0, unparsable: 0, truncated: 0, error: 0 },
    lost: { wrong: 0, truncated: 0, unparsable: 0, refused: 0 },
    meanTokens: tokens,
    q1Tokens: tokens,
    medianTokens: tokens,
    q3Tokens: tokens,
  };
}

const BUDGETS: [number, number][] = [
  [0, 0],
  [1024, 1050],
  [4096, 4100],
  [16384, 16500],
];
const curve = (stratum: string, base: number) =>
  BUDGETS.map(([b, t], i) => point(stratum, b, base - 0.05 * i, t));

/** Numbers in the SVG: font sizes and the x positions of the tick labels. */
const fontSizes = (svg: string) =>
  [...svg.matchAll(/font-size="(\d+(?:\.\d+)?)px"/g)].map((m) => Number(m[1]));

describe('curve charts', () => {
  it('put budget 0 one doubling left of the data, so no stretch of the axis is empty', () => {
    assert.equal(zeroTokensAt([0, 1050, 4100, 16500]), 525);
    assert.deepEqual(tickValues([0, 1050, 4100, 16500]), [525, 1024, 2048, 4096, 8192, 16384]);
    // A model that reasons a little even at budget 0: its own count sets the left edge.
    assert.equal(zeroTokensAt([40, 1000]), 20);
  });

  it('draw the all-items curve with every mark in the legend, text of 12 px or more, and no bar past the plot', async () => {
    const points = [
      ...curve('all', 0.95),
      ...curve('num_distractors=1', 0.9),
      ...curve('num_distractors=2', 0.85),
    ];
    const spec = panelChartSpec(points, {
      title: 'misleading-math',
      simulated: false,
      yTitle: 'accuracy · higher is better',
      shareAxis: true,
      best: [points[0]],
      scheduler: [{ ...point('all', 16384, 0.97, 2000), label: 'scheduler', meanProbeTokens: 40 } as never],
    });
    const svg = await renderSvg(spec);
    for (const label of ['all items', 'best budget', 'reasoning scheduler'])
      assert.ok(svg.includes(`>${label}<`), label);
    // Strata are not drawn here: they have small multiples of their own.
    assert.ok(!svg.includes('num_distractors'));
    assert.ok(
      Math.min(...fontSizes(svg)) >= TEXT_PX,
      `font sizes ${[...new Set(fontSizes(svg))].join(', ')}`,
    );
    const y = (
      spec as { spec: { layer: { layer: { encoding: { y: { scale: { domain: number[] } } } }[] }[] } }
    ).spec.layer[0].layer[0].encoding.y.scale.domain;
    // Over the points it draws: the all-items curve (strata have their own chart) and the scheduler.
    const lowest = Math.min(...points.filter((p) => p.stratum === 'all').map((p) => p.lo), 0.85);
    assert.ok(y[0] <= lowest && y[1] === 1, `y domain ${y} spans every interval (lowest ${lowest})`);
  });

  it('draw one small panel per stratum, with the all-items curve as a reference in each', async () => {
    const points = [
      ...curve('all', 0.95),
      ...curve('num_distractors=1', 0.9),
      ...curve('num_distractors=2', 0.85),
    ];
    const spec = strataChartSpec(points, {
      title: 'misleading-math',
      simulated: false,
      yTitle: 'accuracy',
      shareAxis: true,
    });
    assert.ok(spec);
    const svg = await renderSvg(spec);
    for (const s of ['num_distractors=1', 'num_distractors=2', 'all items (reference)'])
      assert.ok(svg.includes(s), s);
    assert.ok(Math.min(...fontSizes(svg)) >= TEXT_PX);
    assert.equal(
      strataChartSpec(curve('all', 0.9), { title: 't', simulated: false, yTitle: 'y', shareAxis: true }),
      undefined,
    );
  });
});
