import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { runCli, tempDir } from '../helpers/cli.js';
import { LLAMA_SLACK, type LlamaServer, SKIP_LLAMA, startLlamaServer } from '../helpers/llama-server.js';

/**
 * End to end through the CLI against a real llama-server: the issue's own command, then the stored
 * samples are read back. The context is 1024 tokens so that each sample's gibberish answer stays short
 * (the random model rarely stops by itself; the server ends a sample when the context is full).
 */
describe('overthink run against a real llama-server', {
  skip: SKIP_LLAMA ? 'OVERTHINK_SKIP_LLAMA=1' : false,
}, () => {
  let server: LlamaServer;
  before(async () => {
    server = await startLlamaServer({ contextSize: 1024 });
  });
  after(async () => {
    await server?.stop();
  });

  it('stores every sample with reasoning tokens within budget + slack, and writes the report', async () => {
    const dir = tempDir('overthink-llama-');
    const args = ['run', '--model', 'openai-compatible:local', '--base-url', `${server.url}/v1`];
    args.push(
      '--budget-mode',
      'llamacpp',
      '--tasks',
      'misleading-math',
      '--budgets',
      '0,16,64',
      '--limit',
      '10',
      '-q',
    );
    const run = await runCli(args, dir);
    assert.equal(run.code, 0, run.stderr);

    const db = new Database(join(dir, 'overthink.db'), { readonly: true });
    try {
      const rows = db
        .prepare(
          'SELECT budget, reasoning_tokens AS tokens, reasoning_source AS source, sent_params AS sent, error FROM samples',
        )
        .all() as Array<{
        budget: number;
        tokens: number | null;
        source: string | null;
        sent: string;
        error: string | null;
      }>;
      assert.equal(rows.length, 10 * 3 * 3, '10 items × 3 budgets × 3 trials');
      for (const r of rows) {
        assert.equal(r.error, null);
        const sent = JSON.parse(r.sent) as Record<string, unknown>;
        assert.equal(sent.thinking_budget_tokens, r.budget);
        if (r.budget === 0) {
          assert.deepEqual(sent.chat_template_kwargs, { enable_thinking: false });
          assert.equal(r.tokens, 0);
        } else {
          assert.equal(r.source, 'tokenizer');
          assert.ok(
            (r.tokens ?? -1) > 0 && (r.tokens ?? Infinity) <= r.budget + LLAMA_SLACK,
            `${r.tokens} at ${r.budget}`,
          );
        }
      }
    } finally {
      db.close();
    }
    // The report has a folder of its own, named for the store and the run.
    const [runId] = /r-[0-9a-f]{12}/.exec(run.stdout) ?? [''];
    assert.ok(existsSync(join(dir, 'overthink-report', `overthink-${runId}`, 'report.html')), run.stdout);

    const report = await runCli(['report', '--json'], dir);
    assert.equal(report.code, 0, report.stderr);
    assert.ok(JSON.parse(report.stdout), 'the report summary is JSON');
  });
});
