import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';

const RUN = [
  'run',
  '--tasks',
  'misleading-math',
  '--budgets',
  '0,4096',
  '--trials',
  '2',
  '--limit',
  '30',
  '--no-report',
  '-q',
];

test('report with custom tag rules, then compare two runs from two stores', {
  timeout: 120_000,
}, async () => {
  const dir = tempDir('overthink-cli-');
  const a = await runCli([...RUN, '--model', 'sim:inverse', '--db', 'a.db'], dir);
  assert.equal(a.code, 0, a.stderr);
  const b = await runCli([...RUN, '--model', 'sim:flat', '--db', 'b.db'], dir);
  assert.equal(b.code, 0, b.stderr);

  writeFileSync(join(dir, 'tags.yaml'), 'drift:\n  enabled: false\n');
  const rep = await runCli(
    ['report', '--db', 'a.db', '-o', 'rep', '--tags', 'tags.yaml', '--no-png', '--seed', '3'],
    dir,
  );
  assert.equal(rep.code, 0, rep.stderr);
  assert.match(rep.stdout, /SIMULATED MODEL/);
  assert.match(rep.stdout, /slope .* per doubling of reasoning tokens \(simultaneous 95%\)/);
  assert.match(rep.stdout, /paper's Table 1 \(0 → \d+\): .* · paired/);
  assert.ok(!existsSync(join(dir, 'rep', 'charts', 'misleading-math.png')));
  const summary = JSON.parse(readFileSync(join(dir, 'rep', 'summary.json'), 'utf8'));
  assert.equal(summary.tagRules.drift.enabled, false);
  assert.ok(
    summary.tagRates.every((r: { tags: { drift: { applicable: number } } }) => r.tags.drift.applicable === 0),
  );

  const bad = await runCli(['report', '--db', 'a.db', '--tags', 'missing.yaml'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /missing\.yaml: cannot read the tag rules/);

  const cmp = await runCli(['compare', 'a.db#', 'b.db#', '-o', 'cmp'], dir);
  assert.equal(cmp.code, 0, cmp.stderr);
  assert.match(cmp.stdout, /SIMULATED MODEL/);
  assert.match(cmp.stdout, /misleading-math · sim:inverse/);
  for (const f of ['compare.html', 'compare.json', 'compare.csv', 'charts/compare__misleading-math.svg'])
    assert.ok(existsSync(join(dir, 'cmp', f)), f);
  const one = await runCli(['compare', 'a.db#'], dir);
  assert.equal(one.code, 2);
});

test('power prints a table and rejects bad input with a one-line error', { timeout: 120_000 }, async () => {
  const dir = tempDir('overthink-power-');
  const r = await runCli(
    ['power', '--drop', '0.2', '--items', '20,60', '--trials', '1,3', '--sims', '30'],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /SIMULATED: power to detect accuracy 90% → 70%/);
  assert.match(r.stdout, /^items\s+1 trial\s+3 trials$/m);
  assert.match(r.stdout, /^60\s+\d+% ±\d+/m);
  const j = await runCli(
    ['power', '--drop', '0.2', '--items', '20', '--trials', '1', '--sims', '10', '--json'],
    dir,
  );
  assert.equal(j.code, 0, j.stderr);
  assert.equal(JSON.parse(j.stdout).cells.length, 1);
  const bad = await runCli(['power', '--items', '10,x'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--items: expected a comma-separated list/);
});

test('power --profile tabulates the shapes of a sim profile’s sweeps and the gate rule', {
  timeout: 120_000,
}, async () => {
  const dir = tempDir('overthink-power-shape-');
  const r = await runCli(
    ['power', '--profile', 'sim:peaked', '--items', '200', '--trials', '3', '--sims', '12', '--json'],
    dir,
  );
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.budgets, [0, 1024, 2048, 4096, 8192, 16384]);
  const [cell] = j.cells;
  assert.equal(
    Object.values(cell.counts as Record<string, number>).reduce((a, b) => a + b, 0),
    12,
  );
  // 12 sweeps of a ±12-point inverted U at 200 items: every one is seen as peaked.
  assert.equal(cell.counts.peaked, 12);
  const text = await runCli(
    ['power', '--profile', 'flat', '--items', '50', '--trials', '1', '--sims', '10'],
    dir,
  );
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^SIMULATED: sim:flat/);
  assert.match(text.stdout, /^items\s+trials\s+flat\s+rise\s+decline\s+peaked\s+dip\s+noisy\s+gate fails$/m);
  const bad = await runCli(['power', '--profile', 'wobbly'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--profile: unknown sim profile 'wobbly'/);
});
