import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { APPLICATION_ID, identifyStore } from '../../src/store/identify.js';
import { openStore } from '../../src/store/open.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/schema.js';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * A store is known before anything is written to it (issue 19, item 3): reading commands open it
 * read-only and leave every byte and mtime as it was; a store made by an earlier overthink (no
 * application id, schema v6, WAL at rest) is still read and still resumed; an empty file may become
 * a store; a database of another shape is refused.
 */

const sweep = (db: string) => [
  'run',
  '--model',
  'sim:flat',
  '--dataset',
  'data.jsonl',
  '--budgets',
  '0,1024',
  '--trials',
  '1',
  '--no-report',
  '-q',
  '--db',
  db,
];

function dataset(dir: string, n: number): void {
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({ id: `q${i}`, prompt: `${i}+1?`, answer: i + 1 }),
  );
  writeFileSync(join(dir, 'data.jsonl'), `${lines.join('\n')}\n`);
}

/** Name, size, sha256 and mtime of every file in `dir`. */
function snapshot(dir: string): string[] {
  return readdirSync(dir)
    .map((f) => {
      const p = join(dir, f);
      return `${f}:${statSync(p).size}:${createHash('sha256').update(readFileSync(p)).digest('hex')}:${statSync(p).mtimeMs}`;
    })
    .sort();
}

test('report, export, gate, runs, recommend and batches list never write to the store they read', async () => {
  const dir = tempDir('overthink-ro-cmds-');
  const out = tempDir('overthink-ro-out-');
  dataset(dir, 8);
  assert.equal((await runCli(sweep('s.db'), dir)).code, 0);
  const before = snapshot(dir);
  assert.deepEqual(
    before.map((l) => l.split(':')[0]),
    ['data.jsonl', 's.db'],
    'a store at rest is one file: no -wal or -shm beside it',
  );
  for (const args of [
    ['report', '--out', join(out, 'rep'), '--no-png'],
    ['export', '--out', join(out, 'x.jsonl')],
    ['gate', '--junit', join(out, 'g.xml'), '--markdown', join(out, 'g.md')],
    ['runs'],
    ['recommend', '--out', join(out, 'p.json')],
    ['batches', 'list'],
  ]) {
    const r = await runCli([...args, '--db', 's.db'], dir);
    assert.ok(r.code === 0 || (args[0] === 'gate' && r.code === 1), `${args[0]}: ${r.code} ${r.stderr}`);
    assert.deepEqual(snapshot(dir), before, `${args[0]} left the store's folder as it was`);
  }
});

/** A store as an earlier overthink left it: no application id, schema v6, WAL at rest. */
function asEarlierVersion(file: string): void {
  const d = new Database(file);
  d.exec(`DROP TABLE run_locks; ${MIGRATIONS[1]}`);
  d.prepare("UPDATE meta SET value = '6' WHERE key = 'schema_version'").run();
  d.pragma('application_id = 0');
  d.pragma('journal_mode = WAL');
  d.close();
}

test('a store made by an earlier overthink is read without being changed, and a rerun resumes it', async () => {
  const dir = tempDir('overthink-old-store-');
  dataset(dir, 6);
  assert.equal((await runCli(sweep('s.db'), dir)).code, 0);
  asEarlierVersion(join(dir, 's.db'));
  const bytes = createHash('sha256')
    .update(readFileSync(join(dir, 's.db')))
    .digest('hex');

  const exp = await runCli(['export', '--db', 's.db'], dir);
  assert.equal(exp.code, 0, exp.stderr);
  assert.equal(exp.stdout.trim().split('\n').length, 12);
  assert.equal(
    createHash('sha256')
      .update(readFileSync(join(dir, 's.db')))
      .digest('hex'),
    bytes,
    'the store itself is unchanged by a read (no migration)',
  );

  const again = await runCli(sweep('s.db'), dir);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /12 already stored/);
  const d = new Database(join(dir, 's.db'), { readonly: true });
  try {
    assert.equal(d.pragma('application_id', { simple: true }), APPLICATION_ID, 'now marked as ours');
    assert.equal(
      d.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(),
      String(SCHEMA_VERSION),
    );
    assert.equal(d.prepare('SELECT COUNT(*) FROM samples').pluck().get(), 12);
  } finally {
    d.close();
  }
});

test('an empty file becomes a store; a table called meta of another shape is not ours', () => {
  const dir = tempDir('overthink-identify-');
  writeFileSync(join(dir, 'empty.db'), '');
  const db = openStore(join(dir, 'empty.db'));
  try {
    assert.deepEqual(identifyStore(db), { kind: 'overthink', version: SCHEMA_VERSION });
  } finally {
    db.close();
  }
  const other = new Database(join(dir, 'other.db'));
  other.exec(
    'CREATE TABLE meta (k, v); CREATE TABLE runs (x); CREATE TABLE items (x); CREATE TABLE samples (x)',
  );
  assert.equal(identifyStore(other).kind, 'foreign');
  other.pragma('user_version = 3');
  other.exec('DROP TABLE meta; DROP TABLE runs; DROP TABLE items; DROP TABLE samples');
  assert.equal(identifyStore(other).kind, 'foreign', 'no tables but a user_version: somebody else’s');
  other.close();
  assert.throws(
    () => openStore(join(dir, 'other.db')),
    /other\.db: not an overthink store: a SQLite database of another tool/,
  );
});
