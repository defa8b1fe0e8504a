import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { describe, it } from 'node:test';
import { createBatchAdapter } from '../../src/providers/batch/registry.js';
import type { BatchAdapter } from '../../src/providers/batch/types.js';
import { ProviderError } from '../../src/util/errors.js';
import { startAnthropicBatchContractServer } from '../contracts/anthropic-server.js';
import { startOpenAIBatchContractServer } from '../contracts/openai-server.js';
import type { BatchServer } from '../helpers/batch-state.js';
import { makeRequest } from '../helpers/requests.js';

/**
 * The SDKs add an abort listener to the signal of every request and never remove it. A batch is
 * polled for hours with the run's one signal, so each adapter call must use a short-lived child:
 * the run's signal keeps no listener however long the poll loop, and aborting it still stops a call.
 */

const PROVIDERS = [
  {
    name: 'anthropic',
    start: startAnthropicBatchContractServer,
    model: (url: string) => ({ id: 'anthropic:claude-haiku-4-5', baseUrl: url, apiKeyEnv: 'OT_SIGNAL_KEY' }),
  },
  {
    name: 'openai',
    start: startOpenAIBatchContractServer,
    model: (url: string) => ({ id: 'openai:gpt-5.6-luna', baseUrl: `${url}/v1`, apiKeyEnv: 'OT_SIGNAL_KEY' }),
  },
] as const;

const listeners = (s: AbortSignal) => getEventListeners(s, 'abort').length;

async function submitTwo(adapter: BatchAdapter, signal: AbortSignal) {
  const entries = [0, 1].map((i) =>
    adapter.prepare(`s${i}`, makeRequest({ budget: 1024, maxTokens: 11024, seed: i })),
  );
  return adapter.create('b-signals', entries, signal);
}

for (const p of PROVIDERS) {
  describe(`${p.name} batch adapter and the run's signal`, () => {
    process.env.OT_SIGNAL_KEY = 'sk-test-signals';

    it('a long poll loop leaves the run signal’s listener count flat', async () => {
      const server: BatchServer = await p.start({ pollsUntilEnd: 200 });
      try {
        const adapter = await createBatchAdapter(p.model(server.url));
        const run = new AbortController().signal;
        const at = listeners(run);
        const batch = await submitTwo(adapter, run);
        for (let i = 0; i < 200; i++) await adapter.retrieve(batch.id, run);
        const ended = await adapter.retrieve(batch.id, run);
        assert.equal(ended.ended, true);
        let read = 0;
        for await (const r of adapter.results(batch.id, run)) read += r.type === 'succeeded' ? 1 : 0;
        assert.equal(read, 2);
        await adapter.findOrphan({ localId: 'nope', since: new Date(), requests: 7, known: new Set() }, run);
        assert.equal(listeners(run), at, 'no listener left on the run signal');
      } finally {
        await server.close();
      }
    });

    it('aborting the run signal still stops a call in flight', async () => {
      const server: BatchServer = await p.start();
      try {
        const adapter = await createBatchAdapter(p.model(server.url));
        const ac = new AbortController();
        const batch = await submitTwo(adapter, ac.signal);
        server.server.enqueue({ hang: true });
        setTimeout(() => ac.abort(), 50);
        await assert.rejects(adapter.retrieve(batch.id, ac.signal), (e: unknown) => {
          assert.ok(e instanceof ProviderError);
          assert.equal(e.errorClass, 'aborted');
          return true;
        });
        assert.equal(listeners(ac.signal), 0);
      } finally {
        await server.close();
      }
    });
  });
}
