import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadRunData } from '../../src/analysis/samples.js';
import { loadExperiment } from '../../src/run/load.js';
import { runExperiment } from '../../src/run/run.js';
import { closeStore, openStore } from '../../src/store/open.js';
import { packText } from '../../src/store/text-codec.js';
import { tempDir } from '../helpers/cli.js';

// The trace pool (analysis/trace-pool.ts) must give every sample the facts the main thread gives it:
// tags, length and excerpt, whatever the trace's form in the store (deflated, plain, absent).

const PHRASES = [
  'This is the Monty Hall problem. ',
  'I want to keep running. ',
  'Loop here again. ',
  'sleep and stress. ',
];

test('a report read through the trace pool equals one read on the main thread', async () => {
  const db = join(tempDir('ovt-pool-'), 's.db');
  const loaded = loadExperiment({
    overrides: {
      models: ['sim:peaked'],
      tasks: ['misleading-math', 'grades-regression'],
      budgets: [0, 1024, 4096],
      trials: 2,
      limit: 20,
    } as never,
  });
  await runExperiment(loaded, { db, progress: false });
  const w = openStore(db);
  try {
    // Give the samples traces of every form: long ones stored deflated, short plain ones, none.
    const keys = w.prepare('SELECT key FROM samples ORDER BY key').pluck().all() as string[];
    const set = w.prepare('UPDATE samples SET reasoning_text = ? WHERE key = ?');
    keys.forEach((k, i) => {
      const body = Array.from(
        { length: 1 + (i % 7) * 40 },
        (_, j) => PHRASES[(i * 3 + j) % PHRASES.length],
      ).join('');
      const text = i % 11 === 0 ? null : i % 5 === 0 ? body.slice(0, 300) : `${body}ſtress ${i}`;
      set.run(packText(text), k);
    });
    assert.ok(
      (w
        .prepare("SELECT COUNT(*) FROM samples WHERE typeof(reasoning_text) = 'blob'")
        .pluck()
        .get() as number) > 50,
    );
  } finally {
    closeStore(w);
  }
  const store = openStore(db, { readonly: true });
  try {
    for (const excerptChars of [0, 120] as const) {
      const plain = loadRunData(store, undefined, { threads: 0, excerptChars });
      const pooled = loadRunData(store, undefined, { threads: 2, excerptChars });
      assert.equal(pooled.samples.length, 240);
      assert.deepEqual(pooled.samples, plain.samples);
      // The traces reached the tagger: several tags, long lengths, excerpts when asked for.
      const tags = new Set(pooled.samples.map((s) => s.tags));
      assert.ok(tags.size >= 4, `tag sets seen: ${[...tags]}`);
      assert.ok(pooled.samples.some((s) => s.reasoningChars > 5000));
      assert.equal(
        pooled.samples.filter((s) => s.reasoningExcerpt !== undefined).length,
        excerptChars ? 240 : 0,
      );
    }
  } finally {
    closeStore(store);
  }
});
