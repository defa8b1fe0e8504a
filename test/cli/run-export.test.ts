import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
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

test('run --export on a run whose items are stored but whose samples are not: the same file again', async () => {
  const dir = tempDir();
  const first = await runCli(['run', ...SWEEP, '--no-report', '-q', '--export', 'a.jsonl'], dir);
  assert.equal(first.code, 0, first.stderr);
  // As if the first run had died before any sample was committed: its items stay.
  const db = new Database(join(dir, 'overthink.db'));
  db.prepare('DELETE FROM samples').run();
  assert.ok((db.prepare('SELECT COUNT(*) FROM items').pluck().get() as number) > 0);
  db.close();
  const again = await runCli(['run', ...SWEEP, '--no-report', '-q', '--export', 'b.jsonl'], dir);
  assert.equal(again.code, 0, again.stderr);
  const exported = await runCli(['export', '--jsonl'], dir);
  assert.equal(readFileSync(join(dir, 'b.jsonl'), 'utf8'), exported.stdout);
  assert.equal(exported.stdout.trim().split('\n').length, 20 * 2 * 3);
});
