import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRunData } from '../../src/analysis/samples.js';
import { openStore } from '../../src/store/open.js';
import { ViewServer } from '../../src/view/server.js';
import { needChromium, withChromium } from '../helpers/chromium.js';
import { tempDir } from '../helpers/cli.js';
import {
  ANSI_PAYLOAD,
  assertInert,
  CLOSE_PAYLOAD,
  IMG_PAYLOAD,
  NUL_PAYLOAD,
  plantHostile,
  SCRIPT_PAYLOAD,
  simRun,
  waitUntil,
  watchPage,
} from './support.js';

/**
 * `overthink view` in headless Chromium over two stores: the run list (filter, shape labels), a
 * run page (the report's views, the server-side sample browser: a filter, a page, a trace opened,
 * a deep link), compare across stores, and across runs. Model output planted with markup, a
 * terminal escape and a NUL stays text everywhere. Screenshots go to a temp folder (named in the
 * test's diagnostics) to be looked at.
 */
test('the viewer lists, shows, filters, opens traces, deep-links and compares, keeping model text inert', {
  timeout: 300_000,
}, async (t) => {
  if (!needChromium(t)) return;
  const dir = tempDir('overthink-view-');
  const a = join(dir, 'a.db');
  const b = join(dir, 'b.db');
  const inverse = await simRun(dir, a, ['--model', 'sim:inverse']);
  const flat = await simRun(dir, a, ['--model', 'sim:flat', '--name', 'flat-baseline']);
  const other = await simRun(dir, b, ['--model', 'sim:inverse', '--seed', '7']);
  const planted = plantHostile(a, inverse);
  const hashOf = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
  const before = [hashOf(a), hashOf(b)];

  // Expected counts, from the same rows, scored the way the report scores them.
  const store = openStore(a, { readonly: true });
  const data = loadRunData(store, inverse);
  store.close();
  const total = data.samples.length;
  const wrong4096 = data.samples.filter((s) => s.outcome === 'wrong' && s.budget === 4096).length;
  assert.ok(total === 180 && wrong4096 > 0 && wrong4096 < 90, `${total} ${wrong4096}`);

  const viewer = new ViewServer({ stores: [a, b], pollMs: 200 });
  const url = await viewer.listen(0);
  const shots = mkdtempSync(join(tmpdir(), 'overthink-view-shots-'));
  t.diagnostic(`screenshots: ${shots}`);
  try {
    await withChromium(async (ctx) => {
      const page = await ctx.newPage();
      const errors = watchPage(page, url.replace(/\/$/, ''));

      // The run list: every run of both stores, shape labels filled in, a search that narrows it.
      await page.goto(url);
      assert.equal(await page.locator('#run-rows tr').count(), 3);
      await waitUntil(
        'shape labels',
        () => page.$$eval('#run-rows td.shapes', (tds) => tds.map((td) => td.textContent ?? '')),
        (xs) => xs.every((x) => /(decline|rise|flat|peaked|dip|noisy|insufficient)/.test(x)),
      );
      const rowOf = (id: string) => page.locator(`#run-rows tr[data-run="0:${id}"]`);
      assert.match(
        (await rowOf(inverse).textContent()) ?? '',
        /sim:inverse.*misleading-math.*0, 1024, 4096.*complete.*180 \/ 180/,
      );
      assert.match((await rowOf(flat).textContent()) ?? '', /flat-baseline/);
      await page.screenshot({ path: join(shots, '1-run-list.png'), fullPage: true });
      await page.fill('#run-filter', 'flat-baseline');
      assert.equal(await page.locator('#run-rows tr').count(), 1);
      await page.fill('#run-filter', '');
      await page.selectOption('#run-sort', 'name');
      assert.equal(await page.locator('#run-rows tr').count(), 3);

      // A run page: the report's views, then the sample browser.
      await rowOf(inverse).locator('a').first().click();
      await page.waitForSelector('#views .chart svg');
      assert.match((await page.textContent('#views')) ?? '', /Verdict/);
      assert.ok((await page.locator('#views section.task').count()) >= 1);
      const marks = await page.$$eval('#views .chart svg', (svgs) =>
        svgs.map((s) => s.querySelectorAll('g[class*="mark-"] path, g[class*="mark-"] line').length),
      );
      assert.ok(marks.length >= 2 && marks.every((m) => m > 3), JSON.stringify(marks));
      const count = async () => Number(((await page.textContent('#match-count')) ?? '').split(' ')[0]);
      const countText = () => page.textContent('#match-count').then((x) => x ?? '');
      await waitUntil('the first page', countText, (x) => x.endsWith('samples'));
      assert.equal(await count(), total);
      assert.equal(await page.locator('#sample-rows tr').count(), 50);
      await page.screenshot({ path: join(shots, '2-run-page.png'), fullPage: false });

      // A filter the server applies: wrong answers at 4096.
      const settle = (n: number) => waitUntil(`${n} samples`, countText, (x) => x === `${n} samples`);
      await page.selectOption('#f-outcome', 'wrong');
      await page.selectOption('#f-budget', '4096');
      await settle(wrong4096);
      assert.equal(await page.locator('#sample-rows tr').count(), Math.min(50, wrong4096));
      for (const o of await page.$$eval('#sample-rows tr td:nth-child(6)', (tds) =>
        tds.map((x) => x.textContent),
      ))
        assert.equal(o, 'wrong');
      assert.match(page.url(), /outcome=wrong/);

      // The planted sample: its trace is read when its row is opened, and stays text.
      await page.click('#reset-filters');
      await page.fill('#f-item', planted.item);
      await page.selectOption('#f-budget', '4096');
      await settle(2);
      const row = page.locator(`#sample-rows tr.sample-row`).filter({ hasText: '999999' });
      await row.click();
      await page.waitForSelector('#sample-detail pre.answer');
      await page.click('#sample-detail details.reasoning > summary');
      const answer = (await page.textContent('#sample-detail pre.answer')) ?? '';
      const reasoning = (await page.textContent('#sample-detail pre.reasoning-text')) ?? '';
      for (const p of [SCRIPT_PAYLOAD, IMG_PAYLOAD, ANSI_PAYLOAD, NUL_PAYLOAD])
        assert.ok(answer.includes(p), answer);
      for (const p of [IMG_PAYLOAD, CLOSE_PAYLOAD, SCRIPT_PAYLOAD])
        assert.ok(reasoning.includes(p), reasoning);
      await assertInert(page);
      await page.screenshot({ path: join(shots, '3-trace.png'), fullPage: false });

      // Its deep link, opened fresh: the same trace opens by itself.
      const href = (await page.getAttribute('#sample-detail a.deep-link', 'href')) ?? '';
      assert.match(href, new RegExp(`open=${planted.key}`));
      const fresh = await ctx.newPage();
      const freshErrors = watchPage(fresh, url.replace(/\/$/, ''));
      await fresh.goto(new URL(href, url).toString());
      await fresh.waitForSelector('#sample-detail pre.answer');
      assert.ok(((await fresh.textContent('#sample-detail pre.answer')) ?? '').includes(SCRIPT_PAYLOAD));
      await assertInert(fresh);
      assert.deepEqual(freshErrors, []);
      await fresh.close();

      // The item across runs: its answers in every run and budget, the payload as text.
      await page.click('#sample-detail a[href^="/item"]');
      await page.waitForSelector('#item-answers');
      const answers = await page.locator('#item-answers tbody tr').count();
      assert.equal(answers, 2 * 3 * 2, 'runs × budgets × trials holding this item in store a');
      assert.ok(((await page.textContent('#item-answers')) ?? '').includes('999999'));
      await assertInert(page);

      // Compare across stores, baseline first, with differences and CIs.
      await page.goto(
        `${url}compare?run=0:${encodeURIComponent(inverse)}&run=1:${encodeURIComponent(other)}`,
      );
      await page.waitForSelector('#comparison .chart svg');
      const heads = await page.$$eval('#comparison table th', (ths) => ths.map((x) => x.textContent));
      assert.ok(heads.includes('Δ vs baseline [95% CI]'), JSON.stringify(heads));
      assert.match((await page.textContent('#comparison')) ?? '', new RegExp(`Baseline ${inverse}`));
      await page.screenshot({ path: join(shots, '4-compare.png'), fullPage: true });

      // Across runs: one model and task over both stores' runs, oldest first.
      await page.goto(`${url}history?model=sim%3Ainverse&task=misleading-math`);
      await page.waitForSelector('#history .chart svg');
      const runsShown = await page.locator('#history table').first().locator('thead th').count();
      assert.equal(runsShown, 3 + 2, 'task, model, variant and the two runs with sim:inverse');
      await page.screenshot({ path: join(shots, '5-across-runs.png'), fullPage: true });

      assert.deepEqual(errors, []);
    });
  } finally {
    await viewer.close();
  }
  // Read-only: neither store changed by a byte.
  assert.deepEqual([hashOf(a), hashOf(b)], before);
});
