import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { collect, runCli, startCli, tempDir } from '../helpers/cli.js';
import { query, rowCount, storeStats } from '../reliability/support.js';

const ARGS = [
  'run',
  '--model',
  'sim:inverse',
  '--tasks',
  'misleading-math',
  '--budgets',
  '0,1024,4096,16384',
];
// 6,000 samples: a sim sweep stores them in ~1 s, long enough after its first commit for the tests
// below (polling every 10 ms) to stop it part-way even on a loaded host (1,800 left ~0.2 s).
const ARGS_ALL = [...ARGS, '--trials', '10', '--limit', '150', '--no-report', '-q'];
const EXPECTED_ROWS = 150 * 4 * 10;

test('a run killed with SIGKILL part-way resumes to exactly the planned rows, with the same numbers', async () => {
  const dir = tempDir();
  const db = join(dir, 'killed.db');
  const child = startCli([...ARGS_ALL, '--db', db, '-j', '2'], dir);
  const done = collect(child);
  let seen = 0;
  while (child.exitCode === null) {
    seen = rowCount(db);
    if (seen > 0) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGKILL');
  const killed = await done;
  assert.equal(killed.signal, 'SIGKILL', `the run finished before it could be killed (rows seen: ${seen})`);
  const partial = rowCount(db);
  assert.ok(partial > 0 && partial < EXPECTED_ROWS, `killed part-way: ${partial} rows`);

  const resumed = await runCli([...ARGS_ALL, '--db', db], dir);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /already stored \(resuming\)/);

  const s = storeStats(db);
  assert.equal(s.rows, EXPECTED_ROWS);
  assert.equal(s.distinctKeys, EXPECTED_ROWS);
  assert.equal(s.integrity, 'ok');

  // An uninterrupted run with the same seed must analyse to the same numbers.
  const clean = join(dir, 'clean.db');
  const r2 = await runCli([...ARGS_ALL, '--db', clean], dir);
  assert.equal(r2.code, 0, r2.stderr);
  const a = await runCli(['report', '--db', db, '--json', '--out', join(dir, 'ra')], dir);
  const b = await runCli(['report', '--db', clean, '--json', '--out', join(dir, 'rb')], dir);
  assert.equal(a.code, 0, a.stderr);
  const curvesA = JSON.parse(a.stdout).curves;
  const curvesB = JSON.parse(b.stdout).curves;
  assert.ok(curvesA.length > 0);
  assert.deepEqual(curvesA, curvesB);
});

test('rerunning a finished run adds nothing', async () => {
  const dir = tempDir();
  const db = join(dir, 'o.db');
  const args = [...ARGS, '--trials', '1', '--limit', '10', '--no-report', '-q', '--db', db];
  assert.equal((await runCli(args, dir)).code, 0);
  const again = await runCli(args, dir);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /40 already stored/);
  assert.match(again.stdout, /0 new/);
  assert.equal(rowCount(db), 40);
});

test('Ctrl-C (SIGINT) stops cleanly: exit 130, finished samples kept, resumable', async () => {
  const dir = tempDir();
  const db = join(dir, 'int.db');
  const child = startCli([...ARGS_ALL, '--db', db, '-j', '1'], dir);
  const done = collect(child);
  while (child.exitCode === null && rowCount(db) === 0) await new Promise((r) => setTimeout(r, 10));
  child.kill('SIGINT');
  const r = await done;
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stdout, /interrupted: finished samples are stored/);
  const kept = rowCount(db);
  assert.ok(kept > 0 && kept < EXPECTED_ROWS, `kept ${kept}`);
  assert.deepEqual(query(db, 'SELECT status FROM runs'), [{ status: 'interrupted' }]);
  assert.deepEqual(query(db, 'SELECT * FROM run_locks'), []);
});
