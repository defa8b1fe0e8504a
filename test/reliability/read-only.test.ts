import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { runCli, tempDir } from '../helpers/cli.js';
import { mountTmpfs } from '../helpers/mounts.js';
import { writeDataset } from './support.js';

/**
 * A store on a read-only file system (a tmpfs remounted `ro`; skipped with its reason where mounting
 * is not permitted): the commands that only read it work, and `run`, which must write, says so in
 * one line with exit 2.
 */

const sweep = (db: string) => [
  'run',
  '--model',
  'sim:flat',
  '--dataset',
  'data.jsonl',
  '--budgets',
  '0,1024',
  '--trials',
  '2',
  '--no-report',
  '-q',
  '--db',
  db,
];

test('report, export, gate, runs and recommend read a store on a read-only disk; run says it cannot write there', async (t) => {
  const disk = mountTmpfs('8m');
  if ('skip' in disk) return t.skip(disk.skip);
  const dir = tempDir('overthink-ro-');
  try {
    writeDataset(dir, 30);
    const db = join(disk.dir, 's.db');
    assert.equal((await runCli(sweep(db), dir)).code, 0);
    disk.remount('ro');

    const report = await runCli(['report', '--db', db, '--no-png', '--out', 'rep'], dir);
    assert.equal(report.code, 0, report.stderr);
    const exp = await runCli(['export', '--db', db, '--out', 'x.jsonl'], dir);
    assert.equal(exp.code, 0, exp.stderr);
    assert.equal(readFileSync(join(dir, 'x.jsonl'), 'utf8').trim().split('\n').length, 30 * 2 * 2);
    const gate = await runCli(['gate', '--db', db], dir);
    assert.ok(gate.code === 0 || gate.code === 1, `the gate ran: ${gate.code} ${gate.stderr}`);
    assert.match(gate.stdout, /gate (passed|FAILED)/);
    const runs = await runCli(['runs', '--db', db], dir);
    assert.equal(runs.code, 0, runs.stderr);
    assert.match(runs.stdout, /complete {2}120 samples \(0 errors\)/);
    const rec = await runCli(['recommend', '--db', db, '--out', 'policy.json'], dir);
    assert.equal(rec.code, 0, rec.stderr);

    const run = await runCli(sweep(db), dir);
    assert.equal(run.code, 2, run.stderr);
    const lines = run.stderr.split('\n').filter(Boolean);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0], /s\.db: cannot write the store \(read-only file system\)/);
  } finally {
    disk.unmount();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a store left in WAL mode on a read-only disk: one line saying why it cannot be read there', async (t) => {
  const disk = mountTmpfs('8m');
  if ('skip' in disk) return t.skip(disk.skip);
  const dir = tempDir('overthink-ro-wal-');
  try {
    writeDataset(dir, 5);
    const db = join(disk.dir, 's.db');
    assert.equal((await runCli(sweep(db), dir)).code, 0);
    // As an older overthink left its stores: WAL recorded in the header, no -wal file beside it.
    const d = new Database(db);
    d.pragma('journal_mode = WAL');
    d.close();
    disk.remount('ro');
    const r = await runCli(['report', '--db', db, '--out', 'rep'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(
      r.stderr.trim(),
      /^overthink: \S+s\.db: cannot read this store where it is: it was left in WAL mode .*copy it to a writable folder$/,
    );
  } finally {
    disk.unmount();
    rmSync(dir, { recursive: true, force: true });
  }
});
