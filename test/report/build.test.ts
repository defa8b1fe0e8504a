import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunData } from '../../src/analysis/samples.js';
import { simulateRunData } from '../../src/analysis/synthetic.js';
import { SIM_PROFILES } from '../../src/providers/sim/profiles.js';
import { buildReport } from '../../src/report/build.js';
import type { EmbeddedSamples } from '../../src/report/sample-data.js';
import { verdictLines } from '../../src/report/summary.js';
import { terminalSummary } from '../../src/report/terminal.js';
import { misleadingMath } from '../../src/tasks/counting/misleading-math.js';
import { gradesRegression } from '../../src/tasks/grades/task.js';
import type { Item } from '../../src/tasks/types.js';
import { tempDir } from '../helpers/cli.js';

function merge(parts: RunData[]): RunData {
  const [first] = parts;
  return {
    ...first,
    items: new Map(parts.flatMap((p) => [...p.items])),
    metrics: new Map(parts.flatMap((p) => [...p.metrics])),
    samples: parts.flatMap((p) => p.samples),
  };
}

test('a report with two models, a regression task and a natural-regime task', {
  timeout: 120_000,
}, async () => {
  const counting = misleadingMath.load(
    { n: 30, distractors: [1, 3, 5] },
    { seed: 3, baseDir: '.' },
  ) as Item[];
  const grades = gradesRegression.load({ students: 40, shots: [0, 8] }, { seed: 3, baseDir: '.' }) as Item[];
  const natural = counting.map((it) => ({ ...it, taskId: 'misleading-math-natural' }));
  const common = { budgets: [0, 1024, 4096], trials: 2, text: 'full' as const, excerptChars: 400 };
  const data = merge([
    simulateRunData({ ...common, profile: SIM_PROFILES.inverse, items: counting, seed: 1 }),
    simulateRunData({ ...common, profile: SIM_PROFILES.flat, items: counting, seed: 2 }),
    simulateRunData({ ...common, profile: SIM_PROFILES.inverse, items: grades, seed: 3, metric: 'error' }),
    simulateRunData({
      ...common,
      budgets: ['natural'],
      trials: 5,
      profile: SIM_PROFILES.inverse,
      items: natural,
      seed: 4,
    }),
  ]);
  const dir = tempDir('overthink-build-');
  const built = await buildReport(data, dir, { png: false, seed: 9 });
  const s = built.summary;

  // Trends for both models on the counting task, none for the natural task.
  const all = s.trends.filter((t) => t.stratum === 'all');
  assert.deepEqual(all.map((t) => `${t.model}/${t.taskId}`).sort(), [
    'sim:flat/misleading-math',
    'sim:inverse/grades-regression',
    'sim:inverse/misleading-math',
  ]);
  assert.ok(all.every((t) => t.slope && t.paired && Number.isFinite(t.pHolm)));
  assert.equal(s.comparisons, s.trends.length);
  // Regression: error per budget with unparsable answers counted, and the Fig. 7 correlations.
  const reg = s.regression.find((r) => r.stratum === 'all');
  assert.ok(reg);
  assert.deepEqual(
    reg.errors.map((e) => e.budget),
    [0, 1024, 4096],
  );
  assert.ok(reg.correlations.every((c) => 'sleep' in c.withFeatures && 'study' in c.withFeatures));
  // Natural regime: 5 samples per item ranked by length.
  const nat = s.natural.find((r) => r.stratum === 'all');
  assert.equal(nat?.k, 5);
  assert.equal(nat?.ranks.length, 5);
  assert.ok(nat && nat.ranks[0].meanTokens < nat.ranks[4].meanTokens);

  // Charts: one multi-panel figure per task (both models in it), heatmap and rank curve.
  const panel = readFileSync(join(dir, 'charts', 'misleading-math.svg'), 'utf8');
  assert.ok(panel.includes('sim:inverse') && panel.includes('sim:flat') && panel.includes('SIMULATED MODEL'));
  assert.ok(existsSync(join(dir, 'charts', 'sim_inverse__grades-regression__feature-correlation.svg')));
  assert.ok(existsSync(join(dir, 'charts', 'misleading-math-natural__natural-rank.svg')));
  assert.ok(existsSync(join(dir, 'charts', 'misleading-math__budget-compliance.svg')));

  // The embedded sample data is complete, compact and parseable; CSV tables have headers.
  const html = readFileSync(built.html, 'utf8');
  const json = html.match(/<script type="application\/json" id="sample-data">([\s\S]*?)<\/script>/)?.[1];
  assert.ok(json);
  const embedded = JSON.parse(json) as EmbeddedSamples;
  assert.equal(embedded.s.m.length, data.samples.length);
  assert.deepEqual(embedded.dict.model, ['sim:flat', 'sim:inverse']);
  assert.ok(embedded.s.rsn.some((r) => r.includes('characters omitted')));
  assert.ok(embedded.s.rsn.every((r) => r.length <= 400 + 60));
  assert.match(readFileSync(join(dir, 'trends.csv'), 'utf8'), /^model,task,variant,stratum,metric,trend,/);
  assert.match(readFileSync(join(dir, 'flips.csv'), 'utf8'), /^model,task,variant,pair,item,/);
  assert.match(
    readFileSync(join(dir, 'shapes.csv'), 'utf8'),
    /^model,task,variant,stratum,metric,shape,items,best_budget,/,
  );
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).verdicts, verdictLines(s));
  assert.ok(html.includes('id="simulated-banner"'));

  const term = terminalSummary(s);
  assert.match(term, /SIMULATED MODEL/);
  assert.match(term, /slope .* per doubling of reasoning tokens \(simultaneous 95%\)/);
  assert.match(term, /paper's Table 1 \(0 → \d+\): .* · paired/);
  // Every curve with budgets has a shape, and the terminal leads with it.
  assert.equal(s.shapes.length, s.trends.length);
  assert.match(term, /sim:inverse · misleading-math {2}[↓↑→∩∪~] (decline|rise|flat|peaked|dip|noisy) \(/);
});
