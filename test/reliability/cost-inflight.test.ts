import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { anthropicReply } from '../helpers/anthropic-server.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { startProtocolServer } from '../helpers/protocol-server.js';
import { query } from './support.js';

/**
 * The cost ceiling against a priced loopback Anthropic server, with 8 requests in flight. The server
 * bills the worst a request can cost: every output token up to max_tokens, and one input token per
 * byte of the prompt (the most a byte-level tokenizer can produce). Anchoring arms make prompts long,
 * so an estimate of the input from the item alone would fall short.
 */
const PRICES = { input: 200, output: 1 }; // USD per million tokens: input-heavy on purpose

test('--max-cost with concurrency 8: spend + in-flight worst case never passes the ceiling', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const server = await startProtocolServer(async (req) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 15));
    inFlight--;
    const body = req.body as { system: string; messages: { content: string }[]; max_tokens: number };
    const bytes = Buffer.byteLength(body.system) + Buffer.byteLength(body.messages[0].content);
    return anthropicReply(req, () => ({
      text: '<answer>2</answer>',
      inputTokens: bytes,
      outputTokens: body.max_tokens,
    }));
  });
  try {
    const dir = tempDir();
    const ceiling = 5;
    writeFileSync(
      join(dir, 'cost.yaml'),
      `
models: [{ id: 'anthropic:claude-haiku-4-5', baseUrl: '${server.url}', prices: { input: ${PRICES.input}, output: ${PRICES.output} } }]
tasks: [{ id: misleading-math, options: { n: 30 } }]
budgets: [1024]
anchoring: [0, 8]
trials: 1
concurrency: 8
maxCostUsd: ${ceiling}
`,
    );
    const r = await runCli(['run', '-c', 'cost.yaml', '--db', 'o.db', '--no-report', '-q'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /stopped: the cost ceiling would have been passed/);
    const [{ n, spent }] = query<{ n: number; spent: number }>(
      join(dir, 'o.db'),
      'SELECT COUNT(*) AS n, SUM(cost_usd) AS spent FROM samples',
    );
    assert.ok(maxInFlight > 1, `requests overlapped: ${maxInFlight}`);
    assert.ok(n > 0 && n < 60, `some but not all samples ran: ${n}`);
    assert.ok(spent <= ceiling, `spent $${spent} over the $${ceiling} ceiling`);
    assert.ok(spent > ceiling / 4, `the ceiling was approached, not hit at once: $${spent}`);
    assert.equal(server.requests.length, n, 'no request was started and then dropped');
  } finally {
    await server.close();
  }
});
