import assert from 'node:assert/strict';
import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkOutputFile, writeFileAtomic, writeStreamAtomic } from '../../src/util/atomic-write.js';
import { UserError } from '../../src/util/errors.js';
import { tempDir } from '../helpers/cli.js';

/** Every output is written whole or not at all (issue 19, item 4): a failure keeps the earlier file. */

test('writeFileAtomic replaces a file whole, keeps its permissions and leaves no temporary file', () => {
  const dir = tempDir();
  const f = join(dir, 'out.json');
  writeFileSync(f, 'old');
  chmodSync(f, 0o640);
  writeFileAtomic(f, ['{"a":', Buffer.from('1}')]);
  assert.equal(readFileSync(f, 'utf8'), '{"a":1}');
  assert.equal(statSync(f).mode & 0o777, 0o640);
  assert.deepEqual(readdirSync(dir), ['out.json']);
});

test('a failure half-way through writing leaves the earlier file and nothing else', () => {
  const dir = tempDir();
  const f = join(dir, 'out.csv');
  writeFileSync(f, 'earlier\n');
  const pieces = function* () {
    yield 'a,b\n';
    throw new Error('the data ran out');
  };
  assert.throws(() => writeFileAtomic(f, pieces()), /the data ran out/);
  assert.equal(readFileSync(f, 'utf8'), 'earlier\n');
  assert.deepEqual(readdirSync(dir), ['out.csv']);
});

test('writeStreamAtomic: a fill that fails keeps the earlier file; one that succeeds replaces it', async () => {
  const dir = tempDir();
  const f = join(dir, 'x.jsonl');
  writeFileSync(f, 'earlier\n');
  await assert.rejects(
    writeStreamAtomic(f, async (out) => {
      out.write('{"half": ');
      throw new UserError('no such run');
    }),
    /no such run/,
  );
  assert.equal(readFileSync(f, 'utf8'), 'earlier\n');
  assert.deepEqual(readdirSync(dir), ['x.jsonl']);
  await writeStreamAtomic(f, async (out) => {
    for (let i = 0; i < 1000; i++) out.write(`{"i": ${i}}\n`);
  });
  assert.equal(readFileSync(f, 'utf8').split('\n').length, 1001);
  assert.deepEqual(readdirSync(dir), ['x.jsonl']);
});

test('a symlink is written through (it stays a link); a folder, a missing folder are clear errors', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'real.md'), 'old');
  symlinkSync(join(dir, 'real.md'), join(dir, 'link.md'));
  writeFileAtomic(join(dir, 'link.md'), 'new');
  assert.equal(readFileSync(join(dir, 'real.md'), 'utf8'), 'new');
  assert.ok(statSync(join(dir, 'link.md')).isFile());
  assert.throws(
    () => writeFileAtomic(dir, 'x', 'the report'),
    /: cannot write the report \(it is a folder\)/,
  );
  assert.throws(
    () => writeFileAtomic(join(dir, 'nope', 'a.txt'), 'x', 'the export'),
    /nope\/a\.txt: cannot write the export \(no such file or folder\)/,
  );
  assert.throws(
    () => checkOutputFile(join(dir, 'nope', 'a.txt'), '--out'),
    /the folder .*nope does not exist/,
  );
  assert.throws(() => checkOutputFile(dir, '--junit'), /--junit .*: expected a file, found a folder/);
});
