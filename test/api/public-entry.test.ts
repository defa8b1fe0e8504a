import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT, tempDir } from '../helpers/cli.js';

// The package as a user imports it: its own name, which package.json's `exports` maps to the built
// dist/index.js (npm ci builds it; so does `npm run build`). Typed from the sources, so a change to the
// public API that this test does not follow fails the typecheck; run from the build, so an export the
// build lost fails here.
type Api = typeof import('../../src/index.js');
const PACKAGE = 'overthink';

describe('the public entry, as a user imports it', () => {
  const dir = tempDir('overthink-api-');
  const db = join(dir, 'api.db');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a sim sweep, gates it, recommends a budget and reads its report', async () => {
    assert.ok(existsSync(join(ROOT, 'dist/index.js')), 'dist/index.js is missing: run `npm run build`');
    assert.equal(import.meta.resolve(PACKAGE), pathToFileURL(join(ROOT, 'dist/index.js')).href);
    const api = (await import(PACKAGE)) as Api;
    for (const name of [
      'runAndReport',
      'gateRun',
      'recommendBudgets',
      'reportRun',
      'registerProvider',
    ] as const)
      assert.equal(
        typeof api[name],
        'function',
        `dist/index.js lacks ${name}: rebuild it with \`npm run build\``,
      );
    const loaded = api.loadExperiment({
      overrides: {
        models: ['sim:inverse'],
        tasks: ['misleading-math'],
        budgets: [0, 1024, 4096],
        trials: 2,
        limit: 6,
      },
    });
    const { run, report, files } = await api.runAndReport(loaded, {
      db,
      out: join(dir, 'report'),
      progress: false,
    });
    assert.equal(run.status, 'complete');
    assert.equal(run.stored.total, 36);
    assert.ok(report, 'a report');
    assert.ok(files.includes(join(dir, 'report', 'report.html')), files.join(', '));
    const summary = JSON.parse(readFileSync(join(dir, 'report', 'summary.json'), 'utf8'));
    assert.equal(summary.runId, run.runId);
    assert.equal(summary.simulated, true);
    assert.deepEqual(
      summary.curves
        .map((p: { budget: number }) => p.budget)
        .filter((b: number, i: number, a: number[]) => a.indexOf(b) === i),
      [0, 1024, 4096],
    );

    const gate = api.gateRun({ db, run: run.runId, markdown: join(dir, 'gate.md') });
    assert.equal(gate.verdict.run, run.runId);
    assert.ok(gate.verdict.checks.length > 0);
    assert.equal(gate.verdict.failed, gate.verdict.checks.filter((c) => !c.passed).length);
    assert.equal(readFileSync(join(dir, 'gate.md'), 'utf8'), gate.markdown);

    const rec = api.recommendBudgets({ db, run: run.runId });
    assert.equal(rec.policy.model, 'sim:inverse');
    assert.ok(rec.policy.tasks['misleading-math'], 'a policy for the task');
    const policy = api.parsePolicy(JSON.parse(JSON.stringify(rec.policy)));
    assert.ok(api.clampBudget(policy, 'misleading-math', 1_000_000) <= 4096);

    const again = await api.reportRun({ db, run: run.runId, out: join(dir, 'again'), png: false });
    assert.deepEqual(again.summary.curves, report.summary.curves);
  });

  it('runs a task and a provider registered through it', async () => {
    const api = (await import(PACKAGE)) as Api;
    const items = ['2', '3', '5'].map((n) => ({
      taskId: 'api-echo',
      itemId: `n${n}`,
      prompt: `Say ${n}.`,
      target: { kind: 'exact' as const, value: n },
      strata: {},
    }));
    api.registerTask({
      id: 'api-echo',
      family: 'api',
      description: 'says the number it is asked for',
      metric: 'accuracy',
      options: (await import('zod')).object({}).strict(),
      load: () => items,
    });
    // Right at budget 0, wrong above it: a decline the gate must see.
    api.registerProvider('echo', (model) => ({
      id: model.id,
      capabilities: {
        budgetControl: 'none',
        returnsReasoningText: false,
        returnsReasoningTokens: false,
        simulated: false,
      },
      async generate(req) {
        const n = (req.item.target as { value: string }).value;
        return {
          text: `<answer>${req.budget === 0 ? n : 'no'}</answer>`,
          usage: { input: 1, output: 1, reasoning: 0, reasoningSource: 'none' },
          stopReason: 'end',
          latencyMs: 0,
          raw: {},
          sentParams: {},
        };
      },
    }));
    assert.throws(() => api.registerProvider('sim', () => ({}) as never), /already taken/);
    const loaded = api.loadExperiment({
      overrides: { models: ['echo:one'], tasks: ['api-echo'], budgets: [0, 1024], trials: 4 },
    });
    const { run } = await api.runAndReport(loaded, { db, report: false, progress: false });
    assert.equal(run.status, 'complete');
    const data = api.loadRunData(api.openStore(db, { readonly: true }), run.runId, { tags: false });
    const correct = (b: number) => data.samples.filter((s) => s.budget === b && s.correct).length;
    assert.deepEqual([correct(0), correct(1024)], [12, 0]);
    const gate = api.gateRun({ db, run: run.runId, rules: [{ rule: 'max-drop', epsilon: 0.02 }] });
    assert.equal(gate.verdict.passed, false, JSON.stringify(gate.verdict.checks));
  });
});
