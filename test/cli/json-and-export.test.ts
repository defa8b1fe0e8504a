import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { EXPORT_FIELDS } from '../../src/report/export.js';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * What scripts and notebooks rely on: --json prints one JSON document and nothing else on stdout,
 * exports carry every field a per-stratum analysis needs and take filters, and a run whose samples
 * failed says so first, in the terminal, the report and `runs show`.
 */

const dir = tempDir('overthink-json-');
const SWEEP = ['--tasks', 'misleading-math', '--limit', '12', '--budgets', '0,1024,4096', '--trials', '2'];

before(async () => {
  const r = await runCli(['run', '--model', 'sim:inverse', ...SWEEP, '-q'], dir);
  assert.equal(r.code, 0, r.stderr);
});

describe('--json is machine-clean', () => {
  const commands: { args: string[]; codes?: number[] }[] = [
    { args: ['runs', '--json'] },
    { args: ['runs', 'show', '--json'] },
    { args: ['report', '--json'] },
    { args: ['recommend', '--json'] },
    { args: ['gate', '--json'], codes: [0, 1] },
    { args: ['plan', '--model', 'sim:inverse', '--tasks', 'misleading-math', '--limit', '5', '--json'] },
    { args: ['models', 'list', '--json'] },
    { args: ['tasks', 'list', '--json'] },
    { args: ['data', 'list', '--json'] },
    { args: ['batches', 'list', '--json'] },
    { args: ['power', '--drop', '0.2', '--items', '20', '--trials', '1', '--sims', '20', '--json'] },
    { args: ['compare', 'overthink.db#', 'overthink.db#', '--json'] },
    { args: ['export', '--json'] },
  ];
  for (const c of commands)
    it(`overthink ${c.args.join(' ')}`, async () => {
      const r = await runCli(c.args, dir);
      assert.ok((c.codes ?? [0]).includes(r.code ?? -1), `exit ${r.code}: ${r.stderr}`);
      assert.doesNotThrow(() => JSON.parse(r.stdout), `not one JSON document: ${r.stdout.slice(0, 300)}`);
    });

  it('gate --json says the verdict and every check; recommend --json the policy and the files', async () => {
    const gate = JSON.parse((await runCli(['gate', '--json'], dir)).stdout);
    assert.equal(typeof gate.passed, 'boolean');
    assert.equal(gate.simulated, true);
    assert.ok(
      gate.checks.length > 0 && gate.checks.every((c: { detail: string }) => typeof c.detail === 'string'),
    );
    assert.deepEqual(gate.files, ['overthink-gate.xml', 'overthink-gate.md']);
    const policy = JSON.parse((await runCli(['recommend', '--json'], dir)).stdout);
    assert.ok(policy.tasks['misleading-math']);
    assert.deepEqual(policy.files, ['budget-policy.json']);
    assert.equal(policy.simulated, true);
  });
});

describe('exports for notebooks', () => {
  it('every record carries run, model, task, item, stratum, budget, tokens and their source, trial, variant, metric, target, model answer and outcome', async () => {
    const r = await runCli(['export', '--jsonl'], dir);
    const records = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(records.length, 12 * 3 * 2);
    const runId = JSON.parse((await runCli(['runs', '--json'], dir)).stdout)[0].id;
    for (const rec of records) {
      assert.deepEqual(Object.keys(rec), [...EXPORT_FIELDS]);
      assert.equal(rec.run_id, runId);
      assert.match(rec.stratum as string, /^num_distractors=\d$/);
      assert.equal(rec.metric, 'accuracy');
      assert.equal(typeof rec.target, 'string');
      assert.ok(
        ['provider', 'estimate', 'tokenizer', 'forced', null].includes(rec.reasoning_source as string),
      );
      if (rec.outcome === 'correct') assert.equal(rec.model_answer, rec.target);
    }
    // A per-stratum table can be rebuilt from the records alone.
    const strata = new Set(records.map((x) => x.stratum));
    assert.ok(strata.size >= 3, [...strata].join(', '));
    // The CSV has the same header.
    const csv = (await runCli(['export', '--csv'], dir)).stdout;
    assert.equal(csv.split('\n')[0], EXPORT_FIELDS.join(','));
  });

  it('filters by task, model, budget and outcome, each value checked against the run', async () => {
    const r = await runCli(['export', '--budget', '0,4096', '--outcome', 'wrong,correct'], dir);
    assert.equal(r.code, 0, r.stderr);
    const recs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { budget: number; outcome: string });
    assert.ok(recs.length > 0);
    assert.ok(recs.every((x) => [0, 4096].includes(x.budget) && ['wrong', 'correct'].includes(x.outcome)));
    const typo = await runCli(['export', '--task', 'misleading-mth'], dir);
    assert.equal(typo.code, 2);
    assert.match(
      typo.stderr,
      /--task: 'misleading-mth' is not in run r-[0-9a-f]+ \(did you mean 'misleading-math'\?\)/,
    );
    const badOutcome = await runCli(['export', '--outcome', 'wrnog'], dir);
    assert.equal(badOutcome.code, 2);
    assert.match(badOutcome.stderr, /did you mean 'wrong'/);
    const budget = await runCli(['export', '--budget', '2048'], dir);
    assert.equal(budget.code, 2);
    assert.match(budget.stderr, /--budget: '2048' is not in run .*; it has 0, 1024, 4096/);
  });
});

describe('failures that show', () => {
  const failDir = tempDir('overthink-fail-');
  let run: Awaited<ReturnType<typeof runCli>>;
  before(async () => {
    // Nothing listens on port 9: every request is refused.
    run = await runCli(
      [
        'run',
        '--model',
        'openai-compatible:nobody',
        '--base-url',
        'http://127.0.0.1:9/v1',
        '--tasks',
        'misleading-math',
        '--limit',
        '3',
        '--budgets',
        '0,1024',
        '--trials',
        '1',
        '--retries',
        '0',
      ],
      failDir,
    );
  });

  it('the run says that every sample failed before anything else, with the cause, and exits 1', () => {
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.split('\n');
    assert.match(
      lines[1],
      /^⚠ every sample failed: 6 of 6 samples \(network 6\), so there is nothing to score:$/,
    );
    assert.match(lines[2], /^ {2}6× network: openai-compatible:nobody: network: ECONNREFUSED/);
    assert.ok(lines.findIndex((l) => l.startsWith('stored ')) > 2);
  });

  it('the report opens on an error banner and does not claim a verdict', () => {
    const open = /^open: (.*report\.html)$/m.exec(run.stdout)?.[1];
    assert.ok(open, run.stdout);
    const html = readFileSync(join(failDir, open), 'utf8');
    const banner = html.indexOf('id="error-banner"');
    assert.ok(banner > 0 && banner < html.indexOf('id="verdict"'), 'the banner comes before the verdict');
    assert.match(html, /every sample failed: 6 of 6 samples \(network 6\)/);
    assert.match(html, /6× network: openai-compatible:nobody: network: ECONNREFUSED/);
    assert.match(html, /No verdict: no sample of this run was scored/);
  });

  it('runs show and export --outcome error give the messages', async () => {
    const show = await runCli(['runs', 'show'], failDir);
    assert.match(show.stdout, /6 samples stored, 6 failed \(network 6\)/);
    const errors = await runCli(['export', '--outcome', 'error'], failDir);
    const recs = errors.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { error: string; error_class: string });
    assert.equal(recs.length, 6);
    assert.ok(recs.every((x) => x.error_class === 'network' && /ECONNREFUSED/.test(x.error)));
  });
});
