import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';

// `run --export` writes, when the run ends, exactly what `overthink export` writes for that run.
const SWEEP = [
  '--model',
  'sim:inverse',
  '--tasks',
  'misleading-math',
  '--limit',
  '20',
  '--budgets',
  '0,1024',
];

test('run --export writes what `overthink export` writes, in the format of the extension', async () => {
  const dir = tempDir();
  const first = await runCli(['run', ...SWEEP, '--no-report', '-q', '--export', 'run.jsonl'], dir);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /wrote run\.jsonl/);
  const exported = await runCli(['export', '--jsonl'], dir);
  assert.equal(exported.code, 0, exported.stderr);
  const lines = readFileSync(join(dir, 'run.jsonl'), 'utf8');
  assert.equal(lines, exported.stdout);
  assert.equal(lines.trim().split('\n').length, 20 * 2 * 3);
  assert.match(lines.split('\n')[0], /"pass":(true|false)/);

  // The same command again resumes (nothing to do), writes the CSV and the report as well.
  const again = await runCli(['run', ...SWEEP, '-q', '--out', 'rep', '--export', 'run.csv', '--json'], dir);
  assert.equal(again.code, 0, again.stderr);
  const summary = JSON.parse(again.stdout);
  assert.equal(summary.files[0], 'run.csv');
  assert.ok(summary.files.some((f: string) => f.endsWith('report.html')));
  assert.ok(summary.report.curves.length > 0);
  const csv = await runCli(['export', '--csv'], dir);
  assert.equal(readFileSync(join(dir, 'run.csv'), 'utf8'), csv.stdout);
});
