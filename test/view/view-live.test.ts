import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { ViewServer } from '../../src/view/server.js';
import { needChromium, withChromium } from '../helpers/chromium.js';
import { collect, startCli, tempDir } from '../helpers/cli.js';
import { simRun, waitUntil, watchPage } from './support.js';

/**
 * A run page open while a sim sweep writes to the store (another process, committing in small
 * transactions): the progress and the curves fill in as samples land, with no reload, until the run
 * completes. The viewer was started before the sweep, over a store at rest.
 */
/** A process's state letter from /proc (T: stopped), or '' once it is gone. */
function processState(pid: number | undefined): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return '';
  }
}

test('a run page updates live while a sim sweep writes to the store', { timeout: 300_000 }, async (t) => {
  if (!needChromium(t)) return;
  const dir = tempDir('overthink-view-live-');
  const db = join(dir, 'live.db');
  await simRun(dir, db, ['--model', 'sim:flat']);
  const viewer = new ViewServer({ stores: [db], pollMs: 150 });
  const url = await viewer.listen(0);
  // 10 budgets × 10 trials × 120 items: long enough to be watched while it is written.
  const sweep = startCli(
    [
      'run',
      '--model',
      'sim:inverse',
      '--tasks',
      'misleading-math',
      '--budgets',
      '0,128,256,512,1024,2048,4096,8192,12288,16384',
      '--trials',
      '10',
      '--limit',
      '120',
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
  const shots = mkdtempSync(join(tmpdir(), 'overthink-view-live-shots-'));
  t.diagnostic(`screenshots: ${shots}`);
  try {
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      const errors = watchPage(page, url.replace(/\/$/, ''));
      await page.goto(url);
      // A sim sweep writes faster than anyone reads: it is paused (SIGSTOP) at points the test
      // picks, so what the page shows can be checked while the run is half written.
      // A signal is delivered, not obeyed, when kill returns: wait until the kernel shows the process
      // stopped, and then until the store's count holds still, so a commit landing just after the
      // signal is not missed (the page would then settle on a count past the one read).
      const pause = async () => {
        sweep.kill('SIGSTOP');
        await waitUntil(
          'the sweep to stop',
          async () => processState(sweep.pid),
          (st) => st === 'T' || st === '',
        );
      };
      const resume = () => sweep.kill('SIGCONT');
      // The run list picks up the new run by itself, as running.
      const row = page.locator('#run-rows tr').filter({ hasText: 'sim:inverse' });
      await waitUntil(
        'the running run in the list',
        () => row.count(),
        (n) => n === 1,
      );
      await pause();
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
      // What the store holds, asked of the server directly (while the sweep is paused, it is final).
      const storedOnce = async () =>
        (
          (await (await fetch(new URL(`/api${new URL(page.url()).pathname}/progress`, url))).json()) as {
            done: number;
          }
        ).done;
      const stored = async () => {
        let last = await storedOnce();
        for (;;) {
          await new Promise((r) => setTimeout(r, 300));
          const now = await storedOnce();
          if (now === last) return now;
          last = now;
        }
      };
      const state = () => page.textContent('#run-state').then((x) => x ?? '');
      const planned = 10 * 10 * 120;
      const asOf = () =>
        page
          .textContent('#views-state')
          .then((x) => Number((x ?? '').match(/as of ([\d,]+)/)?.[1]?.replace(/,/g, '') ?? -1));
      // Half written (past the first two budgets, in plan order): the page says running, and
      // draws the curves of what is there. The pause is timed on the store itself, read every few
      // ms: timed on the page (polled every 150 ms, read every 100) a fast sweep had finished by then.
      resume();
      const store = new Database(db, { readonly: true });
      try {
        const count = store.prepare("SELECT count(*) FROM samples WHERE model = 'sim:inverse'").pluck();
        for (let i = 0; (count.get() as number) <= 2 * 1200; i++) {
          if (i > 60_000) throw new Error('gave up waiting for two budgets written');
          await new Promise((r) => setTimeout(r, 2));
        }
      } finally {
        store.close();
      }
      await pause();
      const first = await stored();
      await waitUntil('the page to catch up', done, (n) => n === first);
      assert.ok(first < planned, `${first}`);
      assert.equal(await state(), 'running');
      await waitUntil('the first analysis', asOf, (n) => n === first);
      await page.waitForSelector('#views .chart svg');
      await page.screenshot({ path: join(shots, '2-run-live.png') });
      // More samples land: progress and curves follow, without a reload.
      resume();
      await waitUntil('progress', done, (n) => n > first);
      await pause();
      const second = await stored();
      await waitUntil('the page to catch up', done, (n) => n === second);
      await waitUntil('a later analysis', asOf, (n) => n === second);
      assert.equal(await state(), second < planned ? 'running' : 'complete');
      resume();
      // And it ends complete, every planned sample shown, the views of the whole run.
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
    if (sweep.exitCode === null) {
      sweep.kill('SIGCONT');
      sweep.kill();
    }
    await viewer.close();
  }
});
