import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../src/store/open.js';
import { upsertRun } from '../../src/store/runs.js';
import { countDone, countSamples, doneKeys, type SampleRow } from '../../src/store/samples.js';
import { SampleWriter } from '../../src/store/writer.js';
import { sampleRow } from '../helpers/sample-row.js';

const hex = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

const row = (runId: string, key: string, error: string | null): SampleRow =>
  sampleRow(key, { run_id: runId, text: error ? null : 'x', error, error_class: error ? 'server' : null });

test('doneKeys: exactly the successful keys of the run, over many pages, odd keys included', () => {
  const db = openStore(join(mkdtempSync(join(tmpdir(), 'ot-done-')), 's.db'));
  for (const id of ['r-a', 'r-b']) {
    const now = new Date().toISOString();
    upsertRun(db, {
      id,
      name: null,
      created_at: now,
      updated_at: now,
      status: 'running',
      tool_version: 't',
      simulated: 1,
      config_json: '{}',
      manifest_json: '{}',
    });
  }
  const w = new SampleWriter(db);
  const ok = new Set<string>();
  const failed: string[] = [];
  for (let i = 0; i < 2500; i++) {
    const k = hex(`a${i}`);
    if (i % 7 === 0) failed.push(k);
    else ok.add(k);
    w.add(row('r-a', k, i % 7 === 0 ? 'HTTP 500' : null));
    w.add(row('r-b', hex(`b${i}`), null));
  }
  // Keys that are not 32 hex characters are still found (read as strings, not digests).
  for (const odd of ['legacy-key', 'ABCDEF0123456789ABCDEF0123456789', '0'.repeat(32)]) {
    ok.add(odd);
    w.add(row('r-a', odd, null));
  }
  w.flush();

  assert.equal(countDone(db, 'r-a'), ok.size);
  assert.deepEqual(countSamples(db, 'r-a'), { total: ok.size + failed.length, errors: failed.length });
  for (const pageSize of [65_536, 100, 7]) {
    const s = doneKeys(db, 'r-a', pageSize);
    assert.equal(s.size, ok.size, `page size ${pageSize}`);
    for (const k of ok) assert.ok(s.has(k), k);
    for (const k of failed) assert.ok(!s.has(k), `failed ${k} is not done`);
    assert.ok(!s.has(hex('b1')), 'another run');
  }

  // An error later redone as a success joins the set; INSERT OR REPLACE keeps one row.
  w.add(row('r-a', failed[0], null));
  w.flush();
  assert.ok(doneKeys(db, 'r-a').has(failed[0]));
  assert.equal(countDone(db, 'r-a'), ok.size + 1);
  db.close();
});
