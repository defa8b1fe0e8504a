import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { computeCurves } from '../../src/analysis/curves.js';
import { effortLevel } from '../../src/analysis/effort-level.js';
import { groupKey } from '../../src/analysis/keys.js';
import { analyseLadders } from '../../src/analysis/ladder.js';
import { loadRunData } from '../../src/analysis/samples.js';
import { analyseShapes } from '../../src/analysis/shape.js';
import { memoryRun } from '../../src/analysis/synthetic.js';
import { openStore } from '../../src/store/open.js';
import { upsertRun } from '../../src/store/runs.js';
import { SampleWriter } from '../../src/store/writer.js';
import { Rng } from '../../src/util/rng.js';
import { sampleRow } from '../helpers/sample-row.js';
import { buildData, items, type Row } from './fixtures.js';

test('effort levels are read from each provider’s request parameters', () => {
  assert.equal(effortLevel({ reasoning_effort: 'low', max_completion_tokens: 9 }), 'low');
  assert.equal(effortLevel({ reasoning: { effort: 'high' } }), 'high');
  assert.equal(effortLevel({ output_config: { effort: 'xhigh' }, max_tokens: 5 }), 'xhigh');
  assert.equal(effortLevel({ generationConfig: { thinkingConfig: { thinkingLevel: 'medium' } } }), 'medium');
  assert.equal(effortLevel({ thinking: { type: 'enabled', budget_tokens: 1024 } }), null);
  assert.equal(effortLevel(null), null);
});

/** Budgets sent as levels: 1024 and 2048 both low, 4096 medium (reasoning as long as low), 8192 high. */
const LEVELS: Record<number, string> = { 1024: 'low', 2048: 'low', 4096: 'medium', 8192: 'high' };
const MEDIAN: Record<string, number> = { low: 900, medium: 920, high: 4000 };

function ladderData() {
  const its = items(Array.from({ length: 80 }, (_, i) => `i${i}`));
  const rng = new Rng(5);
  const rows: Row[] = [];
  for (const it of its)
    for (const budget of [1024, 2048, 4096, 8192])
      for (let trial = 0; trial < 2; trial++)
        rows.push({
          item: it.itemId,
          budget,
          trial,
          correct: rng.chance(budget === 8192 ? 0.6 : 0.8),
          tokens: Math.round(MEDIAN[LEVELS[budget]] * Math.exp(rng.normal() * 0.3)),
        });
  const data = buildData(its, rows);
  data.levels = new Map(Object.entries(LEVELS).map(([b, l]) => [groupKey('sim:test', b), l]));
  return data;
}

test('an effort ladder: tokens per level, shared levels and collapsed neighbours flagged', () => {
  const [l] = analyseLadders(ladderData());
  assert.ok(l);
  assert.deepEqual(
    l.steps.map((s) => [s.level, s.budgets]),
    [
      ['low', [1024, 2048]],
      ['medium', [4096]],
      ['high', [8192]],
    ],
  );
  assert.ok(Math.abs(l.steps[2].median - 4000) < 400);
  assert.equal(l.pairs[0].indistinguishable, true, 'low and medium reason alike');
  assert.equal(l.pairs[1].indistinguishable, false);
  assert.ok(l.warnings.some((w) => /budgets 1024, 2048 were all sent as effort low/.test(w)));
  assert.ok(l.warnings.some((w) => /effort low and medium gave indistinguishable reasoning lengths/.test(w)));
});

test('a ladder is tested in order of realized tokens, not of budget labels', () => {
  const data = ladderData();
  // Make the "high" level reason least: its budget label is the largest, its tokens the fewest.
  for (const s of data.samples) if (s.budget === 8192) s.reasoningTokens = Math.round(s.reasoningTokens / 20);
  const [shape] = analyseShapes(data, computeCurves(data), { seed: 1, resamples: 200 });
  assert.equal(shape.ladder, true);
  assert.equal(shape.order[0], 8192);
  assert.equal(shape.levels[0], 'high');
  assert.equal(shape.last.budget !== 8192, true);
  const [l] = analyseLadders(data);
  assert.ok(l.warnings.some((w) => /realized tokens do not rise with the budget/.test(w)));
});

test('loadRunData finds each budget’s level in the stored request parameters', () => {
  const db = openStore(join(mkdtempSync(join(tmpdir(), 'ot-ladder-')), 's.db'));
  const run = memoryRun('r-ladder', false);
  upsertRun(db, { ...run, manifest_json: JSON.stringify({ tasks: [{ id: 't', metric: 'accuracy' }] }) });
  const w = new SampleWriter(db);
  w.addItems(run.id, items(['a', 'b']));
  let k = 0;
  for (const item of ['a', 'b'])
    for (const [budget, params] of [
      [1024, { reasoning_effort: 'low' }],
      [8192, { reasoning_effort: 'high' }],
    ] as const)
      w.add(
        sampleRow(`k${k++}`, {
          run_id: run.id,
          model: 'openai:o3',
          task_id: 't',
          item_id: item,
          budget,
          sent_params: JSON.stringify(params),
          text: '<answer>3</answer>',
          reasoning_tokens: budget,
        }),
      );
  w.close();
  const data = loadRunData(db, run.id, { tags: false, excerptChars: 0 });
  db.close();
  assert.deepEqual(
    [...(data.levels ?? [])],
    [
      [groupKey('openai:o3', '1024'), 'low'],
      [groupKey('openai:o3', '8192'), 'high'],
    ],
  );
});
