import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it, type TestContext } from 'node:test';
import { runCli, tempDir } from '../helpers/cli.js';

/**
 * `export --parquet` writes the records `export --json` writes, typed, for pandas and polars. Read
 * back here with hyparquet (installed with hyparquet-writer). Without the package the tests are
 * skipped on a developer's machine and fail in CI, which installs every dependency.
 */
async function parquetReader(t: TestContext) {
  try {
    await import('hyparquet-writer' as string);
    return (await import('hyparquet' as string)) as {
      parquetReadObjects(o: { file: ArrayBuffer }): Promise<Record<string, unknown>[]>;
      parquetMetadata(b: ArrayBuffer): { schema: { name: string; type?: string }[] };
    };
  } catch {
    if (process.env.CI) assert.fail('hyparquet-writer is not installed: npm install hyparquet-writer@0.17.0');
    t.skip('hyparquet-writer is not installed (npm install hyparquet-writer@0.17.0)');
    return undefined;
  }
}

const SWEEP = [
  '--model',
  'sim:inverse',
  '--tasks',
  'misleading-math',
  '--limit',
  '10',
  '--budgets',
  '0,1024',
  '--trials',
  '2',
];

describe('export --parquet', () => {
  const dir = tempDir('overthink-parquet-');
  before(async () => {
    const r = await runCli(['run', ...SWEEP, '--no-report', '-q'], dir);
    assert.equal(r.code, 0, r.stderr);
  });

  it('holds the same records as export --json, with typed columns', async (t) => {
    const pq = await parquetReader(t);
    if (!pq) return;
    const r = await runCli(['export', '--parquet', '--out', 'all.parquet'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /wrote all\.parquet/);
    const json = JSON.parse((await runCli(['export', '--json'], dir)).stdout) as Record<string, unknown>[];
    const bytes = readFileSync(join(dir, 'all.parquet'));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const rows = await pq.parquetReadObjects({ file });
    assert.equal(rows.length, 10 * 2 * 2);
    assert.equal(rows.length, json.length);
    const types = Object.fromEntries(pq.parquetMetadata(file).schema.map((s) => [s.name, s.type]));
    assert.equal(types.budget, 'INT32');
    assert.equal(types.pass, 'BOOLEAN');
    assert.equal(types.cost_usd, 'DOUBLE');
    assert.equal(types.stratum, 'BYTE_ARRAY');
    for (let i = 0; i < rows.length; i++) {
      // sent_params is JSON text in Parquet (one string column), an object in the JSON export.
      const { sent_params: sp, ...rest } = json[i];
      const { sent_params: text, ...row } = rows[i];
      assert.deepEqual(
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
        rest,
        `record ${i}`,
      );
      assert.deepEqual(text === null ? null : JSON.parse(text as string), sp);
    }
  });

  it('takes the filters, and run --export writes it too', async (t) => {
    const pq = await parquetReader(t);
    if (!pq) return;
    const r = await runCli(
      ['export', '--parquet', '--out', 'right.parquet', '--outcome', 'correct', '--budget', '0'],
      dir,
    );
    assert.equal(r.code, 0, r.stderr);
    const bytes = readFileSync(join(dir, 'right.parquet'));
    const rows = await pq.parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    });
    assert.ok(
      rows.length > 0 && rows.every((x) => x.pass === true && x.budget === 0),
      JSON.stringify(rows[0]),
    );
    const again = await runCli(['run', ...SWEEP, '--no-report', '-q', '--export', 'run.parquet'], dir);
    assert.equal(again.code, 0, again.stderr);
    assert.ok(existsSync(join(dir, 'run.parquet')));
    assert.deepEqual(readFileSync(join(dir, 'run.parquet')), readFileSync(join(dir, 'all.parquet')));
  });

  it('refuses to write Parquet to the terminal', async () => {
    const r = await runCli(['export', '--parquet'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--parquet writes a binary file: give it --out <file\.parquet>/);
  });
});
