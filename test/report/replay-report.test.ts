import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRunData } from '../../src/analysis/samples.js';
import { buildReport } from '../../src/report/build.js';
import type { RunSummary } from '../../src/report/summary.js';
import { parseAt } from '../../src/run/checkpoints.js';
import { loadExperiment } from '../../src/run/load.js';
import { replayRun } from '../../src/run/replay.js';
import { runExperiment } from '../../src/run/run.js';
import { openStore } from '../../src/store/open.js';
import { needChromium, withChromium } from '../helpers/chromium.js';
import { tempDir } from '../helpers/cli.js';

/**
 * The report's new views on a replayed sim run, as a first-time reader gets them in Chromium: the
 * answer over the trace with the oracle stopper and the traces that lost their answer, token
 * efficiency, parallel vs sequential, and the same item at two budgets. A hostile probe answer and
 * reasoning text must stay text. Screenshots go under the OS temp folder for a person to look at.
 */
export const SHOTS = join(tmpdir(), 'overthink-screens', 'replay-report');
const HOSTILE = '</script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

test('a replayed run: the answer over the trace, efficiency, parallel vs sequential and the trace diff; screenshots', {
  timeout: 300_000,
}, async (t) => {
  const dir = tempDir('overthink-replay-report-');
  const db = join(dir, 'r.db');
  const loaded = loadExperiment({
    overrides: {
      models: ['sim:peaked'],
      tasks: ['misleading-math'],
      budgets: [0, 1024, 4096, 16384],
      trials: 3,
      limit: 80,
      seed: 3,
      scheduler: { chunk: 512, agree: 2 },
    } as never,
  });
  const { runId } = await runExperiment(loaded, { db, progress: false });
  await replayRun({
    db,
    checkpoints: parseAt('256,512,1024,2048,4096,8192'),
    probeTokens: 32,
    progress: false,
  });
  // A hostile probe answer and reasoning: model output is untrusted.
  const s = openStore(db);
  s.prepare("UPDATE replay_probes SET text = ? WHERE run_id = ? AND mark = '256'").run(
    `Final answer: <answer>${HOSTILE}</answer>`,
    runId,
  );
  s.prepare(
    'UPDATE samples SET reasoning_text = ? || reasoning_text WHERE run_id = ? AND budget = 16384 AND trial = 0',
  ).run(HOSTILE, runId);
  s.close();

  const out = join(dir, 'out');
  const store = openStore(db, { mustExist: true });
  const built = await buildReport(loadRunData(store, runId), out, { png: false });
  store.close();
  const sum = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  assert.equal(sum.replay.length, 1);
  assert.ok(sum.efficiency.length === 1 && sum.efficiency[0].budgets.length === 4);
  assert.ok(sum.parallel.length > 0, 'trials 3 and budgets 4× apart make a matched pair');
  assert.ok(built.files.some((f) => f.endsWith('replay-traces.csv')));
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.ok(!html.includes('<img src=x'), 'the hostile text is escaped in the HTML');

  if (!needChromium(t)) return;
  mkdirSync(SHOTS, { recursive: true });
  await withChromium(async (ctx) => {
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(`file://${join(out, 'report.html')}`);
    const section = page.locator('section.task').first();
    const replay = section.locator('h3', { hasText: 'Where in the trace the answer was right' });
    assert.equal(await replay.count(), 1);
    assert.ok((await section.locator('.chart').allTextContents()).join(' ').includes('oracle stopper'));
    assert.equal(await section.locator('table.replay tbody tr').count(), 1);
    assert.ok((await section.locator('table.replay-traces tbody tr').count()) >= 1);
    // The hostile probe answer sits in a title attribute, as text, and made no element.
    const titles = await section
      .locator('.strip span')
      .evaluateAll((els) => els.map((e) => e.getAttribute('title')));
    assert.ok(titles.includes(HOSTILE), 'the probe answer is attribute text');
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await section.locator('table.efficiency tbody tr').count(), 4);
    assert.ok((await section.locator('table.parallel tbody tr').count()) >= 1);

    // The trace diff opens on a flipped item; clicking a sample of the largest budget picks it.
    await page.waitForSelector('#diff-view .sides');
    assert.equal(await page.locator('#diff-view .sides > div').count(), 2);
    await page.selectOption('#f-budget', { label: '16384' });
    await page.locator('#sample-rows tr').first().click();
    await page.waitForFunction("document.querySelector('#diff-title').textContent !== 'no sample chosen'");
    const sides = await page.locator('#diff-view .sides h4').allTextContents();
    assert.ok(
      sides.some((x) => x.startsWith('budget 16384')),
      JSON.stringify(sides),
    );
    assert.ok((await page.locator('#diff-view mark').count()) > 0, 'tag evidence is highlighted');
    const diffText = (await page.textContent('#diff-view')) ?? '';
    assert.ok(diffText.includes('window.__pwned=2'), 'hostile reasoning shown as text');

    const shot = async (name: string, selector: string, height: number) => {
      const box = await page.locator(selector).first().boundingBox();
      const y = (box?.y ?? 0) + Number(await page.evaluate('window.scrollY'));
      const path = join(SHOTS, name);
      await page.screenshot({
        path,
        fullPage: true,
        clip: { x: 0, y: Math.max(0, y - 10), width: 1280, height },
      });
      t.diagnostic(`screenshot: ${path}`);
    };
    await shot('answer-over-trace.png', 'h3:has-text("Where in the trace the answer was right")', 1250);
    await shot('efficiency-parallel.png', 'h3:has-text("Token efficiency")', 1400);
    await shot('trace-diff.png', '#trace-diff', 1100);
    const state = await page.evaluate('window.__pwned');
    assert.equal(state, undefined, 'no hostile script ran');
    assert.deepEqual(problems, []);
  });
});
