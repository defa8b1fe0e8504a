import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startAnthropicBatchContractServer } from '../contracts/anthropic-server.js';
import { startOpenAIBatchContractServer } from '../contracts/openai-server.js';
import { runCli, tempDir } from '../helpers/cli.js';

const BASE = ['-t', 'misleading-math', '-b', '0,1024', '--trials', '1', '--limit', '5'];

describe('batch commands', () => {
  it('--batch with a model that has no batch API is a config error, and nothing is written', async () => {
    const dir = tempDir();
    const db = join(dir, 'x.db');
    const r = await runCli(['run', '--model', 'sim:inverse', ...BASE, '--batch', '--db', db], dir);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /models\[0\]: 'sim:inverse' has no batch API in overthink: batch works with anthropic: and openai:/,
    );
    assert.equal(existsSync(db), false);
  });

  it('plan prints the synchronous and the batch estimate; batch is n/a without a batch API', async () => {
    const r = await runCli(
      ['plan', '--model', 'anthropic:claude-haiku-4-5,sim:inverse', ...BASE, '--json'],
      tempDir(),
    );
    assert.equal(r.code, 0, r.stderr);
    const est = JSON.parse(r.stdout).estimate as {
      model: string;
      budget: number;
      inputTokens: number;
      outputTokens: number;
      costUsd: number;
      batchCostUsd: number | null;
    }[];
    for (const row of est) {
      if (row.model === 'sim:inverse') {
        assert.equal(row.batchCostUsd, null);
        continue;
      }
      // Haiku 4.5: $1 in, $5 out per million; the batch API takes half off both.
      const sync = (row.inputTokens * 1 + row.outputTokens * 5) / 1e6;
      assert.ok(Math.abs(row.costUsd - sync) < 1e-12);
      assert.ok(Math.abs((row.batchCostUsd ?? 0) - sync / 2) < 1e-12);
    }
    const text = await runCli(
      ['plan', '--model', 'anthropic:claude-haiku-4-5,sim:inverse', ...BASE],
      tempDir(),
    );
    assert.match(text.stdout, /cost USD\s+batch USD/);
    assert.match(text.stdout, /sim:inverse\s+1024.*\s+n\/a/);
  });

  it('batches list shows each batch with counts; cancel asks the provider and records its answer', async () => {
    const opts = { pollsUntilEnd: 1_000_000 };
    const server = await startOpenAIBatchContractServer(opts);
    try {
      const dir = tempDir();
      const db = join(dir, 'b.db');
      const run = [
        'run',
        '--model',
        'openai:gpt-5.6-luna',
        '--base-url',
        `${server.url}/v1`,
        ...BASE,
        '--batch',
        '--batch-poll',
        '5',
        '--no-report',
        '-q',
        '--db',
        db,
      ];
      // Killed once the batch is stored, so that it is still open at the "provider".
      const killed = await runCli(run, dir, { OVERTHINK_CRASH_AT: 'batch-persisted' });
      assert.equal(killed.signal, 'SIGKILL');
      const list = await runCli(['batches', 'list', '--db', db], dir);
      assert.equal(list.code, 0, list.stderr);
      assert.match(list.stdout, /^batch\s+provider id\s+model\s+run\s+status\s+requests/);
      assert.match(
        list.stdout,
        /b-[0-9a-f]{10}\s+batch_\d+\s+openai:gpt-5.6-luna\s+r-[0-9a-f]{12}\s+submitted \(validating\)\s+10\s/,
      );
      const id = /(b-[0-9a-f]{10})/.exec(list.stdout)?.[1] ?? '';

      const cancel = await runCli(['batches', 'cancel', id, '--db', db], dir);
      assert.equal(cancel.code, 0, cancel.stderr);
      assert.match(cancel.stdout, /cancelled/);
      assert.equal(server.server.requests.filter((q) => q.path.endsWith('/cancel')).length, 1);

      // The rerun collects the cancelled batch and sends its entries again, in a new batch.
      opts.pollsUntilEnd = 1;
      const rerun = await runCli(run, dir);
      assert.equal(rerun.code, 0, rerun.stderr);
      const d = new Database(db, { readonly: true });
      const n = d.prepare('SELECT COUNT(DISTINCT key) AS n, COUNT(*) AS t FROM samples').get();
      const statuses = d.prepare('SELECT status, canceled FROM batches ORDER BY created_at').all();
      d.close();
      assert.deepEqual(n, { n: 10, t: 10 });
      assert.deepEqual(statuses, [
        { status: 'settled', canceled: 10 },
        { status: 'settled', canceled: 0 },
      ]);
      assert.ok([...server.submissions.values()].every((k) => k === 2));

      const json = await runCli(['batches', 'list', '--db', db, '--json'], dir);
      const listed = JSON.parse(json.stdout) as { id: string }[];
      assert.equal(listed.length, 2);
      // Newest first, as `runs` lists runs: the cancelled (first) batch comes last.
      assert.equal(listed[1].id, id);
      const again = await runCli(['batches', 'cancel', id, '--db', db], dir);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already settled/);
      const unknown = await runCli(['batches', 'cancel', 'b-nope', '--db', db], dir);
      assert.equal(unknown.code, 2);
    } finally {
      await server.close();
    }
  });

  it('a batch never confirmed at the provider can be released with cancel', async () => {
    const server = await startAnthropicBatchContractServer();
    try {
      const dir = tempDir();
      const db = join(dir, 'b.db');
      const killed = await runCli(
        [
          'run',
          '--model',
          'anthropic:claude-haiku-4-5',
          '--base-url',
          server.url,
          ...BASE,
          '--batch',
          '-q',
          '--no-report',
          '--db',
          db,
        ],
        dir,
        { OVERTHINK_CRASH_AT: 'batch-written' },
      );
      assert.equal(killed.signal, 'SIGKILL');
      const list = await runCli(['batches', 'list', '--db', db], dir);
      const id = /(b-[0-9a-f]{10})/.exec(list.stdout)?.[1] ?? '';
      assert.match(list.stdout, /submitting/);
      const cancel = await runCli(['batches', 'cancel', id, '--db', db], dir);
      assert.equal(cancel.code, 0, cancel.stderr);
      assert.match(cancel.stdout, /released its 10 samples/);
      assert.equal(server.creates(), 0);
    } finally {
      await server.close();
    }
  });
});
