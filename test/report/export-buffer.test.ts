import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { type ExportFormat, exportRun } from '../../src/report/export.js';
import { compareText, ExportBuffer } from '../../src/report/export-buffer.js';
import type { DB } from '../../src/store/db.js';
import { loadItems } from '../../src/store/items.js';
import { openStore } from '../../src/store/open.js';
import { upsertRun } from '../../src/store/runs.js';
import type { SampleRow } from '../../src/store/samples.js';
import { SampleWriter } from '../../src/store/writer.js';
import type { Item, Target } from '../../src/tasks/types.js';
import { tempDir } from '../helpers/cli.js';
import { sampleRow } from '../helpers/sample-row.js';

// Item ids whose order differs between UTF-16 units and UTF-8 bytes (astral vs U+E000–U+FFFF), plus
// case and digits: the buffer must sort them as SQLite does.
const IDS = ['b', 'B', 'a10', 'a9', 'é', '\uE000x', '😀', '\uFFFD', 'z'];
const TARGETS: Target[] = [
  { kind: 'exact', value: '2' },
  { kind: 'number', value: 7, tolerance: 0.5 },
];

function store(): DB {
  const db = openStore(join(tempDir(), 'x.db'));
  upsertRun(db, {
    id: 'r',
    name: null,
    created_at: '2026-01-01',
    updated_at: '2026-01-01',
    status: 'complete',
    tool_version: 'test',
    simulated: 1,
    config_json: '{"extractor":"paper"}',
    manifest_json: '{"tasks":[{"id":"t","metric":"error"}]}',
  });
  const items: Item[] = IDS.map((id, i) => ({
    taskId: 't',
    itemId: id,
    prompt: 'q',
    target: TARGETS[i % 2],
    strata: i % 3 ? { num_distractors: i % 3 } : ({} as Item['strata']),
  }));
  const writer = new SampleWriter(db);
  writer.addItems('r', items);
  writer.close();
  return db;
}

/** The run's items by task and item id, read back as a run with stored items reads them. */
function itemsOf(db: DB): Map<string, Item> {
  return new Map([...loadItems(db, 'r').values()].map((it) => [it.itemId, it]));
}

/** Metrics as the run's plan gives them to the buffer. */
const METRICS = [{ taskId: 't', metric: 'error' }];

/** Samples that tie on everything but variant, at budgets natural/0/1024, with errors and odd answers. */
function rows(): SampleRow[] {
  const out: SampleRow[] = [];
  let n = 0;
  for (const id of IDS)
    for (const budget of [1024, -1, 0])
      for (const trial of [1, 0])
        for (const variant of ['paper', 'cautioned']) {
          n++;
          out.push(
            sampleRow(`k${String((n * 7919) % 1000).padStart(3, '0')}-${n}`, {
              item_id: id,
              budget,
              trial,
              variant,
              regime: budget === -1 ? 'natural' : 'controlled',
              text: n % 5 === 0 ? '<answer>7.2</answer>' : `<answer>${n % 3}</answer>`,
              sent_params: `{"seed":${n},"note":"a,\\"b\\""}`,
              reasoning_tokens: n * 3,
              latency_ms: n,
              cost_usd: n % 4 ? n / 1e4 : null,
              stop_reason: n % 11 ? 'end' : 'max_tokens',
              ...(n % 13 === 0 ? { text: null, error: 'HTTP 500, "boom"', error_class: 'server' } : {}),
            }),
          );
        }
  return out;
}

async function fromStore(db: DB, format: ExportFormat): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportRun(db, 'r', format, out, { withText: false });
  return Buffer.concat(chunks).toString('utf8');
}

for (const format of ['jsonl', 'csv', 'json'] as const) {
  test(`ExportBuffer (${format}): the rows a run stores make the export read back from the store, byte for byte`, async () => {
    const db = store();
    try {
      const buffer = new ExportBuffer(format);
      buffer.useMetrics(METRICS);
      const items = itemsOf(db);
      // Wired as a run wires it: the writer shows the buffer each row it adds.
      const writer = new SampleWriter(db, {
        maxRows: 16,
        onAdd: (row) => buffer.add(row, items.get(row.item_id)!),
      });
      const all = rows();
      for (const r of all) writer.add(r);
      // A redo of one sample replaces its row; the buffer keeps the last record too.
      writer.add({ ...all[3], text: '<answer>2</answer>', attempts: 3 });
      writer.close();
      const expected = await fromStore(db, format);
      // A count that is not the store's (a resumed run's earlier samples) means: read the store.
      assert.equal(buffer.complete(all.length + 1), false);
      assert.equal(buffer.complete(all.length), true);
      assert.equal([...buffer.chunks()].join(''), expected);
      assert.ok(expected.includes('"attempts":3') || expected.includes(',3,'));
      // Each record carries its item's stratum, target and the task's metric.
      assert.ok(
        expected.includes('num_distractors=1') && expected.includes('7 (±0.5)'),
        expected.slice(0, 400),
      );
      assert.ok(expected.includes('error') && !expected.includes('accuracy'));
    } finally {
      db.close();
    }
  });
}

test('ExportBuffer stops holding records past its cap, and then has no text', () => {
  const buffer = new ExportBuffer('jsonl', 'paper', 2_000);
  const item = { target: { kind: 'exact', value: '2' } as Target, strata: {} };
  for (let i = 0; i < 3; i++) buffer.add(sampleRow(`k${i}`), item);
  assert.equal(buffer.complete(3), true);
  for (let i = 3; i < 10; i++) buffer.add(sampleRow(`k${i}`), item);
  assert.equal(buffer.complete(10), false);
  assert.equal(buffer.complete(0), false);
});

test('compareText orders text as SQLite does (UTF-8 bytes), not as UTF-16 units', () => {
  const words = [...IDS, '', 'a', 'ab', '\u{10000}', '\uD7FF', '\uFF5E', 'Z', '~', '\u00FF', '\u0100'];
  const sqlite = new Database(':memory:');
  sqlite.exec('CREATE TABLE w (s TEXT)');
  const ins = sqlite.prepare('INSERT INTO w VALUES (?)');
  for (const w of words) ins.run(w);
  const expected = sqlite.prepare('SELECT s FROM w ORDER BY s').pluck().all();
  assert.deepEqual([...words].sort(compareText), expected);
  // Plain `sort` disagrees on exactly the astral character: the case the comparator exists for.
  assert.notDeepEqual([...words].sort(), expected);
});

test('a large export comes in chunks of about a megabyte that join to the store export', async () => {
  const db = store();
  try {
    const buffer = new ExportBuffer('jsonl');
    buffer.useMetrics(METRICS);
    const items = itemsOf(db);
    const writer = new SampleWriter(db, {
      onAdd: (row) => buffer.add(row, items.get(row.item_id)!),
    });
    for (let i = 0; i < 2500; i++)
      writer.add(
        sampleRow(`k${String(i).padStart(5, '0')}`, {
          item_id: IDS[i % IDS.length],
          trial: i,
          text: `<answer>${i % 3}</answer>`,
          budget_note: 'a long note '.repeat(30),
        }),
      );
    writer.close();
    assert.equal(buffer.complete(2500), true);
    const chunks = [...buffer.chunks()];
    assert.ok(chunks.length >= 2, `${chunks.length} chunk(s)`);
    assert.ok(chunks.slice(0, -1).every((c) => c.length >= 2 ** 20 && c.endsWith('\n')));
    assert.equal(chunks.join(''), await fromStore(db, 'jsonl'));
  } finally {
    db.close();
  }
});
