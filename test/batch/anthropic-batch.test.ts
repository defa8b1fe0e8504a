import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type BatchServer, startAnthropicBatchServer } from '../helpers/batch-servers.js';
import { batchRows, experiment, newDb, oneRowPerKey, rows, run, SAMPLES } from './support.js';

const MODEL = 'anthropic:claude-sonnet-4-5';

describe('anthropic message batches against a loopback server', () => {
  let server: BatchServer;
  before(async () => {
    server = await startAnthropicBatchServer({ pollsUntilEnd: 2 });
  });
  after(() => server.close());

  it('stores every sample once, with the synchronous row shape, at half the synchronous price', async () => {
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
    assert.equal(batches.length, 3);
    assert.ok(batches.every((b) => b.status === 'settled' && b.provider_batch_id));
    assert.deepEqual(
      batches.map((b) => b.requests),
      [4, 4, 2],
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
      assert.match(String(b.raw), /"batch_id":"msgbatch_/);
    }
  });
});
