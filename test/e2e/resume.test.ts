import assert from 'node:assert/strict';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { collect, runCli, startCli, tempDir } from '../helpers/cli.js';
import { type GatedServer, startGatedServer } from '../helpers/gated-server.js';
import { query, rowCount, storeStats, waitForRows } from '../reliability/support.js';

const SWEEP = ['--tasks', 'misleading-math', '--budgets', '0,1024,4096,16384'];
const EXPECTED_ROWS = 30 * 4 * 2;

/** A sweep of EXPECTED_ROWS samples against the gated server. */
function gatedRun(gate: GatedServer, db: string, more: string[] = []): string[] {
  return [
    'run',
    ...gate.modelArgs('resume'),
    ...SWEEP,
    '--trials',
    '2',
    '--limit',
    '30',
    '--no-report',
    '-q',
    '--db',
    db,
    ...more,
  ];
}

/**
 * Starts the sweep against a gated server, lets exactly `answers` completions through, waits until
 * they are all stored (the writer commits in batches and on a timer), then sends `signal`. The
 * server holds the rest of the requests, so the run cannot finish before the signal, however fast
 * the host. Returns the stopped run's result and the server (closed when the test ends), which then
 * answers everything.
 */
async function stopPartWay(
  t: TestContext,
  dir: string,
  db: string,
  o: { answers: number; signal: NodeJS.Signals; concurrency: number },
) {
  const gate = await startGatedServer();
  t.after(async () => {
    gate.allow(Number.POSITIVE_INFINITY);
    await gate.server.close();
  });
  const child = startCli(gatedRun(gate, db, ['--concurrency', String(o.concurrency)]), dir);
  const done = collect(child);
  gate.allow(o.answers);
  await waitForRows(db, o.answers);
  child.kill(o.signal);
  const stopped = await done;
  gate.allow(Number.POSITIVE_INFINITY);
  return { stopped, gate };
}

// A run that waits for the held requests instead of stopping fails on the test's timeout.
test('a run killed with SIGKILL part-way resumes to exactly the planned rows, with the same numbers', {
  timeout: 120_000,
}, async (t) => {
  const dir = tempDir();
  const db = join(dir, 'killed.db');
  const { stopped, gate } = await stopPartWay(t, dir, db, { answers: 50, signal: 'SIGKILL', concurrency: 2 });
  assert.equal(stopped.signal, 'SIGKILL', stopped.stderr);
  assert.equal(rowCount(db), 50, 'every answered sample is stored, and nothing more');

  const resumed = await runCli(gatedRun(gate, db), dir);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /50 already stored \(resuming\)/);

  const s = storeStats(db);
  assert.equal(s.rows, EXPECTED_ROWS);
  assert.equal(s.distinctKeys, EXPECTED_ROWS);
  assert.equal(s.errors, 0);
  assert.equal(s.integrity, 'ok');

  // An uninterrupted run of the same plan must analyse to the same numbers.
  const clean = join(dir, 'clean.db');
  const r2 = await runCli(gatedRun(gate, clean), dir);
  assert.equal(r2.code, 0, r2.stderr);
  const a = await runCli(['report', '--db', db, '--json', '--out', join(dir, 'ra')], dir);
  const b = await runCli(['report', '--db', clean, '--json', '--out', join(dir, 'rb')], dir);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  const curvesA = JSON.parse(a.stdout).curves;
  assert.ok(curvesA.length > 0);
  assert.deepEqual(curvesA, JSON.parse(b.stdout).curves);
});

test('rerunning a finished run adds nothing', async () => {
  const dir = tempDir();
  const db = join(dir, 'o.db');
  const args = [
    'run',
    '--model',
    'sim:inverse',
    ...SWEEP,
    '--trials',
    '1',
    '--limit',
    '10',
    '--no-report',
    '-q',
  ];
  assert.equal((await runCli([...args, '--db', db], dir)).code, 0);
  const again = await runCli([...args, '--db', db], dir);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /40 already stored/);
  assert.match(again.stdout, /0 new/);
  assert.equal(rowCount(db), 40);
});

test('Ctrl-C (SIGINT) stops cleanly: exit 130, finished samples kept, requests in flight dropped, resumable', {
  timeout: 120_000,
}, async (t) => {
  const dir = tempDir();
  const db = join(dir, 'int.db');
  // Four requests wait at the server when the signal comes: Ctrl-C must not wait for them, nor store them.
  const { stopped, gate } = await stopPartWay(t, dir, db, { answers: 30, signal: 'SIGINT', concurrency: 4 });
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(stopped.stdout, /interrupted: finished samples are stored/);
  assert.equal(rowCount(db), 30);
  assert.deepEqual(query(db, 'SELECT status FROM runs'), [{ status: 'interrupted' }]);
  assert.deepEqual(query(db, 'SELECT * FROM run_locks'), []);

  const resumed = await runCli(gatedRun(gate, db), dir);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /30 already stored \(resuming\)/);
  assert.equal(storeStats(db).rows, EXPECTED_ROWS);
  assert.deepEqual(query(db, 'SELECT status FROM runs'), [{ status: 'complete' }]);
});
