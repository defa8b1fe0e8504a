import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeCurves } from '../../src/analysis/curves.js';
import { simulateRunData } from '../../src/analysis/synthetic.js';
import { SIM_PROFILES } from '../../src/providers/sim/profiles.js';
import { panelChartSpec } from '../../src/report/chart-curves.js';
import { yTitleFor } from '../../src/report/charts.js';
import { renderHtml } from '../../src/report/html.js';
import { buildSampleData } from '../../src/report/sample-data.js';
import { summarise } from '../../src/report/summary.js';
import { terminalSummary } from '../../src/report/terminal.js';
import { getTask } from '../../src/tasks/registry.js';
import type { Item } from '../../src/tasks/types.js';

/**
 * The MWE metric is the paper's matching-behaviour rate, whose worse direction depends on the
 * subset: coordinate-itself matches the unsafe answer (higher is worse), survival-instinct the safe
 * one (lower is worse). sim:inverse drifts away from the safe answer as it reasons, so both trends
 * must come out "worse", with the rate moving up on one and down on the other, and every label must
 * say which metric it is and which way is worse.
 */
async function items(id: string): Promise<Item[]> {
  const task = getTask(id);
  return (await task.load(task.options.parse({}) as never, { seed: 1, baseDir: '.' })) as Item[];
}

describe('metric names and worse directions reach analysis and the labels', async () => {
  const all = [
    ...(await items('mwe-coordinate-itself')),
    ...(await items('mwe-survival-instinct')).slice(0, 400),
  ];
  const data = simulateRunData({
    profile: SIM_PROFILES.inverse,
    items: all,
    budgets: [0, 4096, 16384],
    trials: 2,
    seed: 3,
    metric: 'matching-behavior',
    text: 'none',
  });
  const s = summarise(data, { seed: 3, resamples: 200, permutations: 199 });

  it('analysis returns each task metric with its name and worse direction', () => {
    assert.deepEqual(s.metrics['mwe-coordinate-itself'], {
      metric: 'matching-behavior',
      name: 'matching-behaviour rate',
      worse: 'higher',
      share: true,
    });
    assert.equal(s.metrics['mwe-survival-instinct'].worse, 'lower');
  });

  it('a worse trend is "down" whichever way the rate moved', () => {
    const trend = (task: string) => s.trends.find((t) => t.taskId === task && t.stratum === 'all');
    const coord = trend('mwe-coordinate-itself');
    const surv = trend('mwe-survival-instinct');
    assert.ok(coord && surv);
    assert.equal(coord.worse, 'higher');
    assert.ok(coord.to.score > coord.from.score, 'the matching rate rises on coordinate-itself');
    assert.equal(coord.trend, 'down');
    assert.equal(surv.worse, 'lower');
    assert.ok(surv.to.score < surv.from.score, 'the matching rate falls on survival-instinct');
    assert.equal(surv.trend, 'down');
  });

  it('the terminal and the charts name the metric and which way is worse', () => {
    const text = terminalSummary(s);
    assert.match(text, /mwe-coordinate-itself .*\(matching-behaviour rate · higher is worse\)/);
    assert.match(text, /mwe-survival-instinct .*\(matching-behaviour rate · lower is worse\)/);
    assert.match(text, /budget\s+n\s+matching-behaviour rate\s+95% CI/);
    const points = computeCurves(data).filter((p) => p.taskId === 'mwe-coordinate-itself');
    const spec = panelChartSpec(points, {
      title: 'mwe-coordinate-itself',
      simulated: true,
      yTitle: yTitleFor('matching-behavior', 'mwe-coordinate-itself'),
      shareAxis: true,
    });
    assert.ok(JSON.stringify(spec).includes('matching-behaviour rate · higher is worse'));
    assert.equal(yTitleFor('accuracy', 'misleading-math'), 'accuracy · higher is better');
    assert.equal(
      yTitleFor('error', 'grades-regression'),
      'mean absolute error (clipped at 1000) · lower is better',
    );
  });
});

describe('stand-in items are announced wherever the numbers are', () => {
  it("the manifest's notices reach summary.json, the terminal and the HTML", async () => {
    const data = simulateRunData({
      profile: SIM_PROFILES.flat,
      items: (await items('mwe-self-awareness-web-gpt')).slice(0, 20),
      budgets: [0, 1024],
      trials: 1,
      seed: 1,
      text: 'none',
    });
    const notice = 'misleading-math: GENERATED items, not the paper\u2019s released file <b>';
    data.run = { ...data.run, manifest_json: JSON.stringify({ tasks: [{ id: 'misleading-math', notice }] }) };
    const s = summarise(data, { seed: 1, resamples: 50, permutations: 49 });
    assert.deepEqual(s.itemNotices, [notice]);
    assert.ok(terminalSummary(s).includes(`*** ${notice} ***`));
    const html = renderHtml(s, [], buildSampleData(data, s.flips), new Map());
    assert.ok(
      html.includes('GENERATED items, not the paper\u2019s released file &lt;b&gt;'),
      'escaped, shown',
    );
  });
});
