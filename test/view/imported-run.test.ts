import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRunData } from '../../src/analysis/samples.js';
import { importForeign } from '../../src/import/import.js';
import { inspectFiles } from '../../src/import/inspect.js';
import { extractorOf, scoreSample } from '../../src/score/score.js';
import { openStore } from '../../src/store/open.js';
import { getRun } from '../../src/store/runs.js';
import { itemAnswers } from '../../src/view/history.js';
import { PAGE_SIZE, SampleBrowser } from '../../src/view/sample-query.js';
import { loadTrace } from '../../src/view/trace.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * An imported run is read in the viewer as the report reads it: with the scores its tool gave, not
 * answers extracted again from its text (the Inspect sweep's scores differ from what extraction would
 * find, so a viewer that re-extracted would disagree with the report on the same sample).
 */
test('the sample browser, a trace and an item across runs show an imported sample with its stored score', async () => {
  const dir = tempDir('ovt-view-imported-');
  const db = join(dir, 's.db');
  const [imported] = await importForeign(inspectFiles([join(ROOT, 'test/fixtures/inspect/sweep-claude')]), {
    db,
  });
  const store = openStore(db, { readonly: true });
  try {
    const run = getRun(store, imported.id);
    const data = loadRunData(store, run.id, { tags: false, excerptChars: 0 });
    const expected = new Map(data.samples.map((s) => [s.key, s.outcome]));
    // The test can fail: extraction alone would give some of these samples another outcome.
    const rows = store
      .prepare(
        `SELECT s.key, s.text, s.stop_reason, s.error, i.target_json FROM samples s
         JOIN items i ON i.run_id = s.run_id AND i.task_id = s.task_id AND i.item_id = s.item_id
         WHERE s.run_id = ?`,
      )
      .all(run.id) as {
      key: string;
      text: string | null;
      stop_reason: string | null;
      error: string | null;
      target_json: string;
    }[];
    const extracted = rows.filter(
      (r) =>
        scoreSample(
          { text: r.text, stopReason: r.stop_reason, error: r.error },
          JSON.parse(r.target_json),
          extractorOf(run.config_json),
        ).outcome !== expected.get(r.key),
    );
    assert.ok(extracted.length > 0, 'extraction would differ from the stored scores somewhere');

    const browser = new SampleBrowser(store, run);
    const seen = new Map<string, string>();
    for (let p = 0, pages = 1; p < pages; p++) {
      const page = browser.page({}, p);
      pages = page.pages;
      for (const r of page.rows) seen.set(r.key, r.outcome);
    }
    assert.deepEqual(seen, expected, 'the browser shows the outcomes the report counts');

    for (const outcome of new Set(expected.values())) {
      const page = browser.page({ outcome }, 0);
      const want = [...expected.values()].filter((o) => o === outcome).length;
      assert.equal(page.total, want, `the ${outcome} filter`);
      assert.ok(page.rows.length === Math.min(want, PAGE_SIZE));
    }

    const first = data.samples[0];
    assert.equal(loadTrace(store, run, first.key)?.outcome, first.outcome, 'an opened trace');
    const answers = itemAnswers([{ store: 0, db: store, run }], first.taskId, first.itemId);
    for (const a of answers) assert.equal(a.outcome, expected.get(a.key), `item across runs: ${a.key}`);
  } finally {
    store.close();
  }
});
