import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type CliResult, collect, ROOT, runCli, startCli, tempDir } from '../helpers/cli.js';
import { openaiReply } from '../helpers/openai-server.js';
import { startProtocolServer } from '../helpers/protocol-server.js';
import { query, rowCount, storeStats, writeDataset } from './support.js';

/**
 * One store, several processes: two different runs writing at once, reports, listings and exports
 * read while they write, the same run started twice, and a new store created by several processes
 * at the same instant. Nothing may fail, block for good or corrupt the file.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const LOOPBACK_ITEMS = 1500;
const loopbackSweep = (url: string, name: string, db: string) => [
  'run',
  '--model',
  `openai-compatible:${name}`,
  '--base-url',
  `${url}/v1`,
  '--budget-mode',
  'none',
  '--dataset',
  'data.jsonl',
  '--budgets',
  '0,1024',
  '--trials',
  '1',
  '-j',
  '4',
  '--name',
  name,
  '--db',
  db,
  '--no-report',
  '-q',
];

/**
 * A loopback model that takes 15 ms per answer, so with 4 requests in flight a run of 3,000 samples
 * lasts several seconds: long enough for reports to be made while it writes. With a folder holding
 * the dataset.
 */
async function slowLoopback() {
  const server = await startProtocolServer(async (req) => {
    await sleep(15);
    return openaiReply(req, {
      turn: () => ({ text: '<answer>1</answer>', reasoning: 'Counting.', reasoningTokens: 3 }),
    });
  });
  const dir = tempDir('overthink-concurrent-');
  writeDataset(dir, LOOPBACK_ITEMS);
  return { server, dir };
}

test('two different runs write to one store at once; report, runs and export work while they write', async () => {
  const { server, dir } = await slowLoopback();
  const db = join(dir, 'shared.db');
  const a = startCli(loopbackSweep(server.url, 'alpha', db), dir);
  const b = startCli(loopbackSweep(server.url, 'beta', db), dir);
  const done = Promise.all([collect(a), collect(b)]);
  const running = () => a.exitCode === null || b.exitCode === null;

  // Readers while both write: each must succeed, and at least one must finish before the runs do.
  while (running() && rowCount(db) === 0) await sleep(20);
  const reads: { args: string[]; r: CliResult; during: boolean }[] = [];
  let round = 0;
  while (running() && round < 6) {
    for (const args of [
      ['report', 'alpha', '--db', db, '--out', join(dir, `report-${round}`), '--json', '--no-png'],
      ['runs', '--db', db, '--json'],
      ['export', 'beta', '--db', db, '--jsonl'],
    ]) {
      const r = await runCli(args, dir);
      reads.push({ args, r, during: running() });
    }
    round++;
  }
  const [ra, rb] = await done;
  await server.close();
  assert.equal(ra.code, 0, ra.stderr);
  assert.equal(rb.code, 0, rb.stderr);
  for (const { args, r } of reads) assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  assert.ok(
    reads.some((x) => x.during && x.args[0] === 'report'),
    'a report finished while the runs were still writing (make the runs longer if this fails)',
  );

  process.stdout.write(
    `# concurrent: ${reads.filter((x) => x.during).length} reads finished while both runs wrote\n`,
  );
  const runs = query<{ id: string; name: string; status: string }>(db, 'SELECT id, name, status FROM runs');
  assert.deepEqual(runs.map((r) => [r.name, r.status]).sort(), [
    ['alpha', 'complete'],
    ['beta', 'complete'],
  ]);
  for (const run of runs) {
    const s = storeStats(db, run.id);
    assert.equal(s.rows, LOOPBACK_ITEMS * 2, `${run.name}: every planned sample`);
    assert.equal(s.distinctKeys, LOOPBACK_ITEMS * 2, `${run.name}: no duplicates`);
    assert.equal(s.errors, 0);
    assert.equal(s.integrity, 'ok');
  }
  assert.deepEqual(query(db, 'SELECT * FROM run_locks'), []);
  rmSync(dir, { recursive: true, force: true });
});

test('the same run started twice at once: the second refuses with a clear message, nothing is corrupted', async () => {
  const { server, dir } = await slowLoopback();
  const db = join(dir, 'same.db');
  const args = loopbackSweep(server.url, 'alpha', db);
  const first = startCli(args, dir);
  const firstDone = collect(first);
  while (first.exitCode === null && rowCount(db) === 0) await sleep(20);
  const second = await runCli(args, dir);
  const stillRunning = first.exitCode === null;
  const r = await firstDone;
  await server.close();
  assert.ok(stillRunning, 'the first run was still running when the second finished');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(second.code, 2, second.stderr);
  assert.match(second.stderr, /^overthink: run r-\w+ is already running \(process \d+ on .+\); wait for it/);
  const s = storeStats(db);
  assert.equal(s.rows, LOOPBACK_ITEMS * 2);
  assert.equal(s.distinctKeys, LOOPBACK_ITEMS * 2);
  assert.equal(s.integrity, 'ok');
  rmSync(dir, { recursive: true, force: true });
});

test('a new store created by three processes at the same instant: all open it, schema once', async () => {
  const dir = tempDir('overthink-open-');
  const script = join(ROOT, 'test/reliability/open-at.ts');
  // Eight new stores, each to be opened at its own instant; the three processes start once and open
  // every store at the same instants (the first one after all three have started).
  const first = Date.now() + 2000;
  const stores = Array.from({ length: 8 }, (_, round) => join(dir, `new-${round}.db`));
  const schedule = stores.flatMap((db, round) => [db, String(first + round * 300)]);
  const outs = await Promise.all(
    [0, 1, 2].map(
      () =>
        new Promise<string[]>((res) => {
          const c = spawn(process.execPath, ['--import', 'tsx', script, ...schedule], { cwd: ROOT });
          let out = '';
          c.stdout.on('data', (d) => {
            out += d;
          });
          c.on('close', () => res(out.trim().split('\n')));
        }),
    ),
  );
  stores.forEach((db, round) => {
    assert.deepEqual(
      outs.map((o) => o[round]),
      ['ok', 'ok', 'ok'],
      `round ${round}`,
    );
    const s = query<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'schema_version'");
    assert.equal(s.length, 1);
    assert.equal(storeStats(db).integrity, 'ok');
  });
  rmSync(dir, { recursive: true, force: true });
});
