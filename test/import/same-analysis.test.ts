import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { completeness } from '../../src/analysis/completeness.js';
import { computeCurves } from '../../src/analysis/curves.js';
import { computeFlips } from '../../src/analysis/flips.js';
import { loadRunData, type RunData } from '../../src/analysis/samples.js';
import { analyseShapes } from '../../src/analysis/shape.js';
import { analyseTrends } from '../../src/analysis/trend.js';
import { hashKey } from '../../src/core/sample-key.js';
import { importForeign } from '../../src/import/import.js';
import { inspectFiles } from '../../src/import/inspect.js';
import { evaluateGate, gateRefusal } from '../../src/mitigate/gate.js';
import { DEFAULT_RULES } from '../../src/mitigate/gate-rules.js';
import { identityOf, outputColumns, sampleRow } from '../../src/run/sample.js';
import type { DB } from '../../src/store/db.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { upsertRun } from '../../src/store/runs.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * A sweep imported from edited Inspect logs against the same samples made the way overthink stores
 * its own: each sample's answer as text overthink's extractor reads (scored on read), the same
 * reasoning counts and stop reasons. Both must give the same trend, flips and gate result.
 */
const SWEEP = join(ROOT, 'test/fixtures/inspect/sweep-claude');

function analyse(data: RunData) {
  const curves = computeCurves(data);
  const trends = analyseTrends(data, curves);
  const shapes = analyseShapes(data, curves);
  const gate = evaluateGate(DEFAULT_RULES, { curves, trends, shapes }).map((c) => [
    c.rule,
    c.passed,
    c.detail,
  ]);
  return {
    refusal: gateRefusal(DEFAULT_RULES, completeness(data), 'run'),
    trends: trends.map((t) => [t.stratum, t.trend, t.delta, t.slope?.slope, t.paired?.p]),
    shapes: shapes.map((s) => [s.stratum, s.shape, s.best.budget]),
    flips: computeFlips(data).map((f) => [
      f.low,
      f.high,
      f.rightToWrong,
      f.wrongToRight,
      f.flips.map((x) => x.itemId),
    ]),
    gate,
  };
}

/** The imported samples written again as a run overthink made: no stored scores, answers as text. */
function remake(db: DB, from: RunData): string {
  const runId = 'r-remade';
  const now = new Date().toISOString();
  upsertRun(db, {
    id: runId,
    name: null,
    created_at: now,
    updated_at: now,
    status: 'complete',
    tool_version: 'test',
    simulated: 0,
    config_json: JSON.stringify({
      regime: 'controlled',
      budgets: [1024, 4096, 16384],
      trials: 2,
      extractor: 'overthink',
    }),
    manifest_json: JSON.stringify({ tasks: [{ id: 'popularity', metric: 'accuracy' }] }),
  });
  const item = db.prepare(
    `INSERT INTO items (run_id, task_id, item_id, prompt, target_json, strata_json) VALUES (?, ?, ?, ?, ?, '{}')`,
  );
  for (const it of from.items.values())
    item.run(
      runId,
      it.taskId,
      it.itemId,
      it.prompt,
      JSON.stringify({ kind: 'exact', value: (it.target as { value: string }).value.trim() }),
    );
  const columns = Object.keys(
    sampleRow('', '', identityOf(planned('x', 'x', 0, 0)), 1, outcome('', null, null)),
  );
  const insert = db.prepare(
    `INSERT INTO samples (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  for (const s of from.samples) {
    const it = from.items.get(`${s.taskId}\u0000${s.itemId}`);
    assert.ok(it);
    const target = (it.target as { value: string }).value.trim();
    const other = target === 'Yes' ? 'No' : 'Yes';
    const text =
      s.outcome === 'correct'
        ? `<answer>${target}</answer>`
        : s.outcome === 'wrong'
          ? `<answer>${other}</answer>`
          : '';
    const key = hashKey(runId, {
      model: s.model,
      taskId: s.taskId,
      itemId: s.itemId,
      regime: 'controlled',
      budget: s.budget,
      trial: s.trial,
      variant: s.variant,
    });
    insert.run(
      sampleRow(
        runId,
        key,
        identityOf(planned(s.model, s.itemId, s.budget as number, s.trial)),
        1,
        outcome(text, s.stopReason, s.reasoningTokens),
      ),
    );
  }
  return runId;
}

function planned(model: string, itemId: string, budget: number, trial: number) {
  return {
    // The same arm name: the paired test's permutations are seeded by model, task and arm.
    key: {
      model,
      taskId: 'popularity',
      itemId,
      regime: 'controlled' as const,
      budget,
      trial,
      variant: 'inspect',
    },
    seed: 1,
    maxTokens: 20000,
  } as unknown as Parameters<typeof identityOf>[0];
}

function outcome(text: string, stop: string | null, tokens: number | null) {
  return {
    sent_params: null,
    budget_note: null,
    ...outputColumns(text, undefined, null),
    input_tokens: 64,
    output_tokens: tokens,
    reasoning_tokens: tokens,
    reasoning_source: 'provider',
    stop_reason: stop,
    latency_ms: null,
    cost_usd: null,
    error: null,
    error_class: null,
  };
}

test('a sweep imported from edited Inspect logs gets the trend, flips and gate result of the same samples made by overthink', async () => {
  const db = join(tempDir('ovt-same-'), 's.db');
  const [run] = await importForeign(inspectFiles([SWEEP]), { db });
  const store = openStore(db);
  try {
    const imported = loadRunData(store, run.id, { tags: false, excerptChars: 0 });
    const remade = loadRunData(store, remake(store, imported), { tags: false, excerptChars: 0 });
    assert.equal(remade.samples.length, imported.samples.length);
    assert.equal(imported.origin?.tool, 'inspect');
    assert.equal(remade.origin, null);
    const a = analyse(imported);
    const b = analyse(remade);
    assert.deepEqual(a, b);
    // What they agree on is a decline: not an agreement on nothing.
    assert.equal(a.refusal, null);
    assert.equal(a.trends.find((t) => t[0] === 'all')?.[1], 'down');
    assert.equal(a.flips[0][2], 7, 'items 3 to 9 go right → wrong');
    assert.ok(a.gate.some(([rule, passed]) => rule === 'no-decline' && passed === false));
  } finally {
    closeStore(store);
  }
});
