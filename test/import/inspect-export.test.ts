import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { computeCurves } from '../../src/analysis/curves.js';
import { computeFlips } from '../../src/analysis/flips.js';
import { loadRunData, type RunData } from '../../src/analysis/samples.js';
import { analyseShapes } from '../../src/analysis/shape.js';
import { analyseTrends } from '../../src/analysis/trend.js';
import { importForeign } from '../../src/import/import.js';
import { inspectFiles } from '../../src/import/inspect.js';
import { evaluateGate } from '../../src/mitigate/gate.js';
import { DEFAULT_RULES } from '../../src/mitigate/gate-rules.js';
import { checkEvalLog } from '../../src/report/inspect-schema.js';
import { loadExperiment } from '../../src/run/load.js';
import { runExperiment } from '../../src/run/run.js';
import { openStore } from '../../src/store/open.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { writeDataset } from '../reliability/support.js';

/**
 * `export --inspect`: an overthink sweep as Inspect logs. Every log must fit Inspect's schema, and
 * importing the logs back must give the same samples: identity, outcome, texts, counts, stop reason,
 * target, the simulated label, and so the same analysis.
 */
async function sweep(dir: string): Promise<{ db: string; runId: string }> {
  writeDataset(dir, 12);
  const loaded = loadExperiment({
    overrides: {
      models: ['sim:inverse'],
      tasks: [{ id: 'custom', options: { path: join(dir, 'data.jsonl') } }],
      budgets: [0, 1024, 4096, 16384],
      trials: 2,
    },
  });
  const db = join(dir, 'own.db');
  const r = await runExperiment(loaded, { db, progress: false });
  assert.equal(r.status, 'complete');
  return { db, runId: r.runId };
}

const identity = (s: {
  model: string;
  taskId: string;
  itemId: string;
  budget: unknown;
  trial: number;
  variant: string;
}) => [s.model, s.taskId, s.itemId, s.budget, s.trial, s.variant].join('|');

function view(d: RunData) {
  return new Map(
    d.samples.map((s) => [
      identity(s),
      [s.outcome, s.correct, s.answer, s.reasoningTokens, s.reasoningSource, s.stopReason, s.refused],
    ]),
  );
}

test('export --inspect writes schema-valid logs that import back as the same samples', async () => {
  const dir = tempDir('ovt-export-inspect-');
  const { db, runId } = await sweep(dir);
  const out = await runCli(['export', runId, '--db', db, '--inspect', 'logs'], dir);
  assert.equal(out.code, 0, out.stderr);
  const files = readdirSync(join(dir, 'logs')).sort();
  assert.deepEqual(files, [
    'custom-data_sim-inverse_budget-0.json',
    'custom-data_sim-inverse_budget-1024.json',
    'custom-data_sim-inverse_budget-16384.json',
    'custom-data_sim-inverse_budget-4096.json',
  ]);
  for (const f of files) {
    const log = JSON.parse(readFileSync(join(dir, 'logs', f), 'utf8'));
    assert.deepEqual(checkEvalLog(log), [], f);
    assert.equal(log.samples.length, 24, `${f}: 12 items × 2 trials`);
  }

  const back = join(dir, 'back.db');
  const [run] = await importForeign(inspectFiles([join(dir, 'logs')]), { db: back });
  const a = openStore(db, { readonly: true });
  const b = openStore(back, { readonly: true });
  try {
    const own = loadRunData(a, runId, { tags: false, excerptChars: 0 });
    const imported = loadRunData(b, run.id, { tags: false, excerptChars: 0 });
    assert.equal(imported.samples.length, 96);
    assert.deepEqual(view(imported), view(own));
    assert.equal(imported.simulated, true, 'a simulated run stays labelled simulated');
    assert.deepEqual(
      [...imported.items.values()].map((i) => i.target),
      [...own.items.values()].map((i) => i.target),
    );
    const texts = (d: typeof a, id: string) =>
      d
        .prepare(
          'SELECT text, reasoning_text, input_tokens, output_tokens FROM samples WHERE run_id = ? ORDER BY model, task_id, item_id, budget, trial',
        )
        .all(id);
    assert.deepEqual(texts(b, run.id), texts(a, runId));
    const analysis = (d: RunData) => {
      const curves = computeCurves(d);
      const trends = analyseTrends(d, curves);
      return {
        trends: trends.map((t) => [t.stratum, t.trend, t.delta]),
        flips: computeFlips(d).map((f) => [f.rightToWrong, f.wrongToRight]),
        gate: evaluateGate(DEFAULT_RULES, { curves, trends, shapes: analyseShapes(d, curves) }).map((c) => [
          c.rule,
          c.passed,
        ]),
      };
    };
    assert.deepEqual(analysis(imported), analysis(own));
  } finally {
    a.close();
    b.close();
  }
});

test('export --inspect takes a folder and no other format', async () => {
  const dir = tempDir('ovt-export-inspect-');
  const { db } = await sweep(dir);
  const both = await runCli(['export', '--db', db, '--inspect', 'logs', '--csv'], dir);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--inspect writes Inspect logs; it does not take --csv/);
  const file = await runCli(['export', '--db', db, '--inspect', 'data.jsonl'], dir);
  assert.equal(file.code, 2);
  assert.match(file.stderr, /--inspect data\.jsonl: expected a folder, found a file/);
});
