import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { hostname, uptime } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { processStart } from '../../src/store/run-lock.js';
import { runCli, tempDir } from '../helpers/cli.js';

const ARGS = [
  'run',
  '--model',
  'sim:flat',
  '--tasks',
  'misleading-math',
  '--budgets',
  '0,1024',
  '--trials',
  '1',
  '--limit',
  '5',
  '--no-report',
  '-q',
];

function holdLock(
  db: string,
  pid: number,
  o: { processStart?: string | null; startedAt?: string; host?: string } = {},
) {
  const d = new Database(db);
  const runId = (d.prepare('SELECT id FROM runs').get() as { id: string }).id;
  d.prepare(
    'INSERT OR REPLACE INTO run_locks (run_id, pid, host, started_at, process_start) VALUES (?, ?, ?, ?, ?)',
  ).run(
    runId,
    pid,
    o.host ?? hostname(),
    o.startedAt ?? 'then',
    o.processStart === undefined ? (processStart(pid) ?? null) : o.processStart,
  );
  d.close();
  return runId;
}

const locks = (db: string) => {
  const d = new Database(db, { readonly: true });
  const n = d.prepare('SELECT COUNT(*) FROM run_locks').pluck().get();
  d.close();
  return n;
};

test('a second process on the same run refuses with a clear message; a dead holder is taken over', async () => {
  const dir = tempDir();
  const db = join(dir, 'o.db');
  assert.equal((await runCli([...ARGS, '--db', db], dir)).code, 0);

  const other = spawn('sleep', ['30']);
  try {
    const runId = holdLock(db, other.pid!);
    const r = await runCli([...ARGS, '--db', db], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`run ${runId} is already running \\(process ${other.pid}`));
    assert.match(r.stderr, /If that process is gone, rerun with --force-unlock/);
  } finally {
    other.kill();
  }
  await new Promise((r) => other.on('close', r));

  holdLock(db, other.pid!); // now a dead process
  const r2 = await runCli([...ARGS, '--db', db], dir);
  assert.equal(r2.code, 0, r2.stderr);
  const d = new Database(db, { readonly: true });
  assert.equal(
    (d.prepare('SELECT COUNT(*) AS n FROM run_locks').get() as { n: number }).n,
    0,
    'lock released at the end',
  );
  assert.equal(d.pragma('integrity_check', { simple: true }), 'ok');
  d.close();
});

test('a lock whose pid now belongs to another process is stale: taken over without --force-unlock', async (t) => {
  if (processStart(process.pid) === undefined) return t.skip('no /proc: process start times are Linux only');
  const dir = tempDir();
  const db = join(dir, 'o.db');
  assert.equal((await runCli([...ARGS, '--db', db], dir)).code, 0);
  // A live process (this one's child) holds the pid the dead holder had; its start time differs.
  const other = spawn('sleep', ['30']);
  try {
    holdLock(db, other.pid!, { processStart: `${processStart(other.pid!)}0` });
    const r = await runCli([...ARGS, '--db', db], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(locks(db), 0, 'released at the end');
  } finally {
    other.kill();
  }
});

test('a lock taken before the last boot is stale, even without a recorded start (locks of earlier versions)', async () => {
  const dir = tempDir();
  const db = join(dir, 'o.db');
  assert.equal((await runCli([...ARGS, '--db', db], dir)).code, 0);
  const other = spawn('sleep', ['30']);
  try {
    const beforeBoot = new Date(Date.now() - (uptime() + 3600) * 1000).toISOString();
    holdLock(db, other.pid!, { processStart: null, startedAt: beforeBoot });
    const r = await runCli([...ARGS, '--db', db], dir);
    assert.equal(r.code, 0, r.stderr);
  } finally {
    other.kill();
  }
});

test("--force-unlock takes a live-looking lock (another host's) with a warning", async () => {
  const dir = tempDir();
  const db = join(dir, 'o.db');
  assert.equal((await runCli([...ARGS, '--db', db], dir)).code, 0);
  const runId = holdLock(db, 4242, {
    host: 'build-7',
    startedAt: new Date().toISOString(),
    processStart: null,
  });
  const refused = await runCli([...ARGS, '--db', db], dir);
  assert.equal(refused.code, 2);
  assert.match(
    refused.stderr,
    new RegExp(`run ${runId} is already running \\(process 4242 on build-7, since .*, 0 min ago\\)`),
  );
  const r = await runCli([...ARGS, '--db', db, '--force-unlock'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /overthink: warning: took over the lock of process 4242 on build-7 \(held since .*\) with --force-unlock/,
  );
  assert.equal(locks(db), 0);
});
