import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';
import { checkStore, crashAndResume } from './crash-harness.js';
import { query } from './support.js';

const RUN = [
  'run',
  '--model',
  'sim:inverse',
  '--tasks',
  'misleading-math',
  '--budgets',
  '0,256,512,1024',
  '--trials',
  '4',
  '--limit',
  '2500',
  '-j',
  '8',
  '--no-report',
  '-q',
];
// Large enough that the (fast) simulator is still running when each kill point comes.
const TOTAL = 2500 * 4 * 4;

interface Row {
  key: string;
  text: string | null;
  reasoning_text: string | null;
  output_tokens: number | null;
  error: string | null;
}
const rows = (db: string) =>
  new Map(
    query<Row>(db, 'SELECT key, text, reasoning_text, output_tokens, error FROM samples').map((r) => [
      r.key,
      r,
    ]),
  );

test('SIGKILL at 20 random points, restarting each time: same keys and rows as an uninterrupted run', async () => {
  const dir = tempDir();
  const db = join(dir, 'crashed.db');
  const report = await crashAndResume({
    args: [...RUN, '--db', db],
    cwd: dir,
    db,
    total: TOTAL,
    points: 20,
    seed: 20261127,
  });
  assert.equal(report.kills, 20);
  // The kills landed at different stages: some before anything was stored, most part-way.
  assert.ok(
    report.rowsAfterKill.some((n) => n > 0 && n < TOTAL),
    JSON.stringify(report.rowsAfterKill),
  );
  process.stdout.write(`# crash: 20 SIGKILLs survived; rows after each: ${report.rowsAfterKill.join(' ')}\n`);

  const clean = join(dir, 'clean.db');
  const r = await runCli([...RUN, '--db', clean], dir);
  assert.equal(r.code, 0, r.stderr);

  const crashed = checkStore(db);
  assert.equal(crashed.integrity, 'ok');
  assert.equal(crashed.rows, TOTAL);
  assert.equal(crashed.distinct, TOTAL);
  const a = rows(db);
  const b = rows(clean);
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort(), 'same set of keys');
  // The simulator is deterministic per sample seed, so the stored outcomes must match too.
  for (const [k, row] of b) assert.deepEqual(a.get(k), row, `sample ${k}`);
  const runState = query<{ status: string; locks: number }>(
    db,
    'SELECT status, (SELECT COUNT(*) FROM run_locks) AS locks FROM runs',
  );
  assert.deepEqual(runState, [{ status: 'complete', locks: 0 }]);
  rmSync(dir, { recursive: true, force: true });
});
