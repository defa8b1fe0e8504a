import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { decompress as fzstdDecompress } from 'fzstd';
import { closeStore, openStore } from '../../src/store/open.js';
import { SAMPLE_COLUMNS } from '../../src/store/samples.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { sampleTexts } from '../../src/store/scoring-rows.js';
import { packText, unpackText } from '../../src/store/text-codec.js';
import { SampleWriter } from '../../src/store/writer.js';
import { isZstdFrame, writeCodec, zstd } from '../../src/store/zstd.js';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { sampleRow } from '../helpers/sample-row.js';

const LONG = 'Count the fruit: an apple 🍎, an orange 🍊 — "two", with a \\ and a tab\t. '.repeat(40);
/** Texts of the kinds a trace holds: ASCII prose, CJK, emoji, escapes, and long runs. */
const TEXTS = [
  LONG,
  'Let me think step by step. '.repeat(500),
  Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919) % 20000))).join(''),
  Array.from({ length: 5000 }, (_, i) => `w${(i * 2654435761) % 977} `).join(''),
];

test('new long texts are written as zstd frames here (the native binding or node:zlib), and read back exactly', () => {
  assert.equal(writeCodec(), 'zstd');
  assert.notEqual(zstd().source, 'fzstd', 'a compressor is installed (the optional dependency)');
  for (const t of TEXTS) {
    const packed = packText(t);
    assert.ok(Buffer.isBuffer(packed) && isZstdFrame(packed), 'a zstd frame');
    assert.ok(packed.length < Buffer.byteLength(t));
    assert.equal(unpackText(packed), t);
  }
});

test('the pure-JavaScript reader (fzstd) reads every frame the compressor writes, byte for byte', () => {
  // Where neither node:zlib nor the binding has zstd, a store is still read, by fzstd.
  for (const t of TEXTS) {
    const packed = packText(t) as Buffer;
    assert.equal(Buffer.from(fzstdDecompress(packed)).toString('utf8'), t);
  }
});

test('no raw deflate stream is taken for a zstd frame: deflated texts of every level read as deflate', () => {
  for (const t of TEXTS)
    for (const level of [1, 4, 9]) {
      const deflated = zlib.deflateRawSync(Buffer.from(t), { level });
      assert.equal(isZstdFrame(deflated), false);
      assert.equal(unpackText(deflated), t);
    }
  // The magic cannot begin a raw deflate stream: 0x28 opens a stored block, whose length 0x2fb5
  // would need its complement 0xd04a next, not 0xfd….
  assert.throws(() => zlib.inflateRawSync(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x00])));
});

test('a v10 store (deflated rows) migrates to v11 without a rewrite, and reads beside zstd rows', () => {
  const file = join(tempDir('ovt-zstd-'), 's.db');
  let db = openStore(file);
  const old = sampleRow('old', { text: 'short answer', reasoning_text: LONG, raw: JSON.stringify({ r: 1 }) });
  const values = SAMPLE_COLUMNS.map((c) =>
    c === 'reasoning_text' ? zlib.deflateRawSync(Buffer.from(LONG), { level: 4 }) : old[c],
  );
  db.prepare(
    `INSERT INTO samples (${SAMPLE_COLUMNS.join(', ')}) VALUES (${SAMPLE_COLUMNS.map(() => '?').join(', ')})`,
  ).run(values);
  db.prepare("UPDATE meta SET value = '10' WHERE key = 'schema_version'").run();
  closeStore(db);
  db = openStore(file);
  try {
    assert.equal(SCHEMA_VERSION, 11);
    assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), '11');
    const w = new SampleWriter(db);
    w.add(sampleRow('new', { text: 'short answer', reasoning_text: LONG, raw: JSON.stringify({ r: 1 }) }));
    w.close();
    const blob = (key: string) =>
      db.prepare('SELECT reasoning_text FROM samples WHERE key = ?').pluck().get(key) as Buffer;
    assert.equal(isZstdFrame(blob('old')), false);
    assert.equal(isZstdFrame(blob('new')), true, 'written by the writing thread as zstd');
    const texts = sampleTexts(db);
    assert.equal(texts('old')?.reasoning, LONG);
    assert.equal(texts('new')?.reasoning, LONG);
  } finally {
    closeStore(db);
  }
});

/** Packs LONG in a fresh process with `env` (the codec is chosen once per process). */
function packElsewhere(env: NodeJS.ProcessEnv) {
  const code = `import { packText } from './src/store/text-codec.js';
const p = packText(${JSON.stringify(LONG)});
process.stdout.write(Buffer.isBuffer(p) ? p.toString('base64') : 'plain');`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
}

test('OVERTHINK_STORE_CODEC=deflate writes raw deflate (level 4), which reads back', () => {
  const r = packElsewhere({ OVERTHINK_STORE_CODEC: 'deflate' });
  assert.equal(r.status, 0, r.stderr);
  const packed = Buffer.from(r.stdout, 'base64');
  assert.equal(isZstdFrame(packed), false);
  assert.deepEqual(packed, zlib.deflateRawSync(Buffer.from(LONG), { level: 4 }));
  assert.equal(unpackText(packed), LONG);
});

test('a wrong OVERTHINK_STORE_CODEC is an input error: exit 2, the variable named, no store made', async () => {
  const dir = tempDir('ovt-zstd-cli-');
  const db = join(dir, 'o.db');
  const r = await runCli(
    ['run', '--model', 'sim:flat', '--tasks', 'misleading-math', '--limit', '2', '--db', db, '-q'],
    dir,
    {
      OVERTHINK_STORE_CODEC: 'lz4',
    },
  );
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /OVERTHINK_STORE_CODEC: 'zstd' or 'deflate', got 'lz4'/);
  assert.equal(existsSync(db), false);
});
