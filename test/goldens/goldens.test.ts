import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../helpers/cli.js';
import { goldenFiles, makeGoldenRuns, normalised, RUN_REPORTS } from './pipeline.js';

const GOLDENS = resolve(import.meta.dirname, '../fixtures/goldens');

describe('goldens of fixed runs (test/fixtures/goldens)', () => {
  const dir = tempDir('overthink-goldens-');
  let made: string[] = [];
  before(async () => {
    await makeGoldenRuns(dir);
    made = goldenFiles(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes exactly the files the goldens hold', () => {
    const kept = goldenFiles(GOLDENS).filter((f) => f !== 'README.md');
    assert.deepEqual(made, kept);
  });

  it('writes every file byte for byte as the goldens hold it', () => {
    const differing = made.filter((f) => !normalised(dir, f).equals(readFileSync(join(GOLDENS, f))));
    assert.deepEqual(differing, []);
  });

  it('writes the same report from `run` as from `report` on the stored run', () => {
    for (const [byRun, byReport] of RUN_REPORTS) {
      const files = goldenFiles(join(dir, byRun));
      assert.ok(files.includes('report.html'));
      assert.deepEqual(files, goldenFiles(join(dir, byReport)));
      for (const f of files)
        assert.ok(
          readFileSync(join(dir, byRun, f)).equals(readFileSync(join(dir, byReport, f))),
          `${byRun}/${f}`,
        );
    }
  });
});
