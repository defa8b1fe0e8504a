import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { loadRunData } from '../../src/analysis/samples.js';
import { openStore } from '../../src/store/open.js';
import { needChromium, withChromium } from '../helpers/chromium.js';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * Opens the file:// report of a small sim run in headless Chromium (playwright-core, the system
 * chromium; CI installs it from apt) and checks what a reader relies on: the charts draw, a filter
 * changes the visible samples as expected, nothing logs an error, and markup planted in a model's
 * answer and reasoning stays text.
 */
const SCRIPT_PAYLOAD = '<script>window.__pwned=1</script>';
const IMG_PAYLOAD = '<img src=x onerror="window.__pwned=2">';
const CLOSE_PAYLOAD = '</script><script>window.__pwned=3</script>';

/** Makes one item flip (right at budget 0, wrong at 4096) with the payloads in its 4096 traces. */
function plant(db: string): string {
  const d = new Database(db);
  try {
    const item = d.prepare('SELECT item_id FROM samples ORDER BY item_id LIMIT 1').pluck().get() as string;
    const target = d.prepare('SELECT target_json FROM items WHERE item_id = ?').pluck().get(item) as string;
    const value = (JSON.parse(target) as { value: number }).value;
    d.prepare("UPDATE samples SET text = ?, stop_reason = 'end' WHERE item_id = ? AND budget = 0").run(
      `<answer>${value}</answer>`,
      item,
    );
    d.prepare(
      "UPDATE samples SET text = ?, reasoning_text = ?, stop_reason = 'end' WHERE item_id = ? AND budget = 4096",
    ).run(
      `Final: <answer>${SCRIPT_PAYLOAD}${IMG_PAYLOAD} ${value + 40}</answer>`,
      `Thinking ${IMG_PAYLOAD} then ${CLOSE_PAYLOAD} and ${SCRIPT_PAYLOAD}.`,
      item,
    );
    return item;
  } finally {
    d.close();
  }
}

test('the HTML report renders, filters, logs no errors and keeps planted markup inert', {
  timeout: 180_000,
}, async (t) => {
  if (!needChromium(t)) return;
  const dir = tempDir('overthink-report-');
  const db = join(dir, 'r.db');
  const run = await runCli(
    [
      'run',
      '--model',
      'sim:inverse',
      '--tasks',
      'misleading-math',
      '--budgets',
      '0,1024,4096',
      '--trials',
      '3',
      '--limit',
      '40',
      '--no-report',
      '-q',
      '--db',
      db,
    ],
    dir,
  );
  assert.equal(run.code, 0, run.stderr);
  const item = plant(db);
  const rep = await runCli(['report', '--db', db, '-o', join(dir, 'out'), '--no-png'], dir);
  assert.equal(rep.code, 0, rep.stderr);
  const file = join(dir, 'out', 'report.html');

  // The expected counts, from the same stored rows.
  const store = openStore(db, { mustExist: true });
  const data = loadRunData(store);
  store.close();
  const total = data.samples.length;
  const wrong = data.samples.filter((s) => s.outcome === 'wrong').length;
  const wrongAt4096 = data.samples.filter((s) => s.outcome === 'wrong' && s.budget === 4096).length;
  assert.ok(total === 40 * 3 * 3 && wrong > 0 && wrongAt4096 < wrong);

  await withChromium(async (ctx) => {
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('blob:') && !r.url().startsWith('data:'))
        errors.push(`network request: ${r.url()}`);
    });
    await page.goto(`file://${file}`);

    // The simulated-model banner is the first thing on the page.
    assert.match((await page.textContent('#simulated-banner')) ?? '', /SIMULATED MODEL/);

    // Charts: every inline SVG has drawn marks with a real size.
    const charts = await page.$$eval('.chart svg', (svgs) =>
      svgs.map((s) => ({
        marks: s.querySelectorAll('g[class*="mark-"] path, g[class*="mark-"] line, g[class*="mark-"] rect')
          .length,
        width: s.getBoundingClientRect().width,
      })),
    );
    assert.ok(charts.length >= 3, `charts: ${charts.length}`);
    for (const c of charts) assert.ok(c.marks > 3 && c.width > 200, JSON.stringify(c));

    // Filters: all samples, then wrong ones, then wrong ones at 4096, then the flip filter.
    const count = async () => Number(((await page.textContent('#match-count')) ?? '').split(' ')[0]);
    const rows = () => page.locator('#sample-rows tr').count();
    assert.equal(await count(), total);
    assert.equal(await rows(), 25);
    await page.selectOption('#f-outcome', { label: 'wrong' });
    assert.equal(await count(), wrong);
    await page.selectOption('#f-budget', { label: '4096' });
    assert.equal(await count(), wrongAt4096);
    assert.equal(await rows(), Math.min(25, wrongAt4096));
    await page.click('#reset-filters');
    assert.equal(await count(), total);
    await page.selectOption('#f-flips', { label: 'smallest → largest budget' });
    const flipped = await count();
    assert.ok(flipped >= 6 && flipped < total, `flip-marked samples: ${flipped}`);
    // A sample may also flip from the best budget: that is said after the smallest → largest flip.
    for (const f of await page.$$eval('#sample-rows tr td:nth-child(10)', (tds) =>
      tds.map((td) => td.textContent),
    ))
      assert.match(f ?? '', /^(right→wrong|wrong→right)(; (right→wrong|wrong→right) \(from best\))?$/);

    // Open the planted item's transcripts and the flips section's traces.
    await page.click('#reset-filters');
    await page.fill('#f-item', item);
    await page.selectOption('#f-budget', { label: '4096' });
    assert.equal(await count(), 3);
    await page.click('#sample-rows tr >> nth=0');
    // The transcript opens in the row right under the one clicked, on screen, not below the table.
    const opened = await page.evaluate(`(() => {
      const rows = [...document.querySelectorAll('#sample-rows tr')];
      const box = document.getElementById('sample-detail').getBoundingClientRect();
      return { second: rows[1].className, inSecond: rows[1].contains(document.getElementById('sample-detail')),
        top: box.top, viewport: window.innerHeight };
    })()`);
    const o = opened as { second: string; inSecond: boolean; top: number; viewport: number };
    assert.equal(o.second, 'detail-row');
    assert.ok(o.inSecond && o.top >= 0 && o.top < o.viewport, JSON.stringify(o));
    // The sample table shows the expected answer beside the model's.
    const heads = await page.$$eval('#sample-table thead th', (ths) => ths.map((th) => th.textContent));
    assert.deepEqual(heads.slice(-2), ['expected', 'model answer']);
    assert.match((await page.textContent('#sample-detail')) ?? '', /expected answer: \S+ · model answer: /);
    await page.click('#sample-detail details.reasoning > summary');
    const detail = (await page.textContent('#sample-detail')) ?? '';
    assert.ok(
      detail.includes(SCRIPT_PAYLOAD) && detail.includes(IMG_PAYLOAD) && detail.includes(CLOSE_PAYLOAD),
      detail,
    );
    const flip = page.locator(`.flips[data-pair="ends"] .flip:has(code:text-is("${item}"))`);
    assert.equal(await flip.count(), 1);
    for (const d of await flip.locator('details').all()) await d.locator('summary').click();
    assert.ok(((await flip.textContent()) ?? '').includes(SCRIPT_PAYLOAD));
    // A second click on the row closes its transcript.
    await page.click('#sample-rows tr.sample-row >> nth=0');
    assert.equal(await page.locator('#sample-rows tr.detail-row').count(), 0);

    // Evaluated as a string: the test is compiled without DOM types.
    const inert = await page.evaluate(`({
      pwned: window.__pwned,
      scripts: document.scripts.length,
      imgs: document.querySelectorAll('img').length,
      handlers: document.querySelectorAll('[onerror]').length,
    })`);
    // Four scripts: the sample data and the browser, the trace diff's data and its script.
    assert.deepEqual(inert, { pwned: undefined, scripts: 4, imgs: 0, handlers: 0 });

    await page.click('#reset-filters');
    await page.evaluate('window.scrollTo(0, 0)');
    const shot = join(mkdtempSync(join(tmpdir(), 'overthink-shot-')), 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    t.diagnostic(`screenshot: ${shot}`);
    assert.deepEqual(errors, []);
  });
});
