import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importForeign } from '../../src/import/import.js';
import { lmEvalFiles, splitThink } from '../../src/import/lm-eval.js';
import { openStore } from '../../src/store/open.js';
import { ROOT, tempDir } from '../helpers/cli.js';

/**
 * The lm-eval importer. lm-evaluation-harness cannot be installed here (it needs torch), so its
 * fixtures are WRITTEN from its source's output format (test/fixtures/lm-eval/make-fixture.py names
 * the files and commit it follows), not made by lm-eval. What was imported is checked against the
 * samples files read line by line, and the budget against each results file's gen_kwargs.
 */
const OUT = join(ROOT, 'test/fixtures/lm-eval/out');
const QWEN = join(OUT, 'Qwen__Qwen3-8B');
const GPT = join(OUT, 'openai__gpt-oss-20b');

interface Line {
  doc_id: number;
  filter: string;
  resps: string[][];
  exact_match: number;
}

function lines(dir: string): { budget: string; line: Line }[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith('samples_'))
    .flatMap((f) => {
      const date = /samples_gsm8k_(.+)\.jsonl/.exec(f)?.[1];
      const results = JSON.parse(readFileSync(join(dir, `results_${date}.json`), 'utf8'));
      const g = results.config.gen_kwargs;
      const budget = typeof g === 'string' ? g.split('=')[1] : g.reasoning_effort;
      return readFileSync(join(dir, f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => ({ budget, line: JSON.parse(l) as Line }));
    });
}

test('lm-eval output at three max_gen_toks: a sweep whose tokens are estimated from the surviving <think> text', async () => {
  const db = join(tempDir('ovt-lmeval-'), 's.db');
  const [run] = await importForeign(
    lmEvalFiles([QWEN], { filter: 'strict-match', budgetKey: 'max_gen_toks' }),
    { db },
  );
  const strict = lines(QWEN).filter((x) => x.line.filter === 'strict-match');
  assert.equal(strict.length, 24);
  assert.equal(run.added, 24);
  assert.deepEqual(run.budgets, [1024, 4096, 16384]);
  assert.match(run.notes.join(' '), /records no stop reason/);
  const store = openStore(db, { readonly: true });
  try {
    const get = store.prepare(
      `SELECT s.reasoning_tokens, s.reasoning_source, s.text, c.score_json FROM samples s JOIN imported_scores c USING (key, run_id)
       WHERE s.budget = ? AND s.item_id = ?`,
    );
    for (const { budget, line } of strict) {
      const got = get.get(Number(budget), String(line.doc_id)) as {
        reasoning_tokens: number;
        reasoning_source: string;
        text: string;
        score_json: string;
      };
      const raw = line.resps[0][0];
      const thought = /<think>([\s\S]*?)(?:<\/think>|$)/.exec(raw)?.[1] ?? '';
      assert.equal(got.reasoning_source, 'estimate');
      assert.equal(got.reasoning_tokens, Math.ceil(thought.length / 4), `doc ${line.doc_id} at ${budget}`);
      assert.equal(JSON.parse(got.score_json).outcome, line.exact_match === 1 ? 'correct' : 'wrong');
      assert.doesNotMatch(got.text, /<think>/);
    }
  } finally {
    store.close();
  }
});

test('lm-eval output at two reasoning_effort levels: no <think> text survived, so the counts are unknown', async () => {
  const db = join(tempDir('ovt-lmeval-'), 's.db');
  const [run] = await importForeign(lmEvalFiles([GPT], { filter: 'flexible-extract' }), { db });
  assert.deepEqual(run.budgets, [1024, 8192]);
  const flexible = lines(GPT).filter((x) => x.line.filter === 'flexible-extract');
  assert.equal(run.added, flexible.length);
  const store = openStore(db, { readonly: true });
  try {
    const rows = store
      .prepare(
        `SELECT s.item_id, s.budget, s.reasoning_tokens, s.reasoning_source, s.sent_params, c.score_json
         FROM samples s JOIN imported_scores c USING (key, run_id)`,
      )
      .all() as {
      item_id: string;
      budget: number;
      reasoning_tokens: null;
      reasoning_source: string;
      sent_params: string;
      score_json: string;
    }[];
    assert.ok(rows.every((r) => r.reasoning_tokens === null && r.reasoning_source === 'unknown'));
    for (const { budget, line } of flexible) {
      const r = rows.find(
        (x) => x.item_id === String(line.doc_id) && JSON.parse(x.sent_params).reasoning_effort === budget,
      );
      assert.equal(JSON.parse(r?.score_json ?? '{}').outcome, line.exact_match === 1 ? 'correct' : 'wrong');
    }
  } finally {
    store.close();
  }
});

test('<think> text: closed, opened and cut off, or absent', () => {
  assert.deepEqual(splitThink('<think>a b</think>\n\nThe answer is 4'), {
    thought: 'a b',
    answer: 'The answer is 4',
  });
  assert.deepEqual(splitThink('<think>\nstill going'), { thought: '\nstill going', answer: '' });
  assert.deepEqual(splitThink('reasoning the template opened</think>4'), {
    thought: 'reasoning the template opened',
    answer: '4',
  });
  assert.deepEqual(splitThink('just 4'), { thought: null, answer: 'just 4' });
});
