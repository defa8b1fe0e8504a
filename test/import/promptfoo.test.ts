import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importForeign } from '../../src/import/import.js';
import { promptfooFile, splitThinking } from '../../src/import/promptfoo.js';
import { openStore } from '../../src/store/open.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * The promptfoo importer on a results file the real promptfoo 0.123.1 wrote
 * (test/fixtures/promptfoo/make-fixture.mjs: two providers at three reasoning settings against a
 * loopback server, the 1024 rows served from promptfoo's cache). What was imported is checked against
 * the file parsed whole, row by row.
 */
const FILE = join(ROOT, 'test/fixtures/promptfoo/results.json');

interface Row {
  provider: { id: string; label: string };
  testIdx: number;
  success: boolean;
  response: { cached?: boolean; finishReason?: string; output: string };
  tokenUsage: { completionDetails?: { reasoning?: number } };
  testCase: { description: string };
}

test('promptfoo results: one run per model, budgets from provider configs, cached rows flagged, outcomes as promptfoo judged', async () => {
  const doc = JSON.parse(readFileSync(FILE, 'utf8'));
  assert.equal(doc.metadata.promptfooVersion, '0.123.1', 'made by promptfoo itself');
  assert.equal(doc.results.version, 3);
  const rows = doc.results.results as Row[];
  const config = new Map<string, Record<string, unknown>>(
    doc.config.providers.map((p: { label: string; config: Record<string, unknown> }) => [p.label, p.config]),
  );
  const budgetOf = (label: string) => {
    const c = config.get(label) as { thinking?: { budget_tokens: number }; reasoning_effort?: string };
    return c.thinking?.budget_tokens ?? { low: 1024, medium: 4096, high: 8192 }[c.reasoning_effort as string];
  };

  const db = join(tempDir('ovt-promptfoo-'), 's.db');
  const runs = await importForeign([promptfooFile(FILE)], { db });
  assert.deepEqual(
    runs.map((r) => [r.models[0], r.budgets, r.added]),
    [
      ['anthropic:messages:claude-sonnet-4-5', [1024, 4096, 16384], 24],
      ['openai:chat:o4-mini', [1024, 4096, 8192], 24],
    ],
  );
  assert.equal(rows.length, 48);
  const store = openStore(db, { readonly: true });
  try {
    const get = store.prepare(
      `SELECT s.reasoning_tokens, s.reasoning_source, s.budget_note, s.stop_reason, s.text, s.reasoning_text, s.sent_params, c.score_json
       FROM samples s JOIN imported_scores c USING (key, run_id) WHERE s.model = ? AND s.budget = ? AND s.item_id = ?`,
    );
    let cached = 0;
    for (const r of rows) {
      const got = get.get(r.provider.id, budgetOf(r.provider.label), r.testCase.description) as Record<
        string,
        string | number | null
      >;
      assert.ok(got, `${r.provider.label} ${r.testCase.description}`);
      const score = JSON.parse(got.score_json as string);
      const want = r.success ? 'correct' : r.response.finishReason === 'length' ? 'truncated' : 'wrong';
      assert.equal(score.outcome, want, `${r.provider.label} ${r.testCase.description}`);
      assert.equal(score.value.pass, r.success);
      if (r.response.cached) {
        cached++;
        assert.equal(got.reasoning_tokens, null);
        assert.equal(got.reasoning_source, 'unknown');
        assert.match(String(got.budget_note), /served from promptfoo's cache/);
      } else {
        assert.equal(got.reasoning_tokens, r.tokenUsage.completionDetails?.reasoning);
        assert.equal(got.reasoning_source, 'provider');
      }
      if (r.provider.id.startsWith('anthropic')) {
        assert.match(String(got.reasoning_text), /^Item \d+: the extra detail/);
        assert.doesNotMatch(String(got.text), /Thinking:|Signature:/);
      }
      assert.doesNotMatch(String(got.sent_params), /apiKey|REDACTED/);
    }
    assert.equal(cached, 8, 'the 1024 rows came from the cache');
    assert.match(runs[0].notes.join(' '), /served from promptfoo's cache/);
    assert.doesNotMatch(
      runs[1].notes.join(' '),
      /cache/,
      'the cache note belongs to the run that has such rows',
    );
  } finally {
    store.close();
  }
});

test("promptfoo's thinking prefix splits into reasoning and answer", () => {
  assert.deepEqual(splitThinking('Thinking: a\n\nb\nSignature: sig1\n\n<answer>2</answer>'), {
    reasoning: 'a\n\nb',
    text: '<answer>2</answer>',
  });
  assert.deepEqual(splitThinking('Thinking: cut off\nSignature: s'), { reasoning: 'cut off', text: '' });
  assert.deepEqual(splitThinking('Redacted Thinking: xyz\n\nok'), { reasoning: null, text: 'ok' });
  assert.deepEqual(splitThinking('plain'), { reasoning: null, text: 'plain' });
});
