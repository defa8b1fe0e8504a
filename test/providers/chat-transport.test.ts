import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { ModelConfig } from '../../src/config/schema.js';
import { JsonClient, parseBody, statusMessage } from '../../src/providers/http-json.js';
import { createOpenAICompatibleProvider } from '../../src/providers/openai-compatible.js';
import type { GenerateResponse } from '../../src/providers/types.js';
import { ProviderError, UserError } from '../../src/util/errors.js';
import { startOpenAIServer } from '../helpers/openai-server.js';
import type { ProtocolServer, Reply } from '../helpers/protocol-server.js';
import { makeRequest, NEVER } from '../helpers/requests.js';

/**
 * The lean node:http transport (default) and the official SDK must be interchangeable: the same
 * request on the wire, the same parsed response, the same error classes, messages and retry-after.
 */
describe('openai-compatible transports: http (default) and sdk agree', () => {
  let s: ProtocolServer;
  before(async () => {
    s = await startOpenAIServer({
      turn: () => ({
        text: '<answer>2</answer>',
        reasoning: 'one and one',
        promptTokens: 12,
        completionTokens: 34,
        reasoningTokens: 30,
        headers: { 'x-ratelimit-remaining-requests': '1', 'x-ratelimit-limit-requests': '100' },
      }),
    });
  });
  after(() => s.close());

  const provider = (client: 'http' | 'sdk', over: Partial<ModelConfig> = {}) =>
    createOpenAICompatibleProvider({
      id: 'openai-compatible:qwen3',
      baseUrl: `${s.url}/v1/`,
      budgetMode: 'vllm',
      options: { client },
      ...over,
    });

  /** One call per transport with the same reply queued; the recorded requests and the outcomes. */
  async function both(reply?: Reply) {
    const out: Array<{ res?: GenerateResponse; err?: unknown; body: unknown; path: string; auth: unknown }> =
      [];
    for (const client of ['http', 'sdk'] as const) {
      if (reply) s.enqueue(reply);
      const p = provider(client);
      let res: GenerateResponse | undefined;
      let err: unknown;
      try {
        res = await p.generate(makeRequest({ budget: 256 }), NEVER);
      } catch (e) {
        err = e;
      }
      await p.close?.();
      const req = s.requests.at(-1)!;
      out.push({ res, err, body: req.body, path: req.path, auth: req.headers.authorization });
    }
    return out;
  }

  it('sends the same body to the same path and parses the same response', async () => {
    const [h, k] = await both();
    assert.equal(h.path, '/v1/chat/completions');
    assert.equal(h.path, k.path);
    assert.deepEqual(h.body, k.body);
    assert.equal(h.auth, 'Bearer none');
    assert.equal(h.auth, k.auth);
    assert.ok(h.res && k.res);
    // The http path also keeps the body as received (stored instead of re-serialising `raw`).
    const strip = (r: GenerateResponse) => ({ ...r, latencyMs: 0, rawText: undefined });
    assert.deepEqual(strip(h.res), strip(k.res));
    assert.equal(k.res.rawText, undefined);
    assert.deepEqual(JSON.parse(h.res.rawText ?? ''), h.res.raw);
    assert.equal(h.res.text, '<answer>2</answer>');
    assert.equal(h.res.reasoningText, 'one and one');
    assert.deepEqual(h.res.usage, { input: 12, output: 34, reasoning: 30, reasoningSource: 'provider' });
  });

  const cases: Array<[string, Reply, string, boolean]> = [
    ['400 JSON error', { status: 400, json: { error: { message: 'bad field' } } }, 'bad_request', false],
    ['401', { status: 401, json: { error: { message: 'no key' } } }, 'auth', false],
    [
      '429 with retry-after',
      { status: 429, headers: { 'retry-after': '7' }, json: { error: { message: 'slow down' } } },
      'rate_limit',
      true,
    ],
    ['500 text body', { status: 500, text: 'upstream exploded' }, 'server', true],
    ['503 no body', { status: 503, text: '' }, 'overloaded', true],
    [
      '200 with HTML',
      { status: 200, headers: { 'content-type': 'text/html' }, text: '<html>' },
      'bad_response',
      true,
    ],
    [
      '200 with an error payload',
      { json: { error: { type: 'overloaded_error', message: 'x' } } },
      'overloaded',
      true,
    ],
    ['reset', { reset: true }, 'network', true],
  ];
  for (const [name, reply, errorClass, retryable] of cases) {
    it(`classifies ${name} alike`, async () => {
      const [h, k] = await both(reply);
      for (const r of [h, k]) {
        assert.ok(r.err instanceof ProviderError, String(r.err));
        assert.equal(r.err.errorClass, errorClass);
        assert.equal(r.err.retryable, retryable);
      }
      const [he, ke] = [h.err as ProviderError, k.err as ProviderError];
      assert.equal(he.retryAfterS, ke.retryAfterS);
      if (reply.status && reply.status >= 400) assert.equal(he.message, ke.message);
    });
  }

  it('a truncated JSON body is an unreadable response on both', async () => {
    for (const client of ['http', 'sdk'] as const) {
      s.enqueue({ status: 200, headers: { 'content-type': 'application/json' }, text: '{"choices": [' });
      await assert.rejects(
        provider(client).generate(makeRequest(), NEVER),
        (e: unknown) => e instanceof ProviderError && e.errorClass === 'bad_response' && e.retryable,
      );
    }
  });

  it('an aborted request is reported as aborted, and the server is not waited for', async () => {
    s.enqueue({ hang: true });
    const ac = new AbortController();
    const p = provider('http').generate(makeRequest(), ac.signal);
    setTimeout(() => ac.abort(), 20);
    await assert.rejects(p, (e: unknown) => e instanceof ProviderError && e.errorClass === 'aborted');
  });

  it('rejects an unknown client option', () => {
    assert.throws(
      () => provider('http', { options: { client: 'curl' } }),
      (e: unknown) => e instanceof UserError && /options\.client/.test(e.message),
    );
  });
});

describe('http-json helpers', () => {
  it('statusMessage makes the SDK APIError message', () => {
    assert.equal(statusMessage(400, '{"error":{"message":"bad"}}'), '400 bad');
    assert.equal(statusMessage(400, '{"error":{"message":{"a":1}}}'), '400 {"a":1}');
    assert.equal(statusMessage(400, '{"error":"plain"}'), '400 "plain"');
    assert.equal(statusMessage(502, 'Bad Gateway'), '502 Bad Gateway');
    assert.equal(statusMessage(503, ''), '503 status code (no body)');
    assert.equal(statusMessage(500, '{"detail":"x"}'), '500 status code (no body)');
  });

  it('parseBody reads JSON media types as JSON and anything else as text', () => {
    assert.deepEqual(parseBody(200, { 'content-type': 'application/json; charset=utf-8' }, '{"a":1}'), {
      a: 1,
    });
    assert.deepEqual(parseBody(200, { 'content-type': 'application/problem+json' }, '[1]'), [1]);
    assert.equal(parseBody(200, { 'content-type': 'text/plain' }, '{"a":1}'), '{"a":1}');
    assert.equal(parseBody(204, {}, ''), null);
    assert.equal(
      parseBody(200, { 'content-type': 'application/json', 'content-length': '0' }, ''),
      undefined,
    );
    assert.throws(() => parseBody(200, { 'content-type': 'application/json' }, '{'), SyntaxError);
  });

  it('JsonClient speaks TLS to an https:// URL: a plain-HTTP port fails the handshake', async () => {
    let received = 0;
    const server = createServer((_req, res) => {
      received++;
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const client = new JsonClient(`https://127.0.0.1:${port}`, {});
    try {
      await assert.rejects(client.post('/x', {}, NEVER), (err: Error & { code?: string }) => {
        assert.match(`${err.code} ${err.message}`, /EPROTO|SSL|TLS|wrong version|ECONNRESET|socket hang up/i);
        return true;
      });
      assert.equal(received, 0, 'no HTTP request reached the server');
    } finally {
      client.close();
      server.closeAllConnections();
      server.close();
    }
  });

  it('JsonClient leaves no abort listener behind, sends nothing when already aborted, and aborts in flight', async () => {
    let received = 0;
    const server = createServer((req, res) => {
      received++;
      if (req.url?.endsWith('/slow')) return; // never answers: only an abort ends it
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const client = new JsonClient(`http://127.0.0.1:${port}`, {});
    try {
      const ac = new AbortController();
      for (let i = 0; i < 20; i++) {
        const r = await client.post('/fast', {}, ac.signal);
        assert.equal(r.text, '{"ok":true}');
        assert.equal(getEventListeners(ac.signal, 'abort').length, 0, `request ${i}`);
      }
      const done = new AbortController();
      done.abort();
      await assert.rejects(client.post('/fast', {}, done.signal), { name: 'AbortError' });
      assert.equal(received, 20);
      const slow = new AbortController();
      const p = client.post('/slow', {}, slow.signal);
      setTimeout(() => slow.abort(new Error('stop')), 30);
      await assert.rejects(p, { name: 'AbortError' });
      assert.equal(getEventListeners(slow.signal, 'abort').length, 0);
    } finally {
      client.close();
      server.closeAllConnections();
      server.close();
    }
  });

  it('JsonClient reads a body whose characters are cut across packets, in 2xx and error answers alike', async () => {
    const body = Buffer.from(JSON.stringify({ reasoning: 'é🍎 think — '.repeat(3000), answer: '二' }));
    const error = Buffer.from(JSON.stringify({ error: { message: 'é🍎 too long — '.repeat(3000) } }));
    const server = createServer((req, res) => {
      const bad = req.url?.endsWith('/bad');
      res.statusCode = bad ? 400 : 200;
      res.setHeader('content-type', 'application/json');
      // Cut inside multi-byte characters, each piece sent on its own after a pause.
      const bytes = bad ? error : body;
      const cuts = [0, 1, 2, 13, 15, 17, 18, 22, 25, 8191, 8193, bytes.length - 2, bytes.length];
      let i = 0;
      const next = () => {
        if (i + 1 >= cuts.length) return res.end();
        res.write(bytes.subarray(cuts[i], cuts[i + 1]));
        i++;
        setTimeout(next, 1);
      };
      next();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const client = new JsonClient(`http://127.0.0.1:${port}`, {});
    try {
      const r = await client.post('/ok', {}, NEVER);
      assert.equal(r.text, body.toString('utf8'));
      assert.deepEqual(r.body, JSON.parse(body.toString('utf8')));
      await assert.rejects(client.post('/bad', {}, NEVER), (err: Error & { status?: number }) => {
        assert.equal(err.status, 400);
        assert.equal(err.message, `400 ${'é🍎 too long — '.repeat(3000)}`);
        return true;
      });
    } finally {
      client.close();
      server.closeAllConnections();
      server.close();
    }
  });
});
