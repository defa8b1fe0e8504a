import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CurvePoint } from '../../src/analysis/curves.js';
import type { SchedulerArm } from '../../src/analysis/scheduler.js';
import { armsChartSpec } from '../../src/report/chart-arms.js';
import { renderSvg } from '../../src/report/render.js';

function point(variant: string, budget: number, score: number, stratum = 'all'): CurvePoint {
  return {
    model: 'sim:inverse',
    taskId: 'grades',
    variant,
    stratum,
    budget,
    metric: 'accuracy',
    n: 50,
    score,
    lo: score - 0.05,
    hi: Math.min(1, score + 0.05),
    correct: Math.round(score * 50),
    outcomes: { correct: Math.round(score * 50), wrong: 0, unparsable: 0, truncated: 0, error: 0 },
    lost: { wrong: 0, truncated: 0, unparsable: 0, refused: 0 },
    meanTokens: budget * 1.02,
    q1Tokens: budget,
    medianTokens: budget,
    q3Tokens: budget,
  };
}

const O = { title: 'grades: arms side by side', simulated: true, yTitle: 'accuracy', shareAxis: true };
type Values = { data: { values: { arm: string; kind: string; budget: string }[] } };

describe('arms chart (anchoring side by side)', () => {
  it('is not drawn for a task with one prompt arm', () => {
    const curves = [point('paper', 0, 0.9), point('paper', 1024, 0.8), point('paper+scheduler', 16384, 0.9)];
    assert.equal(armsChartSpec(curves, [], O), undefined);
  });

  it('puts every prompt arm on one chart, plain first, with scheduler diamonds in their arm', async () => {
    const curves = [
      point('paper+16shot', 0, 0.9),
      point('paper+16shot', 1024, 0.9),
      point('paper', 0, 0.9),
      point('paper', 1024, 0.7),
      point('paper', 1024, 0.6, 'num_distractors=5'),
      point('paper+scheduler', 16384, 0.85),
    ];
    const arm: SchedulerArm = {
      model: 'sim:inverse',
      taskId: 'grades',
      variant: 'paper+scheduler',
      baseVariant: 'paper',
      metric: 'accuracy',
      ceiling: 16384,
      n: 50,
      score: 0.85,
      lo: 0.8,
      hi: 0.9,
      meanTokens: 900,
      medianTokens: 800,
      meanProbeTokens: 12,
      meanProbes: 3,
      ends: { converged: 50 },
      bestFixed: null,
      largestFixed: null,
    };
    const spec = armsChartSpec(curves, [arm], O);
    assert.ok(spec);
    const values = (spec as unknown as Values).data.values;
    // All-items points only (strata are in each arm's own chart); the scheduler's curve point is not a line point.
    assert.deepEqual(
      values.map((v) => `${v.kind}:${v.arm}:${v.budget}`),
      [
        'fixed:paper+16shot:0',
        'fixed:paper+16shot:1024',
        'fixed:paper:0',
        'fixed:paper:1024',
        'scheduler:paper:scheduler',
      ],
    );
    const svg = await renderSvg(spec);
    assert.match(svg, /paper\+16shot/);
    assert.match(svg, /SIMULATED MODEL/);
    // The legend lists the plain arm before the anchored one.
    assert.ok(svg.indexOf('>paper<') < svg.indexOf('>paper+16shot<'));
  });
});
