import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';
import { mountTmpfs } from '../helpers/mounts.js';
import { startOpenAIServer } from '../helpers/openai-server.js';
import { incompressibleText } from '../helpers/sample-row.js';
import { query, storeStats, writeDataset } from './support.js';

/**
 * A real full disk: a 1 MB tmpfs. Whatever is being written when the space runs out (the store
 * mid-run, an export, a report, a JUnit file), the command says so in one line naming the path and
 * the disk, exits 2, and loses nothing: the run is marked interrupted and resumes once space is
 * freed; a file that was there before keeps its bytes; no partial or temporary file is left.
 */

/** The sweep over data.jsonl into `db`: by default sim:inverse at three budgets, two trials each. */
const sweep = (db: string, model = ['--model', 'sim:inverse'], budgets = '0,1024,4096', trials = '2') => [
  'run',
  ...model,
  '--dataset',
  'data.jsonl',
  '--budgets',
  budgets,
  '--trials',
  trials,
  '--no-report',
  '-q',
  '--db',
  db,
];
const TOTAL = 400 * 3 * 2;

const fingerprint = (f: string) =>
  `${createHash('sha256').update(readFileSync(f)).digest('hex')}:${statSync(f).mtimeMs}`;

/** Fills the disk at `dir` but for about `leaveKb` kB; with 0, to the last byte it takes. */
function fill(dir: string, leaveKb: number): void {
  const s = statfsSync(dir);
  const freeKb = Math.floor((s.bavail * s.bsize) / 1024);
  writeFileSync(join(dir, 'filler'), Buffer.alloc(Math.max(0, freeKb - leaveKb) * 1024));
  if (leaveKb > 0) return;
  try {
    for (;;) appendFileSync(join(dir, 'filler'), Buffer.alloc(512));
  } catch (err) {
    assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
  }
}

function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, `one line on stderr, got:\n${stderr.slice(0, 3000)}`);
  assert.match(lines[0], /^overthink: /);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  return lines[0];
}

test('a run that fills the disk stops with one line, exit 2 and the run marked interrupted; it resumes once space is freed', async (t) => {
  const disk = mountTmpfs('1m');
  if ('skip' in disk) return t.skip(disk.skip);
  const dir = tempDir('overthink-full-');
  try {
    writeDataset(dir, 400);
    const db = join(disk.dir, 's.db');
    const r = await runCli(sweep(db), dir);
    assert.equal(r.code, 2, r.stderr);
    const line = oneLine(r.stderr);
    assert.ok(line.includes(db), `names the store: ${line}`);
    assert.ok(line.includes(`the disk mounted at ${disk.dir}`), `names the disk: ${line}`);
    assert.match(line, /is full; the samples stored so far are kept and the run is marked interrupted/);
    const s = storeStats(db);
    assert.equal(s.integrity, 'ok');
    assert.ok(s.rows > 0 && s.rows < TOTAL, `some samples stored before the disk filled: ${s.rows}`);
    assert.deepEqual(
      query<{ status: string }>(db, 'SELECT status FROM runs').map((x) => x.status),
      ['interrupted'],
    );
    assert.equal(query<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM run_locks')[0].n, 0, 'lock released');

    disk.remount('size=40m');
    const again = await runCli(sweep(db), dir);
    assert.equal(again.code, 0, again.stderr);
    const s2 = storeStats(db);
    assert.equal(s2.rows, TOTAL);
    assert.equal(s2.distinctKeys, TOTAL, 'no duplicates');
    assert.equal(s2.integrity, 'ok');
    assert.deepEqual(
      query<{ status: string }>(db, 'SELECT status FROM runs').map((x) => x.status),
      ['complete'],
    );
  } finally {
    disk.unmount();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an export, a report and a JUnit file that fill the disk: exit 2, one line, the old file kept, nothing partial', async (t) => {
  const disk = mountTmpfs('1m');
  if ('skip' in disk) return t.skip(disk.skip);
  const dir = tempDir('overthink-full-out-');
  try {
    writeDataset(dir, 400);
    const db = join(dir, 's.db');
    assert.equal((await runCli(sweep(db), dir)).code, 0);
    const existing = join(disk.dir, 'samples.jsonl');
    writeFileSync(existing, '{"an": "earlier export"}\n');
    const before = fingerprint(existing);
    fill(disk.dir, 64);
    const listing = readdirSync(disk.dir).sort();

    const exp = await runCli(['export', '--db', db, '--with-text', '--out', existing], dir);
    assert.equal(exp.code, 2, exp.stderr);
    const line = oneLine(exp.stderr);
    assert.ok(line.includes(existing) && line.includes(`the disk mounted at ${disk.dir}`), line);
    assert.match(line, /cannot write the export/);
    assert.equal(fingerprint(existing), before, 'the earlier export is intact');
    assert.deepEqual(readdirSync(disk.dir).sort(), listing, 'no partial or temporary file left');

    const rep = await runCli(['report', '--db', db, '--no-png', '--out', join(disk.dir, 'report')], dir);
    assert.equal(rep.code, 2, rep.stderr);
    assert.match(oneLine(rep.stderr), new RegExp(`the disk mounted at ${disk.dir} .*is full`));
    const left = readdirSync(join(disk.dir, 'report'), { recursive: true }) as string[];
    assert.ok(!left.some((f) => f.endsWith('.tmp')), `no temporary file: ${left.join(', ')}`);

    rmSync(join(disk.dir, 'report'), { recursive: true, force: true });
    fill(disk.dir, 0);
    const gate = await runCli(['gate', '--db', db, '--junit', join(disk.dir, 'gate.xml')], dir);
    assert.equal(gate.code, 2, `a full disk is not a failed gate: ${gate.stderr}`);
    assert.match(oneLine(gate.stderr), /gate\.xml: cannot write the JUnit report: the disk mounted at/);
  } finally {
    disk.unmount();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('long traces that fill the disk, with checkpoints on a thread of their own: exit 2, one line, resumable', async (t) => {
  // Past 1 MB written the store's checkpoints move to a thread of their own (store/checkpointer.js),
  // and the disk fills well past that: whichever of that thread and the writing thread meets the full
  // disk first, the run ends as above.
  const disk = mountTmpfs('8m');
  if ('skip' in disk) return t.skip(disk.skip);
  // 40,000 characters of base64 a sample: ~30 kB even compressed, so the disk fills after ~200.
  const server = await startOpenAIServer({
    turn: () => ({
      text: '<answer>1</answer>',
      reasoning: incompressibleText(),
      reasoningTokens: 10_000,
    }),
  });
  const dir = tempDir('overthink-full-long-');
  try {
    writeDataset(dir, 400);
    const db = join(disk.dir, 's.db');
    const model = [
      '--model',
      'openai-compatible:long',
      '--base-url',
      `${server.url}/v1`,
      '--budget-mode',
      'none',
    ];
    const args = sweep(db, model, '0', '1');
    const r = await runCli(args, dir);
    assert.equal(r.code, 2, r.stderr);
    const line = oneLine(r.stderr);
    assert.ok(line.includes(db) && line.includes(`the disk mounted at ${disk.dir}`), line);
    // A sample fills the disk to its last kB, so marking the run may not fit either: the line says which.
    const marked = / and the run is marked interrupted: /.test(line);
    assert.match(
      line,
      /is full; the samples stored so far are kept( and the run is marked interrupted)?: free some space/,
    );
    const s = storeStats(db);
    assert.equal(s.integrity, 'ok');
    assert.ok(
      s.rows > 40 && s.rows < 400,
      `past the thread's start (1 MB), short of the end: ${s.rows} rows`,
    );
    assert.deepEqual(
      query<{ status: string }>(db, 'SELECT status FROM runs').map((x) => x.status),
      [marked ? 'interrupted' : 'running'],
    );
    // Unmarked, readers still see that no process runs it (store/run-lock.ts), on the full disk.
    const runs = await runCli(['runs', '--db', db, '--json'], dir);
    assert.equal(runs.code, 0, runs.stderr);
    assert.deepEqual(
      JSON.parse(runs.stdout).map((x: { status: string }) => x.status),
      [marked ? 'interrupted' : 'crashed'],
    );

    disk.remount('size=40m');
    const again = await runCli(args, dir);
    assert.equal(again.code, 0, again.stderr);
    const s2 = storeStats(db);
    assert.deepEqual([s2.rows, s2.distinctKeys, s2.integrity], [400, 400, 'ok']);
  } finally {
    await server.close();
    disk.unmount();
    rmSync(dir, { recursive: true, force: true });
  }
});
