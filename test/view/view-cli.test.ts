import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { test } from 'node:test';
import { ViewServer } from '../../src/view/server.js';
import { collect, runCli, startCli, tempDir } from '../helpers/cli.js';
import { simRun } from './support.js';

/** A raw request with any Host header (fetch will not send a forged one). */
function get(url: string, host: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((done, fail) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: { host } },
      (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

test('view refuses bad input in one line with exit 2, before listening', async () => {
  const dir = tempDir('overthink-view-cli-');
  const missing = await runCli(['view', '--db', join(dir, 'nope.db'), '--port', '0'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^overthink: .*nope\.db: no such store/);
  assert.equal(missing.stderr.trim().split('\n').length, 1);
  const notStore = join(dir, 'notes.db');
  writeFileSync(notStore, 'not sqlite at all, just some text that is long enough to be read as a header');
  const foreign = await runCli(['view', '--db', notStore, '--port', '0'], dir);
  assert.equal(foreign.code, 2);
  assert.match(foreign.stderr, /not an overthink store/);
  const port = await runCli(['view', '--port', 'http'], dir);
  assert.equal(port.code, 2);
  assert.match(port.stderr, /--port: expected a port number from 0 to 65535, got 'http'/);
});

test('view prints its 127.0.0.1 URL, answers only for its own host, and only GET', async () => {
  const dir = tempDir('overthink-view-cli-');
  const db = join(dir, 's.db');
  const run = await simRun(dir, db, ['--model', 'sim:flat']);
  const child = startCli(['view', '--db', db, '--port', '0'], dir);
  const done = collect(child);
  let out = '';
  const url = await new Promise<string>((ok) =>
    child.stdout?.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) ok(m[0]);
    }),
  );
  try {
    const host = new URL(url).host;
    const list = await get(`${url}api/runs`, host);
    assert.equal(list.status, 200);
    assert.equal((JSON.parse(list.body) as { runs: { id: string }[] }).runs[0].id, run);
    // A page on another site that resolves its own name to 127.0.0.1 (DNS rebinding) is refused.
    assert.equal((await get(`${url}api/runs`, 'evil.example:80')).status, 403);
    assert.equal((await get(`${url}api/runs`, host, 'POST')).status, 405);
    const bad = await get(`${url}api/run/0/${run}/samples?outcome=sideways`, host);
    assert.equal(bad.status, 400);
    assert.match(
      bad.body,
      /outcome: expected one of correct, wrong, unparsable, truncated, error, got 'sideways'/,
    );
    assert.equal((await get(`${url}api/run/0/r-none/samples`, host)).status, 404);
    assert.equal((await get(`${url}api/run/0/${run}/sample/nokey`, host)).status, 404);
    const page = await get(`${url}run/0/${run}`, host);
    assert.equal(page.status, 200);
  } finally {
    child.kill('SIGINT');
  }
  const r = await done;
  assert.equal(r.code, 0, r.stderr);
});

test('a filter that matches nothing gives an empty first page, not an error', async () => {
  const dir = tempDir('overthink-view-cli-');
  const db = join(dir, 's.db');
  const run = await simRun(dir, db, ['--model', 'sim:flat']);
  const viewer = new ViewServer({ stores: [db] });
  const url = await viewer.listen(0);
  try {
    const r = await fetch(`${url}api/run/0/${run}/samples?model=none`);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { total: 0, page: 0, pages: 1, rows: [] });
  } finally {
    await viewer.close();
  }
});
