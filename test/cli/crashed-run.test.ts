import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ViewServer } from '../../src/view/server.js';
import { collect, runCli, startCli, tempDir } from '../helpers/cli.js';
import { startGatedServer } from '../helpers/gated-server.js';
import { waitForRows } from '../reliability/support.js';

/**
 * A run whose process was killed stays 'running' in its row (nothing could write the end). Readers
 * say what it is: `runs`, `runs show` and the viewer show it as crashed, with how to resume, while a
 * run whose writer lives still reads 'running'.
 */
test('a killed run reads crashed in runs, runs show, report, gate and the viewer; resuming it ends complete', {
  timeout: 180_000,
}, async (t) => {
  const dir = tempDir('ovt-crashed-');
  const db = join(dir, 'o.db');
  // A loopback server that answers only what the test lets through: the run is killed part-way for
  // certain, with its writer alive and holding the run's lock (the rest of its requests wait).
  const gated = await startGatedServer();
  t.after(async () => {
    gated.allow(Number.POSITIVE_INFINITY);
    await gated.server.close();
  });
  const sweep = [
    ...gated.modelArgs('crashy'),
    '--tasks',
    'misleading-math',
    '--limit',
    '30',
    '--budgets',
    '0,1024,4096,16384',
  ];
  const child = startCli(['run', ...sweep, '--trials', '2', '--db', db, '--no-report', '-q'], dir);
  const done = collect(child);
  gated.allow(40);
  await waitForRows(db, 40);
  child.kill('SIGKILL');
  await done;

  const list = await runCli(['runs', '--db', db, '--json'], dir);
  assert.equal(list.code, 0, list.stderr);
  const [run] = JSON.parse(list.stdout) as { id: string; status: string }[];
  assert.equal(run.status, 'crashed');
  const show = await runCli(['runs', 'show', '--db', db], dir);
  assert.match(show.stdout, /status crashed \(its process is gone: run it again to resume\)/);

  // report and gate read it the same way: crashed, not complete, and gate refuses it (exit 2).
  const report = await runCli(['report', '--db', db, '--json', '-o', join(dir, 'rep')], dir);
  assert.equal((JSON.parse(report.stdout) as { status: string }).status, 'crashed', report.stderr);
  const gate = await runCli(['gate', '--db', db], dir);
  assert.equal(gate.code, 2, gate.stdout);
  assert.match(gate.stderr, /is not complete \(status 'crashed'\)/);

  const viewer = new ViewServer({ stores: [db] });
  const url = await viewer.listen(0);
  try {
    const runs = (await (await fetch(`${url}api/runs`)).json()) as { runs: { status: string }[] };
    assert.equal(runs.runs[0].status, 'crashed');
  } finally {
    await viewer.close();
  }

  gated.allow(Number.POSITIVE_INFINITY);
  const resumed = await runCli(['run', ...sweep, '--trials', '2', '--db', db, '--no-report', '-q'], dir);
  assert.equal(resumed.code, 0, resumed.stderr);
  const after = JSON.parse((await runCli(['runs', '--db', db, '--json'], dir)).stdout) as {
    id: string;
    status: string;
  }[];
  assert.deepEqual(
    after.map((r) => [r.id, r.status]),
    [[run.id, 'complete']],
  );
});
