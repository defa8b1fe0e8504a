import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelConfig } from '../../src/config/schema.js';
import { createProvider } from '../../src/providers/registry.js';
import { classify } from '../../src/run/retry.js';
import { BENIGN_FAULTS, FAULT_CLASS, FAULT_KINDS, startFaultServer } from '../helpers/fault-server.js';
import { makeRequest } from '../helpers/requests.js';

/**
 * Every fault kind against every request path, one call each, classified the way the runner does
 * (timeout by its own timer): the class must be the one FAULT_CLASS promises and retryable, and a
 * slow body must still succeed. Fast and deterministic; the 5,000-sample run (faults.test.ts) checks
 * the same at scale through the CLI.
 */
const PATHS: Record<string, (url: string) => ModelConfig> = {
  'openai-compatible (http)': (url) => ({
    id: 'openai-compatible:x',
    baseUrl: `${url}/v1`,
    budgetMode: 'none',
  }),
  'openai-compatible (sdk)': (url) => ({
    id: 'openai-compatible:x',
    baseUrl: `${url}/v1`,
    budgetMode: 'none',
    options: { client: 'sdk' },
  }),
  'openai chat': (url) => ({ id: 'openai:gpt-5.6-sol', baseUrl: `${url}/v1` }),
  'openai responses': (url) => ({ id: 'openai:gpt-5.6-sol', baseUrl: `${url}/v1`, api: 'responses' }),
  'anthropic JSON': (url) => ({ id: 'anthropic:claude-haiku-4-5', baseUrl: url }),
  'anthropic SSE': (url) => ({ id: 'anthropic:claude-haiku-4-5', baseUrl: url, options: { stream: true } }),
  google: (url) => ({ id: 'google:gemini-3.8-flash', baseUrl: url }),
};
// Long enough that a loaded 2-core machine (the first call of a path loads its SDK) never times out a
// request that did answer; the 'hang' fault holds its answer back well past it.
const TIMEOUT_MS = 2500;

async function call(
  model: ModelConfig,
): Promise<{ ok: true } | { ok: false; cls: string; retryable: boolean }> {
  const p = await createProvider(model);
  const ac = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort(new Error('request timed out'));
  }, TIMEOUT_MS);
  try {
    await p.generate(makeRequest({ budget: 1024 }), ac.signal);
    return { ok: true };
  } catch (err) {
    const f = classify(err, timedOut ? TIMEOUT_MS : undefined);
    return { ok: false, cls: f.errorClass, retryable: f.retryable };
  } finally {
    clearTimeout(timer);
    await p.close?.();
  }
}

for (const kind of FAULT_KINDS) {
  test(`fault ${kind}: classified alike on every path`, async () => {
    const server = await startFaultServer({
      seed: 1,
      rate: 1,
      weights: { [kind]: 1 },
      hangMs: 6000,
      slowMs: 200,
      retryAfterS: 0,
    });
    try {
      const names = Object.keys(PATHS);
      const got = await Promise.all(names.map((n) => call(PATHS[n](server.url))));
      const expected = BENIGN_FAULTS.has(kind)
        ? { ok: true }
        : { ok: false, cls: FAULT_CLASS[kind], retryable: true };
      for (const [i, n] of names.entries()) assert.deepEqual(got[i], expected, `${kind} on ${n}`);
      assert.equal(server.log.length, names.length, 'one request per path, none retried inside the SDKs');
    } finally {
      await server.close();
    }
  });
}

test("the Anthropic SDK's per-request deprecation warning is shown once, not once per request", async () => {
  const server = await startFaultServer({ seed: 1, rate: 0 });
  let stderr = '';
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    // claude-opus-4-5 is on the SDK's own deprecated list (and ours); nothing else here uses it.
    const p = await createProvider({ id: 'anthropic:claude-opus-4-5', baseUrl: server.url });
    for (let i = 0; i < 5; i++) await p.generate(makeRequest(), new AbortController().signal);
    const q = await createProvider({ id: 'anthropic:claude-opus-4-5', baseUrl: server.url });
    await q.generate(makeRequest(), new AbortController().signal);
  } finally {
    process.stderr.write = write;
    await server.close();
  }
  assert.equal(server.log.length, 6);
  assert.equal(stderr.match(/claude-opus-4-5' is deprecated/g)?.length, 1, stderr);
  // overthink's own warning, from the catalog, once per model as well.
  assert.equal(
    stderr.match(/warning: anthropic:claude-opus-4-5 is deprecated and retires on 2027-01-22/g)?.length,
    1,
  );
});
