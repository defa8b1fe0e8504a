import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadExperiment } from '../../src/run/load.js';
import { runExperiment } from '../../src/run/run.js';
import { ROOT, tempDir } from '../helpers/cli.js';
import type { BatchResult } from '../reliability/cli-batch.js';
import { writeDataset } from '../reliability/support.js';

/**
 * An imported run is a run: report, compare, gate, recommend, runs and export read it as they read
 * one overthink made, and each that shows a run says where it came from.
 */
test('report, compare, gate, recommend, runs and export read an imported sweep and say where it came from', async () => {
  const dir = tempDir('ovt-imported-run-');
  // A run overthink made, to compare the imported one with.
  writeDataset(dir, 10);
  const loaded = loadExperiment({
    overrides: {
      models: ['sim:inverse'],
      tasks: [{ id: 'custom', options: { path: join(dir, 'data.jsonl') } }],
      budgets: [1024, 4096, 16384],
      trials: 1,
    },
  });
  assert.equal(
    (await runExperiment(loaded, { db: join(dir, 'own.db'), progress: false })).status,
    'complete',
  );
  const sweep = join(ROOT, 'test/fixtures/inspect/sweep-claude');
  const cases = [
    ['import', 'inspect', sweep, '--db', 's.db', '--run-name', 'claude-sweep'],
    ['report', 'claude-sweep', '--db', 's.db', '-o', 'report', '--no-png'],
    ['compare', 'own.db#', 's.db#claude-sweep', '-o', 'compare'],
    ['gate', 'claude-sweep', '--db', 's.db', '--junit', 'gate.xml', '--markdown', 'gate.md'],
    ['recommend', 'claude-sweep', '--db', 's.db', '--out', 'policy.json'],
    ['runs', '--db', 's.db'],
    ['export', 'claude-sweep', '--db', 's.db', '--out', 'samples.jsonl'],
    ['runs', 'show', 'claude-sweep', '--db', 's.db'],
  ].map((args) => ({ cwd: dir, args }));
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases));
  const batch = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'test/reliability/cli-batch.ts'),
      join(dir, 'cases.json'),
      join(dir, 'results.json'),
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(batch.status, 0, batch.stderr);
  const [imported, report, compare, gate, recommend, runs, exported, shown] = JSON.parse(
    readFileSync(join(dir, 'results.json'), 'utf8'),
  ) as BatchResult[];
  assert.equal(imported.code, 0, imported.stderr);
  const source = /imported from Inspect AI 0\.3\.58\.dev16\+g6a87748b \(3 files: /;

  assert.equal(report.code, 0, report.stderr);
  assert.match(report.stdout, source);
  assert.match(
    report.stdout,
    /note: Inspect 0\.3\.58\.dev16\+g6a87748b counted anthropic\/claude-sonnet-4-5's reasoning tokens over the summarised thinking/,
  );
  assert.match(report.stdout, /↓ decline/);
  const summary = JSON.parse(readFileSync(join(dir, 'report/summary.json'), 'utf8'));
  assert.equal(summary.origin.tool, 'inspect');
  assert.equal(summary.origin.files.length, 3);
  assert.match(summary.source, source);
  assert.match(
    readFileSync(join(dir, 'report/report.html'), 'utf8'),
    /<p class="notice" id="origin">Imported from Inspect AI/,
  );

  assert.equal(compare.code, 0, compare.stderr);
  assert.match(compare.stdout, /claude-sweep: imported from Inspect AI/);

  assert.equal(gate.code, 1, 'the sweep declines, so the gate fails');
  assert.match(gate.stdout, /run i-[0-9a-f]{12}: imported from Inspect AI/);
  assert.match(gate.stdout, /FAIL {2}no-decline {2}popularity/);
  assert.match(readFileSync(join(dir, 'gate.md'), 'utf8'), /— imported from Inspect AI/);

  assert.equal(recommend.code, 0, recommend.stderr);
  assert.match(recommend.stdout, /imported from Inspect AI/);
  const policy = JSON.parse(readFileSync(join(dir, 'policy.json'), 'utf8'));
  assert.match(policy.source, source);
  assert.equal(policy.tasks.popularity.best.budget, 1024);

  assert.equal(runs.code, 0);
  assert.match(
    runs.stdout,
    /\(claude-sweep\) {2}complete {2}60 samples \(0 errors\).*\[imported from Inspect AI/,
  );

  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(readFileSync(join(dir, 'samples.jsonl'), 'utf8').trim().split('\n').length, 60);

  // runs show reads the experiment the import amounts to: models, task, budgets, epochs as trials.
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /; imported from Inspect AI 0\.3\.58/);
  assert.match(shown.stdout, /model anthropic\/claude-sonnet-4-5: budgets 1024, 4096, 16384/);
  assert.match(shown.stdout, /task popularity: 10 items/);
  assert.match(shown.stdout, /controlled regime · 2 trial\(s\)/);
});
