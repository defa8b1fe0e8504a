import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LOSSES } from '../../src/analysis/breakdown.js';
import type { RunSummary } from '../../src/report/summary.js';
import { needChromium, withChromium } from '../helpers/chromium.js';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * The report of an inverted-U run, as a first-time reader gets it: the run and the report through
 * the CLI, then the page in headless Chromium. Checks that the verdict leads with the shape and the
 * decline from the best budget with what it is made of (terminal, HTML and summary.json alike, the
 * parts adding up), that the flips from the best budget can be browsed, and saves screenshots of the
 * top of the page and of the task's section under the OS temp folder for a person to look at.
 */
export const SHOTS = join(tmpdir(), 'overthink-screens', 'peaked-report');

test('a peaked run: the report leads with the shape, the decline from the best and its parts; screenshots', {
  timeout: 240_000,
}, async (t) => {
  const dir = tempDir('overthink-peaked-');
  const db = join(dir, 'p.db');
  const run = await runCli(
    [
      'run',
      '--model',
      'sim:peaked',
      '--tasks',
      'misleading-math',
      '--budgets',
      '0,1024,2048,4096,8192,16384',
      '--trials',
      '3',
      '--limit',
      '200',
      '--no-report',
      '-q',
      '--db',
      db,
    ],
    dir,
  );
  assert.equal(run.code, 0, run.stderr);
  const out = join(dir, 'out');
  const rep = await runCli(['report', '--db', db, '-o', out, '--no-png'], dir);
  assert.equal(rep.code, 0, rep.stderr);

  // Terminal: the shape first, the decline from the best with its four parts, the Table 1 class after.
  assert.match(
    rep.stdout,
    /sim:peaked · misleading-math {2}∩ peaked \(peaks at an inner budget, then gets worse\)/,
  );
  assert.match(
    rep.stdout,
    /accuracy best [\d.]+% at \d+ → [\d.]+% at 16384: −[\d.]+ pts \[−[\d.]+, −[\d.]+\] \(simultaneous 95%\), of which [−+]?[\d.]+ finished wrong, [−+]?[\d.]+ truncated at max tokens, [−+]?[\d.]+ unparsable, [−+]?[\d.]+ refused or abstained/,
  );
  assert.match(rep.stdout, /paper's Table 1 \(0 → 16384\): /);
  assert.match(
    rep.stdout,
    /budget\s+n\s+accuracy\s+95% CI\s+reasoning tok \(mean\)\s+wrong\s+truncated\s+unparsable\s+refused\s+errors/,
  );
  assert.match(rep.stdout, /^verdict: \[simulated model\] sim:peaked on misleading-math: ∩ peaked, /m);

  // summary.json: the same shape, and every breakdown adds up.
  const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
  const shape = s.shapes.find((x) => x.stratum === 'all');
  assert.ok(shape && shape.shape === 'peaked', JSON.stringify(shape?.shape));
  assert.ok(shape.best.budget !== 0 && shape.best.budget !== 16384);
  for (const p of s.curves) assert.equal(p.correct + LOSSES.reduce((a, g) => a + p.lost[g], 0), p.n);
  const parts = shape.fromBestParts;
  assert.ok(parts);
  assert.ok(Math.abs(parts.change - (shape.last.score - shape.best.score)) < 1e-9);
  assert.ok(Math.abs(LOSSES.reduce((a, g) => a + parts.parts[g], 0) - parts.change) < 1e-9);
  const fromBest = s.flipsFromBest.find((f) => f.taskId === 'misleading-math');
  assert.ok(fromBest && fromBest.low === shape.best.budget && fromBest.high === 16384);
  assert.ok(fromBest.rightToWrong > fromBest.wrongToRight);

  if (!needChromium(t)) return;
  mkdirSync(SHOTS, { recursive: true });
  await withChromium(async (ctx) => {
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(`file://${join(out, 'report.html')}`);

    const verdict = (await page.textContent('ul.verdict li')) ?? '';
    assert.match(
      verdict,
      /^\[simulated model\] sim:peaked on misleading-math: ∩ peaked, peaks at an inner budget, then gets worse: accuracy best /,
    );
    assert.match(
      verdict,
      /of which .* finished wrong, .* truncated at max tokens, .* unparsable, .* refused or abstained/,
    );
    assert.equal(((await page.textContent('ul.verdict li b')) ?? '').endsWith('then gets worse'), true);
    assert.equal(((await page.textContent('#overview tbody tr td:nth-child(4)')) ?? '').trim(), '∩ peaked');
    // The curve rings its best budget; the lost answers have a chart and a table row per budget.
    const section = page.locator('section.task').first();
    assert.ok(
      ((await section.locator('.chart').first().textContent()) ?? '').includes(`best (${shape.best.budget})`),
    );
    assert.equal(await section.locator('h3', { hasText: 'What the lost answers were' }).count(), 1);
    const lostRows = await section
      .locator('h3:has-text("What the lost answers were") ~ table')
      .first()
      .locator('tbody tr')
      .count();
    assert.equal(lostRows, 6);
    assert.equal(
      await section.locator('.flips[data-pair="best"] .flip').count(),
      Math.min(12, fromBest.flips.length),
    );

    // The flips from the best budget can be browsed.
    await page.selectOption('#f-flips', { label: 'best → largest budget' });
    const flipped = Number(((await page.textContent('#match-count')) ?? '').split(' ')[0]);
    assert.ok(flipped >= 2 * fromBest.flips.length, `flip-marked samples: ${flipped}`);
    for (const f of await page.$$eval('#sample-rows tr td:nth-child(10)', (tds) =>
      tds.map((td) => td.textContent),
    ))
      assert.match(f ?? '', /(right→wrong|wrong→right) \(from best\)/);
    await page.click('#reset-filters');

    await page.evaluate('window.scrollTo(0, 0)');
    const top = join(SHOTS, 'top.png');
    await page.screenshot({ path: top });
    const box = await section.boundingBox();
    assert.ok(box);
    const task = join(SHOTS, 'task-section.png');
    await page.screenshot({
      path: task,
      fullPage: true,
      clip: { x: 0, y: box.y, width: 1280, height: 1500 },
    });
    const full = join(SHOTS, 'full-page.png');
    await page.screenshot({ path: full, fullPage: true });
    for (const f of [top, task, full]) t.diagnostic(`screenshot: ${f}`);
    assert.deepEqual(errors, []);
  });
});
