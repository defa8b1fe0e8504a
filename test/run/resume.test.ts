import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hashKey } from '../../src/core/sample-key.js';
import { loadExperimentItems } from '../../src/run/items.js';
import { type LoadedExperiment, loadExperiment } from '../../src/run/load.js';
import { blockKey, planBlocks, planSamples, planSize, runIdOf } from '../../src/run/plan.js';
import { missingPositions, planDigest, samplesAt } from '../../src/run/resume.js';
import { runExperiment } from '../../src/run/run.js';
import { claimPlan } from '../../src/store/digests.js';
import { openStore } from '../../src/store/open.js';
import { tempDir } from '../helpers/cli.js';

/** Two models, two tasks, two anchoring arms, a scheduler arm on one model: every kind of block. */
function mixed(): LoadedExperiment {
  return loadExperiment({
    overrides: {
      models: ['sim:inverse', 'sim:flat'],
      tasks: [
        { id: 'misleading-math', options: { n: 7 } },
        { id: 'famous-paradoxes', options: { n: 5 } },
      ],
      budgets: [0, 1024, 4096],
      trials: 2,
      anchoring: [0, 2],
      scheduler: { chunk: 256, agree: 3, models: ['sim:inverse'] },
    },
  });
}

const view = (s: ReturnType<typeof planSamples> extends Generator<infer T> ? T : never) => ({
  key: s.key,
  hash: s.hash,
  seed: s.seed,
  maxTokens: s.maxTokens,
  model: s.model.id,
  item: s.item.itemId,
  shots: s.shots.map((x) => x.itemId),
  scheduler: s.scheduler,
});

describe('resume: finding what a run has left without hashing its whole plan', () => {
  it('the plan by positions is the plan: samplesAt over every position equals planSamples', async () => {
    const loaded = mixed();
    const exp = loaded.experiment;
    const tasks = await loadExperimentItems(exp, loaded.baseDir);
    const runId = runIdOf(exp);
    const all = [...planSamples(exp, runId, tasks)].map(view);
    assert.equal(all.length, planSize(exp, tasks));
    const blocks = planBlocks(exp, tasks);
    const positions = all.map((_, i) => i);
    assert.deepEqual([...samplesAt(exp, runId, blocks, positions)].map(view), all);
    const some = [0, 1, 6, 7, 100, all.length - 1];
    assert.deepEqual(
      [...samplesAt(exp, runId, blocks, some)].map(view),
      some.map((i) => all[i]),
    );
  });

  it('the backward scan finds exactly the missing positions, looking at the tail only', async () => {
    const loaded = mixed();
    const exp = loaded.experiment;
    const tasks = await loadExperimentItems(exp, loaded.baseDir);
    const runId = runIdOf(exp);
    const hashes = [...planSamples(exp, runId, tasks)].map((s) => s.hash);
    const blocks = planBlocks(exp, tasks);
    // Missing: the last 9 (a run killed near its end), a gap in the middle, and the first one.
    const missing = [0, 150, 151, ...hashes.map((_, i) => i).slice(-9)];
    const done = new Set(hashes.filter((_, i) => !missing.includes(i)));
    let asked = 0;
    const isDone = (h: string) => {
      asked++;
      return done.has(h);
    };
    assert.deepEqual(missingPositions(exp, runId, blocks, isDone, missing.length), missing);
    assert.equal(asked, hashes.length, 'the first position is missing: the whole plan is scanned');
    // With only the tail missing, the scan stops after it.
    const tail = hashes.map((_, i) => i).slice(-9);
    const done2 = new Set(hashes.filter((_, i) => !tail.includes(i)));
    asked = 0;
    const count = (h: string) => {
      asked++;
      return done2.has(h);
    };
    assert.deepEqual(missingPositions(exp, runId, blocks, count, 9), tail);
    assert.equal(asked, 9);
    // Positions and keys agree with blockKey.
    assert.equal(hashKey(runId, blockKey(exp, blocks[0], tasks[0].items.at(0)!)), hashes[0]);
  });

  it('a resumed store run redoes exactly what was deleted or failed, nothing twice', async () => {
    const dir = tempDir();
    const db = join(dir, 'r.db');
    const loaded = mixed();
    const first = await runExperiment(loaded, { db, progress: false });
    assert.equal(first.status, 'complete');
    const total = first.total;
    const store = openStore(db, { mustExist: true });
    // Delete the 10 last-stored rows and 5 from the middle; turn 3 others into errors.
    store.exec(`DELETE FROM samples WHERE rowid IN (SELECT rowid FROM samples ORDER BY rowid DESC LIMIT 10)`);
    store.exec(
      `DELETE FROM samples WHERE rowid IN (SELECT rowid FROM samples ORDER BY rowid LIMIT 5 OFFSET 100)`,
    );
    store.exec(
      `UPDATE samples SET error = 'boom', error_class = 'server' WHERE rowid IN (SELECT rowid FROM samples ORDER BY rowid LIMIT 3 OFFSET 40)`,
    );
    store.close();
    const again = await runExperiment(loaded, { db, progress: false });
    assert.equal(again.alreadyDone, total - 18);
    assert.equal(again.summary.attempted, 18);
    assert.equal(again.status, 'complete');
    assert.deepEqual(again.stored, { total, errors: 0 });
  });

  it('a dataset edited between runs is never trusted: the edited items are all run', async () => {
    const dir = tempDir();
    const db = join(dir, 'd.db');
    const data = join(dir, 'items.jsonl');
    const write = (ids: string[]) =>
      writeFileSync(data, ids.map((id) => JSON.stringify({ id, prompt: `q ${id}`, answer: 1 })).join('\n'));
    const loaded = () =>
      loadExperiment({
        overrides: {
          models: ['sim:flat'],
          tasks: [{ id: 'custom', options: { path: data } }],
          budgets: [0, 1024],
          trials: 1,
        },
      });
    write(['a', 'b', 'c', 'd']);
    const first = await runExperiment(loaded(), { db, progress: false });
    assert.equal(first.stored.total, 8);
    // Same count, other ids: the done count (8 of 8) must not be taken to mean "nothing left".
    write(['a', 'b', 'x', 'y']);
    const second = await runExperiment(loaded(), { db, progress: false });
    assert.equal(second.runId, first.runId);
    assert.equal(second.summary.attempted, 4, 'x and y at two budgets');
    const third = await runExperiment(loaded(), { db, progress: false });
    assert.equal(third.summary.attempted, 0);
  });

  it('claimPlan trusts a fresh run and an unchanged plan, never a changed one again', async () => {
    const dir = tempDir();
    const loaded = mixed();
    await runExperiment(loaded, { db: join(dir, 'c.db'), progress: false });
    const store = openStore(join(dir, 'c.db'), { mustExist: true });
    try {
      const exp = loaded.experiment;
      const runId = runIdOf(exp);
      const tasks = await loadExperimentItems(exp, loaded.baseDir);
      const digest = planDigest(runId, tasks);
      assert.equal(claimPlan(store, runId, digest), true);
      assert.equal(claimPlan(store, runId, planDigest(runId, tasks.slice(1))), false);
      assert.equal(claimPlan(store, runId, digest), false, 'mixed for good');
      // A store from before plan digests, holding samples: not trusted.
      store.prepare('UPDATE runs SET plan_digest = NULL WHERE id = ?').run(runId);
      assert.equal(claimPlan(store, runId, digest), false);
    } finally {
      store.close();
    }
  });
});
