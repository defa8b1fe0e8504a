import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hfCachePath, hfUrl, parseHfRef, resolveModelFile } from '../../../src/providers/local/model-file.js';
import { UserError } from '../../../src/util/errors.js';

const PAYLOAD = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251));
const SPEC = 'local:hf:acme/tiny-GGUF/sub/model-Q4.gguf';

/** A loopback "hub" serving one file at /acme/tiny-GGUF/resolve/<rev>/sub/model-Q4.gguf, with Range. */
let server: Server;
let endpoint = '';
const seen: { url: string; range?: string; auth?: string }[] = [];

function serve(req: IncomingMessage, res: import('node:http').ServerResponse): void {
  seen.push({ url: req.url ?? '', range: req.headers.range, auth: req.headers.authorization });
  if (req.url !== '/acme/tiny-GGUF/resolve/main/sub/model-Q4.gguf') {
    res.writeHead(404).end('not found');
    return;
  }
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (m) {
    const start = Number(m[1]);
    res.writeHead(206, {
      'content-range': `bytes ${start}-${PAYLOAD.length - 1}/${PAYLOAD.length}`,
      'content-length': String(PAYLOAD.length - start),
    });
    res.end(PAYLOAD.subarray(start));
    return;
  }
  res.writeHead(200, { 'content-length': String(PAYLOAD.length) }).end(PAYLOAD);
}

before(async () => {
  server = createServer(serve);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

function freshEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const cache = mkdtempSync(join(tmpdir(), 'overthink-models-'));
  return { OVERTHINK_CACHE: cache, OVERTHINK_HF_ENDPOINT: endpoint, ...extra };
}

function sink(): { write(s: string): boolean; text: () => string } {
  let out = '';
  return {
    write: (s: string) => {
      out += s;
      return true;
    },
    text: () => out,
  };
}

describe('local model files', () => {
  it('parses hf references and lays out the cache by owner/repo/revision/file', () => {
    const ref = parseHfRef('acme/tiny-GGUF/sub/model-Q4.gguf', SPEC);
    assert.deepEqual(ref, { owner: 'acme', repo: 'tiny-GGUF', file: 'sub/model-Q4.gguf' });
    const env = { OVERTHINK_CACHE: '/c', OVERTHINK_HF_ENDPOINT: 'http://h/' };
    assert.equal(hfUrl(ref, 'main', env), 'http://h/acme/tiny-GGUF/resolve/main/sub/model-Q4.gguf');
    assert.equal(hfCachePath(ref, 'v2', env), '/c/models/hf/acme/tiny-GGUF/v2/sub/model-Q4.gguf');
    for (const bad of ['acme/model.gguf', 'acme/repo/../x.gguf', 'acme/repo/file.bin']) {
      assert.throws(() => parseHfRef(bad, `local:hf:${bad}`), UserError);
    }
  });

  it('downloads on first use with a progress line, then serves from the cache', async () => {
    const env = freshEnv({ HF_TOKEN: 'hf_secret_token_1234' });
    const out = sink();
    seen.length = 0;
    const path = await resolveModelFile(SPEC, { env, sink: out });
    assert.equal(path, join(env.OVERTHINK_CACHE!, 'models/hf/acme/tiny-GGUF/main/sub/model-Q4.gguf'));
    assert.deepEqual(readFileSync(path), PAYLOAD);
    assert.match(out.text(), /model-Q4\.gguf: downloading \(195\.3 KiB\)/);
    assert.equal(seen.length, 1);
    // The loopback host is a mirror (OVERTHINK_HF_ENDPOINT): HF_TOKEN is for huggingface.co only.
    assert.equal(seen[0].auth, undefined);
    assert.doesNotMatch(out.text(), /hf_secret/);
    assert.equal(await resolveModelFile(SPEC, { env, sink: out }), path);
    assert.equal(seen.length, 1, 'the second use makes no request');
    rmSync(env.OVERTHINK_CACHE!, { recursive: true });
  });

  it('resumes a partial download with an HTTP Range request', async () => {
    const env = freshEnv();
    const target = hfCachePath(parseHfRef('acme/tiny-GGUF/sub/model-Q4.gguf', SPEC), 'main', env);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(`${target}.part`, PAYLOAD.subarray(0, 120_000));
    seen.length = 0;
    const out = sink();
    const path = await resolveModelFile(SPEC, { env, sink: out });
    assert.equal(seen[0].range, 'bytes=120000-');
    assert.deepEqual(readFileSync(path), PAYLOAD);
    assert.match(out.text(), /resumed from byte 120000/);
    rmSync(env.OVERTHINK_CACHE!, { recursive: true });
  });

  it('offline, a file not in the cache is a UserError saying where to get it and where to put it', async () => {
    const env = freshEnv({ OVERTHINK_OFFLINE: '1' });
    seen.length = 0;
    await assert.rejects(resolveModelFile(SPEC, { env, sink: sink() }), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, /offline/);
      assert.ok(e.message.includes(`${endpoint}/acme/tiny-GGUF/resolve/main/sub/model-Q4.gguf`));
      assert.ok(
        e.message.includes(join(env.OVERTHINK_CACHE!, 'models/hf/acme/tiny-GGUF/main/sub/model-Q4.gguf')),
      );
      return true;
    });
    assert.equal(seen.length, 0);
    rmSync(env.OVERTHINK_CACHE!, { recursive: true });
  });

  it('an unreachable host or a missing file upstream is a UserError with the same instructions', async () => {
    const down = freshEnv({ OVERTHINK_HF_ENDPOINT: 'http://127.0.0.1:9' });
    await assert.rejects(
      resolveModelFile(SPEC, { env: down, sink: sink(), attempts: 1 }),
      (e: unknown) =>
        e instanceof UserError &&
        /could not be downloaded.*download http:\/\/127\.0\.0\.1:9\//.test(e.message),
    );
    const missing = freshEnv();
    await assert.rejects(
      resolveModelFile('local:hf:acme/tiny-GGUF/other.gguf', { env: missing, sink: sink(), attempts: 1 }),
      (e: unknown) => e instanceof UserError && /HTTP 404/.test(e.message),
    );
    for (const env of [down, missing]) rmSync(env.OVERTHINK_CACHE!, { recursive: true });
  });

  it('a plain path must exist', async () => {
    await assert.rejects(
      resolveModelFile('local:/nonexistent/dir/model.gguf'),
      (e: unknown) => e instanceof UserError && /no file at \/nonexistent\/dir\/model\.gguf/.test(e.message),
    );
  });
});
