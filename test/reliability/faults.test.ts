import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';
import {
  BENIGN_FAULTS,
  FAULT_CLASS,
  FAULT_KINDS,
  type FaultKind,
  type FaultServer,
  startFaultServer,
} from '../helpers/fault-server.js';
import { bothProviders, query, sortKeys, storeStats, tally, writeDataset } from './support.js';

/**
 * 5,000 samples through the real CLI against a loopback server that faults 20% of requests, on the
 * OpenAI-compatible provider (budget mode none) and the Anthropic provider (JSON at budget 0, SSE
 * streaming at budget 16384, whose max_tokens is above the SDK's streaming threshold). Every sample
 * must end stored once, as a success or as a final error after its retries, and the client's
 * bookkeeping must agree with what the server saw, request by request.
 */

const ITEMS = 1250;
const TOTAL = ITEMS * 2 * 2; // 2 models × 2 budgets (bothProviders): 5,000
const RETRIES = 2;
const RATE = 0.2;

let server: FaultServer;
before(async () => {
  server = await startFaultServer({ seed: 7, rate: RATE, hangMs: 8000, slowMs: 300, retryAfterS: 1 });
});
after(() => server.close());

const config = (url: string) =>
  bothProviders(url, 'faulty', `name: faults\nconcurrency: 48\ntimeoutMs: 3000\nretries: ${RETRIES}`);

test('5,000 samples with 20% of requests faulted: none lost, none duplicated, errors counted by class', async () => {
  const dir = tempDir();
  writeDataset(dir, ITEMS);
  writeFileSync(join(dir, 'faults.yaml'), config(server.url));
  const db = join(dir, 'faults.db');
  const r = await runCli(
    ['run', '-c', 'faults.yaml', '--db', db, '--no-report', '--json', '-q', '--retry-base-ms', '5'],
    dir,
  );
  // Final errors after retries: the run is incomplete, exit 1 (see the next test for the message).
  assert.equal(r.code, 1, r.stderr);
  const run = JSON.parse(r.stdout).run as {
    total: number;
    status: string;
    stored: { total: number; errors: number };
    summary: { errorsByClass: Record<string, number>; failed: number; succeeded: number; retries: number };
  };

  // What the server saw: each key is one sample (distinct bodies), each entry one attempt.
  const perKey = [...server.byKey.values()];
  const failing = (f: FaultKind | null) => f !== null && !BENIGN_FAULTS.has(f);
  const expectedErrors = tally(
    perKey.filter((h) => failing(h[h.length - 1])).map((h) => FAULT_CLASS[h[h.length - 1]!]!),
  );
  const injected = Object.values(server.injected).reduce((a, b) => a + b, 0);

  // Stored: exactly the plan, once each, and sound.
  const s = storeStats(db);
  assert.equal(run.total, TOTAL);
  assert.equal(s.rows, TOTAL, 'store count == plan');
  assert.equal(s.distinctKeys, s.rows, 'no duplicates');
  assert.equal(s.integrity, 'ok');
  assert.equal(perKey.length, TOTAL, 'the server saw every sample');

  // The client's attempts match the server's requests, in total and per sample.
  assert.equal(s.attempts, server.log.length, 'sum of stored attempts == requests the server received');
  const stored = tally(perKey.map((h) => h.length));
  const attempts = query<{ attempts: number }>(db, 'SELECT attempts FROM samples').map((x) => x.attempts);
  assert.deepEqual(tally(attempts), stored);
  // Retried only after a failure; gave up only after all 1 + RETRIES attempts failed.
  for (const h of perKey) {
    assert.ok(h.length <= RETRIES + 1);
    for (const f of h.slice(0, -1)) assert.ok(failing(f), `retried after ${f}`);
    if (h.length < RETRIES + 1) assert.ok(!failing(h[h.length - 1]));
  }

  // Errors by class: server's view == store == the run summary.
  assert.deepEqual(sortKeys(s.errorsByClass), expectedErrors);
  assert.deepEqual(sortKeys(run.summary.errorsByClass), expectedErrors);
  assert.equal(run.stored.errors, s.errors);
  assert.equal(run.summary.failed + run.summary.succeeded, TOTAL);
  assert.ok(s.errors > 0, 'some samples exhausted their retries (the final-error path ran)');

  // Every kind of fault was injected, at about the configured rate.
  for (const k of FAULT_KINDS) assert.ok(server.injected[k] > 0, `fault ${k} injected`);
  const share = injected / server.log.length;
  assert.ok(share > 0.17 && share < 0.23, `faulted share ${share}`);
  process.stdout.write(
    `# faults: ${injected} injected over ${server.log.length} requests; ${TOTAL} samples, ` +
      `${s.errors} final errors ${JSON.stringify(expectedErrors)}, 0 lost, 0 duplicated\n`,
  );

  // Rerunning retries only the final errors, and still stores each sample once.
  const again = await runCli(
    ['run', '-c', 'faults.yaml', '--db', db, '--no-report', '--json', '-q', '--retry-base-ms', '5'],
    dir,
  );
  const s2 = storeStats(db);
  assert.equal(again.code, s2.errors > 0 ? 1 : 0, again.stderr);
  assert.equal(s2.rows, TOTAL);
  assert.equal(s2.distinctKeys, TOTAL);
  assert.ok(s2.errors < s.errors, `resume retried the errors: ${s.errors} → ${s2.errors}`);
  rmSync(dir, { recursive: true, force: true });
});

test('the terminal summary leads with the failures: counts by class and the distinct messages', async () => {
  const local = await startFaultServer({
    seed: 3,
    rate: 1,
    weights: { 'server-500': 1, 'wrong-content-type': 1, 'error-payload': 1 },
  });
  try {
    const dir = tempDir();
    writeDataset(dir, 10);
    writeFileSync(join(dir, 'f.yaml'), config(local.url));
    const r = await runCli(
      ['run', '-c', 'f.yaml', '--db', 'f.db', '--no-report', '-q', '--retry-base-ms', '0'],
      dir,
    );
    // Every request fails, so the run stops once one model's first 16 samples have failed (both
    // models' failures up to then are stored). Incomplete: exit 1, and stderr says how many failed
    // and that rerunning retries them.
    assert.equal(r.code, 1, r.stderr);
    const stored = storeStats(join(dir, 'f.db')).rows;
    assert.ok(stored >= 16 && stored < 40, `stored ${stored}`);
    assert.equal(
      r.stderr,
      `overthink: run ${r.stdout.match(/run (r-[0-9a-f]+)/)?.[1]} is incomplete: ${stored} samples failed after retries, ${40 - stored} samples are not stored; run the same command again to retry them (finished samples are kept)\n`,
    );
    assert.match(
      r.stdout,
      new RegExp(`stored ${stored}/40 samples · 0 new · ${stored} failed after retries`),
    );
    assert.match(
      r.stdout,
      /stopped: the first 16 samples of (openai-compatible:faulty|anthropic:claude-haiku-4-5) all failed and none succeeded/,
    );
    const lines = r.stdout.split('\n');
    // Every sample failed: said before the counts, with each class and its number.
    const head = lines.findIndex((l) =>
      l.startsWith(`⚠ every sample failed: ${stored} of ${stored} samples (`),
    );
    assert.ok(head >= 0 && head < lines.findIndex((l) => l.startsWith('stored ')), r.stdout);
    const s = storeStats(join(dir, 'f.db'));
    for (const [cls, n] of Object.entries(s.errorsByClass))
      assert.match(lines[head], new RegExp(`${cls} ${n}\\b`));
    assert.ok(Object.keys(s.errorsByClass).length >= 2, JSON.stringify(s.errorsByClass));
    // Then the distinct messages, most frequent first, each with its count and class.
    const messages = lines.slice(head + 1).filter((l) => /^ {2}\d+× \w+: /.test(l));
    assert.equal(messages.length, 3, r.stdout);
    const counts = messages.map((l) => Number(l.trim().split('×')[0]));
    assert.deepEqual(
      counts,
      [...counts].sort((a, b) => b - a),
    );
    assert.ok(
      messages.some((l) => /HTTP 500|500/.test(l)),
      messages.join('\n'),
    );
  } finally {
    await local.close();
  }
});
