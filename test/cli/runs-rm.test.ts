import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

/**
 * `runs rm` removes one run and everything stored under its id (samples, items, replay probes, the
 * scores an import came with) and nothing of any other run; without --yes and a terminal it changes
 * nothing.
 */
test('runs rm removes a run with its probes and imported scores, and leaves the other runs whole', async () => {
  const dir = tempDir('ovt-runs-rm-');
  const sweep = ['--tasks', 'misleading-math', '--limit', '6', '--budgets', '0,1024', '--trials', '1', '-q'];
  for (const [name, seed] of [
    ['kept', '1'],
    ['gone', '2'],
  ] as const) {
    const r = await runCli(['run', '--model', 'sim:inverse', ...sweep, '--name', name, '--seed', seed], dir);
    assert.equal(r.code, 0, r.stderr);
  }
  for (const name of ['kept', 'gone']) {
    const r = await runCli(['replay', name, '--at', '64,128', '-q'], dir);
    assert.equal(r.code, 0, r.stderr);
  }
  const imported = await runCli(
    ['import', 'inspect', join(ROOT, 'test/fixtures/inspect/sweep-claude'), '--run-name', 'foreign'],
    dir,
  );
  assert.equal(imported.code, 0, imported.stderr);

  const counts = () => {
    const db = new Database(join(dir, 'overthink.db'), { readonly: true });
    try {
      const per = (table: string, column = 'run_id') =>
        Object.fromEntries(
          (
            db.prepare(`SELECT ${column} AS run, COUNT(*) AS n FROM ${table} GROUP BY 1`).all() as {
              run: string;
              n: number;
            }[]
          ).map((r) => [r.run, r.n]),
        );
      const names = Object.fromEntries(
        (db.prepare('SELECT id, name FROM runs').all() as { id: string; name: string }[]).map((r) => [
          r.name,
          r.id,
        ]),
      );
      return {
        names,
        samples: per('samples'),
        items: per('items'),
        probes: per('replay_probes'),
        scores: per('imported_scores'),
      };
    } finally {
      db.close();
    }
  };
  const before = counts();
  const { kept, gone, foreign } = before.names as Record<string, string>;
  assert.ok(before.probes[gone] > 0 && before.probes[kept] > 0, 'both sim runs were replayed');
  assert.ok(before.scores[foreign] > 0, 'the import stored its scores');

  // No terminal and no --yes: refused, nothing changed.
  const refused = await runCli(['runs', 'rm', 'gone'], dir);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /give --yes/);
  assert.deepEqual(counts(), before);

  for (const name of ['gone', 'foreign']) {
    const r = await runCli(['runs', 'rm', name, '--yes'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout + r.stderr, new RegExp(`removed run ${before.names[name]}`));
  }
  const after = counts();
  assert.deepEqual(after.names, { kept });
  for (const table of ['samples', 'items', 'probes', 'scores'] as const) {
    const left = after[table];
    assert.equal(left[gone], undefined, `${table} of the removed run`);
    assert.equal(left[foreign], undefined, `${table} of the removed import`);
    assert.equal(left[kept], before[table][kept], `${table} of the kept run`);
  }
  const report = await runCli(['report', 'kept', '--no-png', '-o', 'r'], dir);
  assert.equal(report.code, 0, report.stderr);
});
