import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import { FAIL_FAST_SAMPLES } from '../../src/run/executor.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { openaiReply } from '../helpers/openai-server.js';
import { type Reply, startProtocolServer } from '../helpers/protocol-server.js';
import { query, storeStats, writeDataset } from './support.js';

/**
 * A model whose first samples all fail (a wrong base URL, key or model name, a server that is down)
 * stops the run after FAIL_FAST_SAMPLES of them, instead of grinding through the plan storing errors.
 * A model that has answered once is never stopped this way: from then on its failures are the
 * provider's trouble, counted and retried on a rerun as before.
 */

const ITEMS = 30;
const PLANNED = ITEMS * 2;

/** A loopback OpenAI-compatible server whose answers `answer` decides, request by request. */
async function server(answer: (n: number, model: string) => 'ok' | 'down' | 'error') {
  let n = 0;
  return startProtocolServer((req): Reply => {
    if (req.path !== '/v1/chat/completions') return openaiReply(req, {});
    const model = String((req.body as { model?: string }).model);
    const what = answer(n++, model);
    if (what === 'down') return { reset: true };
    if (what === 'error') return { status: 500, json: { error: { message: 'internal error' } } };
    return openaiReply(req, { turn: () => ({ text: '<answer>1</answer>' }) });
  });
}

function config(dir: string, url: string, models: string[]): void {
  writeDataset(dir, ITEMS);
  const entries = models.map(
    (m) => `  - { id: 'openai-compatible:${m}', baseUrl: '${url}/v1', budgetMode: none }\n`,
  );
  writeFileSync(
    join(dir, 'c.yaml'),
    `models:\n${entries.join('')}tasks: [{ id: custom, options: { path: data.jsonl } }]\nbudgets: [0, 1024]\ntrials: 1\nconcurrency: 4\nretries: 1\n`,
  );
}

interface RunJson {
  run: { status: string; summary: { stoppedFailing?: { model: string; samples: number }; failed: number } };
}

async function run(dir: string, db: string) {
  const r = await runCli(
    ['run', '-c', 'c.yaml', '--db', db, '--no-report', '--json', '-q', '--retry-base-ms', '0'],
    dir,
  );
  return { ...r, out: r.stdout ? (JSON.parse(r.stdout) as RunJson) : undefined };
}

/** A run of `models` against a server answering as `answer` says (closed when the test ends). */
async function sweep(t: TestContext, answer: Parameters<typeof server>[0], models: string[]) {
  const srv = await server(answer);
  t.after(() => srv.close());
  const dir = tempDir();
  config(dir, srv.url, models);
  const db = join(dir, 'o.db');
  return { srv, dir, db, r: await run(dir, db) };
}

test('a model down from its first request stops the run after its first samples: exit 1, and a rerun resumes', async (t) => {
  let down = true;
  const { srv, dir, db, r } = await sweep(t, () => (down ? 'down' : 'ok'), ['m']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.out?.run.status, 'incomplete');
  assert.deepEqual(r.out?.run.summary.stoppedFailing, {
    model: 'openai-compatible:m',
    samples: FAIL_FAST_SAMPLES,
  });
  // The samples that failed are stored; those in flight at the stop are dropped, not stored or waited for.
  const s = storeStats(db);
  assert.equal(s.rows, FAIL_FAST_SAMPLES);
  assert.deepEqual(s.errorsByClass, { network: FAIL_FAST_SAMPLES });
  assert.ok(srv.requests.length < 2 * (FAIL_FAST_SAMPLES + 4), `${srv.requests.length} requests sent`);
  assert.deepEqual(query(db, 'SELECT status FROM runs'), [{ status: 'incomplete' }]);
  assert.match(
    r.stderr,
    new RegExp(
      `${FAIL_FAST_SAMPLES} samples failed after retries, ${PLANNED - FAIL_FAST_SAMPLES} samples are not stored`,
    ),
  );

  // The server is back: the same command retries the failures and finishes the plan.
  down = false;
  const again = await run(dir, db);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.out?.run.status, 'complete');
  assert.equal(again.out?.run.summary.stoppedFailing, undefined);
  assert.equal(storeStats(db).rows, PLANNED);
  assert.equal(storeStats(db).errors, 0);
});

test('a model that has answered once is not stopped: every later failure is stored, the plan runs to its end', async (t) => {
  const { db, r } = await sweep(t, (n) => (n === 0 ? 'ok' : 'error'), ['m']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.out?.run.summary.stoppedFailing, undefined);
  const s = storeStats(db);
  assert.equal(s.rows, PLANNED);
  assert.equal(s.errors, PLANNED - 1);
});

test('one model down stops the run even while another answers; the stop names it', async (t) => {
  const { db, r } = await sweep(t, (_, model) => (model === 'down' ? 'down' : 'ok'), ['fine', 'down']);
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(r.out?.run.summary.stoppedFailing, {
    model: 'openai-compatible:down',
    samples: FAIL_FAST_SAMPLES,
  });
  const byModel = query<{ model: string; n: number; errors: number }>(
    db,
    'SELECT model, COUNT(*) AS n, COUNT(error) AS errors FROM samples GROUP BY model ORDER BY model',
  );
  const down = byModel.find((m) => m.model === 'openai-compatible:down');
  assert.deepEqual(down, {
    model: 'openai-compatible:down',
    n: FAIL_FAST_SAMPLES,
    errors: FAIL_FAST_SAMPLES,
  });
  assert.ok(storeStats(db).rows < 2 * PLANNED);
});
