import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/open.js';
import type { SampleRow } from '../../src/store/samples.js';
import { MIGRATIONS } from '../../src/store/schema.js';
import { SampleWriter } from '../../src/store/writer.js';
import { tempDir } from '../helpers/cli.js';
import { sampleRow } from '../helpers/sample-row.js';

const row = (i: number, over: Partial<SampleRow> = {}): SampleRow =>
  sampleRow(`k${String(i).padStart(5, '0')}`, {
    seed: i,
    sent_params: '{"a":1}',
    text: `<answer>${i}</answer>`,
    reasoning_text: 'r'.repeat(i % 5000),
    raw: '{}',
    ...over,
  });

const all = (db: Database.Database) => db.prepare('SELECT * FROM samples ORDER BY key').all();

test('the writing thread commits what the in-process writer commits, and flush waits for it', () => {
  const dir = tempDir();
  const file = openStore(join(dir, 'w.db'));
  // A store in memory (openStore takes paths): its writer inserts inline, as a thread could not see it.
  const memory = new Database(':memory:');
  for (const step of MIGRATIONS) typeof step === 'string' ? memory.exec(step) : step(memory);
  assert.equal(memory.memory, true);
  try {
    const threaded = new SampleWriter(file, { maxRows: 100, maxDelayMs: 10_000 });
    const inline = new SampleWriter(memory, { maxRows: 100, maxDelayMs: 10_000 });
    // 2,350 rows: 23 full batches, then a partial one only flush sends; a redo of 50 keys replaces them.
    for (let i = 0; i < 2300; i++) for (const w of [threaded, inline]) w.add(row(i));
    for (let i = 0; i < 50; i++) for (const w of [threaded, inline]) w.add(row(i, { attempts: 2 }));
    threaded.flush();
    inline.flush();
    // A second connection sees every row as soon as flush returns.
    const reader = new Database(join(dir, 'w.db'), { readonly: true });
    assert.equal((reader.prepare('SELECT COUNT(*) c FROM samples').get() as { c: number }).c, 2300);
    assert.deepEqual(all(reader), all(memory));
    assert.equal((reader.prepare('SELECT SUM(attempts) s FROM samples').get() as { s: number }).s, 2350);
    reader.close();
    assert.equal(threaded.written, 2350);
    threaded.close();
    inline.close();
  } finally {
    file.close();
    memory.close();
  }
});

test('a failed insert on the thread is an error on the next flush; earlier batches stay stored', () => {
  const db = openStore(join(tempDir(), 'f.db'));
  try {
    const w = new SampleWriter(db, { maxRows: 10, maxDelayMs: 10_000 });
    for (let i = 0; i < 30; i++) w.add(row(i));
    w.flush();
    // model is NOT NULL: the whole batch holding this row is rolled back.
    for (let i = 30; i < 40; i++) w.add(row(i, i === 35 ? { model: null as unknown as string } : {}));
    assert.throws(
      () => w.flush(),
      /writing samples to the store failed: NOT NULL constraint failed: samples\.model/,
    );
    // And on the next batch sent.
    assert.throws(() => {
      for (let i = 100; i < 110; i++) w.add(row(i));
    }, /writing samples to the store failed/);
    assert.equal((db.prepare('SELECT COUNT(*) c FROM samples').get() as { c: number }).c, 30);
  } finally {
    db.close();
  }
});

test("the thread's failure met by the timer's send is kept for the next flush, not thrown from the timer", async () => {
  const db = openStore(join(tempDir(), 't.db'));
  try {
    const w = new SampleWriter(db, { maxRows: 10, maxDelayMs: 20 });
    for (let i = 0; i < 10; i++) w.add(row(i, i === 5 ? { model: null as unknown as string } : {}));
    assert.throws(() => w.flush(), /NOT NULL constraint failed/);
    // The next row waits for the timer; its send meets the failure (the process must survive it).
    w.add(row(50));
    await new Promise((r) => setTimeout(r, 100));
    assert.throws(
      () => w.flush(),
      (err: Error & { code?: string }) =>
        /writing samples to the store failed/.test(err.message) && err.code === 'SQLITE_CONSTRAINT_NOTNULL',
    );
  } finally {
    db.close();
  }
});

test('once eager, each row is posted as it is added, with no flush and no timer', async () => {
  const dir = tempDir();
  const db = openStore(join(dir, 'e.db'));
  const reader = new Database(join(dir, 'e.db'), { readonly: true });
  const count = () => (reader.prepare('SELECT COUNT(*) c FROM samples').get() as { c: number }).c;
  const w = new SampleWriter(db, { maxRows: 100, maxDelayMs: 60_000 });
  try {
    const committed = async (n: number) => {
      for (let i = 0; i < 200 && count() < n; i++) await new Promise((r) => setTimeout(r, 10));
      return count();
    };
    for (let i = 0; i < 3; i++) w.add(row(i));
    assert.equal(await committed(3), 0, 'a batch below maxRows waits for its timer');
    w.eager();
    assert.equal(await committed(3), 3, 'eager posts what is buffered');
    w.add(row(3));
    assert.equal(await committed(4), 4, 'and each row after it');
  } finally {
    w.close();
    reader.close();
    db.close();
  }
});

test("a run's items go ahead of its samples; an item already stored keeps its stored target", () => {
  const dir = tempDir();
  const db = openStore(join(dir, 'i.db'));
  const item = (id: string, value: string) => ({
    taskId: 't',
    itemId: id,
    prompt: `q ${id}`,
    target: { kind: 'exact' as const, value },
    strata: { n: 1 },
  });
  try {
    const w = new SampleWriter(db, { maxRows: 1000, maxDelayMs: 60_000 });
    w.addItems('r', [item('a', '1'), item('b', '2')]);
    w.flush();
    w.addItems('r', [item('a', 'changed'), item('c', '3')]);
    w.add(row(1));
    w.close();
    const items = db
      .prepare('SELECT item_id, target_json, strata_json FROM items ORDER BY item_id')
      .raw()
      .all();
    assert.deepEqual(items, [
      ['a', '{"kind":"exact","value":"1"}', '{"n":1}'],
      ['b', '{"kind":"exact","value":"2"}', '{"n":1}'],
      ['c', '{"kind":"exact","value":"3"}', '{"n":1}'],
    ]);
    assert.equal(db.prepare('SELECT COUNT(*) FROM samples').pluck().get(), 1);
  } finally {
    db.close();
  }
});

test('onAdd sees each row once the items before it are committed, in order, without waiting at add', async () => {
  const db = openStore(join(tempDir(), 'h.db'));
  const item = (id: string) => ({
    taskId: 't',
    itemId: id,
    prompt: `q ${id}`,
    target: { kind: 'exact' as const, value: id },
    strata: {},
  });
  try {
    // What onAdd found in the store for each row's item, read on this thread's own connection.
    const seen: [string, number][] = [];
    const find = db.prepare('SELECT COUNT(*) FROM items WHERE item_id = ?').pluck();
    const w = new SampleWriter(db, {
      maxRows: 1000,
      maxDelayMs: 60_000,
      onAdd: (r) => seen.push([r.key, find.get(r.item_id) as number]),
    });
    // 20,000 items: inserted on the thread well after the rows below are added.
    w.addItems(
      'r',
      Array.from({ length: 20_000 }, (_, i) => item(`i${i}`)),
    );
    const keys = Array.from({ length: 20 }, (_, i) => row(i, { item_id: `i${i}` }).key);
    for (let i = 0; i < 20; i++) w.add(row(i, { item_id: `i${i}` }));
    // Rows are held, not waited for: the items are not even posted yet (that waits for the next turn).
    assert.equal(seen.length, 0);
    // Each later add hands on what is held once the items are in.
    for (let n = 0; seen.length < 20; n++) {
      await new Promise((r) => setTimeout(r, 5));
      w.add(row(1000 + n, { item_id: 'i0' }));
    }
    w.flush();
    assert.deepEqual(
      seen.slice(0, 20).map(([k]) => k),
      keys,
    );
    assert.ok(
      seen.every(([, found]) => found === 1),
      'every row saw its item in the store',
    );
    w.close();
  } finally {
    db.close();
  }
});

test('held rows past the bound wait for the items; flush hands on whatever is held', () => {
  const db = openStore(join(tempDir(), 'b.db'));
  try {
    const seen: string[] = [];
    const w = new SampleWriter(db, { maxRows: 1000, maxDelayMs: 60_000, onAdd: (r) => seen.push(r.key) });
    w.addItems('r', [
      { taskId: 't', itemId: 'a', prompt: 'q', target: { kind: 'exact' as const, value: '1' }, strata: {} },
    ]);
    // Three rows of ~3M characters each: the third passes the 8M-character bound and waits.
    for (let i = 0; i < 3; i++) w.add(row(i, { item_id: 'a', reasoning_text: 'r'.repeat(3_000_000) }));
    assert.equal(seen.length, 3);
    w.add(row(3, { item_id: 'a' }));
    w.flush();
    assert.deepEqual(
      seen,
      [0, 1, 2, 3].map((i) => row(i).key),
    );
    w.close();
  } finally {
    db.close();
  }
});
