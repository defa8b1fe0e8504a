import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DB } from '../../src/store/db.js';
import { openStore } from '../../src/store/open.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/schema.js';
import { unpackText } from '../../src/store/text-codec.js';
import { SampleWriter } from '../../src/store/writer.js';
import { tempDir } from '../helpers/cli.js';
import { sampleRow } from '../helpers/sample-row.js';

const columns = (db: DB) => (db.pragma('table_info(samples)') as { name: string }[]).map((c) => c.name);

test('a new store keeps the long texts last in a sample row', () => {
  const db = openStore(join(tempDir(), 'n.db'));
  try {
    assert.deepEqual(columns(db).slice(-3), ['text', 'reasoning_text', 'raw']);
    assert.equal(columns(db).length, 27);
  } finally {
    db.close();
  }
});

test('a store from before v6 that holds samples keeps its column order and still works', () => {
  const file = join(tempDir(), 'old.db');
  let db = openStore(file);
  // The samples table as v1 made it, holding one sample, and the store marked v5.
  const v1 = /CREATE TABLE samples \([\s\S]*?\n {2}\);/.exec(MIGRATIONS[0] as string)?.[0];
  assert.ok(v1);
  db.exec(`DROP TABLE samples; ${v1}`);
  db.exec('CREATE INDEX samples_by_run ON samples (run_id, model, task_id, budget)');
  db.exec('CREATE INDEX samples_done ON samples (run_id, key) WHERE error IS NULL');
  // run_locks as v2 made it (v7 adds a column).
  db.exec(`DROP TABLE run_locks; ${MIGRATIONS[1]}`);
  const before = columns(db);
  assert.equal(before.at(-1), 'finished_at');
  const w = new SampleWriter(db);
  const row = sampleRow('k1', { text: 'hello', reasoning_text: 'x'.repeat(9000), raw: '{}' });

  w.add(row);
  w.close();
  db.prepare("UPDATE meta SET value = '5' WHERE key = 'schema_version'").run();
  db.close();
  db = openStore(file);
  try {
    assert.equal(
      db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(),
      String(SCHEMA_VERSION),
    );
    assert.deepEqual(columns(db), before);
    const stored = db.prepare('SELECT * FROM samples').get() as Record<string, unknown>;
    // The long reasoning is stored packed (v10, text-codec.js) and reads back as written.
    assert.ok(Buffer.isBuffer(stored.reasoning_text));
    assert.deepEqual({ ...stored, reasoning_text: unpackText(stored.reasoning_text) }, row);
  } finally {
    db.close();
  }
});
