import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  type ChatStreamServer,
  type StreamFault,
  type StreamTurn,
  startChatStreamServer,
} from '../contracts/chat-stream-server.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { query } from '../reliability/support.js';

// vLLM and SGLang are often reached through a TLS proxy: the stream, and its idle watch (which reads
// the socket's byte count), must work over HTTPS as over HTTP. A self-signed certificate for
// 127.0.0.1 (test/fixtures/tls/README.md), trusted by the CLI through NODE_EXTRA_CA_CERTS.
const TLS_DIR = join(import.meta.dirname, '../fixtures/tls');
const CERT = join(TLS_DIR, 'localhost-cert.pem');
const REASONING = 'Two fruits — an apple 🍎 and an orange 🍊; the weights are noise. ';

describe('openai-compatible streaming over HTTPS, through the CLI', () => {
  let server: ChatStreamServer;
  let fault: StreamFault | undefined;
  const turn: StreamTurn = {
    text: '<answer>2</answer>',
    reasoning: REASONING,
    promptTokens: 40,
    completionTokens: 90,
  };
  before(async () => {
    server = await startChatStreamServer(
      () => turn,
      () => fault,
      { cert: readFileSync(CERT, 'utf8'), key: readFileSync(join(TLS_DIR, 'localhost-key.pem'), 'utf8') },
    );
  });
  after(() => server.close());

  const sweep = (dir: string, env: NodeJS.ProcessEnv) => {
    writeFileSync(
      join(dir, 'tls.yaml'),
      [
        'models:',
        `  - { id: "openai-compatible:qwen3", baseUrl: "${server.url}/v1", budgetMode: none,`,
        '      options: { stream: true, streamIdleSeconds: 0.2 } }',
        'tasks: [misleading-math]',
        'limit: 2',
        'budgets: [0]',
        'trials: 1',
        'retries: 0',
      ].join('\n'),
    );
    return runCli(['run', '-c', 'tls.yaml', '--no-report', '-q'], dir, env);
  };

  it('a slow stream (an event every 80 ms, the idle time 0.2 s) is stored whole', async () => {
    assert.match(server.url, /^https:\/\//);
    fault = { kind: 'slow', gapMs: 80 };
    const dir = tempDir();
    const r = await sweep(dir, { NODE_EXTRA_CA_CERTS: CERT });
    assert.equal(r.code, 0, r.stderr);
    const rows = query<{ text: string; reasoning_text: string; error: string | null }>(
      join(dir, 'overthink.db'),
      'SELECT text, reasoning_text, error FROM samples',
    );
    assert.equal(rows.length, 2);
    for (const row of rows)
      assert.deepEqual(row, { text: turn.text, reasoning_text: REASONING, error: null });
  });

  it('without the certificate trusted, the failure names the cause', async () => {
    fault = undefined;
    const dir = tempDir();
    const r = await sweep(dir, { NODE_EXTRA_CA_CERTS: '' });
    assert.equal(r.code, 1, r.stderr);
    const errors = query<{ error: string }>(join(dir, 'overthink.db'), 'SELECT error FROM samples');
    assert.equal(errors.length, 2);
    for (const e of errors) assert.match(e.error, /self[- ]signed certificate/i);
  });
});
