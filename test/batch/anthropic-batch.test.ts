import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startAnthropicBatchContractServer } from '../contracts/anthropic-server.js';
import type { BatchServer, BatchServerOptions } from '../helpers/batch-servers.js';
import {
  batchRows,
  experiment,
  newDb,
  oneRowPerKey,
  ordinals,
  rows,
  run,
  SAMPLES,
  withBatchServer,
} from './support.js';

const MODEL = 'anthropic:claude-haiku-4-5';

const withServer = (opts: BatchServerOptions, fn: (s: BatchServer) => Promise<void>) =>
  withBatchServer(startAnthropicBatchContractServer, opts, fn);

describe('anthropic message batches against a loopback server', () => {
  it('stores every sample once, with the synchronous row shape, at half the synchronous price', () =>
    withServer({ pollsUntilEnd: 2 }, async (server) => {
      const model = { id: MODEL, baseUrl: server.url };
      const db = newDb();
      const r = await run(experiment(model), db);
      assert.equal(r.status, 'complete');
      assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
      // 10 samples, at most 4 per batch: 3 batches, each created once; every key sent once.
      assert.equal(server.creates(), 3);
      assert.equal(r.batch?.submitted, 3);
      assert.deepEqual(
        [...server.submissions.values()].filter((n) => n !== 1),
        [],
      );
      const batches = batchRows(db);
      assert.deepEqual(
        batches.map((b) => [b.status, b.requests, b.succeeded]),
        [
          ['settled', 4, 4],
          ['settled', 4, 4],
          ['settled', 2, 2],
        ],
      );

      // The same experiment synchronously (same run id, so the same keys) against the same server.
      const syncDb = newDb('sync.db');
      const before = server.server.requests.length;
      const s = await run(experiment(model, { batch: false }), syncDb);
      assert.equal(s.status, 'complete');
      assert.equal(s.runId, r.runId, 'batch is not part of the run identity');
      const syncBodies = server.server.requests
        .slice(before)
        .filter((q) => q.path === '/v1/messages')
        .map((q) => JSON.stringify(q.body))
        .sort();
      const batchBodies = [...server.bodies.values()].map((b) => JSON.stringify(b)).sort();
      assert.equal(syncBodies.length, SAMPLES);
      assert.deepEqual(batchBodies, syncBodies, 'a batch entry sends exactly the synchronous body');

      const sync = new Map(rows(syncDb).map((x) => [x.key, x]));
      for (const b of rows(db)) {
        const x = sync.get(b.key);
        assert.ok(x, `sync run has ${b.key}`);
        for (const col of [
          'text',
          'reasoning_text',
          'reasoning_tokens',
          'reasoning_source',
          'input_tokens',
          'output_tokens',
          'stop_reason',
          'sent_params',
          'budget_note',
          'seed',
          'max_tokens',
        ] as const)
          assert.deepEqual(b[col], x[col], `${col} of ${b.key}`);
        assert.ok(x.cost_usd && x.cost_usd > 0);
        assert.ok(Math.abs((b.cost_usd ?? 0) - x.cost_usd / 2) < 1e-12, 'batch price is half');
        assert.equal(b.latency_ms, null);
        assert.equal(b.attempts, 1);
        assert.match(String(b.raw), /"batch_id":"msgbatch_/);
      }
    }));

  it('partial results: retryable failures go into a new batch, a refused request is stored as an error', () => {
    const first = new Map<string, string>();
    const ord = ordinals();
    return withServer(
      {
        outcome: (id, _body, n) => {
          if (n > 0) return { type: 'succeeded' };
          const d = ord(id) % 4;
          const plan =
            d === 0
              ? ({ type: 'expired' } as const)
              : d === 1
                ? ({ type: 'errored', errorType: 'overloaded_error' } as const)
                : d === 2 && [...first.values()].every((v) => v !== 'refused')
                  ? ({
                      type: 'errored',
                      errorType: 'invalid_request_error',
                      message: 'prompt is too long',
                    } as const)
                  : ({ type: 'succeeded' } as const);
          first.set(
            id,
            plan.type === 'errored' && plan.errorType === 'invalid_request_error' ? 'refused' : plan.type,
          );
          return plan;
        },
      },
      async (server) => {
        const db = newDb();
        const r = await run(experiment({ id: MODEL, baseUrl: server.url }), db);
        const kinds = [...first.values()];
        const count = (k: string) => kinds.filter((x) => x === k).length;
        const retryable = count('expired') + count('errored');
        assert.ok(retryable > 0, 'the split must retry something');
        assert.equal(count('refused'), 1);
        assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: count('refused') });
        assert.equal(r.batch?.failedEntries.expired, count('expired'));
        assert.equal(r.batch?.failedEntries.errored, count('errored') + count('refused'));
        assert.equal(r.batch?.retriedInBatch, retryable);
        // Retried keys were sent twice, everything else once; the retry was its own batch.
        for (const [id, kind] of first)
          assert.equal(server.submissions.get(id), kind === 'expired' || kind === 'errored' ? 2 : 1, id);
        assert.equal(server.creates(), 3 + Math.ceil(retryable / 4));
        const refused = rows(db).filter((x) => x.error);
        assert.ok(
          refused.every((x) => x.error_class === 'bad_request' && /prompt is too long/.test(x.error ?? '')),
        );
        // The refused entry's row keeps what its request sent, as a succeeded one does.
        for (const x of refused) {
          const body = server.bodies.get(x.key) ?? {};
          assert.deepEqual(JSON.parse(x.sent_params ?? 'null'), {
            ...('thinking' in body ? { thinking: body.thinking } : {}),
            max_tokens: body.max_tokens,
          });
        }
        const retried = rows(db).filter((x) => server.submissions.get(x.key) === 2);
        assert.ok(retried.every((x) => x.attempts === 2 && x.error === null));
        assert.equal(r.status, count('refused') ? 'incomplete' : 'complete');
      },
    );
  });

  it('expired entries with --batch-retry sync are sent synchronously and counted', () => {
    const expired = new Set<string>();
    const ord = ordinals();
    return withServer(
      {
        outcome: (id, _b, n) => {
          if (n === 0 && ord(id) % 2 === 0) {
            expired.add(id);
            return { type: 'expired' };
          }
          return { type: 'succeeded' };
        },
      },
      async (server) => {
        const db = newDb();
        const r = await run(
          experiment(
            { id: MODEL, baseUrl: server.url },
            { batchOptions: { retry: 'sync', pollMs: 2, maxPollMs: 10, maxRequests: 4 } },
          ),
          db,
        );
        assert.ok(expired.size > 0);
        assert.equal(r.status, 'complete');
        assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
        assert.equal(r.batch?.failedEntries.expired, expired.size);
        assert.equal(r.batch?.retriedSync, expired.size);
        assert.equal(server.server.requests.filter((q) => q.path === '/v1/messages').length, expired.size);
        assert.equal(server.creates(), 3, 'no retry batch');
        // Synchronous rows are at the synchronous price, batch rows at half.
        const byKey = new Map(rows(db).map((x) => [x.key, x]));
        const syncCost = byKey.get([...expired][0])?.cost_usd ?? 0;
        const batchRow = rows(db).find(
          (x) => !expired.has(x.key) && x.budget === byKey.get([...expired][0])?.budget,
        );
        if (batchRow) assert.ok(Math.abs((batchRow.cost_usd ?? 0) - syncCost / 2) < 1e-12);
        assert.ok((byKey.get([...expired][0])?.latency_ms ?? 0) >= 0);
      },
    );
  });

  it('entries that keep expiring are stored as errors once the retries are spent', () =>
    withServer({ outcome: () => ({ type: 'expired' }) }, async (server) => {
      const db = newDb();
      const r = await run(experiment({ id: MODEL, baseUrl: server.url }, { retries: 1 }), db);
      assert.equal(r.status, 'incomplete');
      assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: SAMPLES });
      assert.ok(rows(db).every((x) => x.error_class === 'timeout' && x.attempts === 2));
      assert.ok([...server.submissions.values()].every((n) => n === 2));
      assert.equal(r.batch?.failed, SAMPLES);
    }));

  it('a results stream cut off half-way is read again; nothing is lost or stored twice', () =>
    withServer({}, async (server) => {
      server.cutNextResults(2);
      const db = newDb();
      const r = await run(experiment({ id: MODEL, baseUrl: server.url }), db);
      assert.equal(r.status, 'complete');
      assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
      const reads = server.server.requests.filter((q) => q.path.endsWith('/results'));
      assert.equal(reads.length, 4, 'one batch read twice');
      assert.equal(server.creates(), 3);
      assert.ok([...server.submissions.values()].every((n) => n === 1));
    }));

  it('500 errors while polling are waited out', () =>
    withServer({ pollsUntilEnd: 1 }, async (server) => {
      server.failNextPolls(4);
      const db = newDb();
      const r = await run(experiment({ id: MODEL, baseUrl: server.url }), db);
      assert.equal(r.status, 'complete');
      assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
      const failed = server.server.requests.filter((q) => /batches\/msgbatch_\d+$/.test(q.path));
      assert.ok(failed.length >= 4 + 3 * 2, `${failed.length} polls`);
      assert.equal(server.creates(), 3);
    }));

  it('a batch create refused by the provider stores each sample as an error (nothing retried in a loop)', () =>
    withServer({}, async (server) => {
      server.server.intercept((q) =>
        q.method === 'POST' && q.path === '/v1/messages/batches'
          ? {
              status: 400,
              json: { type: 'error', error: { type: 'invalid_request_error', message: 'bad model' } },
            }
          : undefined,
      );
      const db = newDb();
      const r = await run(experiment({ id: MODEL, baseUrl: server.url }), db);
      assert.equal(r.status, 'incomplete');
      assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: SAMPLES });
      assert.equal(server.server.requests.filter((q) => q.path === '/v1/messages/batches').length, 3);
      assert.ok(batchRows(db).every((b) => b.status === 'abandoned'));
    }));

  it('a create answered with a 500 that did land is matched by time and size, not sent twice', () =>
    withServer({}, async (server) => {
      server.loseNextCreateReply();
      const db = newDb();
      const r = await run(experiment({ id: MODEL, baseUrl: server.url }), db);
      assert.equal(r.status, 'complete');
      assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
      assert.equal(server.creates(), 3);
      assert.ok([...server.submissions.values()].every((n) => n === 1));
      assert.equal(r.batch?.recovered, 1);
    }));

  it('the cost ceiling counts batch entries at the batch price and stops submitting; nothing falls back to synchronous', () =>
    withServer({}, async (server) => {
      const db = newDb();
      // Worst case per budget-0 sample at half price is about $0.025 (10,000 output tokens at $5/M, halved).
      const r = await run(experiment({ id: MODEL, baseUrl: server.url }, { maxCostUsd: 0.08 }), db);
      assert.equal(r.status, 'stopped-at-cost-ceiling');
      assert.equal(oneRowPerKey(db).total, 3);
      assert.equal(server.submissions.size, 3);
      assert.equal(server.server.requests.filter((q) => q.path === '/v1/messages').length, 0);
    }));
});
