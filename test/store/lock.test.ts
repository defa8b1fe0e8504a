import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
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

function holdLock(db: string, pid: number) {
  const d = new Database(db);
  const runId = (d.prepare('SELECT id FROM runs').get() as { id: string }).id;
  d.prepare('INSERT OR REPLACE INTO run_locks (run_id, pid, host, started_at) VALUES (?, ?, ?, ?)').run(
    runId,
    pid,
    hostname(),
    'then',
  );
  d.close();
  return runId;
}

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
