import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ViewServer } from '../../src/view/server.js';
import { needChromium, withChromium } from '../helpers/chromium.js';
import { collect, startCli, tempDir } from '../helpers/cli.js';
import { startGatedServer } from '../helpers/gated-server.js';
import { simRun, waitUntil, watchPage } from './support.js';

test('a run page updates live while a sweep writes to the store', { timeout: 300_000 }, async (t) => {
  if (!needChromium(t)) return;
  const dir = tempDir('overthink-view-live-');
  const db = join(dir, 'live.db');
  await simRun(dir, db, ['--model', 'sim:flat']);
  const gate = await startGatedServer();
  const { server } = gate;
  const viewer = new ViewServer({ stores: [db], pollMs: 150 });
  const url = await viewer.listen(0);
  const budgets = [0, 256, 512, 1024, 2048, 4096];
  const perBudget = 3 * 60;
  const planned = budgets.length * perBudget;
  const sweep = startCli(
    [
      'run',
      ...gate.modelArgs('live'),
      '--tasks',
      'misleading-math',
      '--budgets',
      budgets.join(','),
      '--trials',
      '3',
      '--limit',
      '60',
      '--concurrency',
      '4',
      '--no-report',
      '-q',
      '--db',
      db,
    ],
    dir,
  );
  const finished = collect(sweep);
  const shots = tempDir('overthink-view-live-shots-');
  t.diagnostic(`screenshots: ${shots}`);
  const store = new Database(db, { readonly: true });
  // Samples answered are all stored in the end (the writer commits in batches, and on a timer).
  const count = store.prepare("SELECT count(*) FROM samples WHERE model = 'openai-compatible:live'").pluck();
  const storedAll = (n: number) =>
    waitUntil(
      `${n} samples stored`,
      async () => count.get() as number,
      (x) => x === n,
    );
  try {
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      const errors = watchPage(page, url.replace(/\/$/, ''));
      await page.goto(url);
      // The run list picks up the new run by itself, as running, before any sample is answered.
      const row = page.locator('#run-rows tr').filter({ hasText: 'openai-compatible:live' });
      await waitUntil(
        'the running run in the list',
        () => row.count(),
        (n) => n === 1,
      );
      await waitUntil(
        'running in the list',
        () => row.textContent().then((x) => x ?? ''),
        (x) => /running/.test(x),
      );
      await page.screenshot({ path: join(shots, '1-list-live.png') });
      await row.locator('a').first().click();
      await page.waitForSelector('#run-progress-text');
      const done = async () =>
        Number(((await page.textContent('#run-progress-text')) ?? '').split(' ')[0].replace(/,/g, ''));
      const state = () => page.textContent('#run-state').then((x) => x ?? '');
      const asOf = () =>
        page
          .textContent('#views-state')
          .then((x) => Number((x ?? '').match(/as of ([\d,]+)/)?.[1]?.replace(/,/g, '') ?? -1));
      // Two budgets' worth of samples answered: the page says running, and draws what is there.
      const first = 2 * perBudget;
      gate.allow(first);
      await storedAll(first);
      await waitUntil('the page to catch up', done, (n) => n === first);
      assert.equal(await state(), 'running');
      await waitUntil('the first analysis', asOf, (n) => n === first);
      await page.waitForSelector('#views .chart svg');
      await page.screenshot({ path: join(shots, '2-run-live.png') });
      // More samples land: progress and curves follow, without a reload.
      const second = 4 * perBudget + 7;
      gate.allow(second - first);
      await storedAll(second);
      await waitUntil('the page to catch up', done, (n) => n === second);
      await waitUntil('a later analysis', asOf, (n) => n === second);
      assert.equal(await state(), 'running');
      // And it ends complete, every planned sample shown, the views of the whole run.
      gate.allow(Number.POSITIVE_INFINITY);
      await waitUntil('the end of the run', state, (s) => s === 'complete');
      await waitUntil('every sample counted', done, (n) => n === planned);
      await waitUntil('the views of the whole run', asOf, (n) => n === planned);
      assert.equal(await page.locator('#views .chart svg').first().isVisible(), true);
      await page.screenshot({ path: join(shots, '3-run-complete.png') });
      assert.deepEqual(errors, []);
    });
    const r = await finished;
    assert.equal(r.code, 0, r.stderr);
  } finally {
    store.close();
    gate.allow(Number.POSITIVE_INFINITY);
    if (sweep.exitCode === null) sweep.kill();
    await viewer.close();
    await server.close();
  }
});
