import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startAnthropicBatchContractServer } from '../contracts/anthropic-server.js';
import { startOpenAIBatchContractServer } from '../contracts/openai-server.js';
import type { BatchServer, BatchServerOptions } from '../helpers/batch-servers.js';
import { collect, runCli, startCli, tempDir } from '../helpers/cli.js';
import { batchRows, oneRowPerKey, SAMPLES, withBatchServer } from './support.js';

/**
 * The process is killed with SIGKILL at a chosen point of submitting its first batch (an env hook:
 * OVERTHINK_CRASH_AT), then run again. Whatever the point, the rerun must not pay twice: the server
 * sees each request in exactly one batch, and the store ends with one row per sample.
 */

const PROVIDERS = {
  anthropic: {
    model: 'anthropic:claude-haiku-4-5',
    start: startAnthropicBatchContractServer,
    base: (u: string) => u,
  },
  openai: {
    model: 'openai:gpt-5.6-luna',
    start: startOpenAIBatchContractServer,
    base: (u: string) => `${u}/v1`,
  },
} as const;

function args(provider: keyof typeof PROVIDERS, server: BatchServer, db: string, batch = true): string[] {
  const p = PROVIDERS[provider];
  return [
    'run',
    '--model',
    p.model,
    '--base-url',
    p.base(server.url),
    '--tasks',
    'misleading-math',
    '--budgets',
    '0,1024',
    '--trials',
    '1',
    '--limit',
    '5',
    ...(batch ? ['--batch', '--batch-size', '4'] : []),
    '--batch-poll',
    '5',
    '--retry-base-ms',
    '1',
    '--no-report',
    '--db',
    db,
  ];
}

const batchStatuses = (db: string) => batchRows(db).map((b) => b.status);

const withServer = (
  provider: keyof typeof PROVIDERS,
  opts: BatchServerOptions,
  fn: (s: BatchServer) => Promise<void>,
) => withBatchServer(PROVIDERS[provider].start, opts, fn);

const CASES = [
  // point, provider, batch rows' status after the crash, creates seen before the rerun
  ['batch-persisted', 'anthropic', 'submitted', 1],
  ['batch-persisted', 'openai', 'submitted', 1],
  ['batch-created', 'anthropic', 'submitting', 1],
  ['batch-created', 'openai', 'submitting', 1],
  ['batch-written', 'anthropic', 'submitting', 0],
] as const;

describe('a run killed while submitting batches, run again', () => {
  for (const [point, provider, status, createsBefore] of CASES) {
    it(`${provider}, killed at ${point}: the rerun reattaches and nothing is sent twice`, () =>
      withServer(provider, { pollsUntilEnd: 2 }, async (server) => {
        const dir = tempDir();
        const db = join(dir, 'crash.db');
        const killed = await runCli(args(provider, server, db), dir, { OVERTHINK_CRASH_AT: point });
        assert.equal(killed.signal, 'SIGKILL', killed.stderr);
        assert.deepEqual(batchStatuses(db), [status]);
        assert.equal(server.creates(), createsBefore);
        assert.equal(oneRowPerKey(db).total, 0);

        const rerun = await runCli(args(provider, server, db), dir);
        assert.equal(rerun.code, 0, rerun.stderr);
        if (createsBefore === 1)
          assert.match(
            rerun.stderr,
            point === 'batch-persisted' ? /reattached to batch b-/ : /found at the provider/,
          );
        assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
        // 10 samples in batches of 4: three batches in all, each created once, each request sent once.
        assert.equal(server.creates(), 3);
        assert.equal(server.submissions.size, SAMPLES);
        assert.ok([...server.submissions.values()].every((n) => n === 1));
        assert.match(
          rerun.stdout,
          createsBefore
            ? /batches: 2 batch\(es\) submitted · 1 (reattached|recovered)/
            : /batches: 3 batch\(es\) submitted ·/,
        );
      }));
  }

  it('killed after a batch’s results are stored but before its failures are retried: the rerun retries them', () => {
    const expired = new Set<string>();
    let order = 0;
    const ordinal = new Map<string, number>();
    return withServer(
      'anthropic',
      {
        pollsUntilEnd: 1,
        outcome: (id, _b, n) => {
          if (!ordinal.has(id)) ordinal.set(id, order++);
          if (n === 0 && (ordinal.get(id) ?? 0) % 3 === 0) {
            expired.add(id);
            return { type: 'expired' };
          }
          return { type: 'succeeded' };
        },
      },
      async (server) => {
        const dir = tempDir();
        const db = join(dir, 'crash.db');
        const killed = await runCli(args('anthropic', server, db), dir, {
          OVERTHINK_CRASH_AT: 'batch-results',
        });
        assert.equal(killed.signal, 'SIGKILL', killed.stderr);
        const stored = oneRowPerKey(db);
        assert.ok(stored.total > 0 && stored.total < SAMPLES, `${stored.total} rows before the rerun`);

        const rerun = await runCli(args('anthropic', server, db), dir);
        assert.equal(rerun.code, 0, rerun.stderr);
        assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
        assert.equal(expired.size, 4);
        for (const [id, n] of server.submissions) assert.equal(n, expired.has(id) ? 2 : 1, id);
      },
    );
  });

  it('a rerun without --batch collects the batch in flight and runs only the rest synchronously', () =>
    withServer('anthropic', { pollsUntilEnd: 2 }, async (server) => {
      const dir = tempDir();
      const db = join(dir, 'crash.db');
      const killed = await runCli(args('anthropic', server, db), dir, {
        OVERTHINK_CRASH_AT: 'batch-persisted',
      });
      assert.equal(killed.signal, 'SIGKILL');
      const rerun = await runCli(args('anthropic', server, db, false), dir);
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
      assert.equal(server.creates(), 1);
      assert.equal(server.server.requests.filter((q) => q.path === '/v1/messages').length, SAMPLES - 4);
    }));

  it('Ctrl-C while polling leaves the batches running; the rerun collects them without resubmitting', () => {
    const opts: BatchServerOptions = { pollsUntilEnd: 1_000_000 };
    return withServer('openai', opts, async (server) => {
      const dir = tempDir();
      const db = join(dir, 'int.db');
      const child = startCli(args('openai', server, db), dir);
      const done = collect(child);
      while (server.server.requests.filter((q) => /\/v1\/batches\/batch_\d+$/.test(q.path)).length < 3)
        await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGINT');
      const first = await done;
      assert.equal(first.code, 130, first.stderr);
      assert.match(first.stdout, /batches keep running at the provider/);
      assert.deepEqual(batchStatuses(db), ['submitted', 'submitted', 'submitted']);

      opts.pollsUntilEnd = 0;
      const rerun = await runCli(args('openai', server, db), dir);
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
      assert.equal(server.creates(), 3);
      assert.match(rerun.stdout, /batches: 0 batch\(es\) submitted · 3 reattached/);
    });
  });
});
