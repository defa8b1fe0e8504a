import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { collect, runCli, startCli, tempDir } from '../helpers/cli.js';
import { startGatedServer } from '../helpers/gated-server.js';
import { query, rowCount, storeStats } from '../reliability/support.js';

const SWEEP = ['--tasks', 'misleading-math', '--budgets', '0,1024,4096,16384'];
const EXPECTED_ROWS = 30 * 4 * 2;

/** A sweep of EXPECTED_ROWS samples against a gated loopback server (`url` is its root). */
function gatedRun(url: string, db: string, more: string[] = []): string[] {
  return [
    'run',
    '--model',
    'openai-compatible:resume',
    '--base-url',
    `${url}/v1`,
    '--budget-mode',
    'vllm',
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

/** Polls until the store holds `n` rows (the writer commits in batches and on a timer). */
async function rowsReach(db: string, n: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (rowCount(db) < n) {
    if (Date.now() > deadline) throw new Error(`the store never reached ${n} rows (has ${rowCount(db)})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

// The runs below are stopped part-way at a point the test chooses: the server has answered exactly
// the completions the test let through and holds the rest, so the run cannot finish before the
// signal, however fast the host. A hang (a run that waits for the held requests) fails on the timeout.
test('a run killed with SIGKILL part-way resumes to exactly the planned rows, with the same numbers', {
  timeout: 120_000,
}, async () => {
  const dir = tempDir();
  const gate = await startGatedServer();
  const url = gate.server.url;
  try {
    const db = join(dir, 'killed.db');
    const child = startCli(gatedRun(url, db, ['--concurrency', '2']), dir);
    const done = collect(child);
    gate.allow(50);
    await rowsReach(db, 50);
    child.kill('SIGKILL');
    const killed = await done;
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    assert.equal(rowCount(db), 50, 'every answered sample is stored, and nothing more');

    gate.allow(Number.POSITIVE_INFINITY);
    const resumed = await runCli(gatedRun(url, db), dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /50 already stored \(resuming\)/);

    const s = storeStats(db);
    assert.equal(s.rows, EXPECTED_ROWS);
    assert.equal(s.distinctKeys, EXPECTED_ROWS);
    assert.equal(s.errors, 0);
    assert.equal(s.integrity, 'ok');

    // An uninterrupted run of the same plan must analyse to the same numbers.
    const clean = join(dir, 'clean.db');
    const r2 = await runCli(gatedRun(url, clean), dir);
    assert.equal(r2.code, 0, r2.stderr);
    const a = await runCli(['report', '--db', db, '--json', '--out', join(dir, 'ra')], dir);
    const b = await runCli(['report', '--db', clean, '--json', '--out', join(dir, 'rb')], dir);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const curvesA = JSON.parse(a.stdout).curves;
    assert.ok(curvesA.length > 0);
    assert.deepEqual(curvesA, JSON.parse(b.stdout).curves);
  } finally {
    gate.allow(Number.POSITIVE_INFINITY);
    await gate.server.close();
  }
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
}, async () => {
  const dir = tempDir();
  const gate = await startGatedServer();
  const url = gate.server.url;
  try {
    const db = join(dir, 'int.db');
    const child = startCli(gatedRun(url, db, ['--concurrency', '4']), dir);
    const done = collect(child);
    gate.allow(30);
    await rowsReach(db, 30);
    // Four requests now wait at the server: Ctrl-C must not wait for them, nor store them.
    child.kill('SIGINT');
    const r = await done;
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stdout, /interrupted: finished samples are stored/);
    assert.equal(rowCount(db), 30);
    assert.deepEqual(query(db, 'SELECT status FROM runs'), [{ status: 'interrupted' }]);
    assert.deepEqual(query(db, 'SELECT * FROM run_locks'), []);

    gate.allow(Number.POSITIVE_INFINITY);
    const resumed = await runCli(gatedRun(url, db), dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /30 already stored \(resuming\)/);
    assert.equal(storeStats(db).rows, EXPECTED_ROWS);
    assert.deepEqual(query(db, 'SELECT status FROM runs'), [{ status: 'complete' }]);
  } finally {
    gate.allow(Number.POSITIVE_INFINITY);
    await gate.server.close();
  }
});
