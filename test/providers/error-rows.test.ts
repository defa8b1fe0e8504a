import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { loadExperiment } from '../../src/run/load.js';
import { runExperiment } from '../../src/run/run.js';
import type { SampleRow } from '../../src/store/samples.js';
import { startAnthropicContractServer } from '../contracts/anthropic-server.js';
import { tempDir } from '../helpers/cli.js';

test('a refused request is stored as an error row that keeps what was sent and its budget note', async () => {
  process.env.OT_ERROR_ROWS_KEY = 'sk-ant-error-rows';
  const server = await startAnthropicContractServer();
  try {
    const db = join(tempDir(), 'e.db');
    // A model the API does not serve: every request is refused (404), which is not retried.
    const loaded = loadExperiment({
      overrides: {
        models: [
          {
            id: 'anthropic:claude-nonexistent-1',
            baseUrl: server.url,
            apiKeyEnv: 'OT_ERROR_ROWS_KEY',
            temperature: 0.6,
          },
        ],
        tasks: ['misleading-math'],
        budgets: [0, 2048],
        trials: 1,
        limit: 2,
        retries: 2,
      },
    });
    const r = await runExperiment(loaded, { db, progress: false, retryBaseMs: 1 });
    assert.equal(r.status, 'incomplete');
    const d = new Database(db, { readonly: true });
    const rows = d.prepare('SELECT * FROM samples ORDER BY budget').all() as SampleRow[];
    d.close();
    assert.equal(rows.length, 4);
    for (const row of rows) {
      assert.equal(row.error_class, 'bad_request');
      assert.equal(row.attempts, 1, 'a refusal is not retried');
      assert.match(row.error ?? '', /HTTP 404/);
      // Budget 0 sends no `thinking` field, as the paper's requests did.
      const thinking = row.budget === 0 ? {} : { thinking: { type: 'enabled', budget_tokens: 2048 } };
      assert.deepEqual(JSON.parse(row.sent_params ?? 'null'), { ...thinking, max_tokens: row.max_tokens });
      assert.equal(
        row.budget_note,
        'temperature 0.6 not sent: Claude takes no sampling parameters under API version 2026-10-21',
      );
    }
  } finally {
    await server.close();
  }
});
