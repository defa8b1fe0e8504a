import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runAndReport } from '../../src/pipelines/run-and-report.js';
import { writeExport } from '../../src/report/write-export.js';
import { ItemCollector, SPOOL_AFTER, SpooledItems } from '../../src/run/item-spool.js';
import { closeItems, itemsHash, loadExperimentItems, type TaskItems } from '../../src/run/items.js';
import { type LoadedExperiment, loadExperiment } from '../../src/run/load.js';
import { planBlocks, planSamples, runIdOf } from '../../src/run/plan.js';
import { missingPositions, planDigest, samplesAt } from '../../src/run/resume.js';
import { runExperiment } from '../../src/run/run.js';
import { openStore } from '../../src/store/open.js';
import { customTask } from '../../src/tasks/custom/custom.js';
import type { Item } from '../../src/tasks/types.js';
import { UserError } from '../../src/util/errors.js';
import { Rng } from '../../src/util/rng.js';
import { tempDir } from '../helpers/cli.js';

/** A JSON-lines dataset of `n` records: some without an id (named by place), numbers as `3.0`, strata, classes. */
function dataset(dir: string, n: number, name = 'items.jsonl'): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 7 === 3) lines.push(''); // a blank line is no record
    if (i % 5 === 0)
      lines.push(`{"prompt": "what is ${i} + 0.0?", "answer": ${i}.0, "num_distractors": ${i % 4}}`);
    else if (i % 5 === 1)
      lines.push(
        JSON.stringify({ id: `q${i}`, prompt: `pick ${i}`, classes: "['a', 'b']", answer_index: i % 2 }),
      );
    else lines.push(JSON.stringify({ id: i, prompt: `say ${i}`, answer: `w${i}` }));
  }
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\r\n')}\n`);
  return file;
}

function experiment(file: string, o: Record<string, unknown> = {}): LoadedExperiment {
  return loadExperiment({
    overrides: {
      models: ['sim:flat'],
      tasks: [{ id: 'custom', options: { path: file } }],
      budgets: [0],
      trials: 1,
      ...o,
    },
  });
}

/** What a planned sample is, item and examples included, as plain data. */
const sampleOf = (s: ReturnType<typeof planSamples> extends Iterable<infer S> ? S : never) =>
  JSON.stringify([s.key, s.hash, s.seed, s.maxTokens, s.item, s.shots]);

describe('a large task’s items on disk (item-spool.ts)', () => {
  it('read back as their JSON, in order, by position either way, and by subset', () => {
    const items: Item[] = Array.from({ length: 1300 }, (_, i) => ({
      taskId: 't',
      itemId: `i${i}`,
      prompt: `é ${'x'.repeat(i % 50)} ${i}`,
      target: { kind: 'number', value: i % 3 === 0 ? -0 : i / 7, tolerance: 0 },
      strata: { k: i % 4 },
      meta: i % 2 ? { f: [1, null, undefined] } : undefined,
      record: { prompt: `${i}`, answer: 3, answerText: '3.0' },
    }));
    const c = new ItemCollector(100);
    for (const it of items) c.add(it);
    assert.equal(c.length, items.length);
    const list = c.finish();
    assert.ok(list instanceof SpooledItems, 'past the threshold the items are on disk');
    assert.equal(list.length, items.length);
    // Each item comes back as its JSON, which is what the store keeps and the hash is made of.
    const asJson = (xs: Iterable<Item>) => [...xs].map((it) => JSON.stringify(it));
    assert.deepEqual(asJson(list), asJson(items));
    assert.deepEqual([...list], JSON.parse(JSON.stringify(items)));
    for (let i = items.length - 1; i >= 0; i -= 37)
      assert.equal(JSON.stringify(list.at(i)), JSON.stringify(items[i]));
    assert.equal(list.at(items.length), undefined);
    assert.equal(list.at(-1), undefined);
    const keep = [0, 5, 256, 257, 1299];
    const sub = list.subset(keep);
    assert.deepEqual(asJson(sub), asJson(keep.map((i) => items[i])));
    assert.equal(itemsHash([...list]), itemsHash(items));
    list.close();
    assert.throws(() => [...sub], /after they were closed/);
    const small = new ItemCollector(100);
    for (const it of items.slice(0, 100)) small.add(it);
    assert.ok(Array.isArray(small.finish()), 'up to the threshold they stay an array');
  });

  it('a large JSON-lines dataset loads onto disk: the same items, hash and limit subset as the whole-file read', async () => {
    const dir = tempDir();
    const file = dataset(dir, SPOOL_AFTER * 2 + 17);
    const whole = customTask.load(customTask.options.parse({ path: file }), {
      seed: 0,
      baseDir: dir,
    }) as Item[];
    const [t] = await loadExperimentItems(experiment(file).experiment, dir);
    try {
      assert.ok(!Array.isArray(t.items), 'the run holds no array of the items');
      assert.ok(t.items instanceof SpooledItems);
      assert.equal(t.items.length, whole.length);
      assert.deepEqual([...t.items], whole);
      assert.equal(t.hash, itemsHash(whole));
      assert.equal(t.taskId, whole[0].taskId);
      assert.equal(
        t.promptChars,
        whole.reduce((s, it) => s + it.prompt.length, 0),
      );
    } finally {
      closeItems([t]);
    }
    // A limit keeps the same seeded subset, on disk when large, in memory when small.
    for (const limit of [SPOOL_AFTER + 3, 40]) {
      const exp = experiment(file, { limit }).experiment;
      const [onDisk] = await loadExperimentItems(exp, dir);
      const [inMemory] = await loadExperimentItems(exp, dir, { spoolAfter: Number.POSITIVE_INFINITY });
      try {
        assert.ok(Array.isArray(inMemory.items));
        assert.equal(Array.isArray(onDisk.items), limit === 40);
        assert.equal(onDisk.items.length, limit);
        assert.deepEqual([...onDisk.items], inMemory.items);
        assert.equal(onDisk.hash, inMemory.hash);
        assert.equal(onDisk.hash, itemsHash(inMemory.items as Item[]));
        assert.equal(onDisk.promptChars, inMemory.promptChars);
      } finally {
        closeItems([onDisk, inMemory]);
      }
    }
  });

  it('plan, digest and resume are the same over items on disk as over the same items in memory', async () => {
    const dir = tempDir();
    const file = dataset(dir, 300);
    const rng = new Rng(7);
    for (let round = 0; round < 4; round++) {
      const loaded = loadExperiment({
        overrides: {
          models: rng.sample(['sim:flat', 'sim:inverse'], 1 + rng.int(0, 1)),
          tasks: [
            { id: 'custom', options: { path: file } },
            { id: 'misleading-math', options: { n: 20 + round } },
          ],
          budgets: rng.sample([0, 1024, 2048, 4096], 1 + rng.int(0, 2)),
          trials: 1 + rng.int(0, 1),
          anchoring: round % 2 ? [0, 2] : [0],
          seed: round,
        },
      });
      const exp = loaded.experiment;
      const runId = runIdOf(exp);
      const memory = await loadExperimentItems(exp, dir, { spoolAfter: Number.POSITIVE_INFINITY });
      const disk: TaskItems[] = await loadExperimentItems(exp, dir, { spoolAfter: 0 });
      try {
        assert.ok(disk.every((t) => t.items instanceof SpooledItems));
        assert.deepEqual(
          disk.map(({ items: _i, ...t }) => t),
          memory.map(({ items: _i, ...t }) => t),
        );
        const a = [...planSamples(exp, runId, memory)].map(sampleOf);
        const b = [...planSamples(exp, runId, disk)].map(sampleOf);
        assert.ok(a.length > 300);
        assert.deepEqual(b, a);
        assert.equal(planDigest(runId, disk), planDigest(runId, memory));
        // Resume: the same positions missing, the same samples built at them.
        const done = new Set(a.filter(() => rng.chance(0.7)).map((s) => JSON.parse(s)[1] as string));
        const isDone = (h: string) => done.has(h);
        const want = a.length - done.size;
        const pm = missingPositions(exp, runId, planBlocks(exp, memory), isDone, want);
        const pd = missingPositions(exp, runId, planBlocks(exp, disk), isDone, want);
        assert.deepEqual(pd, pm);
        assert.equal(pm.length, want);
        assert.deepEqual(
          [...samplesAt(exp, runId, planBlocks(exp, disk), pd)].map(sampleOf),
          [...samplesAt(exp, runId, planBlocks(exp, memory), pm)].map(sampleOf),
        );
      } finally {
        closeItems([...memory, ...disk]);
      }
    }
  });

  it('a bad record deep in a large file: the whole-file message, and nothing written', async () => {
    const dir = tempDir();
    const file = dataset(dir, SPOOL_AFTER * 2);
    const lines = readFileSync(file, 'utf8').split('\n');
    // An early bad field and a later bad line: the whole-file read reports the bad JSON first.
    lines[2] = '{"id": "x", "prompt": "", "answer": 1}\r';
    lines[SPOOL_AFTER + 500] = '{"id": oops}\r';
    writeFileSync(file, lines.join('\n'));
    const expected = (() => {
      try {
        customTask.load(customTask.options.parse({ path: file }), { seed: 0, baseDir: dir });
      } catch (err) {
        return (err as Error).message;
      }
      assert.fail('the file should be refused');
    })();
    assert.match(expected, new RegExp(`:${SPOOL_AFTER + 501}: expected one JSON object per line`));
    const db = join(dir, 'bad.db');
    await assert.rejects(runExperiment(experiment(file), { db, progress: false }), (err: Error) => {
      assert.ok(err instanceof UserError);
      assert.equal(err.message, expected);
      return true;
    });
    assert.equal(existsSync(db), false, 'a bad dataset writes nothing');
  });

  it('a run over items on disk: every item stored, the export as the store’s, a resume redoes exactly what was lost', async () => {
    const dir = tempDir();
    const file = dataset(dir, SPOOL_AFTER + 400);
    const db = join(dir, 'run.db');
    const out = join(dir, 'run.jsonl');
    const loaded = experiment(file);
    const first = await runAndReport(loaded, {
      db,
      progress: false,
      report: false,
      exportTo: { file: out, format: 'jsonl' },
    });
    assert.equal(first.run.status, 'complete');
    assert.equal(first.run.total, SPOOL_AFTER + 400);
    const store = openStore(db, { mustExist: true });
    const fromStore = join(dir, 'store.jsonl');
    try {
      assert.equal(store.prepare('SELECT COUNT(*) FROM items').pluck().get(), SPOOL_AFTER + 400);
      await writeExport(store, first.run.runId, 'jsonl', fromStore, false);
      store.exec(
        `DELETE FROM samples WHERE rowid IN (SELECT rowid FROM samples ORDER BY rowid DESC LIMIT 7)`,
      );
      store.exec(
        `DELETE FROM samples WHERE rowid IN (SELECT rowid FROM samples ORDER BY rowid LIMIT 4 OFFSET 2000)`,
      );
    } finally {
      store.close();
    }
    assert.equal(readFileSync(out, 'utf8'), readFileSync(fromStore, 'utf8'));
    const again = await runExperiment(loaded, { db, progress: false });
    assert.equal(again.summary.attempted, 11);
    assert.equal(again.status, 'complete');
  });
});
