import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Rng } from '../../src/util/rng.js';
import { collect, startCli } from '../helpers/cli.js';
import { query, rowCount } from './support.js';

/**
 * Starts a run, SIGKILLs it at a random point, checks the store, restarts it; `points` times, then
 * lets it finish. Kill points are seeded: mostly "a random number of further rows have been
 * committed, then a random few milliseconds more" (so the kill lands mid-batch, mid-commit or
 * mid-checkpoint), and now and then "a random time after spawn, before its first commit" (so it
 * also lands during start-up, migration, item saving or lock taking).
 */
export interface CrashOptions {
  args: string[];
  cwd: string;
  db: string;
  total: number;
  points: number;
  seed: number;
  env?: NodeJS.ProcessEnv;
}

export interface CrashReport {
  kills: number;
  /** Rows in the store after each kill. */
  rowsAfterKill: number[];
  finalCode: number | null;
}

/** integrity_check, no duplicate keys, and the row count. Uses a read-write handle, as a restart would. */
export function checkStore(db: string): { rows: number; distinct: number; integrity: string } {
  const d = new Database(db, { fileMustExist: true });
  try {
    const integrity = String(d.pragma('integrity_check', { simple: true }));
    const hasSamples = d.prepare("SELECT 1 FROM sqlite_master WHERE name='samples'").get();
    if (!hasSamples) return { rows: 0, distinct: 0, integrity };
    const r = d.prepare('SELECT COUNT(*) AS rows, COUNT(DISTINCT key) AS distinct_ FROM samples').get() as {
      rows: number;
      distinct_: number;
    };
    return { rows: r.rows, distinct: r.distinct_, integrity };
  } finally {
    d.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function crashAndResume(o: CrashOptions): Promise<CrashReport> {
  const rng = new Rng(o.seed);
  const rowsAfterKill: number[] = [];
  for (let i = 0; i < o.points; i++) {
    const before = rowCount(o.db);
    const child = startCli(o.args, o.cwd, o.env);
    const done = collect(child);
    if (rng.chance(0.2)) {
      // During start-up: a random time after spawn, but no later than this restart's first commit.
      const deadline = Date.now() + rng.int(50, 2500);
      while (child.exitCode === null && Date.now() < deadline && rowCount(o.db) === before) await sleep(3);
    } else {
      // A few more rows, leaving enough room for the remaining kill points.
      const room = Math.max(1, Math.floor((o.total - before) / (o.points - i + 1)));
      // Stop short of the end by more than a writer batch (256 rows), so the kill lands before it finishes.
      const target = Math.min(o.total - 300, before + rng.int(1, room));
      while (child.exitCode === null && child.signalCode === null && rowCount(o.db) < target) await sleep(3);
      await sleep(rng.int(0, 30));
    }
    child.kill('SIGKILL');
    const r = await done;
    assert.equal(r.signal, 'SIGKILL', `kill point ${i + 1}: the run ended on its own first (code ${r.code})`);
    if (existsSync(o.db)) {
      const s = checkStore(o.db);
      assert.equal(s.integrity, 'ok', `integrity after kill ${i + 1}`);
      assert.equal(s.distinct, s.rows, `no duplicates after kill ${i + 1}`);
      rowsAfterKill.push(s.rows);
    } else rowsAfterKill.push(0);
  }
  const last = await collect(startCli(o.args, o.cwd, o.env));
  // Exit 1 only for an incomplete run: samples that ended in errors after their retries (faulted runs).
  const errors = query<{ n: number }>(o.db, 'SELECT COUNT(*) AS n FROM samples WHERE error IS NOT NULL')[0].n;
  assert.equal(last.code, errors > 0 ? 1 : 0, last.stderr);
  return { kills: o.points, rowsAfterKill, finalCode: last.code };
}
