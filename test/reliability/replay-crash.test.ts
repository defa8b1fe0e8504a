import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { collect, runCli, startCli, tempDir } from '../helpers/cli.js';
import { TINY_GGUF } from '../helpers/llama-server.js';
import { writeDataset } from './support.js';

/**
 * `overthink replay` end to end on the tiny GGUF, as a user runs it: a forced sweep, then a replay
 * killed with SIGKILL part-way and run again. The resumed replay must store exactly what an
 * uninterrupted replay of the same store stores (same checkpoints, same probe text), leave the
 * samples untouched (probes are not reasoning), and count nothing twice.
 */
const AT = '8,16,24,32,40,48,56';
const TRACES = 24;

interface Probe {
  sample_key: string;
  mark: string;
  at: number;
  reached: number | null;
  tokens: number | null;
  text: string | null;
  error: string | null;
}

function read<T>(db: string, sql: string): T[] {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return d.prepare(sql).all() as T[];
  } finally {
    d.close();
  }
}
const probes = (db: string) =>
  read<Probe>(
    db,
    'SELECT sample_key, mark, at, reached, tokens, text, error FROM replay_probes ORDER BY sample_key, at',
  );
const probeCount = (db: string) => {
  try {
    return read<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM replay_probes')[0].n;
  } catch {
    return 0;
  }
};
const samples = (db: string) =>
  read<{ key: string; reasoning_tokens: number; output_tokens: number }>(
    db,
    'SELECT key, reasoning_tokens, output_tokens FROM samples ORDER BY key',
  );

test('replay on the tiny GGUF: exact checkpoints, probes kept apart from reasoning, resumable after SIGKILL', async () => {
  const dir = tempDir();
  writeDataset(dir, TRACES);
  writeFileSync(
    join(dir, 'local.yaml'),
    `models: [{ id: "local:${TINY_GGUF}", options: { contextSize: 2048, threads: 1, answerTokens: 8 } }]\n` +
      'tasks: [{ id: custom, options: { path: data.jsonl } }]\nbudgets: [64]\ntrials: 1\n',
  );
  const db = join(dir, 'killed.db');
  const made = await runCli(['run', '-c', 'local.yaml', '--db', db, '--no-report', '-q'], dir);
  assert.equal(made.code, 0, made.stderr);
  const reference = join(dir, 'reference.db');
  copyFileSync(db, reference);
  const before = samples(db);
  assert.equal(before.length, TRACES);

  // Killed once some probes are stored and before all are.
  const child = startCli(['replay', '--db', db, '--at', AT, '--probe-tokens', '6', '-q'], dir);
  const done = collect(child);
  while (child.exitCode === null && probeCount(db) < 20) await new Promise((r) => setTimeout(r, 5));
  child.kill('SIGKILL');
  const killed = await done;
  assert.equal(killed.signal, 'SIGKILL', `the replay finished before it could be killed: ${killed.stdout}`);
  const partial = probeCount(db);
  const total = TRACES * 7;
  assert.ok(partial >= 20 && partial < total, `killed part-way: ${partial} of ${total} probes`);
  const integrity = read<{ integrity_check: string }>(db, 'PRAGMA integrity_check')[0].integrity_check;
  assert.equal(integrity, 'ok');

  const resumed = await runCli(['replay', '--db', db, '--at', AT, '--probe-tokens', '6'], dir);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /already stored \(resuming\)/);
  assert.match(resumed.stdout, new RegExp(`made now, ${partial} already stored`));

  const whole = await runCli(['replay', '--db', reference, '--at', AT, '--probe-tokens', '6', '-q'], dir);
  assert.equal(whole.code, 0, whole.stderr);

  const got = probes(db);
  assert.equal(got.length, total, 'every checkpoint once: nothing counted twice');
  assert.deepEqual(got, probes(reference), 'the resumed replay stores what an uninterrupted one stores');
  for (const p of got) {
    assert.equal(p.error, null);
    assert.equal(p.reached, p.at, 'probed after exactly the checkpoint');
    assert.ok(p.tokens !== null && p.tokens >= 1 && p.tokens <= 6, `probe tokens ${p.tokens}`);
    assert.ok(p.text?.startsWith('Final answer: <answer>'));
  }
  assert.deepEqual(samples(db), before, 'the samples and their reasoning counts are untouched');
  // A second rerun has nothing left to do.
  const again = await runCli(['replay', '--db', db, '--at', AT, '--json', '-q'], dir);
  const r = JSON.parse(again.stdout) as { replayed: { probes: number; already: number }[] };
  assert.deepEqual(
    r.replayed.map((m) => [m.probes, m.already]),
    [[0, total]],
  );
});
