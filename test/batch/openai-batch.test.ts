import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startOpenAIBatchContractServer } from '../contracts/openai-server.js';
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

const MODEL = 'openai:gpt-5.6-luna';

const withServer = (opts: BatchServerOptions, fn: (s: BatchServer) => Promise<void>) =>
  withBatchServer(startOpenAIBatchContractServer, opts, fn);

describe('openai batch against a loopback server', () => {
  for (const api of ['chat', 'responses'] as const) {
    it(`${api}: uploads a JSONL file per batch and stores the synchronous rows at half price`, () =>
      withServer({ pollsUntilEnd: 2 }, async (server) => {
        const model = { id: MODEL, baseUrl: `${server.url}/v1`, api };
        const db = newDb();
        const r = await run(experiment(model), db);
        assert.equal(r.status, 'complete');
        assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
        assert.equal(server.creates(), 3);
        const uploads = server.server.requests.filter((q) => q.path === '/v1/files');
        assert.equal(uploads.length, 3);
        const creates = server.server.requests.filter((q) => q.method === 'POST' && q.path === '/v1/batches');
        const endpoint = api === 'chat' ? '/v1/chat/completions' : '/v1/responses';
        for (const c of creates) {
          const body = c.body as Record<string, unknown>;
          assert.equal(body.endpoint, endpoint);
          assert.equal(body.completion_window, '24h');
          assert.match(String((body.metadata as Record<string, string>).overthink_batch), /^b-[0-9a-f]{10}$/);
        }
        assert.deepEqual(
          batchRows(db).map((b) => [b.status, b.provider_status, b.requests]),
          [
            ['settled', 'completed', 4],
            ['settled', 'completed', 4],
            ['settled', 'completed', 2],
          ],
        );

        const syncDb = newDb('sync.db');
        const before = server.server.requests.length;
        assert.equal((await run(experiment(model, { batch: false }), syncDb)).status, 'complete');
        const syncBodies = server.server.requests
          .slice(before)
          .filter((q) => q.path === endpoint)
          .map((q) => JSON.stringify(q.body))
          .sort();
        assert.equal(syncBodies.length, SAMPLES);
        assert.deepEqual([...server.bodies.values()].map((b) => JSON.stringify(b)).sort(), syncBodies);
        const sync = new Map(rows(syncDb).map((x) => [x.key, x]));
        for (const b of rows(db)) {
          const x = sync.get(b.key);
          assert.ok(x);
          for (const col of [
            'text',
            'reasoning_tokens',
            'reasoning_source',
            'output_tokens',
            'sent_params',
          ] as const)
            assert.deepEqual(b[col], x[col], col);
          assert.equal(b.reasoning_source, 'provider');
          assert.ok(x.cost_usd && Math.abs((b.cost_usd ?? 0) - x.cost_usd / 2) < 1e-12);
        }
      }));
  }

  it('an expired batch: finished entries from the output file, the rest from the error file, retried', () => {
    const expired = new Set<string>();
    const ord = ordinals();
    return withServer(
      {
        outcome: (id, _b, n) => {
          if (n === 0 && ord(id) % 3 === 0) {
            expired.add(id);
            return { type: 'expired' };
          }
          if (n === 0 && ord(id) % 3 === 1) return { type: 'errored', status: 500 };
          return { type: 'succeeded' };
        },
      },
      async (server) => {
        const db = newDb();
        const r = await run(experiment({ id: MODEL, baseUrl: `${server.url}/v1` }), db);
        assert.ok(expired.size > 0);
        assert.equal(r.status, 'complete');
        assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
        assert.equal(r.batch?.failedEntries.expired, expired.size);
        const statuses = batchRows(db).map((b) => b.provider_status);
        assert.ok(statuses.includes('expired'));
        const downloads = server.server.requests.filter((q) => /\/v1\/files\/file-(out|err)-/.test(q.path));
        assert.ok(downloads.some((q) => q.path.includes('file-err-')));
        for (const [id, n] of server.submissions)
          assert.equal(n, expired.has(id) || ord(id) % 3 === 1 ? 2 : 1);
      },
    );
  });

  it('a 400 for one request is stored as that sample’s error; the others succeed', () => {
    const ord = ordinals();
    return withServer(
      {
        outcome: (id) =>
          ord(id) % 5 === 0
            ? { type: 'errored', status: 400, message: 'max tokens too high' }
            : { type: 'succeeded' },
      },
      async (server) => {
        const db = newDb();
        await run(experiment({ id: MODEL, baseUrl: `${server.url}/v1` }), db);
        const bad = [...server.submissions.keys()].filter((id) => ord(id) % 5 === 0);
        assert.ok(bad.length > 0 && bad.length < SAMPLES);
        assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: bad.length });
        for (const x of rows(db).filter((x) => x.error)) {
          assert.equal(x.error_class, 'bad_request');
          assert.match(x.error ?? '', /HTTP 400: max tokens too high/);
        }
        assert.ok([...server.submissions.values()].every((n) => n === 1));
      },
    );
  });

  it('an output file cut off half-way is read again', () =>
    withServer({}, async (server) => {
      server.cutNextResults(1);
      const db = newDb();
      const r = await run(experiment({ id: MODEL, baseUrl: `${server.url}/v1` }), db);
      assert.equal(r.status, 'complete');
      assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
      const downloads = server.server.requests.filter((q) => q.path.endsWith('/content'));
      assert.equal(downloads.length, 4);
      assert.equal(server.creates(), 3);
    }));

  it('500 errors while polling are waited out', () =>
    withServer({}, async (server) => {
      server.failNextPolls(5);
      const db = newDb();
      const r = await run(experiment({ id: MODEL, baseUrl: `${server.url}/v1` }), db);
      assert.equal(r.status, 'complete');
      assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
      assert.equal(server.creates(), 3);
    }));

  it('a create answered with a 500 that did land is found by its metadata, not sent twice', () =>
    withServer({}, async (server) => {
      server.loseNextCreateReply();
      const db = newDb();
      const r = await run(experiment({ id: MODEL, baseUrl: `${server.url}/v1` }), db);
      assert.equal(r.status, 'complete');
      assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
      assert.equal(server.creates(), 3);
      assert.ok([...server.submissions.values()].every((n) => n === 1));
      assert.equal(r.batch?.recovered, 1);
    }));

  it('a whole batch failed by the provider: a queue limit is retried, a malformed file is every sample’s error', () =>
    withServer({}, async (server) => {
      server.failNextBatch('token_limit_exceeded', 'Enqueued token limit reached for o4-mini');
      const db = newDb();
      const r = await run(
        experiment(
          { id: MODEL, baseUrl: `${server.url}/v1` },
          { batchOptions: { retry: 'batch', pollMs: 2, maxPollMs: 10 } },
        ),
        db,
      );
      assert.equal(r.status, 'complete');
      assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
      assert.equal(server.creates(), 2);
      assert.deepEqual(
        batchRows(db).map((b) => b.provider_status),
        ['failed', 'completed'],
      );
      assert.equal(r.batch?.retriedInBatch, SAMPLES);

      server.failNextBatch('invalid_json_line', 'Line 3 is not valid JSON');
      const db2 = newDb('b2.db');
      const r2 = await run(
        experiment(
          { id: MODEL, baseUrl: `${server.url}/v1` },
          { batchOptions: { retry: 'batch', pollMs: 2, maxPollMs: 10 } },
        ),
        db2,
      );
      assert.equal(r2.status, 'incomplete');
      assert.deepEqual(oneRowPerKey(db2), { total: SAMPLES, distinct: SAMPLES, errors: SAMPLES });
      assert.ok(
        rows(db2).every(
          (x) => x.error_class === 'bad_request' && /Line 3 is not valid JSON/.test(x.error ?? ''),
        ),
      );
    }));

  it('a succeeded entry whose body is an error is classified like the synchronous path', () =>
    withServer({}, async (server) => {
      const db = newDb();
      // Every line of the first output file carries an error object instead of a completion.
      let served = 0;
      server.server.intercept((q) => {
        if (q.method !== 'GET' || !/\/v1\/files\/file-out-batch_\d+\/content$/.test(q.path) || served++ > 0)
          return undefined;
        return {
          lines: [...server.submissions.keys()].map((customId) =>
            JSON.stringify({
              custom_id: customId,
              response: {
                status_code: 200,
                body: { error: { type: 'server_error', message: 'the model crashed' } },
              },
              error: null,
            }),
          ),
        };
      });
      const r = await run(
        experiment(
          { id: MODEL, baseUrl: `${server.url}/v1` },
          { batchOptions: { retry: 'batch', pollMs: 2, maxPollMs: 10 } },
        ),
        db,
      );
      assert.equal(r.status, 'complete');
      assert.deepEqual(oneRowPerKey(db), { total: SAMPLES, distinct: SAMPLES, errors: 0 });
      assert.equal(r.batch?.failedEntries.errored, SAMPLES);
      assert.equal(server.creates(), 2);
    }));
});
