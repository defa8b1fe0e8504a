import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { dataCacheRoot, readManifest } from '../../src/data/cache.js';
import { DATASETS, type DatasetSpec } from '../../src/data/catalog.js';
import { DownloadError } from '../../src/data/download.js';
import { listDatasets, pullDataset } from '../../src/data/pull.js';
import { UserError } from '../../src/util/errors.js';
import { runCli } from '../helpers/cli.js';
import { fixtureBytes, type Route, startFileServer } from './file-server.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Collects what would go to stderr. */
function sink(isTTY = false) {
  const lines: string[] = [];
  return { isTTY, lines, write: (s: string) => lines.push(s), text: () => lines.join('') };
}

const BIG = fixtureBytes(300_000, 1);
const SMALL = fixtureBytes(5_000, 2);
const OTHER = fixtureBytes(300_000, 3);

describe('overthink data pull', () => {
  let server: Awaited<ReturnType<typeof startFileServer>>;
  const routes: Record<string, Route> = {};
  const tmp = mkdtempSync(join(tmpdir(), 'overthink-pull-'));
  let root: string;
  let n = 0;

  before(async () => {
    server = await startFileServer(routes);
  });
  after(async () => {
    await server.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const k of Object.keys(routes)) delete routes[k];
    server.seen.length = 0;
  });

  /** A fresh cache root and a dataset spec whose files the server serves under /d<n>/. */
  function setup(files: Record<string, Route & { sha256?: string }>): DatasetSpec {
    n++;
    root = join(tmp, `cache${n}`);
    const spec: DatasetSpec = {
      name: `fixture${n}`,
      description: 'test',
      licence: 'none',
      origin: 'https://example.invalid',
      files: [],
    };
    for (const [name, r] of Object.entries(files)) {
      const path = `/d${n}/${name}`;
      routes[path] = r;
      spec.files.push({ name, path, ...(r.sha256 ? { sha256: r.sha256 } : {}) });
    }
    return spec;
  }

  const pull = (spec: DatasetSpec, out = sink(), extra = {}) =>
    pullDataset(spec, { baseUrl: server.url, cacheRoot: root, sink: out, retryDelayMs: 0, ...extra });

  it('downloads, verifies a published checksum and records a missing one (and says so)', async () => {
    const spec = setup({ 'a.jsonl': { body: BIG, sha256: sha(BIG) }, 'b.json': { body: SMALL } });
    const out = sink();
    const res = await pull(spec, out);
    const dir = join(root, spec.name);
    assert.equal(res.dir, dir);
    assert.deepEqual(readFileSync(join(dir, 'a.jsonl')), BIG);
    assert.deepEqual(readFileSync(join(dir, 'b.json')), SMALL);
    assert.ok(!existsSync(join(dir, 'a.jsonl.part')) && !existsSync(join(dir, 'b.json.part')));
    assert.deepEqual(
      res.files.map((f) => [f.name, f.status, f.checksum, f.sha256, f.bytes]),
      [
        ['a.jsonl', 'downloaded', 'published', sha(BIG), BIG.length],
        ['b.json', 'downloaded', 'recorded-now', sha(SMALL), SMALL.length],
      ],
    );
    const manifest = readManifest(dir, spec.name);
    assert.equal(manifest.files['a.jsonl'].checksumSource, 'published');
    assert.equal(manifest.files['b.json'].checksumSource, 'recorded');
    assert.equal(manifest.files['b.json'].sha256, sha(SMALL));
    assert.match(
      out.text(),
      /b\.json: no published checksum; recorded sha256 [0-9a-f]{64} on this first download/,
    );
    assert.match(out.text(), /a\.jsonl: sha256 verified/);
    assert.ok(
      server.seen.every((s) => s.range === undefined),
      'nothing to resume',
    );
  });

  it('resumes with a Range request after the connection drops mid-file', async () => {
    const spec = setup({ 'big.bin': { body: BIG, dropAfter: 100_000 } });
    const out = sink();
    const res = await pull(spec, out);
    assert.deepEqual(readFileSync(join(root, spec.name, 'big.bin')), BIG);
    assert.equal(res.files[0].sha256, sha(BIG));
    assert.equal(server.seen.length, 2);
    assert.equal(server.seen[0].range, undefined);
    // From the bytes already in the partial file: up to the 100,000 sent before the drop (fewer when
    // the socket died with some still unread), and what the message says.
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(server.seen[1].range ?? '')?.[1]);
    assert.ok(resumedAt > 0 && resumedAt <= 100_000, `resumed at ${resumedAt}`);
    assert.match(
      out.text(),
      new RegExp(`connection lost at byte \\d+.*retrying from byte ${resumedAt} \\(attempt 2 of 4\\)`),
    );
    assert.match(out.text(), /resumed from byte \d+/);
  });

  it('resumes a partial file left by an earlier, interrupted pull', async () => {
    const spec = setup({ 'big.bin': { body: BIG, sha256: sha(BIG) } });
    const dir = join(root, spec.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'big.bin.part'), BIG.subarray(0, 123_456));
    await pull(spec);
    assert.deepEqual(
      server.seen.map((s) => s.range),
      ['bytes=123456-'],
    );
    assert.deepEqual(readFileSync(join(dir, 'big.bin')), BIG);
    assert.ok(!existsSync(join(dir, 'big.bin.part')));
  });

  it('gives up after the last attempt but keeps the partial file for next time', async () => {
    const spec = setup({ 'big.bin': { body: BIG, dropAfter: 50_000, dropTimes: 99 } });
    await assert.rejects(
      pull(spec, sink(), { attempts: 2 }),
      (e: unknown) =>
        e instanceof DownloadError && /failed after 2 attempts.*next pull resumes/.test(e.message),
    );
    const part = join(root, spec.name, 'big.bin.part');
    assert.ok(existsSync(part));
    assert.deepEqual(readFileSync(part), BIG.subarray(0, readFileSync(part).length));
    routes[`/d${n}/big.bin`].dropTimes = 0;
    server.seen.length = 0;
    await pull(spec);
    assert.match(server.seen[0].range ?? '', /^bytes=\d+-$/);
    assert.deepEqual(readFileSync(join(root, spec.name, 'big.bin')), BIG);
  });

  it('rewrites the partial file when the server ignores Range', async () => {
    const spec = setup({ 'big.bin': { body: BIG, ignoreRange: true } });
    const dir = join(root, spec.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'big.bin.part'), Buffer.from('stale bytes from another version'));
    await pull(spec);
    assert.equal(server.seen[0].range, 'bytes=32-');
    assert.deepEqual(readFileSync(join(dir, 'big.bin')), BIG);
  });

  it('deletes a download that fails its published checksum and says why', async () => {
    const spec = setup({ 'a.jsonl': { body: BIG, sha256: sha(OTHER) } });
    await assert.rejects(
      pull(spec),
      (e: unknown) =>
        e instanceof DownloadError &&
        e.message.includes(`checksum mismatch: expected sha256 ${sha(OTHER)} (published), got ${sha(BIG)}`) &&
        /the download was deleted/.test(e.message),
    );
    const dir = join(root, spec.name);
    assert.ok(!existsSync(join(dir, 'a.jsonl')), 'no file left in place');
    assert.ok(!existsSync(join(dir, 'a.jsonl.part')), 'no partial file left either');
    assert.equal(readManifest(dir, spec.name).files['a.jsonl'], undefined);
  });

  it('serves verified copies from the cache and catches a changed upstream file', async () => {
    const spec = setup({ 'b.json': { body: SMALL } });
    await pull(spec);
    server.seen.length = 0;
    const again = await pull(spec);
    assert.equal(server.seen.length, 0, 'no request for a verified cached copy');
    assert.equal(again.files[0].status, 'cached');
    assert.equal(again.files[0].checksum, 'recorded');

    // A damaged cached copy is fetched again and checked against the recorded checksum.
    const file = join(root, spec.name, 'b.json');
    writeFileSync(file, 'damaged');
    const out = sink();
    const repaired = await pull(spec, out);
    assert.equal(repaired.files[0].status, 'downloaded');
    assert.deepEqual(readFileSync(file), SMALL);
    assert.match(out.text(), /cached copy fails its checksum; downloading it again/);

    // Upstream changes: --force downloads, the recorded checksum rejects it, the good copy stays.
    routes[`/d${n}/b.json`].body = OTHER;
    await assert.rejects(
      pull(spec, sink(), { force: true }),
      (e: unknown) =>
        e instanceof DownloadError &&
        /checksum mismatch.*\(recorded\).*remove its entry from .*manifest\.json/.test(e.message),
    );
    assert.deepEqual(readFileSync(file), SMALL);
    assert.ok(!existsSync(`${file}.part`));
  });

  it('fails at once on a 404 and retries server errors', async () => {
    const spec = setup({ 'gone.json': { body: SMALL, status: 404 } });
    await assert.rejects(
      pull(spec),
      (e: unknown) => e instanceof DownloadError && /HTTP 404/.test(e.message),
    );
    assert.equal(server.seen.length, 1);
    server.seen.length = 0;
    const spec2 = setup({ 'flaky.json': { body: SMALL, status: 503 } });
    await assert.rejects(pull(spec2, sink(), { attempts: 3 }), /failed after 3 attempts \(HTTP 503/);
    assert.equal(server.seen.length, 3);
  });

  it('draws a bar on a TTY and plain lines otherwise', async () => {
    const spec = setup({ 'big.bin': { body: BIG } });
    const tty = sink(true);
    await pull(spec, tty);
    assert.match(tty.text(), /\r\x1b\[2K.*\[#{24}\] 100% 293\.0 KiB\/293\.0 KiB/);
    const spec2 = setup({ 'big.bin': { body: BIG } });
    const plain = sink(false);
    await pull(spec2, plain);
    assert.ok(!plain.text().includes('\r'));
    assert.match(plain.text(), /downloading \(293\.0 KiB\)\n/);
    assert.ok(plain.lines.every((l) => l.endsWith('\n')));
  });

  it('pulls a catalog dataset through --base-url and lists the cache', async () => {
    const zebra = DATASETS.find((d) => d.name === 'bbeh-zebra')!;
    routes[zebra.files[0].path] = { body: SMALL };
    root = join(tmp, 'catalog');
    const res = await pullDataset('bbeh-zebra', { baseUrl: `${server.url}/`, cacheRoot: root, sink: sink() });
    assert.equal(res.files[0].path, join(root, 'bbeh-zebra', 'task.json'));
    assert.deepEqual(
      server.seen.map((s) => s.path),
      ['/google-deepmind/bbeh/main/bbeh/benchmark_tasks/bbeh_zebra_puzzles/task.json'],
    );
    const listed = listDatasets({ cacheRoot: root });
    assert.deepEqual(
      listed.map((d) => [d.name, d.cached, d.files]),
      [
        ['inverse-scaling-ttc-main', 0, 5],
        ['model-written-evals', 0, 16],
        ['bbeh-zebra', 1, 1],
      ],
    );
    assert.equal(listed[2].bytes, SMALL.length);
  });

  it('never sends HF_TOKEN to a --base-url host', async () => {
    const spec = setup({ 'b.json': { body: SMALL } });
    await pull(spec, sink(), { env: { HF_TOKEN: 'hf_secret' } });
    assert.equal(server.seen[0].authorization, undefined);
  });

  it('rejects unknown names and bad base URLs as user errors', async () => {
    await assert.rejects(
      pullDataset('nope', { cacheRoot: tmp }),
      (e: unknown) =>
        e instanceof UserError &&
        /unknown dataset 'nope': expected one of inverse-scaling-ttc-main, model-written-evals, bbeh-zebra/.test(
          e.message,
        ),
    );
    await assert.rejects(pullDataset('bbeh-zebra', { baseUrl: 'ftp://x', cacheRoot: tmp }), UserError);
  });

  it('a pull that cannot reach the host leaves no empty folder behind', async () => {
    const root = join(tmp, 'offline-cache');
    await assert.rejects(
      pullDataset('bbeh-zebra', {
        cacheRoot: root,
        baseUrl: 'http://127.0.0.1:9',
        attempts: 1,
        sink: { write: () => true },
      }),
      (e: unknown) => e instanceof DownloadError && e.kind === 'fetch',
    );
    assert.equal(existsSync(join(root, 'bbeh-zebra')), false);
    assert.equal(listDatasets({ cacheRoot: root }).find((d) => d.name === 'bbeh-zebra')?.cached, 0);
  });

  it('puts the cache under $OVERTHINK_CACHE, else the user cache folder', () => {
    assert.equal(dataCacheRoot({ OVERTHINK_CACHE: '/c' }), join('/c', 'data'));
    assert.equal(dataCacheRoot({ XDG_CACHE_HOME: '/x' }), join('/x', 'overthink', 'data'));
    assert.match(dataCacheRoot({}), /\.cache[/\\]overthink[/\\]data$/);
  });

  it('works from the command line', async () => {
    const zebra = DATASETS.find((d) => d.name === 'bbeh-zebra')!;
    routes[zebra.files[0].path] = { body: SMALL };
    const cache = join(tmp, 'cli-cache');
    const env = { OVERTHINK_CACHE: cache };
    const pulled = await runCli(['data', 'pull', 'bbeh-zebra', '--base-url', server.url], tmp, env);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.match(pulled.stdout, /bbeh-zebra: 1 files in .* \(1 downloaded, 0 cached\)/);
    assert.match(pulled.stderr, /recorded sha256/);
    assert.deepEqual(readFileSync(join(cache, 'data', 'bbeh-zebra', 'task.json')), SMALL);
    const listed = await runCli(['data', 'list'], tmp, env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /bbeh-zebra {2}cached \(4\.9 KiB\)/);
    assert.match(listed.stdout, /model-written-evals {2}not cached/);
    routes[zebra.files[0].path] = { body: SMALL, status: 404 };
    const failed = await runCli(
      ['data', 'pull', 'bbeh-zebra', '--base-url', server.url, '--force'],
      tmp,
      env,
    );
    // Could not fetch: exit 2 (nothing changed, try again), with what to do next.
    assert.equal(failed.code, 2);
    assert.match(failed.stderr, /overthink: bbeh-zebra\/task\.json: HTTP 404/);
    assert.match(failed.stderr, /hint: check the network, then run the same command again/);
    // Fetched, but not the file whose checksum was recorded: a check failed, exit 1.
    routes[zebra.files[0].path] = { body: Buffer.concat([SMALL, Buffer.from('x')]) };
    const mismatch = await runCli(
      ['data', 'pull', 'bbeh-zebra', '--base-url', server.url, '--force'],
      tmp,
      env,
    );
    assert.equal(mismatch.code, 1, mismatch.stderr);
    assert.match(mismatch.stderr, /checksum mismatch/);
    assert.doesNotMatch(mismatch.stderr, /hint:/);
    const unknown = await runCli(['data', 'pull', 'nope'], tmp, env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown dataset 'nope'/);
  });
});
