/**
 * Writes test/fixtures/goldens/: the outputs of fixed seeded sim runs (test/goldens/pipeline.ts).
 * Run it only when an output is meant to change, and say why in the commit:
 *   node --import tsx scripts/goldens.ts
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { goldenFiles, makeGoldenRuns, normalised } from '../test/goldens/pipeline.js';

const target = resolve(import.meta.dirname, '../test/fixtures/goldens');
const work = mkdtempSync(join(tmpdir(), 'overthink-goldens-'));
await makeGoldenRuns(work);
rmSync(target, { recursive: true, force: true });
for (const f of goldenFiles(work)) {
  mkdirSync(dirname(join(target, f)), { recursive: true });
  writeFileSync(join(target, f), normalised(work, f));
}
cpSync(resolve(import.meta.dirname, '../test/goldens/README.md'), join(target, 'README.md'));
rmSync(work, { recursive: true, force: true });
console.log(`goldens written to ${target}`);
